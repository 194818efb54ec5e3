package progress_test

import (
	"testing"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/progress"
	"xuezuo/internal/store/storetest"
)

// TestHidePeers: a member's view keeps the figures, drops the per-category
// counts and every peer's category, keeps the own line whole and lists an
// excluded peer who did not take part among those missing.
func TestHidePeers(t *testing.T) {
	t.Parallel()
	lines := []progress.MemberLine{
		{MemberID: 1, Name: "张自己", Category: "long_abroad"},
		{MemberID: 2, Name: "李同事", Category: "serious_illness"},
		{MemberID: 3, Name: "王同事", Participant: true, Category: "old_or_ill"},
		{MemberID: 4, Name: "赵出席", Participant: true},
		{MemberID: 5, Name: "钱未到"},
	}
	r := progress.Build(9, lines, meeting.ExclusionCategories)
	figures := [4]int{r.Roster, r.Excluded, r.Participants, r.Missing}
	r.HidePeers(1, lines)
	if got := [4]int{r.Roster, r.Excluded, r.Participants, r.Missing}; got != figures {
		t.Errorf("figures: got %v, want %v", got, figures)
	}
	if !r.PeersHidden || len(r.Exclusions) != 0 {
		t.Errorf("category counts: got %+v", r.Exclusions)
	}
	if len(r.ExcludedLines) != 1 || r.ExcludedLines[0].MemberID != 1 || r.ExcludedLines[0].Category != "long_abroad" {
		t.Errorf("excluded lines: got %+v, want only the own, whole", r.ExcludedLines)
	}
	for _, l := range append(r.ParticipantLines, r.MissingLines...) {
		if l.Category != "" {
			t.Errorf("%s shows category %q", l.Name, l.Category)
		}
	}
	if len(r.ParticipantLines) != 2 || len(r.MissingLines) != 2 || r.MissingLines[0].MemberID != 2 || r.MissingLines[1].MemberID != 5 {
		t.Errorf("lines: participants %+v, missing %+v", r.ParticipantLines, r.MissingLines)
	}
}

// TestParticipationByRole: the subtree's readers get the categories, a
// member of the branch gets the member's view.
func TestParticipationByRole(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	f := storetest.MustPrivacyFixture(t, s, "r_")
	for _, role := range []string{"secretary", "org_admin", "inspector", "member"} {
		r, err := s.Progress.Participation(f.Roles[role], f.Campaign.ID, f.Branch.ID, meeting.ExclusionCategories)
		if err != nil {
			t.Fatalf("%s: %v", role, err)
		}
		cats := map[xuezuo.ID]string{}
		for _, ls := range [][]progress.MemberLine{r.ParticipantLines, r.ExcludedLines, r.MissingLines} {
			for _, l := range ls {
				cats[l.MemberID] = l.Category
			}
		}
		hidden := role == "member"
		if r.PeersHidden != hidden || (cats[f.Excluded] == "") != hidden || cats[f.Self] != "long_abroad" {
			t.Errorf("%s: hidden %v, peer's category %q, own %q", role, r.PeersHidden, cats[f.Excluded], cats[f.Self])
		}
		recorded := 0
		for _, c := range r.Exclusions {
			recorded += c.Recorded
		}
		if want := map[bool]int{false: 2, true: 0}[hidden]; recorded != want {
			t.Errorf("%s: category counts sum to %d, want %d", role, recorded, want)
		}
	}
}
