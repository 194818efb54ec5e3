package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// bulletinFixture is the campaign fixture with a foreign unit's organiser
// beside it, and the unit's bulletin pages.
type bulletinFixture struct {
	*campaignFixture
	foreign *client // the organiser of 乙所党委, a sibling of 植物所党委
	list    string  // the unit's bulletin list
}

func newBulletinFixture(t *testing.T, e *env) *bulletinFixture {
	t.Helper()
	f := newCampaignFixture(t, e)
	other := storetest.MustCreateUnit(t, e.s, f.unit.ParentID, "乙所党委")
	storetest.MustCreateOrg(t, e.s, other.ID, "乙所党支部", org.KindBranch)
	return &bulletinFixture{campaignFixture: f, foreign: e.user(t, "other_admin", xuezuo.RoleOrgAdmin, other.ID),
		list: fmt.Sprintf("/orgs/%d/bulletins", f.unit.ID)}
}

// create posts the 新建通报 form for topic 1 and returns the bulletin's path.
func (f *bulletinFixture) create(t *testing.T) string {
	t.Helper()
	r := f.admin.post(f.list, url.Values{"campaign_id": {fmt.Sprint(f.c.ID)}, "period": {"topic"},
		"topic_id": {fmt.Sprint(f.c.Topics[0].ID)}, "preface": {""}, "closing": {""}})
	wantStatus(t, r, http.StatusSeeOther)
	path := r.header.Get("Location")
	if !strings.HasPrefix(path, "/bulletins/") {
		t.Fatalf("created bulletin at %q", path)
	}
	return path
}

// TestBulletinCreateFieldErrors: a bad period is told in Chinese beside
// its field, the input is kept, and nothing is saved.
func TestBulletinCreateFieldErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newBulletinFixture(t, e)
	page := wantStatusOf(t, f.admin.get(f.list), http.StatusOK)
	if page.doc.Find("#bulletin-new form").Length() != 1 || page.text("table.bulletins tbody") != "尚无通报" {
		t.Fatalf("organiser's empty list: %s", page.text("main"))
	}
	campaign := fmt.Sprint(f.c.ID)
	tests := []struct {
		name, field, want string
		form              url.Values
	}{
		{"no period chosen", "period", "请选择通报的时段：专题、季度或起止日期", url.Values{"campaign_id": {campaign}}},
		{"topic not chosen", "topic_id", "请选择专题", url.Values{"campaign_id": {campaign}, "period": {"topic"}}},
		{"bad quarter", "quarter", "季度格式不正确，应为 2016Q2 这样的季度", url.Values{"campaign_id": {campaign}, "period": {"quarter"}, "quarter": {"2016Q5"}}},
		{"dates reversed", "to", "结束日期不能早于开始日期", url.Values{"campaign_id": {campaign}, "period": {"dates"}, "from": {"2026-06-30"}, "to": {"2026-04-01"}}},
		{"bad date", "from", msgBadDate, url.Values{"campaign_id": {campaign}, "period": {"dates"}, "from": {"2026-13-01"}, "to": {"2026-04-01"}}},
		{"no campaign", "campaign_id", "学习教育不存在", url.Values{"period": {"quarter"}, "quarter": {"2026Q2"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.admin.post(f.list, tc.form)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			field := r.doc.Find(fmt.Sprintf(`#bulletin-new [name=%q]`, tc.field)).Closest("label")
			if tc.field == "period" { // the radios' message closes their fieldset
				field = field.Closest("fieldset")
			}
			if got := strings.TrimSpace(field.Find("small.error").Text()); got != tc.want {
				t.Errorf("message at %s: got %q, want %q", tc.field, got, tc.want)
			}
			if tc.field == "quarter" {
				if got := r.doc.Find(`#bulletin-new input[name=quarter]`).AttrOr("value", ""); got != "2016Q5" {
					t.Errorf("quarter kept: got %q, want 2016Q5", got)
				}
			}
		})
	}
	if _, total, err := e.s.Bulletins.ListBulletins(storetest.System(), report.BulletinFilter{OrgID: f.unit.ID}); err != nil || total != 0 {
		t.Errorf("bulletins saved by refused forms: %d %v", total, err)
	}
}

