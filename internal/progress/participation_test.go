package progress

import (
	"math"
	"testing"

	"xuezuo/internal/member"
)

// TestSeed003 is the worked example of domain.md §3.2: 552 members, 73
// excluded as long abroad and 18 as too old or ill, 463 took part, two of
// them excluded members who came anyway.
func TestSeed003(t *testing.T) {
	t.Parallel()
	var lines []MemberLine
	add := func(n int, participant bool, cat string) {
		for range n {
			lines = append(lines, MemberLine{MemberID: int64(len(lines) + 1), Participant: participant, Category: cat})
		}
	}
	add(72, false, "long_abroad")
	add(1, true, "long_abroad")
	add(17, false, "old_or_ill")
	add(1, true, "old_or_ill")
	add(461, true, "")
	cats := []member.Option{{Code: "long_abroad", Label: "长期出国（境）"}, {Code: "old_or_ill", Label: "年老体弱"}}
	r := Build(1, lines, cats)
	if r.Roster != 552 || r.Participants != 463 || r.Excluded != 89 || r.Missing != 0 {
		t.Fatalf("N/P/E/missing: got %d/%d/%d/%d, want 552/463/89/0", r.Roster, r.Participants, r.Excluded, r.Missing)
	}
	if r.Exclusions[0].Recorded != 73 || r.Exclusions[1].Recorded != 18 || r.Exclusions[0].Counted != 72 || r.Exclusions[1].Counted != 17 {
		t.Errorf("exclusions: got %+v", r.Exclusions)
	}
	if math.Abs(r.Gross-463.0/552) > 1e-12 || r.Net != 1 {
		t.Errorf("rates: got gross %.4f net %.4f, want 0.8388 and 1", r.Gross, r.Net)
	}
	if len(r.ParticipantLines) != 463 || len(r.ExcludedLines) != 89 || len(r.MissingLines) != 0 {
		t.Errorf("drill-down lines: %d/%d/%d", len(r.ParticipantLines), len(r.ExcludedLines), len(r.MissingLines))
	}
}
