package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/storetest"
)

// TestLectureForm: a unit's organiser records a lecture for one of its
// branches through the form (党课 is the only kind a unit may hold; the
// lecture's fields are there, every branch ticked by default); the page
// shows the lecturer, the kind in Chinese and the audience; refusals come
// back beside their fields in Chinese.
func TestLectureForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	path := fmt.Sprintf("/orgs/%d/meetings", f.unit.ID)
	form := wantStatusOf(t, f.admin.get(path+"/new"), http.StatusOK)
	var kinds []string
	form.doc.Find(`select[name=kind] option`).Each(func(_ int, s *goquery.Selection) { kinds = append(kinds, s.AttrOr("value", "")) })
	if fmt.Sprint(kinds) != "[ lecture]" || form.doc.Find(`select[name=kind] option[value=lecture][selected]`).Length() != 1 {
		t.Errorf("a unit's kinds: %v, want only 党课, chosen", kinds)
	}
	if n := form.doc.Find(`#lecture-fields input[name=audience_org_ids][checked]`).Length(); n != 2 {
		t.Errorf("audience boxes ticked: %d, want both branches", n)
	}
	var lk []string
	form.doc.Find(`select[name=lecturer_kind] option`).Each(func(_ int, s *goquery.Selection) { lk = append(lk, s.Text()) })
	if got := strings.Join(lk, " "); got != "请选择 领导讲 书记讲 专家讲 先进模范讲 党员讲 案例讲/现场教学" {
		t.Errorf("lecturer kinds offered: %q", got)
	}
	// Refusals in Chinese beside their fields, the input kept.
	r := f.admin.post(path, url.Values{"kind": {"lecture"}, "held_at": {"2026-06-10"}, "title": {"七一党课"},
		"audience_org_ids": {fmt.Sprint(f.branch2.ID)}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := strings.TrimSpace(r.doc.Find(`select[name=lecturer_kind]`).NextFiltered("small.error").Text()); !strings.HasPrefix(got, "请选择党课类别") {
		t.Errorf("lecturer kind message %q", got)
	}
	if got := strings.TrimSpace(r.doc.Find(`select[name=lecturer_member_id]`).NextFiltered("small.error").Text()); got != "请选择主讲的党员，或填写外请主讲人的姓名和职务" {
		t.Errorf("lecturer message %q", got)
	}
	if r.doc.Find(`input[name=audience_org_ids][checked]`).Length() != 1 {
		t.Errorf("the audience typed was not kept")
	}
	r = f.admin.post(path, url.Values{"kind": {"lecture"}, "held_at": {"2026-06-10"}, "title": {"七一党课"}, "lecturer_kind": {"expert"},
		"lecturer_name": {"刘教授"}, "lecturer_title": {"中央党校教授"}, "material": {"一、党章的由来\n二、党员的义务"},
		"audience_org_ids": {fmt.Sprint(f.branch2.ID)}})
	wantStatus(t, r, http.StatusSeeOther)
	loc := r.header.Get("Location")
	page := wantStatusOf(t, f.admin.get(loc), http.StatusOK)
	facts := map[string]string{}
	page.doc.Find(`#meeting-facts dt`).Each(func(_ int, s *goquery.Selection) { facts[s.Text()] = strings.TrimSpace(s.Next().Text()) })
	if facts["党课类别"] != "专家讲" || facts["主讲人"] != "刘教授（中央党校教授）" || facts["听课党支部"] != "系统党支部" || facts["召开组织"] != "植物所党委" {
		t.Errorf("facts %v", facts)
	}
	if got := page.doc.Find(`#lecture-material p`).Length(); got != 2 {
		t.Errorf("material lines %d, want 2", got)
	}
	// The expected attendees are branch 2's members only.
	var names []string
	page.doc.Find(`table.register tbody tr[data-member]`).Each(func(_ int, s *goquery.Selection) {
		names = append(names, s.Find("td").First().Contents().First().Text())
	})
	if got := strings.Join(names, " "); got != "赵四 钱五" {
		t.Errorf("register lines %q, want branch 2's members", got)
	}
	// A theme day posted with the (hidden) lecture fields ignores them.
	r = f.secretary.post(fmt.Sprintf("/orgs/%d/meetings", f.branch1.ID), url.Values{"kind": {"theme_day"}, "held_at": {"2026-06-10"},
		"audience_org_ids": {fmt.Sprint(f.branch1.ID)}, "lecturer_kind": {""}})
	wantStatus(t, r, http.StatusSeeOther)
	// The edit form keeps the lecturer and shows the fixed audience.
	edit := wantStatusOf(t, f.admin.get(loc+"/edit"), http.StatusOK)
	if v := edit.doc.Find(`select[name=lecturer_kind] option[selected]`).AttrOr("value", ""); v != "expert" {
		t.Errorf("edit form kind %q", v)
	}
	if got := edit.doc.Find(`#lecture-audience`).Text(); !strings.Contains(got, "系统党支部") {
		t.Errorf("edit form audience %q", got)
	}
	r = f.admin.post(loc+"/edit", url.Values{"title": {"七一党课"}, "held_at": {"2026-06-10"}, "lecturer_kind": {"model"},
		"lecturer_name": {"刘教授"}, "lecturer_title": {"全国劳动模范"}})
	wantStatus(t, r, http.StatusSeeOther)
	if got := strings.TrimSpace(wantStatusOf(t, f.admin.get(loc), http.StatusOK).doc.Find(`#meeting-facts dt:contains("党课类别") + dd`).Text()); got != "先进模范讲" {
		t.Errorf("kind after the edit %q", got)
	}
}

// TestLectureRegisterPage: the org page links the register; the register
// counts per quarter and kind, names the branches without a secretary
// lecture and without a 七一 lecture, and lists the lectures.
func TestLectureRegisterPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	sys := storetest.System()
	if _, err := e.s.Member.AddPost(sys, f.m[0].ID, f.branch1.ID, "secretary", xuezuo.NewDate(2025, 1, 1), xuezuo.Date{}); err != nil {
		t.Fatal(err)
	}
	for _, in := range []meeting.Input{
		{OrgID: f.branch1.ID, Title: "书记讲党课", HeldOn: xuezuo.NewDate(2026, 3, 10),
			Lecture: meeting.LectureInput{Kind: meeting.LecturerSecretary, MemberID: f.m[0].ID}},
		{OrgID: f.unit.ID, Title: "七一党课", HeldOn: xuezuo.NewDate(2026, 6, 20),
			Lecture: meeting.LectureInput{Kind: meeting.LecturerLeader, Name: "所党委书记"}},
		{OrgID: f.branch2.ID, Title: "现场教学", HeldOn: xuezuo.NewDate(2026, 5, 4),
			Lecture: meeting.LectureInput{Kind: meeting.LecturerCase, Name: "香山革命纪念地"}},
	} {
		in.Kind = meeting.KindLecture
		if _, err := e.s.Meeting.Create(sys, in); err != nil {
			t.Fatal(err)
		}
	}
	org := wantStatusOf(t, f.admin.get(fmt.Sprintf("/orgs/%d", f.unit.ID)), http.StatusOK)
	href, _ := org.doc.Find(`#org-lectures`).Attr("href")
	if href != fmt.Sprintf("/orgs/%d/lectures", f.unit.ID) {
		t.Fatalf("org page links %q", href)
	}
	page := wantStatusOf(t, f.admin.get(href+"?year=2026"), http.StatusOK)
	rows := rowsOf(page, "table.lecture-counts tbody tr")
	// Columns: leader secretary expert model member case unknown, total.
	got := map[string]string{}
	page.doc.Find("table.lecture-counts tbody tr").Each(func(_ int, s *goquery.Selection) {
		var cells []string
		s.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, td.Text()) })
		got[s.Find("th").Text()] = strings.Join(cells, " ")
	})
	wantRows := map[string]string{
		"第一季度": "0 1 0 0 0 0 0 1", "第二季度": "1 0 0 0 0 1 0 2", "第三季度": "0 0 0 0 0 0 0 0", "第四季度": "0 0 0 0 0 0 0 0",
		"全年": "1 1 0 0 0 1 0 3",
	}
	if fmt.Sprint(got) != fmt.Sprint(wantRows) || len(rows) != 5 {
		t.Errorf("counts\n got %v\nwant %v", got, wantRows)
	}
	if got := page.doc.Find(`#lecture-secretary strong`).Text(); got != "1" {
		t.Errorf("branches with a secretary lecture %q", got)
	}
	if got := page.doc.Find(`#lecture-secretary-missing`).Text(); !strings.Contains(got, "系统党支部") || strings.Contains(got, "生态党支部") {
		t.Errorf("named without a secretary lecture %q", got)
	}
	if got := page.doc.Find(`#lecture-qiyi strong`).Text(); got != "2" || page.doc.Find(`#lecture-qiyi-missing`).Length() != 0 {
		t.Errorf("七一 lectures %q", got)
	}
	if got := page.doc.Find(`#lecture-qiyi p`).First().Text(); !strings.Contains(got, "06-15 至 07-15，按 测试学习教育 的设定") {
		t.Errorf("七一 window %q", got)
	}
	if n := page.doc.Find(`table.lectures tbody tr[data-meeting]`).Length(); n != 3 {
		t.Errorf("lectures listed %d, want 3", n)
	}
	// A branch's register counts the unit's lecture held for it once.
	b1 := wantStatusOf(t, f.secretary.get(fmt.Sprintf("/orgs/%d/lectures?year=2026", f.branch1.ID)), http.StatusOK)
	if got := strings.TrimSpace(b1.doc.Find(`table.lecture-counts tbody tr:last-child td:last-child`).Text()); got != "2" {
		t.Errorf("branch 1's year total %q, want 2", got)
	}
	wantStatus(t, f.admin.get(href+"?year=二〇一六"), http.StatusUnprocessableEntity)
}

