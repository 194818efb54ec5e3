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

var errBadLogin = xuezuo.Errorf(xuezuo.EUnauthenticated, "用户名或密码错误")

// Login checks a username and password and returns the actor. Five failures
// lock the account for 15 minutes; a locked account is refused before the
// password is checked. Unknown names cost the same time as known ones.
func (s *Service) Login(ctx context.Context, username, password, remote string) (*xuezuo.Actor, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	u, hash, err := s.store.GetUserByName(ctx, username)
	if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
		s.hasher.DummyVerify(ctx, password)
		return nil, errBadLogin
	}
	if err != nil {
		return nil, err
	}
	who := xuezuo.WithActor(ctx, &xuezuo.Actor{UserID: u.ID, Username: u.Username, Remote: remote})
	now := s.clock.Now()
	if now.Before(u.LockedUntil) {
		s.hasher.DummyVerify(ctx, password)
		return nil, lockedErr(u.LockedUntil.Sub(now))
	}
	ok, rehash, err := s.hasher.Verify(ctx, hash, password)
	if err != nil {
		return nil, fmt.Errorf("verify password: %w", err)
	}
	if !ok || u.Disabled {
		e := audit.New(who, "login.failed", "user", u.ID, 0)
		e.Outcome = audit.OutcomeFailed
		n, until, err := s.store.RecordLoginFailure(ctx, u.ID, MaxLoginFailures, now.Add(LockDuration), e)
		if err != nil {
			return nil, err
		}
		if n >= MaxLoginFailures && until.After(now) {
			locked := lockedErr(until.Sub(now))
			if n == MaxLoginFailures {
				locked.Err = ErrLockedNow
			}
			return nil, locked
		}
		return nil, errBadLogin
	}
	if err := s.store.ResetLoginFailures(ctx, u.ID, audit.New(who, "login", "user", u.ID, 0)); err != nil {
		return nil, err
	}
	if u.MustChangePassword {
		return nil, errMustChange
	}
	if rehash {
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

func lockedErr(left time.Duration) *xuezuo.Error {
	mins := int(left.Minutes()) + 1
	return xuezuo.Errorf(xuezuo.EUnauthenticated, "连续登录失败次数过多，账号已锁定，请 %d 分钟后再试", mins)
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

// checkCurrent verifies the current password on a change form; a wrong one
// counts as a failed login.
func (s *Service) checkCurrent(ctx context.Context, u *User, hash, current, remote string) error {
	now := s.clock.Now()
	field := func(msg string) error {
		return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{"current_password": msg}}
	}
	if now.Before(u.LockedUntil) {
		return field(xuezuo.ErrorMessage(lockedErr(u.LockedUntil.Sub(now))))
	}
	ok, _, err := s.hasher.Verify(ctx, hash, current)
	if err != nil {
		return fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		e := audit.New(ctx, "login.failed", "user", u.ID, 0, "current_password")
		e.Outcome = audit.OutcomeFailed
		n, until, err := s.store.RecordLoginFailure(ctx, u.ID, MaxLoginFailures, now.Add(LockDuration), e)
		if err != nil {
			return err
		}
		if n >= MaxLoginFailures && until.After(now) {
			return field(xuezuo.ErrorMessage(lockedErr(until.Sub(now))))
		}
		return field("当前密码不正确")
	}
	return nil
}

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
		s.hasher.DummyVerify(ctx, current)
		return nil, errBadLogin
	}
	if err != nil {
		return nil, err
	}
	who := xuezuo.WithActor(ctx, &xuezuo.Actor{UserID: u.ID, Username: u.Username, Remote: remote})
	if u.Disabled || !u.MustChangePassword {
		s.hasher.DummyVerify(ctx, current)
		return nil, errBadLogin
	}
	if err := s.checkCurrent(who, u, hash, current, remote); err != nil {
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
