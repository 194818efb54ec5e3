package store_test

import (
	"errors"
	"slices"
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/org"
	"xuezuo/internal/progress"
	"xuezuo/internal/store/storetest"
)

// TestLedgerAgreesWithRecords reads the register of the ledger fixture and
// checks every figure against the records: each meeting's sums equal the
// store's rollup Counts, the register's totals equal the branch's progress
// figures, and each cell shows its row.
func TestLedgerAgreesWithRecords(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	f := storetest.MustLedgerFixture(t, s)
	sys := storetest.System()
	l, err := s.Meeting.Ledger(sys, f.Branch.ID, f.Campaign.ID)
	if err != nil {
		t.Fatal(err)
	}
	if l.From != xuezuo.NewDate(2026, 1, 1) || l.To != xuezuo.NewDate(2026, 6, 15) || l.Made != xuezuo.NewDate(2026, 6, 15) {
		t.Errorf("window %s–%s made %s, want 2026-01-01–2026-06-15 made 2026-06-15", l.From, l.To, l.Made)
	}

	var ids []xuezuo.ID
	for _, m := range l.Meetings {
		ids = append(ids, m.ID)
		stored, err := s.Meeting.Get(sys, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Tally != stored.Counts {
			t.Errorf("meeting %s: register sums %+v, stored counts %+v", m.HeldOn, m.Tally, stored.Counts)
		}
	}
	if !slices.Equal(ids, f.Meetings) {
		t.Errorf("meetings: got %v, want %v (the window only, by date)", ids, f.Meetings)
	}

	// Hand-computed: 04-20 expects 张一 孙六 王二 赵四 (李三 excluded, 钱五 a
	// guest) and saw 张一 孙六; 05-20 expects 张一 周七 王二 and saw two;
	// 06-01 expects and saw 孙六.
	type sums struct{ expected, attended, makeups int }
	var got []sums
	for _, m := range l.Meetings {
		got = append(got, sums{m.Tally.Expected(), m.Tally.Attended(), m.Tally.Makeup})
	}
	if want := []sums{{4, 2, 2}, {3, 2, 0}, {1, 1, 0}}; !slices.Equal(got, want) {
		t.Errorf("meeting sums: got %v, want %v", got, want)
	}
	if tot := (sums{l.Total.Expected(), l.Total.Attended(), l.Total.Makeup}); tot != (sums{8, 5, 2}) {
		t.Errorf("total: got %v, want {8 5 2}", tot)
	}
	var memberSum sums
	for _, lm := range l.Members {
		memberSum.expected += lm.Tally.Expected()
		memberSum.attended += lm.Tally.Attended()
		memberSum.makeups += lm.Tally.Makeup
	}
	if memberSum != (sums{8, 5, 2}) {
		t.Errorf("members' sums: got %v, want the total {8 5 2}", memberSum)
	}

	rows, err := s.Progress.Progress(sys, f.Campaign.ID, f.Branch.ID, progress.ByBranch)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.OrgID != f.Branch.ID {
			continue
		}
		if r.AttendanceExpected != l.Total.Expected() || r.AttendancePresent != l.Total.Attended() || r.Makeups != l.Total.Makeup {
			t.Errorf("progress %d/%d makeups %d, register %d/%d makeups %d", r.AttendancePresent, r.AttendanceExpected, r.Makeups,
				l.Total.Attended(), l.Total.Expected(), l.Total.Makeup)
		}
	}

	cells := map[string][]string{}
	var names []string
	for _, lm := range l.Members {
		names = append(names, lm.Name)
		for _, c := range lm.Cells {
			cells[lm.Name] = append(cells[lm.Name], c.Text())
		}
	}
	// The roster by code point (周 < 孙 < 张 < 李 < 王 < 赵), then the guest.
	if want := []string{"周七", "孙六", "张一", "李三", "王二", "赵四", "钱五"}; !slices.Equal(names, want) {
		t.Errorf("members: got %v, want %v", names, want)
	}
	wantCells := map[string][]string{
		"张一": {"出席", "出席", "—"},
		"王二": {"请假（出差）\n补课 2026-04-25", "缺席", "—"},
		"李三": {"不计入应到（年老体弱）", "未登记", "—"},
		"赵四": {"缺席\n补课 2026-04-28（自学）", "未登记", "—"},
		"孙六": {"远程参加", "未登记", "出席"},
		"周七": {"—", "出席", "—"},
		"钱五": {"列席", "—", "—"},
	}
	for name, want := range wantCells {
		if !slices.Equal(cells[name], want) {
			t.Errorf("%s: got %q, want %q", name, cells[name], want)
		}
	}
	for _, lm := range l.Members {
		switch lm.Name {
		case "赵四":
			if lm.Exclusion == nil || lm.Exclusion.Category != "long_abroad" || lm.Exclusion.Reason != "赴德国访学" {
				t.Errorf("赵四's campaign exclusion: got %+v", lm.Exclusion)
			}
		case "钱五":
			if lm.OnRoster {
				t.Error("the guest 钱五 is on the roster")
			}
		default:
			if lm.Exclusion != nil || !lm.OnRoster {
				t.Errorf("%s: exclusion %+v, on roster %v", lm.Name, lm.Exclusion, lm.OnRoster)
			}
		}
	}
}

