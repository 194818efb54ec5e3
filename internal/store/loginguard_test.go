package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/audit"
	"xuezuo/internal/service"
	"xuezuo/internal/store/storetest"
)

// TestLoginRaceRefusedWhileLocked is the race: 24 wrong passwords
// and the right one last, all at once from one address. Whatever the
// order, the right one succeeds only if its check was recorded before the
// lock, no success resets the count, and afterwards the pair stays locked
// even for the right password.
func TestLoginRaceRefusedWhileLocked(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	storetest.MustUser(t, s, "shuji", "", 0)
	const addr = "203.0.113.5"
	ctx := context.Background()
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < 24; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			s.Account.Login(ctx, "shuji", fmt.Sprintf("Wrong-Guess-%d", i), addr)
		}()
	}
	var rightErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-start
		time.Sleep(time.Millisecond) // last
		_, rightErr = s.Account.Login(ctx, "shuji", storetest.Password, addr)
	}()
	close(start)
	wg.Wait()
	entries, _, err := s.Audit.List(storetest.System(), audit.Filter{Action: "login", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var lockedAt, okAt xuezuo.ID
	for _, e := range entries {
		switch e.Action {
		case "login.locked":
			lockedAt = e.ID
		case "login":
			okAt = e.ID
		}
	}
	if lockedAt == 0 {
		t.Fatalf("no lock after 24 wrong passwords: %v", entries)
	}
	if rightErr == nil && okAt > lockedAt {
		t.Errorf("right password succeeded after the lock (login row %d > lock row %d)", okAt, lockedAt)
	}
	if rightErr != nil && xuezuo.ErrorMessage(rightErr) != "用户名或密码错误" {
		t.Errorf("right password refused with %v, want the one answer", rightErr)
	}
	// Still locked: the burst's success (if any) reset nothing.
	if _, err := s.Account.Login(ctx, "shuji", storetest.Password, addr); err == nil {
		t.Error("right password after the burst: got a login, want the pair still locked")
	}
}

// TestLoginAnswersAlike shows a locked account, an unknown name and a wrong
// password give the same code and text, and each spends one hash.
func TestLoginAnswersAlike(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	storetest.MustUser(t, s, "locked", "", 0)
	storetest.MustUser(t, s, "open", "", 0)
	ctx := context.Background()
	for i := 0; i < account.MaxLoginFailures; i++ {
		s.Account.Login(ctx, "locked", "Wrong-Guess-1", "198.51.100.1")
	}
	cases := []struct{ name, user, pw string }{
		{"locked, right password", "locked", storetest.Password},
		{"unknown name", "nobody", storetest.Password},
		{"wrong password", "open", "Wrong-Guess-2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Account.Login(ctx, tc.user, tc.pw, "198.51.100.1")
			if xuezuo.ErrorCode(err) != xuezuo.EUnauthenticated || xuezuo.ErrorMessage(err) != "用户名或密码错误" {
				t.Errorf("got %v, want unauthenticated 用户名或密码错误", err)
			}
			if errors.Is(err, account.ErrLockedNow) {
				t.Errorf("got the lock cause on a later refusal: %v", err)
			}
		})
	}
}

// TestAccountCeilingAndUnlock locks the account for every address after 50
// failures spread over addresses; the security admin's unlock ends it and
// is audited.
func TestAccountCeilingAndUnlock(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	admin := storetest.MustUser(t, s, "secadmin", xuezuo.RoleSecurityAdmin, 0)
	owner := storetest.MustUser(t, s, "owner", "", 0)
	id := xuezuo.ActorFrom(owner).UserID
	ctx := context.Background()
	for i := 0; i < account.MaxAccountFailures; i++ {
		s.Account.Login(ctx, "owner", "Wrong-Guess-1", fmt.Sprintf("10.0.%d.%d", i/4, i%4)) // 4 per address: no pair lock
	}
	if _, err := s.Account.Login(ctx, "owner", storetest.Password, "192.0.2.9"); err == nil {
		t.Fatal("right password from a fresh address after 50 failures: got a login, want the account locked")
	}
	if locked, err := s.Account.LoginLocked(admin, id); err != nil || !locked {
		t.Errorf("LoginLocked: got %v, %v, want true", locked, err)
	}
	if err := s.Account.UnlockLogin(owner, id); xuezuo.ErrorCode(err) != xuezuo.EForbidden {
		t.Errorf("unlock by the owner: got %v, want forbidden", err)
	}
	if err := s.Account.UnlockLogin(admin, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Account.Login(ctx, "owner", storetest.Password, "192.0.2.9"); err != nil {
		t.Errorf("login after unlock: %v", err)
	}
	rows, _, err := s.Audit.List(storetest.System(), audit.Filter{Action: "user.unlock"})
	if err != nil || len(rows) != 1 {
		t.Errorf("user.unlock audit rows: got %d, %v, want 1", len(rows), err)
	}
}

// TestLoginRateLimitPerAddress turns an address away with 429 and a wait
// once its burst is spent, at once and without touching other addresses.
func TestLoginRateLimitPerAddress(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	storetest.MustUser(t, s, "owner", "", 0)
	ctx := context.Background()
	var got429 error
	for i := 0; i < 40 && got429 == nil; i++ {
		_, err := s.Account.Login(ctx, "nobody", "Wrong-Guess-1", "203.0.113.9")
		if xuezuo.ErrorCode(err) == xuezuo.ETooManyRequests {
			got429 = err
		}
	}
	if got429 == nil {
		t.Fatal("40 logins from one address: got no 429")
	}
	if account.RetryAfter(got429) < 1 {
		t.Errorf("RetryAfter: got %d, want >= 1", account.RetryAfter(got429))
	}
	if _, err := s.Account.Login(ctx, "owner", storetest.Password, "198.51.100.3"); err != nil {
		t.Errorf("login from another address: %v", err)
	}
}

// TestLoginFloodLeavesOthersFast floods from one address with 100 bad
// logins at a realistic hash cost (OWASP floor, about 33 ms) and times a
// valid login from another address meanwhile: it must stay under 1 s.
func TestLoginFloodLeavesOthersFast(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t)
	h := account.NewHasher(account.Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32})
	s := &storetest.Services{Services: service.New(service.Deps{Store: st, Clock: storetest.Clock, Hasher: h})}
	storetest.MustUser(t, s, "owner", "", 0)
	ctx := context.Background()
	t0 := time.Now()
	if _, err := s.Account.Login(ctx, "owner", storetest.Password, "198.51.100.4"); err != nil {
		t.Fatal(err)
	}
	alone := time.Since(t0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	refused := 0
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Account.Login(ctx, fmt.Sprintf("nobody%d", i), "Wrong-Guess-1", "203.0.113.66")
			if xuezuo.ErrorCode(err) == xuezuo.ETooManyRequests {
				mu.Lock()
				refused++
				mu.Unlock()
			}
		}()
	}
	time.Sleep(20 * time.Millisecond) // the flood is queued
	t0 = time.Now()
	_, err := s.Account.Login(ctx, "owner", storetest.Password, "198.51.100.4")
	took := time.Since(t0)
	wg.Wait()
	if err != nil {
		t.Fatalf("valid login during the flood: %v", err)
	}
	t.Logf("valid login from another address: %v alone, %v during a 100-login flood, delay %v (%d of the flood answered 429)",
		alone, took, took-alone, refused)
	if took-alone > time.Second {
		t.Errorf("the flood delayed a valid login by %v, want < 1 s", took-alone)
	}
	if refused == 0 {
		t.Error("no flood request was answered 429")
	}
}
