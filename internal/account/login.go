package account

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
)

// errBadLogin answers a wrong password, an unknown name and a locked
// account or address alike, so that neither the text nor the status tells
// which names exist or which are locked; the login page says how locks work.
var errBadLogin = xuezuo.Errorf(xuezuo.EUnauthenticated, "用户名或密码错误")

// Login checks a username and password and returns the actor. Five failed
// checks of one account from one client address lock that pair for 15
// minutes; 50 from all addresses lock the account. A locked pair or
// account is refused even with the right password, and an unknown name,
// a wrong password and a lock answer alike, each after one hash.
func (s *Service) Login(ctx context.Context, username, password, remote string) (*xuezuo.Actor, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	c, err := s.checkPassword(ctx, username, nil, "", password, remote)
	if err != nil {
		return nil, err
	}
	if !c.ok {
		return nil, c.refusal()
	}
	u := c.user
	if u.MustChangePassword {
		return nil, errMustChange
	}
	if c.rehash {
		who := xuezuo.WithActor(ctx, &xuezuo.Actor{UserID: u.ID, Username: u.Username, Remote: remote})
		if h, err := s.hasher.Hash(ctx, password); err == nil {
			_ = s.store.SetPassword(ctx, u.ID, h, audit.New(who, "user.password", "user", u.ID, 0, "password_params"))
		}
	}
	a, err := s.ActorFor(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	a.Remote = remote
	return a, nil
}

// checked is the outcome of one guarded password check.
type checked struct {
	user     *User
	ok       bool // right password, enabled account, no lock when recorded
	rehash   bool
	lockedNo bool // this failure locked the pair or the account
}

// refusal is the one answer of a failed check; a failure that locked
// carries ErrLockedNow for the front door's log.
func (c checked) refusal() error {
	if c.lockedNo {
		return &xuezuo.Error{Code: errBadLogin.Code, Message: errBadLogin.Message, Err: ErrLockedNow}
	}
	return errBadLogin
}

// checkPassword is every password check of a login or a change form: the
// address's rate, then a slot in the hashing queue, then the lock state,
// then one hash (a dummy one for an unknown name or a lock), then one
// transaction that reads the locks again under a row lock and records the
// outcome. Taking the slot before reading the locks and judging again
// when recording is what keeps a concurrent burst from checking passwords
// past the lock. u and hash are given by change forms (the logged-in
// user); logins pass nil and the username. Failures are audited as
// login.failed with field, so the change form's tries are told apart.
func (s *Service) checkPassword(ctx context.Context, username string, u *User, hash, password, remote string) (checked, error) {
	sl, err := s.guardedSlot(ctx, remote)
	if err != nil {
		return checked{}, err
	}
	defer sl.release()
	if u == nil {
		u, hash, err = s.store.GetUserByName(ctx, username)
		if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
			sl.dummy(password)
			// No account to lock: counted per address and minute instead.
			return checked{}, s.unknown.Failed(ctx, remote)
		}
		if err != nil {
			return checked{}, err
		}
	}
	pairUntil, err := s.store.PairLockedUntil(ctx, u.ID, remote)
	if err != nil {
		return checked{}, err
	}
	now := s.clock.Now()
	c := checked{user: u}
	if now.Before(u.LockedUntil) || now.Before(pairUntil) {
		sl.dummy(password)
	} else if c.ok, c.rehash, err = sl.verify(hash, password); err != nil {
		return checked{}, fmt.Errorf("verify password: %w", err)
	}
	sl.release()
	field := ""
	if username == "" {
		field = "current_password"
	}
	if err := s.recordCheck(ctx, u, remote, &c, field); err != nil {
		return checked{}, err
	}
	return c, nil
}

