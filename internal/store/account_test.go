package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/audit"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// clock is a settable clock for lockout tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func TestLoginLockout(t *testing.T) {
	t.Parallel()
	clk := &clock{t: storetest.Clock.T}
	s := storetest.NewServices(storetest.Open(t), clk)
	storetest.MustUser(t, s, "shuji", "", 0)
	ctx := context.Background()
	for i := 1; i <= 4; i++ {
		if _, err := s.Account.Login(ctx, "shuji", "wrong", "127.0.0.1"); err == nil || !strings.Contains(xuezuo.ErrorMessage(err), "用户名或密码错误") {
			t.Fatalf("failure %d: got %v", i, err)
		}
	}
	_, err := s.Account.Login(ctx, "shuji", "wrong", "127.0.0.1")
	if !errors.Is(err, account.ErrLockedNow) || xuezuo.ErrorMessage(err) != "用户名或密码错误" {
		t.Fatalf("fifth failure: got %v, want the same answer with the lock as its cause", err)
	}
	// Locked: even the right password is refused, with the same answer.
	if _, err := s.Account.Login(ctx, "shuji", storetest.Password, "127.0.0.1"); xuezuo.ErrorMessage(err) != "用户名或密码错误" {
		t.Fatalf("right password while locked: got %v, want refused", err)
	}
	// The lock holds the pair: the owner elsewhere still logs in.
	if _, err := s.Account.Login(ctx, "shuji", storetest.Password, "192.0.2.77"); err != nil {
		t.Fatalf("right password from another address: got %v, want a login", err)
	}
	clk.add(14 * time.Minute)
	if _, err := s.Account.Login(ctx, "shuji", storetest.Password, "127.0.0.1"); err == nil {
		t.Fatal("login 14 minutes after lock succeeded, want still locked")
	}
	clk.add(2 * time.Minute)
	a, err := s.Account.Login(ctx, "shuji", storetest.Password, "127.0.0.1")
	if err != nil || a.Username != "shuji" {
		t.Fatalf("login after the lock: got %v, %v", a, err)
	}
	// Unknown users get the same message as wrong passwords.
	if _, err := s.Account.Login(ctx, "nobody", "x", ""); xuezuo.ErrorMessage(err) != "用户名或密码错误" {
		t.Errorf("unknown user: got %v", err)
	}
	entries, _, err := s.Audit.List(storetest.System(), audit.Filter{Action: "login"})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range entries {
		counts[e.Action]++
	}
	// 5 wrong, then 2 refused while locked; 2 logins (elsewhere, after).
	if counts["login.failed"] != 7 || counts["login.locked"] != 1 || counts["login"] != 2 {
		t.Errorf("login audit: got %v, want 7 failed, 1 locked, 2 ok", counts)
	}
}