// TestBulletinPages: the organiser creates a draft, sees every figure
// linked to its records, edits the preface and publishes it; a member of
// the subtree reads it only once published; an organiser of a sibling unit
// reads neither the list, the page nor the files.
func TestBulletinPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newBulletinFixture(t, e)
	path := f.create(t)

	draft := wantStatusOf(t, f.admin.get(path), http.StatusOK)
	if got := draft.text("#bulletin-title"); got != "关于测试学习教育进展情况的通报" {
		t.Errorf("title %q", got)
	}
	if got := draft.text("#bulletin-docno"); got != "第1期" {
		t.Errorf("issue %q, want 第1期 (the unit has no 机关代字)", got)
	}
	if got := draft.doc.Find(`form[action="`+path+`/publish"]`).AttrOr("hx-confirm", ""); !strings.Contains(got, "确定印发吗") {
		t.Errorf("publish form's confirmation: %q", got)
	}
	if draft.doc.Find(`#bulletin-edit form[action="`+path+`/edit"]`).Length() != 1 {
		t.Error("the organiser is offered no edit form on the draft")
	}
	if n := draft.doc.Find("table.bulletin-rows tbody tr").Length(); n != 3 {
		t.Errorf("rows: %d, want two branches and 合计", n)
	}
	row := draft.doc.Find("table.bulletin-rows tbody tr").First()
	b1, c, t1 := f.branch1.ID, f.c.ID, f.c.Topics[0].ID
	links := map[string]string{
		"th":                 fmt.Sprintf("/orgs/%d", b1),
		".fig-branches":      fmt.Sprintf("/campaigns/%d/progress?org=%d&by=branch", c, b1),
		".fig-ontime":        fmt.Sprintf("/campaigns/%d/progress?org=%d", c, b1),
		".fig-attendance":    fmt.Sprintf("/campaigns/%d/progress?org=%d", c, b1),
		".fig-reflection":    fmt.Sprintf("/campaigns/%d/progress?org=%d", c, b1),
		".fig-accepted":      fmt.Sprintf("/orgs/%d/summaries?topic=%d", b1, t1),
		".fig-late":          fmt.Sprintf("/orgs/%d/summaries?topic=%d", b1, t1),
		".fig-lectures":      fmt.Sprintf("/orgs/%d/lectures", b1),
		".fig-secretary":     fmt.Sprintf("/orgs/%d/lectures", b1),
		".fig-participation": fmt.Sprintf("/campaigns/%d/participation?org=%d", c, b1),
	}
	for sel, want := range links {
		if got := row.Find(sel+" a").First().AttrOr("href", ""); got != want {
			t.Errorf("生态党支部 %s links %q, want %q", sel, got, want)
		}
	}
	total := draft.doc.Find("table.bulletin-rows tr.bulletin-total")
	if got, want := total.Find(".fig-attendance a").AttrOr("href", ""), fmt.Sprintf("/campaigns/%d/progress?org=%d", c, f.unit.ID); got != want {
		t.Errorf("合计 attendance links %q, want %q", got, want)
	}
	// Both branches have no summary on topic 1, and each is named with a
	// link to its summaries of the topic.
	if got := draft.doc.Find(".bulletin-missing a").First().AttrOr("href", ""); got != fmt.Sprintf("/orgs/%d/summaries?topic=%d", b1, t1) {
		t.Errorf("missing summary links %q", got)
	}

	// A member of the subtree: no draft, not even in the list.
	wantStatus(t, f.me.get(path), http.StatusNotFound)
	if got := wantStatusOf(t, f.me.get(f.list), http.StatusOK).text("table.bulletins tbody"); got != "尚无通报" {
		t.Errorf("member's list shows the draft: %q", got)
	}
	for _, p := range []string{f.list, path, path + "/document.docx", path + "/document.pdf", path + "/document.xlsx"} {
		r := f.foreign.get(p)
		wantStatus(t, r, http.StatusNotFound)
		if strings.Contains(r.body, "生态党支部") {
			t.Errorf("%s shows the foreign unit's branch", p)
		}
	}
	wantStatus(t, f.foreign.post(path+"/publish", url.Values{}), http.StatusNotFound)

	wantStatus(t, f.admin.post(path+"/edit", url.Values{"preface": {"现将第一专题学习情况通报如下。"}, "closing": {"请各支部抓好落实。"}}), http.StatusSeeOther)
	wantStatus(t, f.secretary.post(path+"/publish", url.Values{}), http.StatusNotFound)
	wantStatus(t, f.admin.post(path+"/publish", url.Values{}), http.StatusSeeOther)
	pub := wantStatusOf(t, f.admin.get(path), http.StatusOK)
	if got := pub.text("#bulletin-preface"); got != "现将第一专题学习情况通报如下。" {
		t.Errorf("preface %q", got)
	}
	if pub.doc.Find("main form[method=post]").Length() != 0 || pub.doc.Find("#bulletin-frozen").Length() != 1 {
		t.Errorf("published page: forms %d, frozen note %d", pub.doc.Find("main form[method=post]").Length(), pub.doc.Find("#bulletin-frozen").Length())
	}
	r := f.admin.post(path+"/edit", url.Values{"preface": {"再改"}})
	wantStatus(t, r, http.StatusConflict)
	if got := r.text(".alert"); !strings.Contains(got, "通报已印发，不能再修改") {
		t.Errorf("edit after publishing: %q", got)
	}

	// Published, the member reads it from the list and the org page.
	list := wantStatusOf(t, f.me.get(f.list), http.StatusOK)
	if got := rowsOf(list, "table.bulletins tbody tr"); len(got) != 1 || got[0][3] != "已印发" || got[0][4] != "2026-06-15" {
		t.Errorf("member's list: %q", got)
	}
	wantStatus(t, f.me.get(path), http.StatusOK)
	orgPage := wantStatusOf(t, f.me.get(fmt.Sprintf("/orgs/%d", b1)), http.StatusOK)
	if got := orgPage.doc.Find("#org-bulletins a").First().AttrOr("href", ""); got != f.list {
		t.Errorf("member's org page links 通报 at %q, want %q", got, f.list)
	}
	// The unit is above the member's reach: its link names its level only,
	// as the breadcrumb leaves it out; its organiser reads its name.
	if got := orgPage.text("#org-bulletins"); got != "通报：上级党组织 · 再上一级党组织" {
		t.Errorf("member's 通报 links %q", got)
	}
	adminPage := wantStatusOf(t, f.admin.get(fmt.Sprintf("/orgs/%d", b1)), http.StatusOK)
	if got := adminPage.text("#org-bulletins"); got != "通报：植物所党委 · 上级党组织" {
		t.Errorf("organiser's 通报 links %q", got)
	}
	if orgPage := wantStatusOf(t, f.foreign.get(fmt.Sprintf("/orgs/%d", f.foreignUnit(t, e))), http.StatusOK); strings.Contains(orgPage.text("#org-bulletins"), "植物所党委") {
		t.Error("the sibling unit's page links 植物所党委's bulletins")
	}
}