// recordCheck records a check's outcome under the guard's row locks: a
// lock found there refuses even a right password and counts nothing; a
// success clears only the pair's count (a lock stays until it ends or the
// security admin unlocks); a failure counts for the pair and the account,
// each in a 15-minute window, and locks at 5 and 50.
func (s *Service) recordCheck(ctx context.Context, u *User, remote string, c *checked, field string) error {
	who := xuezuo.WithActor(ctx, &xuezuo.Actor{UserID: u.ID, Username: u.Username, Remote: remote})
	good := c.ok && !u.Disabled
	var fields []string
	if field != "" {
		fields = []string{field}
	}
	judge := func(g GuardState) (GuardState, []audit.Entry) {
		now := s.clock.Now()
		c.ok, c.lockedNo = false, false
		failed := audit.New(who, "login.failed", "user", u.ID, 0, fields...)
		failed.Outcome = audit.OutcomeFailed
		if now.Before(g.PairLockedUntil) || now.Before(g.AccountLockedUntil) {
			return g, []audit.Entry{failed}
		}
		if good {
			c.ok = true
			g.PairFailures, g.PairSince = 0, time.Time{}
			if field != "" {
				return g, nil // the change itself is audited
			}
			return g, []audit.Entry{audit.New(who, "login", "user", u.ID, 0)}
		}
		out := []audit.Entry{failed}
		if g.PairSince.IsZero() || !now.Before(g.PairSince.Add(LockDuration)) {
			g.PairFailures, g.PairSince = 0, now
		}
		if g.PairFailures++; g.PairFailures >= MaxLoginFailures {
			g.PairLockedUntil, c.lockedNo = now.Add(LockDuration), true
			e := failed
			e.Action, e.Fields = ActionLocked, []string{"scope=" + LockScopePair}
			out = append(out, e)
		}
		if g.AccountSince.IsZero() || !now.Before(g.AccountSince.Add(LockDuration)) {
			g.AccountFailures, g.AccountSince = 0, now
		}
		if g.AccountFailures++; g.AccountFailures >= MaxAccountFailures {
			g.AccountLockedUntil, c.lockedNo = now.Add(LockDuration), true
			e := failed
			e.Action, e.Fields = ActionLocked, []string{"scope=" + LockScopeAccount}
			out = append(out, e)
		}
		return g, out
	}
	return s.store.RecordLogin(ctx, u.ID, remote, judge)
}

// ActionLocked is the audit action of a lockout: one row when a pair (an
// account from one client address) or a whole account becomes locked, its
// scope in the fields, besides the login.failed row of the try that locked.
const ActionLocked = "login.locked"

// Scopes of a lockout row.
const (
	LockScopePair    = "pair"
	LockScopeAccount = "account"
)

// FlushUnknownLogins writes the pending per-address counts of failed
// logins for unknown usernames (at shutdown).
func (s *Service) FlushUnknownLogins(ctx context.Context) error { return s.unknown.Flush(ctx) }

// SweepUnknownLogins writes the counts of an ended minute (every minute,
// by the server's job) and returns the rows written.
func (s *Service) SweepUnknownLogins(ctx context.Context) (int, error) {
	return s.unknown.FlushEnded(ctx)
}

// ErrLockedNow is the cause of the failed login that locked the account,
// so that a front door can log the lockout once (services do not log).
var ErrLockedNow = errors.New("account locked after repeated failed logins")

// loggedOut answers a session or token whose user is gone: not found means
// logged out; any other store error travels up, so an outage is a 500 and
// not a silent log-out.
func loggedOut(err error, userID xuezuo.ID) error {
	if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
		return xuezuo.Errorf(xuezuo.EUnauthenticated, "请先登录")
	}
	return fmt.Errorf("read user %d: %w", userID, err)
}

// ActorFor loads the actor of a user id (sessions); disabled accounts fail.
func (s *Service) ActorFor(ctx context.Context, userID xuezuo.ID) (*xuezuo.Actor, error) {
	st, err := s.store.UserStamp(ctx, userID)
	if err != nil {
		return nil, loggedOut(err, userID)
	}
	return s.actorAt(ctx, userID, st)
}

// loadActor reads a user's actor whole.
func (s *Service) loadActor(ctx context.Context, userID xuezuo.ID) (*xuezuo.Actor, error) {
	u, _, err := s.store.GetUser(ctx, userID)
	if err != nil {
		return nil, loggedOut(err, userID)
	}
	if u.Disabled {
		return nil, xuezuo.Errorf(xuezuo.EUnauthenticated, "账号已停用")
	}
	return &xuezuo.Actor{UserID: u.ID, Username: u.Username, MemberID: u.MemberID, Grants: u.Grants}, nil
}

// Authenticate resolves an API bearer token to its actor.
func (s *Service) Authenticate(ctx context.Context, raw string) (*xuezuo.Actor, error) {
	bad := xuezuo.Errorf(xuezuo.EUnauthenticated, "访问令牌无效或已过期")
	if !strings.HasPrefix(raw, "xz_") {
		return nil, bad
	}
	t, st, err := s.store.TokenStamp(ctx, tokenHash(raw))
	if err != nil && xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		// An outage is not a bad token: it must reach the logs as itself.
		return nil, fmt.Errorf("read token: %w", err)
	}
	if err != nil || !t.Valid(s.clock.Now()) {
		return nil, bad
	}
	return s.actorAt(ctx, t.UserID, st)
}

