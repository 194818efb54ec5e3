package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/progress"
	"xuezuo/internal/reflection"
	"xuezuo/internal/store/storetest"
)

func sprint(r progress.Row) string { return fmt.Sprintf("%+v", r) }

func TestParticipationAndMakeup(t *testing.T) {
	t.Parallel()
	f := newFx(t)
	rep, err := f.s.Progress.Participation(storetest.System(), f.c.ID, f.root.ID, meeting.ExclusionCategories)
	must(t, err)
	// N 9 current members; c2 excluded (old_or_ill) and absent → E 1;
	// participants a1 a2 a3(makeup) b1 b2 c1 a4 → 7; missing b3 → 1.
	if rep.Roster != 9 || rep.Excluded != 1 || rep.Participants != 7 || rep.Missing != 1 {
		t.Fatalf("report: got N %d E %d P %d missing %d", rep.Roster, rep.Excluded, rep.Participants, rep.Missing)
	}
	if len(rep.MissingLines) != 1 || rep.MissingLines[0].MemberID != f.m["b3"] {
		t.Errorf("missing line: got %+v, want b3", rep.MissingLines)
	}
	// The makeup counts apart and never turns the leave into a presence.
	m, err := f.s.Meeting.Get(storetest.System(), f.meet["M1"])
	must(t, err)
	if m.Counts.Present+m.Counts.Remote != 2 || m.Counts.Leave != 1 || m.Counts.Makeup != 1 {
		t.Errorf("M1 counts after makeup: got %+v", m.Counts)
	}
}

func TestAttendanceRulesAndLiveFigures(t *testing.T) {
	t.Parallel()
	f := newFx(t)
	sys := storetest.System()
	m4, err := f.s.Meeting.Create(sys, meeting.Input{OrgID: f.b1.ID, Kind: "branch_assembly", HeldOn: d(6, 15)})
	must(t, err)
	before, _ := f.s.Progress.Progress(sys, f.c.ID, f.root.ID, progress.ByUnit)
	must(t, f.s.Meeting.Record(sys, m4.ID, meeting.Entry{MemberID: f.m["a1"], Status: meeting.Present}))
	after, _ := f.s.Progress.Progress(sys, f.c.ID, f.root.ID, progress.ByUnit)
	if after[0].AttendancePresent != before[0].AttendancePresent+1 || after[0].AttendanceExpected != before[0].AttendanceExpected+1 {
		t.Errorf("live: got %d/%d after one write, before %d/%d", after[0].AttendancePresent, after[0].AttendanceExpected,
			before[0].AttendancePresent, before[0].AttendanceExpected)
	}
	tests := []struct {
		name  string
		entry meeting.Entry
		code  string
	}{
		{"duplicate row", meeting.Entry{MemberID: f.m["a1"], Status: meeting.Absent}, xuezuo.EConflict},
		{"not expected", meeting.Entry{MemberID: f.m["b1"], Status: meeting.Present}, xuezuo.EInvalid},
		{"moved member not expected after the move", meeting.Entry{MemberID: f.m["a4"], Status: meeting.Present}, xuezuo.EInvalid},
		{"leave needs a reason", meeting.Entry{MemberID: f.m["a2"], Status: meeting.Leave}, xuezuo.EInvalid},
		{"exclusion needs a category", meeting.Entry{MemberID: f.m["a2"], Status: meeting.Excluded, Reason: "有事"}, xuezuo.EInvalid},
		{"guest from another branch", meeting.Entry{MemberID: f.m["b1"], Guest: true}, ""},
		{"own member as a guest", meeting.Entry{MemberID: f.m["a2"], Guest: true}, xuezuo.EInvalid},
		{"no such member", meeting.Entry{MemberID: 987654, Status: meeting.Present}, xuezuo.ENotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := f.s.Meeting.Record(sys, m4.ID, tc.entry); xuezuo.ErrorCode(err) != tc.code {
				t.Errorf("got %v, want code %q", err, tc.code)
			}
		})
	}
	// Outside the actor's scope: a secretary of B3 cannot record in B1.
	sec := storetest.MustUser(t, f.s, "sec3", xuezuo.RoleSecretary, f.b3.ID)
	if err := f.s.Meeting.Record(sec, m4.ID, meeting.Entry{MemberID: f.m["a2"], Status: meeting.Present}); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("foreign secretary: got %v, want not found", err)
	}
	// The single check-in reads meeting, member and roster at once; its
	// refusals must stay those of the page's checks.
	if err := f.s.Meeting.Record(sys, 987654, meeting.Entry{MemberID: f.m["a2"], Status: meeting.Present}); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("no such meeting: got %v, want not found", err)
	}
	insp := storetest.MustUser(t, f.s, "insp1", xuezuo.RoleInspector, f.b1.ID)
	if err := f.s.Meeting.Record(insp, m4.ID, meeting.Entry{MemberID: f.m["a2"], Status: meeting.Present}); xuezuo.ErrorCode(err) != xuezuo.EForbidden {
		t.Errorf("inspector of the branch: got %v, want forbidden", err)
	}
	sec1 := storetest.MustUser(t, f.s, "sec1", xuezuo.RoleSecretary, f.b1.ID)
	if err := f.s.Meeting.Record(sec1, m4.ID, meeting.Entry{MemberID: f.m["b1"], Guest: true}); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("guest outside the secretary's scope: got %v, want not found", err)
	}
	w, err := f.s.Meeting.Warnings(sys, m4.ID)
	must(t, err)
	if len(w) != 1 || w[0].Rule != "R7" {
		t.Errorf("assembly with 1 of 3 present: got %+v, want the R7 quorum warning", w)
	}
	n, err := f.s.Meeting.CloseRegister(sys, m4.ID)
	must(t, err)
	m, _ := f.s.Meeting.Get(sys, m4.ID)
	if n != 2 || m.Counts.Absent != 2 || !m.RegisterClosed {
		t.Errorf("close register: recorded %d, counts %+v", n, m.Counts)
	}
}

