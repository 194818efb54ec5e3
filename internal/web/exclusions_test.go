package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/progress"
	"xuezuo/internal/store/storetest"
)

// TestExclusionsRecordListRevoke follows a secretary who records that a
// member is long abroad for the whole campaign: the progress figures drop
// the member from the base, a bad or repeated entry changes nothing, a
// member of another branch is not found, and revoking restores the figure.
func TestExclusionsRecordListRevoke(t *testing.T) {
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	page := fmt.Sprintf("/orgs/%d/exclusions?campaign=%d", f.branch1.ID, f.c.ID)
	post := fmt.Sprintf("/orgs/%d/exclusions", f.branch1.ID)
	excluded := func() int {
		t.Helper()
		rows, err := e.s.Progress.Progress(storetest.System(), f.c.ID, f.branch1.ID, progress.ByBranch)
		if err != nil || len(rows) != 1 {
			t.Fatalf("progress: %+v %v", rows, err)
		}
		return rows[0].Excluded
	}

	r := wantStatusOf(t, f.secretary.get(page), http.StatusOK)
	if n := r.doc.Find(`#exclusion-form select[name=member_id] option`).Length(); n != 4 {
		t.Errorf("member options: %d, want none + the 3 members of the branch", n)
	}
	good := url.Values{"campaign": {fmt.Sprint(f.c.ID)}, "member_id": {fmt.Sprint(f.m[1].ID)},
		"category": {"long_abroad"}, "reason": {"公派访学一年"}, "decided_on": {"2026-02-01"}}

	// Bad input: unknown category, bad date. Nothing is saved.
	bad := url.Values{}
	for k, v := range good {
		bad[k] = v
	}
	bad.Set("category", "holiday")
	r = wantStatusOf(t, f.secretary.post(post, bad), http.StatusUnprocessableEntity)
	if msg := r.text(`#exclusion-form small.error`); !strings.Contains(msg, "类别") {
		t.Errorf("bad category message: %q", msg)
	}
	bad.Set("category", "long_abroad")
	bad.Set("decided_on", "明天")
	r = wantStatusOf(t, f.secretary.post(post, bad), http.StatusUnprocessableEntity)
	if msg := r.text(`#exclusion-form small.error`); !strings.Contains(msg, "日期格式") {
		t.Errorf("bad date message: %q", msg)
	}
	if n := excluded(); n != 0 {
		t.Fatalf("bad input saved an exclusion: %d", n)
	}

	wantStatus(t, f.secretary.post(post, good), http.StatusSeeOther)
	if n := excluded(); n != 1 {
		t.Fatalf("excluded after recording: %d, want 1", n)
	}
	r = wantStatusOf(t, f.secretary.get(page), http.StatusOK)
	rows := rowsOf(r, "#exclusion-list tbody tr")
	if len(rows) != 1 || rows[0][0] != "王二" || rows[0][1] != "长期出国（境）" || rows[0][3] != "2026-02-01" {
		t.Errorf("listed: %q", rows)
	}
	if n := r.doc.Find(`#exclusion-form select[name=member_id] option`).Length(); n != 3 {
		t.Errorf("an excluded member is still offered: %d options", n)
	}
	// The same member again is a conflict with a message; still one.
	r = wantStatusOf(t, f.secretary.post(post, good), http.StatusConflict)
	if !strings.Contains(r.text(".alert"), "已登记") {
		t.Errorf("duplicate message: %q", r.text(".alert"))
	}
	// A member of another branch is out of this secretary's scope.
	other := url.Values{}
	for k, v := range good {
		other[k] = v
	}
	other.Set("member_id", fmt.Sprint(f.m[3].ID))
	wantStatus(t, f.secretary.post(post, other), http.StatusNotFound)
	// A member account reads the list without a peer's exclusion (it is
	// private), gets no form and cannot revoke.
	r = wantStatusOf(t, f.me.get(page), http.StatusOK)
	if r.doc.Find("#exclusion-form").Length() != 0 {
		t.Error("a member is offered the exclusion form")
	}
	if id, ok := r.doc.Find(`#exclusion-list tbody tr`).Attr("data-member"); ok {
		t.Errorf("member view shows the exclusion of member %s", id)
	}
	list, err := e.s.Meeting.Exclusions(storetest.System(), f.c.ID, f.branch1.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("exclusions: %+v %v", list, err)
	}
	exID := list[0].ID
	revoke := url.Values{"campaign": {fmt.Sprint(f.c.ID)}, "exclusion_id": {fmt.Sprint(exID)}}
	if r := f.me.post(post+"/revoke", revoke); r.status == http.StatusSeeOther {
		t.Error("a member revoked an exclusion")
	}
	if n := excluded(); n != 1 {
		t.Fatalf("excluded after the member's attempt: %d", n)
	}

	wantStatus(t, f.secretary.post(post+"/revoke", revoke), http.StatusSeeOther)
	if n := excluded(); n != 0 {
		t.Fatalf("excluded after revoking: %d, want 0", n)
	}
	wantStatus(t, f.secretary.post(post+"/revoke", revoke), http.StatusNotFound)
}