// Logout records the end of a session.
func (s *Service) Logout(ctx context.Context) error {
	a := xuezuo.ActorFrom(ctx)
	if a == nil {
		return nil
	}
	return s.store.WriteAudit(ctx, audit.New(ctx, "logout", "user", a.UserID, 0))
}

// ChangeOwnPassword replaces the actor's password after checking the current
// one. A wrong current password counts towards the lockout like a failed
// login, so this form cannot be used to guess passwords. The change ends
// every session of the user (the front door renews its own) and revokes
// every API token.
func (s *Service) ChangeOwnPassword(ctx context.Context, current, next string) error {
	a, err := Actor(ctx)
	if err != nil {
		return err
	}
	if a.System {
		return xuezuo.Forbidden()
	}
	u, hash, err := s.store.GetUser(ctx, a.UserID)
	if err != nil {
		return err
	}
	if err := s.checkCurrent(ctx, u, hash, current, a.Remote); err != nil {
		return err
	}
	return s.newOwnPassword(ctx, u, current, next)
}

// newOwnPassword writes the owner's new password, which must differ from
// the current one, and clears a reset's must-change mark.
func (s *Service) newOwnPassword(ctx context.Context, u *User, current, next string) error {
	if next == current {
		msg := "新密码不能与当前密码相同"
		return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{"password": msg}}
	}
	return s.writePassword(ctx, u, next, PasswordChange{}, audit.New(ctx, "user.password", "user", u.ID, 0, "password"))
}

// checkCurrent verifies the current password on a change form through the
// login guard: a wrong one counts as a failed login of the pair, and a
// lock refuses even the right one, with the same answer.
func (s *Service) checkCurrent(ctx context.Context, u *User, hash, current, remote string) error {
	c, err := s.checkPassword(ctx, "", u, hash, current, remote)
	if err != nil {
		return err
	}
	if !c.ok {
		return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msgWrongCurrent,
			Fields: map[string]string{"current_password": msgWrongCurrent}}
	}
	return nil
}

// msgWrongCurrent answers a wrong current password and a locked one alike.
const msgWrongCurrent = "当前密码不正确"

// errMustChange answers a correct one-time password: the owner must set a
// new password first (the web shows the change page, the API answers 401).
var errMustChange = xuezuo.Errorf(xuezuo.EMustChangePassword, "密码已由安全管理员重设，请先设置新密码后再登录")

// ChangeResetPassword replaces a one-time password from a reset at the
// forced change after login: the username and the one-time password are
// checked like a login (failures count), then the new password is written
// and the actor returned, so that the front door can start the session.
func (s *Service) ChangeResetPassword(ctx context.Context, username, current, next, remote string) (*xuezuo.Actor, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	u, hash, err := s.store.GetUserByName(ctx, username)
	if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
		if err := s.spendDummy(ctx, current, remote); err != nil {
			return nil, err
		}
		if err := s.unknown.Failed(ctx, remote); err != nil {
			return nil, err
		}
		return nil, errBadLogin
	}
	if err != nil {
		return nil, err
	}
	who := xuezuo.WithActor(ctx, &xuezuo.Actor{UserID: u.ID, Username: u.Username, Remote: remote})
	if u.Disabled || !u.MustChangePassword {
		if err := s.spendDummy(ctx, current, remote); err != nil {
			return nil, err
		}
		return nil, errBadLogin
	}
	if err := s.checkCurrent(who, u, hash, current, remote); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.EInvalid {
			// The username came with the form: a known name must be
			// refused like an unknown one, or this door tells which exist.
			return nil, errBadLogin
		}
		return nil, err
	}
	if err := s.newOwnPassword(who, u, current, next); err != nil {
		return nil, err
	}
	a, err := s.ActorFor(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	a.Remote = remote
	return a, nil
}

// spendDummy spends one dummy hash the way a real check spends its hash:
// after the address's rate and in a hashing slot, so that a refusal
// decided without a check neither answers faster nor escapes the limits.
func (s *Service) spendDummy(ctx context.Context, password, remote string) error {
	sl, err := s.guardedSlot(ctx, remote)
	if err != nil {
		return err
	}
	defer sl.release()
	sl.dummy(password)
	return nil
}

// guardedSlot is the way into any hash of a password form: the address's
// rate first, then a slot in the hashing queue; either refusal is a 429
// with the wait.
func (s *Service) guardedSlot(ctx context.Context, remote string) (*slot, error) {
	if wait, ok := s.logins.allow(remote, s.clock.Now()); !ok {
		return nil, tooMany(wait)
	}
	sl, err := s.hasher.takeSlot(ctx, remote)
	if errors.Is(err, errHashBusy) {
		return nil, tooMany(time.Second)
	}
	return sl, err
}
