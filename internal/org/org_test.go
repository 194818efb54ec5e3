package org

import (
	"testing"

	"xuezuo"
)

func dateForTest() xuezuo.Date { return xuezuo.NewDate(2020, 1, 1) }

func TestParentRule(t *testing.T) {
	t.Parallel()
	committee := &Org{Kind: KindCommittee}
	gb := &Org{Kind: KindGeneralBranch}
	branch := &Org{Kind: KindBranch}
	dissolved := &Org{Kind: KindCommittee, DissolvedOn: dateForTest()}
	tests := []struct {
		name   string
		kind   Kind
		parent *Org
		ok     bool
	}{
		{"committee root", KindCommittee, nil, true},
		{"branch root", KindBranch, nil, false},
		{"committee under committee", KindCommittee, committee, true},
		{"general branch under committee", KindGeneralBranch, committee, true},
		{"general branch under general branch", KindGeneralBranch, gb, false},
		{"branch under general branch", KindBranch, gb, true},
		{"branch under branch", KindBranch, branch, false},
		{"group under branch", KindGroup, branch, true},
		{"group under committee", KindGroup, committee, false},
		{"under dissolved", KindBranch, dissolved, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := parentRule(tc.kind, tc.parent) == ""
			if got != tc.ok {
				t.Errorf("got ok=%v, want %v", got, tc.ok)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	committee := &Org{Kind: KindCommittee}
	tests := []struct {
		name  string
		in    Input
		field string // "" when valid
	}{
		{"valid branch", Input{Name: "生态党支部", Kind: KindBranch, OrgKind: "research"}, ""},
		{"empty name", Input{Name: "  ", Kind: KindBranch}, "name"},
		{"bad kind", Input{Name: "x", Kind: "club"}, "kind"},
		{"bad org kind", Input{Name: "x", Kind: KindBranch, OrgKind: "army"}, "org_kind"},
		{"joint with one workplace", Input{Name: "x", Kind: KindBranch, Joint: true, Workplaces: []string{"甲"}}, "workplaces"},
		{"joint and temporary", Input{Name: "x", Kind: KindBranch, Joint: true, Temporary: true, Workplaces: []string{"甲", "乙"}}, "temporary"},
		{"group under committee", Input{Name: "第一党小组", Kind: KindGroup}, "parent_id"},
		{"nul in name", Input{Name: "生态\x00党支部", Kind: KindBranch}, "name"},
		{"bidi override in name", Input{Name: "生态\u202E党支部", Kind: KindBranch}, "name"},
		{"zero-width joiner in name", Input{Name: "生态\u200D党支部", Kind: KindBranch}, "name"},
		{"non-character in name", Input{Name: "生态\uFFFE", Kind: KindBranch}, "name"},
		{"control character in a workplace", Input{Name: "x", Kind: KindBranch, Joint: true, Workplaces: []string{"甲", "乙\x1b"}}, "workplaces"},
		{"bom in approval", Input{Name: "x", Kind: KindBranch, Approval: "\uFEFF党委〔2016〕1号"}, "approval"},
		{"established 0000-01-01", Input{Name: "x", Kind: KindBranch, Established: xuezuo.Date{Y: 0, M: 1, D: 1}}, "established"},
		{"established 9999-12-31", Input{Name: "x", Kind: KindBranch, Established: xuezuo.Date{Y: 9999, M: 12, D: 31}}, "established"},
		{"established on the founding day", Input{Name: "x", Kind: KindBranch, Established: xuezuo.Date{Y: 1921, M: 7, D: 1}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := validate(tc.in, committee, xuezuo.Date{Y: 2026, M: 6, D: 15})
			if tc.field == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			if _, ok := xuezuo.ErrorFields(err)[tc.field]; !ok {
				t.Errorf("got %v, want an error on %q", err, tc.field)
			}
		})
	}
}