// foreignUnit is the sibling unit's id.
func (f *bulletinFixture) foreignUnit(t *testing.T, e *env) xuezuo.ID {
	t.Helper()
	kids, err := e.s.Org.Children(storetest.System(), f.unit.ParentID)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kids {
		if k.Name == "乙所党委" {
			return k.ID
		}
	}
	t.Fatal("no 乙所党委")
	return 0
}

// TestBulletinLiveDifference: after publishing, attendance recorded through
// the meeting service leaves the bulletin's figure as it was and marks the
// live value beside it, for the organiser; a member reads the frozen
// figures without the marks.
func TestBulletinLiveDifference(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newBulletinFixture(t, e)
	sys := storetest.System()
	mid := f.newMeeting(t)
	for _, en := range []meeting.Entry{{MemberID: f.m[0].ID, Status: meeting.Present}, {MemberID: f.m[1].ID, Status: meeting.Absent}} {
		if err := e.s.Meeting.Record(sys, mid, en); err != nil {
			t.Fatal(err)
		}
	}
	path := f.create(t)
	wantStatus(t, f.admin.post(path+"/publish", url.Values{}), http.StatusSeeOther)
	before := wantStatusOf(t, f.admin.get(path), http.StatusOK)
	if n := before.doc.Find("ins.live-diff").Length(); n != 0 {
		t.Errorf("fresh bulletin marks %d figures: %s", n, before.text("ins.live-diff"))
	}
	frozen := before.text("table.bulletin-rows tbody tr:first-child .fig-attendance a")
	if frozen != "50.0%" {
		t.Fatalf("frozen attendance %q, want 50.0%%", frozen)
	}

	if err := e.s.Meeting.Record(sys, mid, meeting.Entry{MemberID: f.m[2].ID, Status: meeting.Present}); err != nil {
		t.Fatal(err)
	}
	after := wantStatusOf(t, f.admin.get(path), http.StatusOK)
	row := "table.bulletin-rows tbody tr:first-child .fig-attendance"
	if got := after.text(row + " a"); got != frozen {
		t.Errorf("published figure changed: %q, want %q", got, frozen)
	}
	if got := after.text(row + " ins.live-diff"); got != "现为 66.7%" {
		t.Errorf("live mark %q, want 现为 66.7%%", got)
	}
	if got := after.text("tr.bulletin-total .fig-attendance ins.live-diff"); got != "现为 66.7%" {
		t.Errorf("合计 live mark %q", got)
	}
	if got := after.text("#bulletin-frozen"); !strings.Contains(got, "印发时的数字") || !strings.Contains(got, "与当前记录已不相同") {
		t.Errorf("frozen note %q", got)
	}
	if got := after.text("table.bulletin-rows tbody tr:nth-child(2) .fig-attendance"); strings.Contains(got, "现为") {
		t.Errorf("系统党支部 marked without a change: %q", got)
	}
	member := wantStatusOf(t, f.me.get(path), http.StatusOK)
	if member.doc.Find("ins.live-diff").Length() != 0 || member.text(row+" a") != frozen {
		t.Errorf("member's page: %q", member.text(row))
	}
}