// TestRegisterProposesCampaignExclusions: a member excluded for the whole
// campaign is proposed as excluded (with the category) on a topic
// meeting's register, but no row exists until the secretary saves.
func TestRegisterProposesCampaignExclusions(t *testing.T) {
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	wantStatus(t, f.secretary.post(fmt.Sprintf("/orgs/%d/exclusions", f.branch1.ID), url.Values{"campaign": {fmt.Sprint(f.c.ID)},
		"member_id": {fmt.Sprint(f.m[2].ID)}, "category": {"old_or_ill"}, "decided_on": {"2026-02-01"}}), http.StatusSeeOther)
	id := f.newMeeting(t)
	page := wantStatusOf(t, f.secretary.get(fmt.Sprintf("/meetings/%d", id)), http.StatusOK)
	sel := func(name string) string {
		return page.doc.Find(fmt.Sprintf(`select[name=%s_%d] option[selected]`, name, f.m[2].ID)).AttrOr("value", "")
	}
	if sel("status") != "excluded" || sel("category") != "old_or_ill" {
		t.Errorf("proposed line: status %q category %q", sel("status"), sel("category"))
	}
	if other := page.doc.Find(fmt.Sprintf(`select[name=status_%d] option[selected]`, f.m[1].ID)).AttrOr("value", ""); other != "" {
		t.Errorf("a member without exclusion was proposed %q", other)
	}
	m, err := e.s.Meeting.Get(storetest.System(), id)
	if err != nil || m.Counts.Excluded != 0 {
		t.Errorf("a proposal saved a row: %+v %v", m.Counts, err)
	}
}

// TestMemberPageShowsStudyRecord: from the participation report a reader
// reaches a member's page, which lists the member's attendance rows (with
// the makeup) and reflections, each linking to its record.
func TestMemberPageShowsStudyRecord(t *testing.T) {
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	id := f.newMeeting(t)
	sys := storetest.System()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(e.s.Meeting.RecordRegister(sys, id, []meeting.Entry{{MemberID: f.m[0].ID, Status: meeting.Present},
		{MemberID: f.m[1].ID, Status: meeting.Leave, Reason: "出差"}}))
	_, err := e.s.Meeting.AddMakeup(sys, meeting.Makeup{MeetingID: id, MemberID: f.m[1].ID, Kind: "self_study", HeldOn: xuezuo.NewDate(2026, 5, 28)})
	must(err)
	wantStatus(t, f.me.post("/reflections", url.Values{"topic_id": {fmt.Sprint(f.c.Topics[0].ID)}, "title": {"学党章体会"},
		"body": {"逐条学习党章。"}}), http.StatusSeeOther)

	r := wantStatusOf(t, f.secretary.get(fmt.Sprintf("/members/%d", f.m[1].ID)), http.StatusOK)
	rows := rowsOf(r, "#member-attendance tbody tr")
	if len(rows) != 1 || rows[0][0] != "2026-05-20" || !strings.Contains(rows[0][2], "请假（出差）") || !strings.Contains(rows[0][2], "已自学补课") {
		t.Errorf("王二's attendance: %q", rows)
	}
	r = wantStatusOf(t, f.me.get(fmt.Sprintf("/members/%d", f.m[0].ID)), http.StatusOK)
	if got := r.text("#member-reflections"); !strings.Contains(got, "学党章体会") || !strings.Contains(got, "2026-06-15") {
		t.Errorf("own reflections: %q", got)
	}
	if rows := rowsOf(r, "#member-attendance tbody tr"); len(rows) != 1 || !strings.Contains(rows[0][2], "出席") {
		t.Errorf("own attendance: %q", rows)
	}
}
