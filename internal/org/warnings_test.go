package org

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	branch := &Org{Kind: KindBranch}
	joint := &Org{Kind: KindBranch, Joint: true, Workplaces: []string{"a", "b", "c", "d", "e", "f"}}
	gb := &Org{Kind: KindGeneralBranch}
	gbApproved := &Org{Kind: KindGeneralBranch, Approval: "京区党委 2016-03 批复"}
	unit := &Org{Kind: KindCommittee, IsUnit: true}
	tests := []struct {
		name string
		org  *Org
		c    Counts
		want []string // rule codes, in order
	}{
		{"healthy branch", branch, Counts{Members: 20, Full: 18, CommitteePosts: 3}, nil},
		{"two full members", branch, Counts{Members: 2, Full: 2}, []string{"R1"}},
		{"exactly three is enough", branch, Counts{Members: 3, Full: 3}, nil},
		{"fifty-one members", branch, Counts{Members: 51, Full: 51, CommitteePosts: 5}, []string{"R1"}},
		{"seven full without committee", branch, Counts{Members: 8, Full: 7, CommitteePosts: 1}, []string{"R2"}},
		{"six full needs no committee", branch, Counts{Members: 6, Full: 6}, nil},
		{"committee too large", branch, Counts{Members: 40, Full: 40, CommitteePosts: 8}, []string{"R2"}},
		{"joint covering six", joint, Counts{Members: 5, Full: 2}, []string{"R1"}},
		{"small general branch", gb, Counts{Members: 40}, []string{"R3"}},
		{"approved general branch", gbApproved, Counts{Members: 40}, nil},
		{"small unit", unit, Counts{Members: 90}, []string{"R3"}},
		{"large unit", unit, Counts{Members: 101}, nil},
		{"dissolved", &Org{Kind: KindBranch, DissolvedOn: dateForTest()}, Counts{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, w := range Check(tc.org, tc.c) {
				got = append(got, w.Rule)
				if w.Message == "" {
					t.Errorf("warning %s has no message", w.Rule)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