// TestCampaignQiyiForm: the campaign form sets the 七一 window; the
// campaign page changes it for organisers and says in Chinese what is
// wrong.
func TestCampaignQiyiForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	path := fmt.Sprintf("/campaigns/%d", f.c.ID)
	page := wantStatusOf(t, f.admin.get(path), http.StatusOK)
	if v := page.doc.Find(`#campaign-qiyi input[name=qiyi_from]`).AttrOr("value", ""); v != "06-15" {
		t.Errorf("window shown %q", v)
	}
	r := f.admin.post(path+"/qiyi", url.Values{"qiyi_from": {"07-01"}, "qiyi_to": {"06-30"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := strings.TrimSpace(r.doc.Find(`input[name=qiyi_to]`).NextFiltered("small.error").Text()); got != "七一党课时间的结束日不能早于开始日（须在同一年内）" {
		t.Errorf("message %q", got)
	}
	wantStatus(t, f.admin.post(path+"/qiyi", url.Values{"qiyi_from": {"06-20"}, "qiyi_to": {"07-10"}}), http.StatusSeeOther)
	if c, err := e.s.Campaign.Get(storetest.System(), f.c.ID); err != nil || c.QiyiFrom != "06-20" || c.QiyiTo != "07-10" {
		t.Errorf("saved window %+v %v", c, err)
	}
	if f.secretary.get(path).doc.Find(`#campaign-qiyi`).Length() != 0 {
		t.Error("a secretary is offered the window's form")
	}
	wantStatus(t, f.secretary.post(path+"/qiyi", url.Values{"qiyi_from": {"06-01"}}), http.StatusForbidden)
}
