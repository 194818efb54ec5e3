package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/storetest"
)

// TestLectureForwardPages: a branch's lecture page offers its secretary
// the 推荐上报 form (told in Chinese when the note is missing or the lecture
// was sent already); the unit finds it in its inbox named by branch and
// title, linked to the meeting, and counted in the lecture figure; members
// reading the lecture see where it was recommended; the unit's own lecture
// offers the form to the unit's organiser only, and a meeting of another
// kind offers none and refuses a post.
func TestLectureForwardPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	sys := storetest.System()
	lecture := func(orgID xuezuo.ID, title string) string {
		t.Helper()
		m, err := e.s.Meeting.Create(sys, meeting.Input{OrgID: orgID, Kind: meeting.KindLecture, Title: title, HeldOn: xuezuo.NewDate(2026, 6, 10),
			Lecture: meeting.LectureInput{Kind: meeting.LecturerExpert, Name: "刘教授", Material: "讲稿第一段"}})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("/meetings/%d", m.ID)
	}
	branchPath := lecture(f.branch1.ID, "学党章专题党课")
	unitPath := lecture(f.unit.ID, "七一党课")
	other, err := e.s.Meeting.Create(sys, meeting.Input{OrgID: f.branch1.ID, Kind: "branch_assembly", Title: "党员大会", HeldOn: xuezuo.NewDate(2026, 6, 10)})
	if err != nil {
		t.Fatal(err)
	}
	otherPath := fmt.Sprintf("/meetings/%d", other.ID)

	page := wantStatusOf(t, f.secretary.get(branchPath), http.StatusOK)
	if got := page.doc.Find("#forward-form form").AttrOr("action", ""); got != branchPath+"/forward" {
		t.Fatalf("secretary's forward form posts to %q, want %s/forward", got, branchPath)
	}
	r := f.secretary.post(branchPath+"/forward", url.Values{"note": {" "}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#forward-form small.error"); got != "请填写推荐理由" {
		t.Errorf("note message: %q", got)
	}
	if r.doc.Find("#register-form .line-error").Length() != 0 {
		t.Error("the forward's error reached the register form")
	}
	wantStatus(t, f.secretary.post(branchPath+"/forward", url.Values{"note": {"讲得生动"}}), http.StatusSeeOther)
	r = f.secretary.post(branchPath+"/forward", url.Values{"note": {"再报一次"}})
	wantStatus(t, r, http.StatusConflict)
	if got := r.text(".alert"); !strings.Contains(got, "本组织已推荐上报过这份材料，不能重复报送") {
		t.Errorf("duplicate message: %q", got)
	}

	inbox := wantStatusOf(t, f.admin.get(fmt.Sprintf("/orgs/%d/forwards", f.unit.ID)), http.StatusOK)
	if got := inbox.text(".forward-group h3"); got != "生态党支部 · 党课" {
		t.Errorf("group: %q", got)
	}
	link := inbox.doc.Find(".forward-item > p a")
	if got, href := link.Text(), link.AttrOr("href", ""); got != "生态党支部党课《学党章专题党课》" || href != branchPath {
		t.Errorf("item: %q → %q, want the lecture → %s", got, href, branchPath)
	}
	// Two lectures were held under the unit this quarter; the unit sent none itself.
	if got := inbox.text(".forward-figures tbody tr:nth-child(3)"); got != "党课02 本季度举办的党课0.0%" {
		t.Errorf("lecture figure: %q", got)
	}
	if got := inbox.text("#forward-quota select[name=kind]"); !strings.Contains(got, "党课") {
		t.Errorf("quota kinds: %q", got)
	}

	mine := wantStatusOf(t, f.me.get(branchPath), http.StatusOK)
	if got := mine.text("#lecture-recognition"); got != "本次党课已被推荐至植物所党委" {
		t.Errorf("recognition: %q", got)
	}
	if mine.doc.Find("#forward-form").Length() != 0 {
		t.Error("a member is offered the forward form")
	}
	for _, c := range []struct {
		name string
		user *client
		path string
		want int
	}{
		{"the unit's organiser, the unit's lecture", f.admin, unitPath, 1},
		{"an audience branch's secretary, the unit's lecture", f.secretary, unitPath, 0},
		{"the unit's organiser, a meeting of another kind", f.admin, otherPath, 0},
	} {
		if got := wantStatusOf(t, c.user.get(c.path), http.StatusOK).doc.Find("#forward-form").Length(); got != c.want {
			t.Errorf("%s: %d forward forms, want %d", c.name, got, c.want)
		}
	}
	r = f.admin.post(otherPath+"/forward", url.Values{"note": {"推荐"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text(".alert"); !strings.Contains(got, "只能推荐党课") {
		t.Errorf("a meeting of another kind: %q", got)
	}
	wantStatus(t, f.secretary.post(unitPath+"/forward", url.Values{"note": {"推荐"}}), http.StatusForbidden)
}
