package meeting_test

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/storetest"
)

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

// openWindow is a self check-in window around the fixtures' clock.
func openWindow(in meeting.Input) meeting.Input {
	now := storetest.Clock.Now()
	in.HeldOn, in.CheckinFrom, in.CheckinTo = xuezuo.DateOf(now), now.Add(-time.Hour), now.Add(time.Hour)
	return in
}

func TestNewCheckinCode(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 200 {
		c, err := meeting.NewCheckinCode()
		if err != nil {
			t.Fatal(err)
		}
		if !sixDigits.MatchString(c) {
			t.Fatalf("code %q, want 6 digits", c)
		}
		seen[c] = true
	}
	if len(seen) < 190 {
		t.Errorf("200 codes gave only %d distinct ones", len(seen))
	}
}

func TestCheckinCodeRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := []struct {
		name  string
		in    meeting.Input
		field string // "" → created
		want  string // the stored code; "gen" → any 6 digits
	}{
		{"window without a code gets one", openWindow(meeting.Input{}), "", "gen"},
		{"typed 6 digits kept", openWindow(meeting.Input{CheckinCode: "418206"}), "", "418206"},
		{"typed 4 digits refused", openWindow(meeting.Input{CheckinCode: "0701"}), "checkin_code", ""},
		{"letters refused", openWindow(meeting.Input{CheckinCode: "abcdef"}), "checkin_code", ""},
		{"code without a window refused", meeting.Input{HeldOn: xuezuo.NewDate(2026, 6, 1), CheckinCode: "418206"}, "checkin_code", ""},
		{"no window, no code", meeting.Input{HeldOn: xuezuo.NewDate(2026, 6, 1)}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.OrgID, in.Kind = f.branch.ID, "theme_day"
			m, err := f.s.Meeting.Create(f.secretary, in)
			if tc.field != "" {
				if xuezuo.ErrorFields(err)[tc.field] == "" {
					t.Fatalf("got %v, want a message on %s", err, tc.field)
				}
				if msg := xuezuo.ErrorFields(err)[tc.field]; !strings.Contains(msg, "签到") {
					t.Errorf("message %q is not about the check-in code", msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := f.s.Meeting.Get(f.secretary, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.want == "gen" && !sixDigits.MatchString(got.CheckinCode):
				t.Errorf("stored code %q, want 6 digits", got.CheckinCode)
			case tc.want != "gen" && got.CheckinCode != tc.want:
				t.Errorf("stored code %q, want %q", got.CheckinCode, tc.want)
			}
		})
	}
}

func TestCheckinCodeKeptOnEdit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.meeting(t, openWindow(meeting.Input{}))
	// A code typed before codes were generated (free text, 4 digits).
	if err := storetest.Exec(t, f.s.Store, fmt.Sprintf("UPDATE meetings SET checkin_code = '0701' WHERE id = %d", m.ID)); err != nil {
		t.Fatal(err)
	}
	edit := func(code string) *meeting.Meeting {
		t.Helper()
		got, err := f.s.Meeting.Update(f.secretary, m.ID, meeting.Edit{Title: "改名", HeldOn: m.HeldOn,
			CheckinFrom: m.CheckinFrom, CheckinTo: m.CheckinTo, CheckinCode: code})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := edit("0701"); got.CheckinCode != "0701" {
		t.Errorf("old code sent back unchanged: got %q, want it kept", got.CheckinCode)
	}
	if _, err := f.s.Meeting.Update(f.secretary, m.ID, meeting.Edit{HeldOn: m.HeldOn, CheckinFrom: m.CheckinFrom,
		CheckinTo: m.CheckinTo, CheckinCode: "0702"}); xuezuo.ErrorFields(err)["checkin_code"] == "" {
		t.Errorf("a new 4-digit code: got %v, want a message on checkin_code", err)
	}
	if got := edit(""); !sixDigits.MatchString(got.CheckinCode) {
		t.Errorf("cleared code: got %q, want a new generated one", got.CheckinCode)
	}
	// The old code still works for members of a meeting that kept it.
	if err := storetest.Exec(t, f.s.Store, fmt.Sprintf("UPDATE meetings SET checkin_code = '0701' WHERE id = %d", m.ID)); err != nil {
		t.Fatal(err)
	}
	if err := f.s.Meeting.CheckIn(f.reader, m.ID, "0701"); err != nil {
		t.Errorf("old code: %v", err)
	}
}

func TestCheckinCodeShownToWritersOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.meeting(t, openWindow(meeting.Input{CheckinCode: "418206"}))
	for _, tc := range []struct {
		name string
		who  func() (string, error)
		want string
	}{
		{"secretary", func() (string, error) { g, err := f.s.Meeting.Get(f.secretary, m.ID); return code(g), err }, "418206"},
		{"member", func() (string, error) { g, err := f.s.Meeting.Get(f.reader, m.ID); return code(g), err }, ""},
		{"inspector", func() (string, error) { g, err := f.s.Meeting.Get(f.inspect, m.ID); return code(g), err }, ""},
		{"member's list", func() (string, error) {
			ms, _, err := f.s.Meeting.List(f.reader, f.branch.ID, meeting.Filter{})
			if len(ms) == 0 {
				return "", err
			}
			return ms[0].CheckinCode, err
		}, ""},
		{"secretary's list", func() (string, error) {
			ms, _, err := f.s.Meeting.List(f.secretary, f.branch.ID, meeting.Filter{})
			if len(ms) == 0 {
				return "", err
			}
			return ms[0].CheckinCode, err
		}, "418206"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.who()
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got code %q, want %q", got, tc.want)
			}
		})
	}
}

