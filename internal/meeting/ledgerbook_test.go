package meeting_test

import (
	"slices"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// TestLedgerBookByRole: a unit's organiser and inspector get a register
// per branch of the unit; the branch's secretary and member do not get the
// unit's (not found: the unit is outside their subtree), and the member
// not the branch's either (forbidden, as for a branch's own register).
func TestLedgerBookByRole(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	f := storetest.MustPrivacyFixture(t, s, "b_")
	tests := []struct {
		role     string
		org      xuezuo.ID
		code     string
		branches int
	}{
		{"org_admin", f.Unit.ID, "", 1}, {"inspector", f.Unit.ID, "", 1},
		{"secretary", f.Unit.ID, xuezuo.ENotFound, 0}, {"member", f.Unit.ID, xuezuo.ENotFound, 0},
		{"secretary", f.Branch.ID, "", 1}, {"member", f.Branch.ID, xuezuo.EForbidden, 0},
	}
	for _, tc := range tests {
		b, err := s.Meeting.LedgerBook(f.Roles[tc.role], tc.org, f.Campaign.ID)
		if got := xuezuo.ErrorCode(err); got != tc.code {
			t.Errorf("%s on org %d: got %q (%v), want %q", tc.role, tc.org, got, err, tc.code)
			continue
		}
		if err == nil && len(b.Ledgers) != tc.branches {
			t.Errorf("%s on org %d: got %d registers, want %d", tc.role, tc.org, len(b.Ledgers), tc.branches)
		}
	}
}

// TestLedgerBookScope: a unit's book holds its branches in the campaign's
// scope, in tree order, groups inside their branch; a general branch's its
// own branches; a committee above the units none.
func TestLedgerBookScope(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	f := storetest.MustLedgerFixture(t, s)
	sys := storetest.System()
	gb := storetest.MustCreateOrg(t, s, f.Unit.ID, "机关党总支", org.KindGeneralBranch)
	storetest.MustCreateOrg(t, s, gb.ID, "机关第一党支部", org.KindBranch)
	// A campaign of the general branch alone reaches the unit's book only
	// through that branch.
	c, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: f.Unit.ID, Title: "机关学习教育", Start: xuezuo.NewDate(2026, 1, 1),
		Scope: campaign.ScopeOrgs, ScopeOrgs: []xuezuo.ID{gb.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Campaign.Publish(sys, c.ID); err != nil {
		t.Fatal(err)
	}
	names := func(b *meeting.LedgerBook) []string {
		var out []string
		for _, l := range b.Ledgers {
			out = append(out, l.Org.Name)
		}
		return out
	}
	tests := []struct {
		name     string
		org, cid xuezuo.ID
		want     []string
		code     string
	}{
		{"unit, whole campaign", f.Unit.ID, f.Campaign.ID, []string{"生态党支部", "系统党支部", "机关第一党支部"}, ""},
		{"unit, one general branch's campaign", f.Unit.ID, c.ID, []string{"机关第一党支部"}, ""},
		{"general branch", gb.ID, f.Campaign.ID, []string{"机关第一党支部"}, ""},
		{"branch", f.Branch.ID, f.Campaign.ID, []string{"生态党支部"}, ""},
		{"branch outside the campaign", f.Branch.ID, c.ID, nil, xuezuo.EInvalid},
		{"committee above the unit", f.Unit.ParentID, f.Campaign.ID, nil, xuezuo.EInvalid},
		{"no campaign", f.Unit.ID, 0, nil, xuezuo.EInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := s.Meeting.LedgerBook(sys, tc.org, tc.cid)
			if got := xuezuo.ErrorCode(err); got != tc.code {
				t.Fatalf("got %q (%v), want %q", got, err, tc.code)
			}
			if err != nil {
				return
			}
			if got := names(b); !slices.Equal(got, tc.want) {
				t.Errorf("registers %v, want %v", got, tc.want)
			}
		})
	}
	// The unit's register of 生态党支部 is the branch's own, group included.
	b, err := s.Meeting.LedgerBook(sys, f.Unit.ID, f.Campaign.ID)
	if err != nil {
		t.Fatal(err)
	}
	own, err := s.Meeting.Ledger(sys, f.Branch.ID, f.Campaign.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.Ledgers[0].Total, own.Total; got != want || len(b.Ledgers[0].Members) != len(own.Members) {
		t.Errorf("unit's 生态党支部 register: total %+v, %d members; want %+v, %d", got, len(b.Ledgers[0].Members), want, len(own.Members))
	}
	cs, err := s.Meeting.LedgerCampaigns(sys, f.Unit.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 {
		t.Errorf("unit's register campaigns: got %d, want 2 (its own and the general branch's)", len(cs))
	}
}

// TestMeetingWhen: the printed date, with the planned time of day when it
// falls on the meeting date.
func TestMeetingWhen(t *testing.T) {
	t.Parallel()
	day := xuezuo.NewDate(2016, 4, 28)
	tests := []struct {
		name    string
		planned time.Time
		want    string
	}{
		{"date only", time.Time{}, "2016年4月28日"},
		{"with time, Beijing", time.Date(2016, 4, 28, 6, 30, 0, 0, time.UTC), "2016年4月28日 14:30"},
		{"planned for another day", time.Date(2016, 4, 27, 9, 0, 0, 0, xuezuo.Beijing), "2016年4月28日"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := meeting.Meeting{HeldOn: day, PlannedAt: tc.planned}
			if got := m.When(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
