package account_test

import (
	"strings"
	"sync"
	"testing"

	"xuezuo"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// TestOneAccountPerMember: a member links to one account, and no admin
// account links to a member, whichever comes first (the link or the
// grant); each refusal names the field and says what to do.
func TestOneAccountPerMember(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	sys := storetest.System()
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	branch := storetest.MustCreateOrg(t, s, root.ID, "生态党支部", org.KindBranch)
	m := storetest.MustCreateMember(t, s, branch.ID, "张一")
	other := storetest.MustCreateMember(t, s, branch.ID, "王二")
	user := func(name string, role xuezuo.Role) xuezuo.ID {
		t.Helper()
		return xuezuo.ActorFrom(storetest.MustUser(t, s, name, role, 0)).UserID
	}
	first, second := user("zhangyi", ""), user("zhangyi2", "")
	secAdmin, sysAdmin, auditor := user("anquan", xuezuo.RoleSecurityAdmin), user("xitong", xuezuo.RoleSystemAdmin), user("shenji", xuezuo.RoleAuditor)
	if err := s.Account.LinkMember(sys, first, m.ID, "张一"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		user   xuezuo.ID
		member xuezuo.ID
		code   string // "" when accepted
		text   string
	}{
		{"the same link again", first, m.ID, "", ""},
		{"second account for the member", second, m.ID, xuezuo.EConflict, "该党员已关联账号 zhangyi"},
		{"second account, another member", second, other.ID, "", ""},
		{"security admin", secAdmin, other.ID, xuezuo.EInvalid, "不能关联党员"},
		{"system admin", sysAdmin, other.ID, xuezuo.EInvalid, "不能关联党员"},
		{"auditor", auditor, other.ID, xuezuo.EInvalid, "不能关联党员"},
		{"admin unlinked", auditor, 0, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Account.LinkMember(sys, tc.user, tc.member, "某某")
			if tc.code == "" {
				if err != nil {
					t.Fatalf("got %v, want accepted", err)
				}
				return
			}
			if xuezuo.ErrorCode(err) != tc.code || !strings.Contains(xuezuo.ErrorFields(err)["member_id"], tc.text) {
				t.Errorf("got %v (fields %v), want %s with %q on member_id", err, xuezuo.ErrorFields(err), tc.code, tc.text)
			}
		})
	}
	rows := storetest.QueryStrings(t, s.Store, "SELECT fields FROM audit_log WHERE action = 'user.unlink'")
	if len(rows) != 1 || rows[0] != "member_id,reason=manual" {
		t.Errorf("unlink by the security admin: rows %q, want one with reason=manual", rows)
	}
	// The grant after the link: an admin role is refused to a linked account.
	_, err := s.Account.Grant(sys, first, xuezuo.RoleAuditor, 0)
	if msg := xuezuo.ErrorFields(err)["role"]; !strings.Contains(msg, "已关联党员") {
		t.Errorf("auditor role for a linked account: got %v, want a role message", err)
	}
	if _, err := s.Account.Grant(sys, first, xuezuo.RoleOrgAdmin, branch.ID); err != nil {
		t.Errorf("org role for a linked account: %v", err)
	}
}

// TestConcurrentLinksOfOneMember: accounts linking one member at once —
// one wins, the others get the member_id message.
func TestConcurrentLinksOfOneMember(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	sys := storetest.System()
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	branch := storetest.MustCreateOrg(t, s, root.ID, "生态党支部", org.KindBranch)
	m := storetest.MustCreateMember(t, s, branch.ID, "张一")
	var ids []xuezuo.ID
	for _, name := range []string{"zhao", "qian", "sun", "li"} {
		ids = append(ids, xuezuo.ActorFrom(storetest.MustUser(t, s, name, "", 0)).UserID)
	}
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() { errs[i] = s.Account.LinkMember(sys, id, m.ID, "张一") })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if xuezuo.ErrorFields(err)["member_id"] == "" {
			t.Errorf("refused link: %v, want a member_id message", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d links succeeded, want 1", ok)
	}
}
