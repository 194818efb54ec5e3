package account_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// TestCachedActorsFollowEveryChange checks that the actor cache never serves
// an actor older than the database: each change below is made through a
// second set of services (another process, with its own cache) and must show
// at the next request through the first.
func TestCachedActorsFollowEveryChange(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	other := storetest.NewServices(s.Store, storetest.Clock)
	sys := storetest.System()
	root := storetest.MustCreateUnit(t, s, 0, "所党委")
	branch := storetest.MustCreateOrg(t, s, root.ID, "第一党支部", org.KindBranch)
	mem := storetest.MustCreateMember(t, s, branch.ID, "张三")
	u, err := s.Account.CreateUser(sys, "cached", "cached", storetest.Password)
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.Account.Grant(sys, u.ID, xuezuo.RoleOrgAdmin, root.ID)
	if err != nil {
		t.Fatal(err)
	}
	raw, _, err := s.Account.CreateToken(sys, u.ID, "t", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	bearer := func() *xuezuo.Actor {
		t.Helper()
		a, err := s.Account.Authenticate(context.Background(), raw)
		if err != nil {
			t.Fatalf("authenticate: %v", err)
		}
		return a
	}
	session := func() *xuezuo.Actor {
		t.Helper()
		a, err := s.Account.ActorFor(context.Background(), u.ID)
		if err != nil {
			t.Fatalf("actor for: %v", err)
		}
		return a
	}
	holds := func(a *xuezuo.Actor, role xuezuo.Role) bool { return slices.Contains(a.GrantOrgs(role), root.ID) }
	if !holds(bearer(), xuezuo.RoleOrgAdmin) || !holds(session(), xuezuo.RoleOrgAdmin) {
		t.Fatal("the grant is missing before any change")
	}
	bearer().Grants = nil // a caller's change must not reach the cache
	if !holds(bearer(), xuezuo.RoleOrgAdmin) {
		t.Error("a caller's change to its actor reached the next request")
	}
	if err := other.Account.Revoke(sys, g.ID); err != nil {
		t.Fatal(err)
	}
	if holds(bearer(), xuezuo.RoleOrgAdmin) || holds(session(), xuezuo.RoleOrgAdmin) {
		t.Error("a revoked grant was still served from the cache")
	}
	if _, err := other.Account.Grant(sys, u.ID, xuezuo.RoleInspector, root.ID); err != nil {
		t.Fatal(err)
	}
	if !holds(bearer(), xuezuo.RoleInspector) || !holds(session(), xuezuo.RoleInspector) {
		t.Error("a new grant did not show")
	}
	if err := other.Account.LinkMember(sys, u.ID, mem.ID, "张三"); err != nil {
		t.Fatal(err)
	}
	if bearer().MemberID != mem.ID || session().MemberID != mem.ID {
		t.Error("a new member link did not show")
	}
	if err := other.Account.SetDisabled(sys, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Account.Authenticate(context.Background(), raw); xuezuo.ErrorCode(err) != xuezuo.EUnauthenticated {
		t.Errorf("disabled account by token: got %v, want unauthenticated", err)
	}
	if _, err := s.Account.ActorFor(context.Background(), u.ID); xuezuo.ErrorCode(err) != xuezuo.EUnauthenticated {
		t.Errorf("disabled account by session: got %v, want unauthenticated", err)
	}
	if err := other.Account.SetDisabled(sys, u.ID, false); err != nil {
		t.Fatal(err)
	}
	tokens, err := other.Account.Tokens(sys, u.ID)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("tokens: %v %v", tokens, err)
	}
	if err := other.Account.RevokeToken(sys, tokens[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Account.Authenticate(context.Background(), raw); xuezuo.ErrorCode(err) != xuezuo.EUnauthenticated {
		t.Errorf("revoked token: got %v, want unauthenticated", err)
	}
}