// TestBulletinDownloads: each format answers with its content type, a file
// name with the org, the title and 第 N 期, and an audit row.
func TestBulletinDownloads(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newBulletinFixture(t, e)
	path := f.create(t)
	page := wantStatusOf(t, f.admin.get(path), http.StatusOK)
	tests := []struct{ ext, ctype, magic string }{
		{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK"},
		{"pdf", "application/pdf", "%PDF"},
		{"xlsx", xlsxType, "PK"},
	}
	for i, tc := range tests {
		t.Run(tc.ext, func(t *testing.T) {
			link := path + "/document." + tc.ext
			if page.doc.Find(`#bulletin-downloads a[href="`+link+`"]`).Length() != 1 {
				t.Errorf("the page does not link %s", link)
			}
			r := f.admin.get(link)
			wantStatus(t, r, http.StatusOK)
			if got := r.header.Get("Content-Type"); got != tc.ctype {
				t.Errorf("content type %q, want %q", got, tc.ctype)
			}
			want := "attachment; filename*=UTF-8''" + url.PathEscape("植物所党委-关于测试学习教育进展情况的通报-第1期."+tc.ext)
			if got := r.header.Get("Content-Disposition"); got != want {
				t.Errorf("content disposition %q, want %q", got, want)
			}
			if !strings.HasPrefix(r.body, tc.magic) {
				t.Errorf("body starts %q", r.body[:min(len(r.body), 8)])
			}
			rows, total, err := e.s.Audit.List(storetest.System(), audit.Filter{Action: "bulletin.download"})
			if err != nil || total != i+1 {
				t.Fatalf("download audit rows: %d %v, want %d", total, err, i+1)
			}
			if got := rows[0]; got.Username != "unit_admin" || got.FieldList() != "format="+tc.ext || got.OrgID != f.unit.ID {
				t.Errorf("audit row %+v", got)
			}
		})
	}
}
