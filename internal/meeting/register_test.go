package meeting_test

import (
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/storetest"
)

// TestLectureRegister checks the org page's register against the same
// fixture: per-quarter counts, the branches named without a secretary or a
// 七一 lecture, the lectures listed.
func TestLectureRegister(t *testing.T) {
	t.Parallel()
	f := newLectureTree(t)
	f.recordLectures(t)
	r, err := f.s.Meeting.Register(f.unitAdmin, f.u.ID, 2025, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Campaign == nil || r.Campaign.ID != f.campaign.ID || r.QiyiFrom.String() != "2025-06-20" || r.QiyiTo.String() != "2025-07-10" {
		t.Fatalf("campaign %+v window %s … %s, want the fixture's campaign and 06-20 … 07-10", r.Campaign, r.QiyiFrom, r.QiyiTo)
	}
	if got := r.Total(""); got != 10 || len(r.Lectures) != 10 {
		t.Errorf("got %d lectures counted and %d listed, want 10", got, len(r.Lectures))
	}
	if got := kinds(r.Quarters[1].ByKind); got != "expert:1 secretary:2 unknown:1" {
		t.Errorf("Q2: got %q", got)
	}
	names := func(bs []meeting.BranchLectures) string {
		var out []string
		for _, b := range bs {
			out = append(out, b.Name)
		}
		return strings.Join(out, " ")
	}
	if got := names(r.Branches); got != "生态党支部 系统党支部 离退休第一党支部" {
		t.Errorf("branches in tree order: got %q", got)
	}
	if got := names(r.WithoutSecretary()); got != "" {
		t.Errorf("without a secretary lecture: got %q, want none", got)
	}
	if got := names(r.WithoutQiyi()); got != "系统党支部" {
		t.Errorf("without a 七一 lecture: got %q, want 系统党支部", got)
	}
	y := r.YearFigures()
	if y.SecretaryBranches != 3 || y.QiyiBranches != 2 {
		t.Errorf("year figures %+v, want 3 secretary and 2 七一 branches", y)
	}
	// The newest first; the unknown lecture reads 未登记.
	if r.Lectures[0].ID != f.lectures["L10"] || r.Lectures[len(r.Lectures)-1].ID != f.lectures["L1"] {
		t.Errorf("order: first %d last %d", r.Lectures[0].ID, r.Lectures[len(r.Lectures)-1].ID)
	}
	for _, m := range r.Lectures {
		if m.ID == f.lectures["L13"] && m.Lecture.KindLabel() != "未登记" {
			t.Errorf("L13 reads %q, want 未登记", m.Lecture.KindLabel())
		}
		if m.ID == f.lectures["L1"] && (m.Lecture.AudienceCount != 3 || m.Lecture.Name != "马书记") {
			t.Errorf("L1: %+v", m.Lecture)
		}
	}
	// V's register names its branch without a secretary lecture in 2025.
	rv, err := f.s.Meeting.Register(storetest.System(), f.v.ID, 2025, f.campaign.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(rv.WithoutSecretary()); got != "化学第一党支部" {
		t.Errorf("V without a secretary lecture: got %q", got)
	}
	// Outside the reader's scope the register does not exist.
	if _, err := f.s.Meeting.Register(f.unitAdmin, f.v.ID, 2025, 0); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("foreign register: got %v, want not found", err)
	}
}
