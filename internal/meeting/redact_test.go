package meeting

import (
	"testing"

	"xuezuo/internal/member"
)

// TestRedactRow: a peer's row keeps only whether the peer attended; the
// reason goes whatever the status.
func TestRedactRow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status, reason string
		want           string
	}{
		{Present, "备注", Present}, {Remote, "", Remote}, {Leave, "住院", NotAttended},
		{Absent, "说明", NotAttended}, {Excluded, "serious_illness", NotAttended}, {Guest, "来宾", Guest},
	}
	for _, tc := range tests {
		got := redactRow(Row{MemberID: 7, MemberName: "李同事", Status: tc.status, Reason: tc.reason})
		if got.Status != tc.want || got.Reason != "" || got.MemberName != "李同事" {
			t.Errorf("%s/%s: got %+v, want status %s and no reason", tc.status, tc.reason, got, tc.want)
		}
	}
	if got := StatusText(NotAttended, ""); got != NotAttendedLabel {
		t.Errorf("StatusText(NotAttended): got %q", got)
	}
}

// TestRedactRoster keeps the own line whole and strips the peers' lines,
// proposals and records; with no linked member every line is a peer's.
func TestRedactRoster(t *testing.T) {
	t.Parallel()
	mk := func() ([]RosterMember, []Row) {
		return []RosterMember{
				{Member: member.Member{ID: 1, Name: "张自己", Phone: "13800000001", StatusReason: "住院"}, Row: &Row{MemberID: 1, Status: Leave, Reason: "出差"}},
				{Member: member.Member{ID: 2, Name: "李同事", Phone: "13800000002", StatusReason: "住院"}, Row: &Row{MemberID: 2, Status: Leave, Reason: "化疗"}},
				{Member: member.Member{ID: 3, Name: "王同事", Standing: "full"}, Proposed: Excluded, ProposedReason: "serious_illness"},
			}, []Row{
				{MemberID: 1, Status: Guest, Reason: "本人"}, {MemberID: 9, Status: Guest, Reason: "他人"},
			}
	}
	roster, guests := mk()
	redactRoster(1, roster, guests)
	if r := roster[0]; r.Row.Reason != "出差" || r.Phone != "13800000001" || r.StatusReason != "住院" {
		t.Errorf("own line: got %+v", r)
	}
	if r := roster[1]; r.Row.Status != NotAttended || r.Row.Reason != "" || r.Phone != "" || r.StatusReason != "" || r.Name != "李同事" {
		t.Errorf("peer line: got %+v %+v", r, r.Row)
	}
	if r := roster[2]; r.Proposed != "" || r.ProposedReason != "" || r.Standing != "" {
		t.Errorf("peer proposal: got %+v", r)
	}
	if guests[0].Reason != "本人" || guests[1].Reason != "" {
		t.Errorf("guests: got %+v", guests)
	}
	roster, guests = mk()
	redactRoster(0, roster, guests)
	if roster[0].Row.Reason != "" || guests[0].Reason != "" {
		t.Errorf("an account without a member sees no line whole: %+v %+v", roster[0].Row, guests[0])
	}
}

// TestOwnExclusions keeps the actor's own exclusion only, and none for an
// account without a member.
func TestOwnExclusions(t *testing.T) {
	t.Parallel()
	list := []Exclusion{{MemberID: 1, Reason: "本人"}, {MemberID: 2, Reason: "他人"}}
	if got := ownExclusions(1, list); len(got) != 1 || got[0].Reason != "本人" {
		t.Errorf("own: got %+v", got)
	}
	if got := ownExclusions(0, list); got == nil || len(got) != 0 {
		t.Errorf("no member: got %#v, want an empty list", got)
	}
}
