package member_test

import (
	"testing"

	"xuezuo"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

func TestTransferKeepsHistory(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := storetest.System()
	other := storetest.MustCreateOrg(t, f.s, f.unit.ID, "系统党支部", org.KindBranch)
	m := storetest.MustCreateMember(t, f.s, f.eco.ID, "冯四")
	on := xuezuo.NewDate(2026, 3, 1)
	if err := f.s.Member.Transfer(ctx, m.ID, other.ID, on); err != nil {
		t.Fatal(err)
	}
	ms, _, _, err := f.s.Member.History(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].OrgID != f.eco.ID || ms[0].To != on || ms[1].OrgID != other.ID || ms[1].From != on || !ms[1].To.IsZero() {
		t.Fatalf("memberships: got %+v", ms)
	}
	if err := f.s.Member.Transfer(ctx, m.ID, f.eco.ID, xuezuo.NewDate(2026, 2, 1)); xuezuo.ErrorCode(err) != xuezuo.EInvalid {
		t.Errorf("transfer dated before the current membership: got %v, want invalid", err)
	}
	if err := f.s.Member.Transfer(ctx, m.ID, f.unit.ID, xuezuo.Date{}); xuezuo.ErrorCode(err) != xuezuo.EInvalid {
		t.Errorf("transfer into a committee: got %v, want invalid", err)
	}
}

func TestMemberScopeAndPhone(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sys := storetest.System()
	m := storetest.MustCreateMember(t, f.s, f.eco.ID, "陈五")
	sec := storetest.MustUser(t, f.s, "shuji", xuezuo.RoleSecretary, f.eco.ID)
	insp := storetest.MustUser(t, f.s, "duzhi", xuezuo.RoleInspector, f.unit.ID)
	self := storetest.MustLinkMember(t, f.s, storetest.MustUser(t, f.s, "chenwu", xuezuo.RoleMember, f.eco.ID), m.ID)
	stranger := storetest.MustLinkMember(t, f.s, storetest.MustUser(t, f.s, "other", xuezuo.RoleMember, f.eco.ID),
		storetest.MustCreateMember(t, f.s, f.eco.ID, "褚六").ID)

	tests := []struct {
		name  string
		ctx   func() any
		phone string
		code  string
	}{
		{"secretary sees the full number", nil, "13812345678", ""},
		{"inspector sees it masked", nil, "138****5678", ""},
		{"the member sees the own record masked", nil, "138****5678", ""},
		{"another member gets not found", nil, "", xuezuo.ENotFound},
	}
	ctxs := []any{sec, insp, self, stranger}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.s.Member.Get(ctxOf(ctxs[i]), m.ID)
			if xuezuo.ErrorCode(err) != tc.code {
				t.Fatalf("got %v, want code %q", err, tc.code)
			}
			if err == nil && got.Phone != tc.phone {
				t.Errorf("phone: got %q, want %q", got.Phone, tc.phone)
			}
		})
	}
	// A member lists the branch and sees only the own record.
	p, err := f.s.Member.List(self, member.Filter{OrgID: f.eco.ID})
	if err != nil || p.Total != 1 || p.Items[0].ID != m.ID {
		t.Errorf("member lists the branch: got %+v, %v; want only self", p, err)
	}
	// The inspector reads but may not write.
	if _, err := f.s.Member.Update(insp, m.ID, storetest.MemberInput(f.eco.ID, "改名")); xuezuo.ErrorCode(err) != xuezuo.EForbidden {
		t.Errorf("inspector updates: got %v, want forbidden", err)
	}
	// Sending the masked number back does not overwrite the real one.
	in := storetest.MemberInput(f.eco.ID, "陈五")
	in.Phone = "138****5678"
	in.Status, in.StatusReason, in.StatusSince = "ill", "住院", xuezuo.NewDate(2026, 6, 1)
	if _, err := f.s.Member.Update(sec, m.ID, in); err != nil {
		t.Fatal(err)
	}
	got, _ := f.s.Member.Get(sys, m.ID)
	if got.Phone != "13812345678" || got.Status != "ill" {
		t.Errorf("after update: got phone %q status %q", got.Phone, got.Status)
	}
	_, st, _, _ := f.s.Member.History(sys, m.ID)
	if len(st) != 2 || st[1].Status != "ill" {
		t.Errorf("status history: got %+v, want normal then ill", st)
	}
}
