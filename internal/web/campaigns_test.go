package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/reflection"
	"xuezuo/internal/store/storetest"
)

// campaignFixture is a unit with two branches (three and two members), a
// published campaign of two topics owned by the unit, and logged-in
// clients: the unit's organiser, branch 1's secretary and member m1.
type campaignFixture struct {
	unit, branch1, branch2 *org.Org
	m                      []*member.Member // m[0..2] in branch 1, m[3..4] in branch 2
	c                      *campaign.Campaign
	admin, secretary, me   *client
}

func newCampaignFixture(t *testing.T, e *env) *campaignFixture {
	t.Helper()
	s, sys := e.s, storetest.System()
	f := &campaignFixture{}
	root := storetest.MustCreateOrg(t, s, 0, "京区党委", org.KindCommittee)
	f.unit = storetest.MustCreateUnit(t, s, root.ID, "植物所党委")
	f.branch1 = storetest.MustCreateOrg(t, s, f.unit.ID, "生态党支部", org.KindBranch)
	f.branch2 = storetest.MustCreateOrg(t, s, f.unit.ID, "系统党支部", org.KindBranch)
	for i, name := range []string{"张一", "王二", "李三", "赵四", "钱五"} {
		b := f.branch1.ID
		if i >= 3 {
			b = f.branch2.ID
		}
		f.m = append(f.m, storetest.MustCreateMember(t, s, b, name))
	}
	c, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: f.unit.ID, Title: "测试学习教育", Start: xuezuo.NewDate(2026, 1, 1),
		Topics: []campaign.TopicInput{
			{No: 1, Title: "学党章", Deadline: xuezuo.NewDate(2026, 5, 31)},
			{No: 2, Title: "学党规", Deadline: xuezuo.NewDate(2026, 6, 30)},
		}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Campaign.Publish(sys, c.ID); err != nil {
		t.Fatal(err)
	}
	if f.c, err = s.Campaign.Get(sys, c.ID); err != nil {
		t.Fatal(err)
	}
	f.admin = e.user(t, "unit_admin", xuezuo.RoleOrgAdmin, f.unit.ID)
	f.secretary = e.user(t, "eco_secretary", xuezuo.RoleSecretary, f.branch1.ID)
	mctx := storetest.MustUser(t, s, "eco_member", xuezuo.RoleMember, f.branch1.ID)
	storetest.MustLinkMember(t, s, mctx, f.m[0].ID)
	f.me = e.login(t, "eco_member")
	return f
}

// newMeeting creates the topic-1 meeting of branch 1 through the form and
// returns its id.
func (f *campaignFixture) newMeeting(t *testing.T) xuezuo.ID {
	t.Helper()
	path := fmt.Sprintf("/orgs/%d/meetings", f.branch1.ID)
	form := wantStatusOf(t, f.secretary.get(path+"/new"), http.StatusOK)
	if n := form.doc.Find(`select[name=topic_id] option`).Length(); n != 3 {
		t.Errorf("topic options: %d, want none + 2 topics", n)
	}
	if n := form.doc.Find(`select[name=speakers] option`).Length(); n != 3 {
		t.Errorf("speaker options: %d, want the 3 members of the branch", n)
	}
	r := f.secretary.post(path, url.Values{"kind": {"topic_study"}, "topic_id": {fmt.Sprint(f.c.Topics[0].ID)},
		"held_at": {"2026-05-20"}, "place": {"会议室"}, "speakers": {fmt.Sprint(f.m[0].ID), fmt.Sprint(f.m[1].ID)}})
	wantStatus(t, r, http.StatusSeeOther)
	var id xuezuo.ID
	if _, err := fmt.Sscanf(r.header.Get("Location"), "/meetings/%d", &id); err != nil {
		t.Fatalf("location %q", r.header.Get("Location"))
	}
	return id
}