func TestSeparatedAdminRoles(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	ctx := storetest.System()
	u, err := s.Account.CreateUser(ctx, "it-zhang", "", storetest.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Account.Grant(ctx, u.ID, xuezuo.RoleAuditor, 0); err != nil {
		t.Fatal(err)
	}
	for _, role := range []xuezuo.Role{xuezuo.RoleSecurityAdmin, xuezuo.RoleSystemAdmin, xuezuo.RoleOrgAdmin} {
		if _, err := s.Account.Grant(ctx, u.ID, role, root.ID); xuezuo.ErrorCode(err) != xuezuo.EInvalid {
			t.Errorf("auditor also %s: got %v, want invalid", role, err)
		}
	}
	// Concurrent grants of two admin roles to a fresh account: one wins.
	for round := 0; round < 5; round++ {
		v, err := s.Account.CreateUser(ctx, "it-li"+string(rune('a'+round)), "", storetest.Password)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, role := range []xuezuo.Role{xuezuo.RoleSecurityAdmin, xuezuo.RoleAuditor} {
			wg.Add(1)
			go func() { defer wg.Done(); _, errs[i] = s.Account.Grant(ctx, v.ID, role, 0) }()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("round %d: concurrent admin grants: got %v, want exactly one to succeed", round, errs)
		}
	}
}

func TestAdminRolesReadNoBusinessData(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	br := storetest.MustCreateOrg(t, s, root.ID, "机关党支部", org.KindBranch)
	m := storetest.MustCreateMember(t, s, br.ID, "赵一")
	for _, role := range []xuezuo.Role{xuezuo.RoleSystemAdmin, xuezuo.RoleSecurityAdmin, xuezuo.RoleAuditor} {
		ctx := storetest.MustUser(t, s, "x-"+strings.ReplaceAll(string(role), "_", "-"), role, 0)
		if _, err := s.Member.Get(ctx, m.ID); xuezuo.ErrorCode(err) != xuezuo.EForbidden {
			t.Errorf("%s reads a member: got %v, want forbidden", role, err)
		}
		if _, err := s.Org.Get(ctx, br.ID); xuezuo.ErrorCode(err) != xuezuo.EForbidden {
			t.Errorf("%s reads an org: got %v, want forbidden", role, err)
		}
		_, err := s.Org.Directory(ctx)
		if (role == xuezuo.RoleSecurityAdmin) != (err == nil) {
			t.Errorf("%s directory: got %v", role, err)
		}
		_, _, err = s.Audit.List(ctx, audit.Filter{})
		if (role == xuezuo.RoleAuditor) != (err == nil) {
			t.Errorf("%s audit log: got %v", role, err)
		}
	}
}

func TestAuditAppendOnlyAndNoValues(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	br := storetest.MustCreateOrg(t, s, root.ID, "机关党支部", org.KindBranch)
	admin := storetest.MustUser(t, s, "zuzhibu", xuezuo.RoleOrgAdmin, root.ID)
	m, err := s.Member.Create(admin, storetest.MemberInput(br.ID, "钱二"))
	if err != nil {
		t.Fatal(err)
	}
	in := storetest.MemberInput(br.ID, "钱二")
	in.Phone = "13700009999"
	if _, err := s.Member.Update(admin, m.ID, in); err != nil {
		t.Fatal(err)
	}
	auditor := storetest.MustUser(t, s, "shenji", xuezuo.RoleAuditor, 0)
	entries, total, err := s.Audit.List(auditor, audit.Filter{Action: "member."})
	if err != nil || total != 2 {
		t.Fatalf("audit: got %d entries, %v; want 2", total, err)
	}
	upd := entries[0]
	if upd.Action != "member.update" || upd.Username != "zuzhibu" || upd.TargetID != m.ID || strings.Join(upd.Fields, ",") != "phone" {
		t.Errorf("update entry: got %+v", upd)
	}
	for _, e := range entries {
		for _, f := range e.Fields {
			if strings.Contains(f, "钱") || strings.Contains(f, "137") {
				t.Errorf("audit entry carries a value: %+v", e)
			}
		}
	}
	if err := storetest.Exec(t, s.Store, `UPDATE audit_log SET username = 'x'`); err == nil {
		t.Error("UPDATE on audit_log succeeded, want refused")
	}
	if err := storetest.Exec(t, s.Store, `DELETE FROM audit_log`); err == nil {
		t.Error("DELETE on audit_log succeeded, want refused")
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	clk := &clock{t: storetest.Clock.T}
	s := storetest.NewServices(storetest.Open(t), clk)
	ctx := storetest.MustUser(t, s, "api-user", "", 0)
	uid := xuezuo.ActorFrom(ctx).UserID
	raw, tok, err := s.Account.CreateToken(ctx, uid, "bench", 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if a, err := s.Account.Authenticate(context.Background(), raw); err != nil || a.UserID != uid {
		t.Fatalf("authenticate: %v %v", a, err)
	}
	if _, err := s.Account.Authenticate(context.Background(), raw+"x"); err == nil {
		t.Error("tampered token accepted")
	}
	clk.add(3 * time.Hour)
	if _, err := s.Account.Authenticate(context.Background(), raw); err == nil {
		t.Error("expired token accepted")
	}
	raw2, tok2, _ := s.Account.CreateToken(ctx, uid, "second", time.Hour*24)
	other := storetest.MustUser(t, s, "other-user", "", 0)
	if err := s.Account.RevokeToken(other, tok2.ID); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("revoke another's token: got %v, want not found", err)
	}
	if err := s.Account.RevokeToken(ctx, tok2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Account.Authenticate(context.Background(), raw2); err == nil {
		t.Error("revoked token accepted")
	}
	_ = tok
	_ = account.MaxLoginFailures
}

func TestChangeOwnPassword(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	ctx := storetest.MustUser(t, s, "dangyuan", "", 0)
	const next = "Xin-Mima-2026!"
	for i := 0; i < account.MaxLoginFailures-1; i++ {
		err := s.Account.ChangeOwnPassword(ctx, "wrong", next)
		if xuezuo.ErrorFields(err)["current_password"] != "当前密码不正确" {
			t.Fatalf("wrong current password %d: got %v", i, err)
		}
	}
	if err := s.Account.ChangeOwnPassword(ctx, storetest.Password, "weak"); xuezuo.ErrorFields(err)["password"] == "" {
		t.Errorf("weak new password: got %v, want a password field error", err)
	}
	if err := s.Account.ChangeOwnPassword(ctx, storetest.Password, next); err != nil {
		t.Fatalf("change: %v", err)
	}
	if _, err := s.Account.Login(context.Background(), "dangyuan", next, ""); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
	// The fifth wrong guess locks, as at the login form.
	for i := 0; i < account.MaxLoginFailures; i++ {
		s.Account.ChangeOwnPassword(ctx, "wrong", next)
	}
	if _, err := s.Account.Login(context.Background(), "dangyuan", next, ""); xuezuo.ErrorCode(err) != xuezuo.EUnauthenticated {
		t.Errorf("after 5 wrong guesses: got %v, want locked", err)
	}
}