// TestLedgerRefuses checks who may read a register and for what.
func TestLedgerRefuses(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	f := storetest.MustLedgerFixture(t, s)
	sys := storetest.System()
	other := storetest.MustCreateUnit(t, s, 0, "外单位党委")
	otherBranch := storetest.MustCreateOrg(t, s, other.ID, "外单位党支部", org.KindBranch)
	foreign, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: other.ID, Title: "外单位学习教育", Start: xuezuo.NewDate(2026, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Campaign.Publish(sys, foreign.ID); err != nil {
		t.Fatal(err)
	}
	draft, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: f.Unit.ID, Title: "草稿学习教育", Start: xuezuo.NewDate(2026, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	secretary := storetest.MustUser(t, s, "eco_secretary", xuezuo.RoleSecretary, f.Branch.ID)
	auditor := storetest.MustUser(t, s, "auditor", xuezuo.RoleAuditor, 0)

	tests := []struct {
		name     string
		ctx      bool // true: the branch secretary; false: the auditor
		org, cid xuezuo.ID
		code     string
		field    string
	}{
		{"own branch and campaign", true, f.Branch.ID, f.Campaign.ID, "", ""},
		{"a group of the branch", true, f.Group.ID, f.Campaign.ID, "", ""},
		{"a branch outside the subtree", true, f.Other.ID, f.Campaign.ID, xuezuo.ENotFound, ""},
		{"a foreign org", true, otherBranch.ID, foreign.ID, xuezuo.ENotFound, ""},
		{"a campaign the secretary cannot see", true, f.Branch.ID, foreign.ID, xuezuo.ENotFound, ""},
		{"a draft campaign", true, f.Branch.ID, draft.ID, xuezuo.ENotFound, ""},
		{"no campaign", true, f.Branch.ID, 0, xuezuo.EInvalid, "campaign"},
		{"an admin role", false, f.Branch.ID, f.Campaign.ID, xuezuo.EForbidden, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := auditor
			if tc.ctx {
				ctx = secretary
			}
			_, err := s.Meeting.Ledger(ctx, tc.org, tc.cid)
			if got := xuezuo.ErrorCode(err); err != nil && got != tc.code || err == nil && tc.code != "" {
				t.Fatalf("got %v (%s), want code %q", err, got, tc.code)
			}
			if tc.field != "" {
				var e *xuezuo.Error
				if !errors.As(err, &e) || e.Fields[tc.field] == "" {
					t.Errorf("got %v, want a message on field %q", err, tc.field)
				}
			}
		})
	}

	// Organisers see drafts, but a draft keeps no register yet; a campaign
	// whose scope misses the org has none either.
	if _, err := s.Meeting.Ledger(sys, f.Branch.ID, draft.ID); xuezuo.ErrorCode(err) != xuezuo.EInvalid {
		t.Errorf("draft as organiser: got %v, want invalid", err)
	}
	if _, err := s.Meeting.Ledger(sys, otherBranch.ID, f.Campaign.ID); xuezuo.ErrorCode(err) != xuezuo.EInvalid {
		t.Errorf("branch outside the campaign's scope: got %v, want invalid", err)
	}
	if _, err := s.Meeting.Ledger(sys, f.Unit.ID, f.Campaign.ID); xuezuo.ErrorCode(err) != xuezuo.EInvalid {
		t.Errorf("a unit: got %v, want invalid (registers are per branch)", err)
	}
}