func code(m *meeting.Meeting) string {
	if m == nil {
		return ""
	}
	return m.CheckinCode
}

// auditCount counts audit rows of one action on a meeting.
func auditCount(t *testing.T, f *fixture, action string, meetingID xuezuo.ID) int {
	t.Helper()
	got := storetest.QueryStrings(t, f.s.Store, fmt.Sprintf(
		"SELECT COUNT(*) FROM audit_log WHERE action = '%s' AND target_id = %d AND outcome = 'denied'", action, meetingID))
	n := 0
	fmt.Sscan(got[0], &n)
	return n
}

func TestCheckinWrongCodeLimit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.meeting(t, openWindow(meeting.Input{CheckinCode: "418206"}))
	for i := 1; i < meeting.CheckinTries; i++ {
		err := f.s.Meeting.CheckIn(f.reader, m.ID, fmt.Sprintf("%06d", i))
		msg := xuezuo.ErrorFields(err)["code"]
		if want := fmt.Sprintf("还可再试 %d 次", meeting.CheckinTries-i); !strings.Contains(msg, want) {
			t.Fatalf("wrong try %d: got %v, want a code message with %q", i, err, want)
		}
	}
	// The tenth wrong try locks; so is every try after it, the right code too.
	for _, c := range []string{"000010", "418206", "418206"} {
		err := f.s.Meeting.CheckIn(f.reader, m.ID, c)
		if xuezuo.ErrorCode(err) != xuezuo.EConflict || !strings.Contains(xuezuo.ErrorMessage(err), "支部书记") {
			t.Fatalf("code %s after the limit: got %v, want a conflict telling to ask the secretary", c, err)
		}
	}
	got, _ := f.s.Meeting.Get(f.secretary, m.ID)
	if got.Counts.Present != 0 {
		t.Errorf("present %d after the lock, want 0", got.Counts.Present)
	}
	wrong, refused, err := f.s.Store.CheckinGuard(storetest.System(), m.ID, f.m[2].ID)
	if err != nil || wrong != meeting.CheckinTries || refused != 2 {
		t.Errorf("guard: wrong %d refused %d (%v), want %d and 2", wrong, refused, err, meeting.CheckinTries)
	}
	if n := auditCount(t, f, meeting.ActionCheckinWrong, m.ID); n != meeting.CheckinTries {
		t.Errorf("%d wrong-code audit rows, want %d", n, meeting.CheckinTries)
	}
	if n := auditCount(t, f, meeting.ActionCheckinLocked, m.ID); n != 1 {
		t.Errorf("%d lock audit rows, want 1", n)
	}
	// Another member of the branch is not locked by it, and the secretary
	// still records the locked member.
	other := storetest.MustLinkMember(t, f.s, storetest.MustUser(t, f.s, "eco_member2", xuezuo.RoleMember, f.branch.ID), f.m[1].ID)
	if err := f.s.Meeting.CheckIn(other, m.ID, "418206"); err != nil {
		t.Errorf("another member: %v", err)
	}
	if err := f.s.Meeting.Record(f.secretary, m.ID, meeting.Entry{MemberID: f.m[2].ID, Status: meeting.Present}); err != nil {
		t.Errorf("secretary records the locked member: %v", err)
	}
}

// TestCheckinWrongCodeConcurrent fires 15 wrong codes at once: at most 10
// are judged, the rest refused, and the right code afterwards is refused.
func TestCheckinWrongCodeConcurrent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.meeting(t, openWindow(meeting.Input{CheckinCode: "418206"}))
	const n = 15
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = f.s.Meeting.CheckIn(f.reader, m.ID, fmt.Sprintf("9%05d", i)) })
	}
	wg.Wait()
	judged, locked := 0, 0
	for _, err := range errs {
		switch {
		case xuezuo.ErrorFields(err)["code"] != "":
			judged++
		case xuezuo.ErrorCode(err) == xuezuo.EConflict:
			locked++
		default:
			t.Errorf("unexpected answer %v", err)
		}
	}
	// The tenth wrong try answers with the lock message, so 9 + 6.
	if judged != meeting.CheckinTries-1 || locked != n-judged {
		t.Errorf("%d judged, %d locked; want %d and %d", judged, locked, meeting.CheckinTries-1, n-meeting.CheckinTries+1)
	}
	if err := f.s.Meeting.CheckIn(f.reader, m.ID, "418206"); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("right code after the burst: got %v, want refused", err)
	}
	wrong, _, err := f.s.Store.CheckinGuard(storetest.System(), m.ID, f.m[2].ID)
	if err != nil || wrong != meeting.CheckinTries {
		t.Errorf("wrong tries counted %d (%v), want %d", wrong, err, meeting.CheckinTries)
	}
	if n := auditCount(t, f, meeting.ActionCheckinWrong, m.ID); n != meeting.CheckinTries {
		t.Errorf("%d wrong-code audit rows, want %d", n, meeting.CheckinTries)
	}
}