func TestCheckInWindow(t *testing.T) {
	t.Parallel()
	f := newFx(t)
	sys := storetest.System()
	now := storetest.Clock.T
	closed, err := f.s.Meeting.Create(sys, meeting.Input{OrgID: f.b3.ID, Kind: "theme_day", HeldOn: d(6, 15),
		CheckinFrom: now.Add(-2 * time.Hour), CheckinTo: now.Add(-time.Hour)})
	must(t, err)
	open, err := f.s.Meeting.Create(sys, meeting.Input{OrgID: f.b3.ID, Kind: "theme_day", HeldOn: d(6, 15),
		CheckinFrom: now.Add(-time.Hour), CheckinTo: now.Add(time.Hour), CheckinCode: "070100"})
	must(t, err)
	c1 := f.ctxOf["c1"]
	if err := f.s.Meeting.CheckIn(c1, closed.ID, ""); !strings.Contains(xuezuo.ErrorMessage(err), "签到已于") {
		t.Errorf("after the window: got %v", err)
	}
	if err := f.s.Meeting.CheckIn(c1, open.ID, "1234"); xuezuo.ErrorFields(err)["code"] == "" {
		t.Errorf("wrong code: got %v", err)
	}
	must(t, f.s.Meeting.CheckIn(c1, open.ID, "070100"))
	if err := f.s.Meeting.CheckIn(c1, open.ID, "070100"); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("second check-in: got %v, want conflict", err)
	}
	// The window binds only the member: the secretary still records late.
	must(t, f.s.Meeting.Record(sys, closed.ID, meeting.Entry{MemberID: f.m["c1"], Status: meeting.Present}))
	// A member of another branch cannot see the meeting at all.
	if err := f.s.Meeting.CheckIn(f.ctxOf["b1"], open.ID, "070100"); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("other branch's member: got %v, want not found", err)
	}
}

// TestSearchTotals compares search totals with a plain substring count for
// 1-, 2- and 5-character queries.
func TestSearchTotals(t *testing.T) {
	t.Parallel()
	f := newFx(t)
	sys := storetest.System()
	all, _, err := f.s.Reflection.List(sys, reflection.Filter{OrgID: f.root.ID, Limit: 100})
	must(t, err)
	if len(all) != 3 {
		t.Fatalf("submitted reflections: got %d, want 3 (drafts excluded)", len(all))
	}
	// Both plans: reading the scope's reflections, and asking the index.
	for _, scan := range []int64{5000, 0} {
		f.s.Store.SetScopeScan(scan)
		for _, q := range []string{"党", "党章", "系列重要讲", "担当", "没有的词", "重要讲话。", "讲话系列"} {
			want := 0
			for _, r := range all {
				if strings.Contains(r.Body, q) || strings.Contains(r.Title, q) {
					want++
				}
			}
			items, total, err := f.s.Reflection.List(sys, reflection.Filter{OrgID: f.root.ID, Q: q, Limit: 100})
			must(t, err)
			if total != want || len(items) != want {
				t.Errorf("scan up to %d members, q=%q: got total %d (%d items), want %d", scan, q, total, len(items), want)
			}
			// A page past the end still tells the total.
			items, total, err = f.s.Reflection.List(sys, reflection.Filter{OrgID: f.root.ID, Q: q, Limit: 20, Offset: 100})
			must(t, err)
			if total != want || len(items) != 0 {
				t.Errorf("q=%q past the end: got total %d (%d items), want %d", q, total, len(items), want)
			}
		}
	}
	// Scoped: U2 sees only a4's reflection, counted for B3 at submission.
	_, total, err := f.s.Reflection.List(sys, reflection.Filter{OrgID: f.u2.ID, Q: "党"})
	must(t, err)
	if total != 1 {
		t.Errorf("U2 search: got %d, want 1", total)
	}
	// One per member and topic.
	if _, err := f.s.Reflection.Submit(f.ctxOf["a2"], reflection.Input{TopicID: f.c.Topics[0].ID, Body: "再写一篇"}); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("second reflection: got %v, want conflict", err)
	}
}
