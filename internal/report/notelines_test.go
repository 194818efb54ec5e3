package report

import (
	"slices"
	"testing"
)

// TestNoteLinesGroupByRowAndTopic: the named branches come one paragraph
// per row and topic, in the order they first appear, each branch once.
func TestNoteLinesGroupByRowAndTopic(t *testing.T) {
	got := noteLines([]BranchNote{
		{Name: "文献党支部", RowName: "植物所党委", Topic: "专题2"},
		{Name: "发育党支部", RowName: "植物所党委", Topic: "专题1"},
		{Name: "发育党支部", RowName: "植物所党委", Topic: "专题2"},
		{Name: "质检党支部", RowName: "质检党支部", Topic: "专题1"},
	})
	want := []string{"植物所党委（专题2）：文献党支部、发育党支部", "植物所党委（专题1）：发育党支部", "专题1：质检党支部"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