// register is a register form: member id → status, reason, category.
func register(entries map[xuezuo.ID][3]string) url.Values {
	v := url.Values{}
	for id, e := range entries {
		s := fmt.Sprint(id)
		v.Add("member_id", s)
		v.Set("status_"+s, e[0])
		v.Set("reason_"+s, e[1])
		v.Set("category_"+s, e[2])
	}
	return v
}

func wantStatusOf(t *testing.T, r result, want int) result {
	t.Helper()
	wantStatus(t, r, want)
	return r
}

func TestCampaignCreateFromTemplateAndPublish(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	page := wantStatusOf(t, f.admin.get("/campaigns/new"), http.StatusOK)
	if page.doc.Find(`select[name=template] option[value=liangxue2016]`).Length() != 1 {
		t.Fatal("template select lacks 两学一做")
	}
	// A missing owner is refused with the service's message beside the field.
	r := f.admin.post("/campaigns", url.Values{"template": {"liangxue2016"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := strings.TrimSpace(r.doc.Find(`select[name=owner_org_id]`).NextFiltered("small.error").Text()); got != "请指定发起组织" {
		t.Errorf("owner message %q", got)
	}
	r = f.admin.post("/campaigns", url.Values{"template": {"liangxue2016"}, "owner_org_id": {fmt.Sprint(f.unit.ID)}})
	wantStatus(t, r, http.StatusSeeOther)
	loc := r.header.Get("Location")
	show := wantStatusOf(t, f.admin.get(loc), http.StatusOK)
	if n := show.doc.Find("table.topics tbody tr").Length(); n != 4 {
		t.Errorf("topics: %d, want 4", n)
	}
	if show.doc.Find(`form[action$="/publish"]`).Length() != 1 {
		t.Fatal("draft has no publish button")
	}
	// The secretary does not see the draft, then sees it once published.
	if r := f.secretary.get(loc); r.status != http.StatusNotFound {
		t.Errorf("secretary reads a draft: %d", r.status)
	}
	wantStatus(t, f.admin.post(loc+"/publish", url.Values{}), http.StatusSeeOther)
	wantStatus(t, f.secretary.get(loc), http.StatusOK)
	list := wantStatusOf(t, f.secretary.get("/campaigns"), http.StatusOK)
	if n := list.doc.Find("table.campaigns tbody tr").Length(); n != 2 {
		t.Errorf("secretary's list: %d rows, want 2", n)
	}
	// Publishing twice is a conflict.
	wantStatus(t, f.admin.post(loc+"/publish", url.Values{}), http.StatusConflict)
}

func TestRegisterSavesAllRowsAtOnceAndCloses(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	id := f.newMeeting(t)
	path := fmt.Sprintf("/meetings/%d", id)
	page := wantStatusOf(t, f.secretary.get(path), http.StatusOK)
	if n := page.doc.Find("table.register tbody tr").Length(); n != 3 {
		t.Fatalf("register lines: %d, want 3", n)
	}

	// A leave without a reason: 422 in Chinese, input kept, nothing saved.
	bad := register(map[xuezuo.ID][3]string{f.m[0].ID: {"present"}, f.m[1].ID: {"leave"}})
	r := f.secretary.post(path+"/register", bad, "HX-Request", "true", "HX-Boosted", "true")
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text(fmt.Sprintf(`tr[data-member="%d"] .line-error`, f.m[1].ID)); !strings.HasSuffix(got, "王二：请假须填写原因") {
		t.Errorf("line message %q", got)
	}
	if v := r.doc.Find(fmt.Sprintf(`select[name=status_%d] option[selected]`, f.m[1].ID)).AttrOr("value", ""); v != "leave" {
		t.Errorf("kept status %q, want leave", v)
	}
	m, err := e.s.Meeting.Get(storetest.System(), id)
	if err != nil || m.Counts.Present != 0 {
		t.Fatalf("a bad register saved rows: %+v %v", m.Counts, err)
	}

	// Excluded without a category is refused too.
	r = f.secretary.post(path+"/register", register(map[xuezuo.ID][3]string{f.m[0].ID: {"excluded"}}))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text(".line-error"); !strings.Contains(got, "不计入应到人数须选择类别") {
		t.Errorf("line message %q", got)
	}

	// A good register saves every line in one submit; the third stays open.
	good := register(map[xuezuo.ID][3]string{f.m[0].ID: {"present"}, f.m[1].ID: {"leave", "出差"}})
	good.Add("member_id", fmt.Sprint(f.m[2].ID)) // left 未登记
	wantStatus(t, f.secretary.post(path+"/register", good), http.StatusSeeOther)
	m, _ = e.s.Meeting.Get(storetest.System(), id)
	if m.Counts.Present != 1 || m.Counts.Leave != 1 || m.Counts.Absent != 0 {
		t.Errorf("counts %+v, want 1 present, 1 leave", m.Counts)
	}
	page = wantStatusOf(t, f.secretary.get(path), http.StatusOK)
	if got := page.text("#register-missing"); !strings.Contains(got, "还有 1 人未登记") {
		t.Errorf("missing line %q", got)
	}
	if v, _ := page.doc.Find(fmt.Sprintf(`input[name=reason_%d]`, f.m[1].ID)).Attr("value"); v != "出差" {
		t.Errorf("reason shown %q", v)
	}

	// Closing records the rest absent.
	wantStatus(t, f.secretary.post(path+"/close", url.Values{}), http.StatusSeeOther)
	m, _ = e.s.Meeting.Get(storetest.System(), id)
	if !m.RegisterClosed || m.Counts.Absent != 1 || m.Counts.Expected() != 3 {
		t.Errorf("after close: %+v closed=%v", m.Counts, m.RegisterClosed)
	}
	page = wantStatusOf(t, f.secretary.get(path), http.StatusOK)
	if page.doc.Find("#close-form").Length() != 0 {
		t.Error("closed register still offers closing")
	}

	// A makeup for the member on leave counts apart, never as presence.
	wantStatus(t, f.secretary.post(path+"/makeups", url.Values{"member_id": {fmt.Sprint(f.m[1].ID)}, "kind": {"self_study"},
		"held_on": {"2026-05-25"}}), http.StatusSeeOther)
	r = f.secretary.post(path+"/makeups", url.Values{"member_id": {fmt.Sprint(f.m[0].ID)}, "kind": {"session"}, "held_on": {"2026-05-25"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#makeup .alert p"); got != "只有请假或缺席的党员需要补课" {
		t.Errorf("makeup message %q", got)
	}
	m, _ = e.s.Meeting.Get(storetest.System(), id)
	if m.Counts.Makeup != 1 || m.Counts.Present != 1 {
		t.Errorf("after makeup: %+v", m.Counts)
	}

	// The member reads the meeting but cannot save a register.
	wantStatus(t, f.me.get(path), http.StatusOK)
	if r := f.me.post(path+"/register", good); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
		t.Errorf("member saved a register: %d", r.status)
	}
}

func TestMeetingFormShowsServiceMessages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	path := fmt.Sprintf("/orgs/%d/meetings", f.branch1.ID)
	r := f.secretary.post(path, url.Values{"kind": {"lecture"}, "topic_id": {fmt.Sprint(f.c.Topics[0].ID)}, "held_at": {"2026-05-20"}, "title": {"保留的名称"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := strings.TrimSpace(r.doc.Find(`select[name=kind]`).NextFiltered("small.error").Text()); got != "完成该专题须召开“专题学习讨论”" {
		t.Errorf("kind message %q", got)
	}
	if v, _ := r.doc.Find(`input[name=title]`).Attr("value"); v != "保留的名称" {
		t.Errorf("title kept %q", v)
	}
	r = f.secretary.post(path, url.Values{"kind": {"lecture"}, "held_at": {"2026/05/20"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := strings.TrimSpace(r.doc.Find(`input[name=held_at]`).NextFiltered("small.error").Text()); got != msgBadDate {
		t.Errorf("date message %q", got)
	}
}

func TestCheckinByMember(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	now := storetest.Clock.Now()
	m, err := e.s.Meeting.Create(storetest.System(), meeting.Input{OrgID: f.branch1.ID, Kind: "theme_day", HeldOn: xuezuo.DateOf(now),
		CheckinFrom: now.Add(-30 * 60e9), CheckinTo: now.Add(30 * 60e9), CheckinCode: "246801"})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/meetings/%d/checkin", m.ID)
	wantStatus(t, f.me.get(path), http.StatusOK)
	r := f.me.post(path, url.Values{"code": {"1111"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := strings.TrimSpace(r.doc.Find(`input[name=code]`).NextFiltered("small.error").Text()); !strings.HasPrefix(got, "签到码不正确") {
		t.Errorf("code message %q", got)
	}
	wantStatus(t, f.me.post(path, url.Values{"code": {"246801"}}), http.StatusSeeOther)
	if done := f.me.get(path + "?done=1"); done.doc.Find("#checkin-done").Length() != 1 {
		t.Error("no confirmation")
	}
	wantStatus(t, f.me.post(path, url.Values{"code": {"246801"}}), http.StatusConflict)
	got, _ := e.s.Meeting.Get(storetest.System(), m.ID)
	if got.Counts.Present != 1 {
		t.Errorf("present %d, want 1", got.Counts.Present)
	}
}

func TestSigninExports(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	id := f.newMeeting(t)
	x := f.secretary.get(fmt.Sprintf("/meetings/%d/signin.xlsx", id))
	wantStatus(t, x, http.StatusOK)
	if !strings.HasPrefix(x.body, "PK") || !strings.Contains(x.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("xlsx: %q %q", x.body[:min(4, len(x.body))], x.header.Get("Content-Disposition"))
	}
	p := f.secretary.get(fmt.Sprintf("/meetings/%d/signin.pdf", id))
	wantStatus(t, p, http.StatusOK)
	if !strings.HasPrefix(p.body, "%PDF") {
		t.Errorf("pdf starts %q", p.body[:min(8, len(p.body))])
	}
}

func TestProgressPageNumbersAndParticipation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	id := f.newMeeting(t)
	wantStatus(t, f.secretary.post(fmt.Sprintf("/meetings/%d/register", id), register(map[xuezuo.ID][3]string{
		f.m[0].ID: {"present"}, f.m[1].ID: {"remote"}, f.m[2].ID: {"leave", "出差"}})), http.StatusSeeOther)
	if _, err := e.s.Reflection.Submit(storetest.ActAs(t, e.s, userID(t, e, "eco_member")),
		reflection.Input{TopicID: f.c.Topics[0].ID, Title: "学习体会", Body: "第一段。\n第二段。"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.Meeting.Exclude(storetest.System(), meeting.Exclusion{CampaignID: f.c.ID, MemberID: f.m[4].ID,
		Category: "long_abroad", DecidedOn: xuezuo.NewDate(2026, 3, 1)}); err != nil {
		t.Fatal(err)
	}

	path := fmt.Sprintf("/campaigns/%d/progress?org=%d&by=branch", f.c.ID, f.unit.ID)
	page := wantStatusOf(t, f.admin.get(path), http.StatusOK)
	rows := rowsOf(page, "table.progress tbody tr")
	// 组织 支部 党员 不计入 参学 专题1 专题2 出席/应到 出席率 补课 心得 心得率
	want := [][]string{
		{"生态党支部", "1", "3", "0", "2", "1/1 已召开", "0/1 未到期", "2/3", "66.7%", "0", "1", "16.7%"},
		{"系统党支部", "1", "2", "1", "0", "0/1 已逾期", "0/1 未到期", "0/0", "—", "0", "0", "0.0%"},
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("rows\n got %v\nwant %v", rows, want)
	}
	total := rowsOf(page, "#progress-total")
	wantTotal := [][]string{{"2", "5", "1", "2", "1/2", "0/2", "2/3", "66.7%", "0", "1", "12.5%"}}
	if fmt.Sprint(total) != fmt.Sprint(wantTotal) {
		t.Errorf("total\n got %v\nwant %v", total, wantTotal)
	}
	if page.doc.Find(`tr[data-org] .rag-green`).Length() != 1 || page.doc.Find(`.rag-red`).Length() != 1 {
		t.Error("RAG badges wrong")
	}
	if v, _ := page.doc.Find("#progress-table").Attr("hx-trigger"); v != "every 5s" {
		t.Errorf("table does not poll: %q", v)
	}
	// The charts are SVG inside the polled table, drawn from the same
	// figures: topic 1 held on time by 1 branch, topic 2 by none; each row's
	// attendance rate.
	topics := page.doc.Find("#progress-table #chart-topics svg")
	if topics.Length() != 1 || !strings.Contains(topics.Text(), "专题1") {
		t.Errorf("topics chart: %q", topics.Text())
	}
	att := page.doc.Find("#progress-table #chart-attendance svg")
	if !strings.Contains(att.Text(), "生态党支部") || !strings.Contains(att.Text(), "66.7%") {
		t.Errorf("attendance chart: %q", att.Text())
	}
	if page.doc.Find(`script[src*="echarts"]`).Length() != 0 {
		t.Error("the page still loads echarts")
	}
	// Drill-down links go to the same page for the row's org.
	if href, _ := page.doc.Find(`tr[data-org] td.name a`).First().Attr("href"); !strings.Contains(href, fmt.Sprintf("org=%d", f.branch1.ID)) {
		t.Errorf("drill-down %q", href)
	}
	// The poll gets just the table.
	frag := f.admin.get(path, "HX-Request", "true")
	wantStatus(t, frag, http.StatusOK)
	if strings.Contains(frag.body, "<html") || frag.doc.Find("#progress-table").Length() != 1 {
		t.Errorf("fragment is not the table alone: %.200s", frag.body)
	}
	// by=child under the unit gives the same figures summed.
	child := wantStatusOf(t, f.admin.get(fmt.Sprintf("/campaigns/%d/progress?org=%d", f.c.ID, f.unit.ID)), http.StatusOK)
	if got := rowsOf(child, "#progress-total"); fmt.Sprint(got) != fmt.Sprint(wantTotal) {
		t.Errorf("by=child total %v", got)
	}

	// The secretary's task list on the campaign page.
	show := wantStatusOf(t, f.secretary.get(fmt.Sprintf("/campaigns/%d", f.c.ID)), http.StatusOK)
	tasks := show.doc.Find(fmt.Sprintf("#tasks-%d li", f.branch1.ID))
	if tasks.Length() != 2 || !strings.Contains(tasks.First().Text(), "已召开") || !strings.Contains(tasks.First().Text(), "1 / 3 人已写") {
		t.Errorf("tasks: %q", tasks.Text())
	}

	// Participation: N 5, E 1 (long abroad), P 2, missing 2, 40% and 50%.
	pp := wantStatusOf(t, f.admin.get(fmt.Sprintf("/campaigns/%d/participation?org=%d", f.c.ID, f.unit.ID)), http.StatusOK)
	for sel, want := range map[string]string{"#p-roster td": "5", "#p-excluded td": "1", "#p-participants td": "2",
		"#p-missing td": "2", "#p-gross td": "40.0%", "#p-net td": "50.0%"} {
		if got := pp.text(sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if got := pp.text("#list-excluded li"); got != "钱五" {
		t.Errorf("excluded list %q", got)
	}
	if n := pp.doc.Find("#list-missing li").Length(); n != 2 {
		t.Errorf("missing list %d", n)
	}
	if !strings.Contains(pp.body, "长期出国（境）") {
		t.Error("category label missing")
	}
}

// userID returns the id of a fixture user.
func userID(t *testing.T, e *env, username string) xuezuo.ID {
	t.Helper()
	u, err := e.s.Account.UserByName(storetest.System(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
