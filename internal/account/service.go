package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"xuezuo"
	"xuezuo/internal/audit"
)

// Login limits (等保): five failures lock the account for 15 minutes.
const (
	MaxLoginFailures = 5
	LockDuration     = 15 * time.Minute
)

// Service manages accounts, grants, tokens and login.
type Service struct {
	store  Store
	hasher *Hasher
	clock  xuezuo.Clock
	policy *Policy
	actors actorCache
	logins addrLimiter // login attempts per client address
	// unknown audits failed logins for unknown usernames, one row per
	// client address and minute.
	unknown *audit.UnknownLogins
}

// NewService returns the account service.
func NewService(s Store, h *Hasher, p *Policy, clock xuezuo.Clock) *Service {
	return &Service{store: s, hasher: h, policy: p, clock: clock, unknown: audit.NewUnknownLogins(s, clock)}
}

// Bounds of the names people type: a display name shows in every list and
// audit row, a token's purpose on the token page.
const (
	maxDisplayName = 64
	maxTokenName   = 64
)

// checkDisplay records the display_name field's problems: control, bidi
// and zero-width characters could make one account pose as another.
func checkDisplay(v *xuezuo.Validation, display string) {
	xuezuo.CheckText(v, "display_name", "显示名称", display, false)
	v.Check(utf8.RuneCountInString(display) <= maxDisplayName, "display_name", fmt.Sprintf("显示名称最多 %d 个字", maxDisplayName))
}

var usernameRE = regexp.MustCompile(`^[a-z][a-z0-9_.-]{1,31}$`)

// CreateUser adds an account with a password. The security admin and the
// local operator create accounts.
func (s *Service) CreateUser(ctx context.Context, username, display, password string) (*User, error) {
	if _, err := RequireRole(ctx, xuezuo.RoleSecurityAdmin); err != nil {
		return nil, err
	}
	username = strings.ToLower(strings.TrimSpace(username))
	var v xuezuo.Validation
	v.Check(usernameRE.MatchString(username), "username", "用户名须为 2–32 位小写字母、数字或 _ . -，以字母开头")
	if msg := CheckPasswordStrength(password, username); msg != "" {
		v.Add("password", msg)
	}
	display = strings.TrimSpace(display)
	checkDisplay(&v, display)
	if err := v.Err(); err != nil {
		return nil, err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	if display == "" {
		display = username
	}
	u := &User{Username: username, DisplayName: display, CreatedAt: s.clock.Now()}
	if err := s.store.CreateUser(ctx, u, hash, audit.New(ctx, "user.create", "user", 0, 0, "username", "password")); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.EConflict {
			return nil, &xuezuo.Error{Code: xuezuo.EConflict, Message: "用户名已存在", Fields: map[string]string{"username": "用户名已存在"}}
		}
		return nil, err
	}
	return u, nil
}

// SetPassword replaces a password for the local operator (the CLI's
// recovery). It is not forced to change: the operator hands it over. Like
// every change it ends the user's sessions and revokes the tokens.
func (s *Service) SetPassword(ctx context.Context, userID xuezuo.ID, password string) error {
	a, err := Actor(ctx)
	if err != nil {
		return err
	}
	if !a.System {
		return xuezuo.Forbidden()
	}
	u, _, err := s.store.GetUser(ctx, userID)
	if err != nil {
		return err
	}
	return s.writePassword(ctx, u, password, PasswordChange{}, audit.New(ctx, "user.password", "user", userID, 0, "password"))
}

// msgResetSelf refuses the reset route for the own account: the own
// password changes on “我的账号”, with the current one.
const msgResetSelf = "不能重设自己的密码，请在“我的账号”中输入当前密码后修改"

// ResetPassword issues a one-time password for another account (security
// admin): password when given, else a generated one, which it returns.
// The owner must change it at the next login and sees that it was reset.
// Everything is checked before anything is written: a refused or invalid
// reset changes nothing.
func (s *Service) ResetPassword(ctx context.Context, userID xuezuo.ID, password string) (string, error) {
	a, err := RequireRole(ctx, xuezuo.RoleSecurityAdmin)
	if err != nil {
		return "", err
	}
	if a.UserID == userID {
		return "", xuezuo.Errorf(xuezuo.EForbidden, msgResetSelf)
	}
	u, _, err := s.store.GetUser(ctx, userID)
	if err != nil {
		return "", err
	}
	if password == "" {
		password = GeneratePasswordFor(u.Username)
	}
	by := a.Username
	if by == "" {
		by = "系统"
	}
	c := PasswordChange{MustChange: true, ResetBy: by}
	if err := s.writePassword(ctx, u, password, c, audit.New(ctx, "user.password_reset", "user", userID, 0, "password")); err != nil {
		return "", err
	}
	return password, nil
}

// writePassword checks password against the rules, hashes it and writes it
// with c's marks; the store ends the sessions and revokes the tokens in the
// same transaction.
func (s *Service) writePassword(ctx context.Context, u *User, password string, c PasswordChange, e audit.Entry) error {
	if msg := CheckPasswordStrength(password, u.Username); msg != "" {
		return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{"password": msg}}
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	c.Hash, c.At = hash, s.clock.Now()
	return s.store.ChangePassword(ctx, u.ID, c, e)
}

// SetDisabled enables or disables an account (security admin). Disabling
// ends the account's sessions and revokes its API tokens for good.
func (s *Service) SetDisabled(ctx context.Context, userID xuezuo.ID, disabled bool) error {
	a, err := RequireRole(ctx, xuezuo.RoleSecurityAdmin)
	if err != nil {
		return err
	}
	if a.UserID == userID && disabled {
		return xuezuo.Errorf(xuezuo.EInvalid, "不能停用自己的账号")
	}
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	return s.store.SetUserDisabled(ctx, userID, disabled, audit.New(ctx, action, "user", userID, 0, "disabled"))
}

// LinkMember links an account to a member record (security admin); 0
// unlinks. One account per member: a member already linked to another
// account is refused, and so is an admin account (三员分立: the security,
// system and audit admins act on the system, never as a Party member).
// Both rules run in the store's transaction under the user's row lock, and
// a unique index catches two concurrent links of one member.
func (s *Service) LinkMember(ctx context.Context, userID, memberID xuezuo.ID, display string) error {
	if _, err := RequireRole(ctx, xuezuo.RoleSecurityAdmin); err != nil {
		return err
	}
	display = strings.TrimSpace(display)
	var v xuezuo.Validation
	v.Check(display != "", "display_name", "请填写显示名称")
	checkDisplay(&v, display)
	if err := v.Err(); err != nil {
		return err
	}
	check := func(grants []xuezuo.Grant, holder string) error {
		if memberID == 0 {
			return nil
		}
		for _, g := range grants {
			if g.Role.Admin() {
				return linkErr(xuezuo.EInvalid, fmt.Sprintf("拥有“%s”角色的账号不能关联党员（三员分立）", g.Role.Label()))
			}
		}
		if holder != "" {
			return linkErr(xuezuo.EConflict, fmt.Sprintf("该党员已关联账号 %s，一名党员只能关联一个账号；请先解除原账号的关联", holder))
		}
		return nil
	}
	e := audit.New(ctx, "user.link", "user", userID, 0, "member_id")
	if memberID == 0 {
		// The auditor tells a link from its removal by the action alone.
		e = audit.New(ctx, "user.unlink", "user", userID, 0, "member_id", "reason=manual")
	}
	err := s.store.LinkMember(ctx, userID, memberID, display, check, e)
	if xuezuo.ErrorCode(err) == xuezuo.EConflict && xuezuo.ErrorFields(err) == nil {
		// The unique index: another link of the member committed first.
		return linkErr(xuezuo.EConflict, "该党员已关联其他账号，一名党员只能关联一个账号")
	}
	return err
}

// linkErr refuses a member link on the member_id field.
func linkErr(code, msg string) error {
	return &xuezuo.Error{Code: code, Message: msg, Fields: map[string]string{"member_id": msg}}
}

// Users lists every account with its grants (security admin).
func (s *Service) Users(ctx context.Context) ([]User, error) {
	if _, err := RequireRole(ctx, xuezuo.RoleSecurityAdmin); err != nil {
		return nil, err
	}
	return s.store.ListUsers(ctx)
}

// User returns one account: the security admin any, a user the own.
func (s *Service) User(ctx context.Context, id xuezuo.ID) (*User, error) {
	a, err := Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System && a.UserID != id && !a.Has(xuezuo.RoleSecurityAdmin) {
		return nil, xuezuo.Forbidden()
	}
	u, _, err := s.store.GetUser(ctx, id)
	return u, err
}

// UserByName returns an account by username (security admin, CLI).
func (s *Service) UserByName(ctx context.Context, name string) (*User, error) {
	if _, err := RequireRole(ctx, xuezuo.RoleSecurityAdmin); err != nil {
		return nil, err
	}
	u, _, err := s.store.GetUserByName(ctx, strings.ToLower(strings.TrimSpace(name)))
	return u, err
}

// Grant gives a user a role on an org. The separated admin roles (三员分立)
// are exclusive: an account holding one holds nothing else. The rule runs in
// the store's transaction after the user's grants are locked, so two
// concurrent grants cannot both slip past it.
func (s *Service) Grant(ctx context.Context, userID xuezuo.ID, role xuezuo.Role, orgID xuezuo.ID) (*xuezuo.Grant, error) {
	a, err := RequireRole(ctx, xuezuo.RoleSecurityAdmin)
	if err != nil {
		return nil, err
	}
	var v xuezuo.Validation
	v.Check(role.Valid(), "role", "请选择有效的角色")
	if role.Valid() && !role.Admin() {
		if orgID == 0 {
			v.Add("org_id", "请选择授权的组织")
		} else if !s.policy.OrgExists(ctx, orgID) {
			v.Add("org_id", "组织不存在")
		}
	}
	if role.Admin() {
		orgID = 0
	}
	if !a.System && a.UserID == userID {
		v.Add("user_id", "不能给自己授权")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	g := &xuezuo.Grant{UserID: userID, Role: role, OrgID: orgID}
	check := func(existing []xuezuo.Grant, memberID xuezuo.ID) error {
		if role.Admin() && memberID != 0 {
			msg := fmt.Sprintf("该账号已关联党员，不能授予“%s”角色（三员分立）；请先解除关联", role.Label())
			return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{"role": msg}}
		}
		return exclusiveAdmin(role, existing)
	}
	e := audit.New(ctx, "grant.add", "user", userID, orgID, "role")
	if err := s.store.AddGrant(ctx, g, check, e); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.EConflict && xuezuo.ErrorFields(err) == nil {
			return nil, xuezuo.Errorf(xuezuo.EConflict, "该账号已在此组织拥有此角色")
		}
		return nil, err
	}
	return g, nil
}

// exclusiveAdmin is the 三员分立 rule on a user's grants.
func exclusiveAdmin(role xuezuo.Role, existing []xuezuo.Grant) error {
	for _, g := range existing {
		if g.Role == role && role.Admin() {
			return xuezuo.Errorf(xuezuo.EConflict, "该账号已拥有此角色")
		}
		if g.Role != role && (role.Admin() || g.Role.Admin()) {
			msg := fmt.Sprintf("三员分立：拥有“%s”角色的账号不能再拥有“%s”角色", g.Role.Label(), role.Label())
			return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{"role": msg}}
		}
	}
	return nil
}

// Revoke removes a grant (security admin).
func (s *Service) Revoke(ctx context.Context, grantID xuezuo.ID) error {
	if _, err := RequireRole(ctx, xuezuo.RoleSecurityAdmin); err != nil {
		return err
	}
	g, err := s.store.GetGrant(ctx, grantID)
	if err != nil {
		return err
	}
	return s.store.RemoveGrant(ctx, grantID, audit.New(ctx, "grant.remove", "user", g.UserID, g.OrgID, "role"))
}

// tokenHash is the stored form of a bearer token.
func tokenHash(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// CreateToken issues an API token for a user: the user for the own account,
// or the local operator. The raw token is returned once and never stored.
func (s *Service) CreateToken(ctx context.Context, userID xuezuo.ID, name string, ttl time.Duration) (string, *Token, error) {
	a, err := Actor(ctx)
	if err != nil {
		return "", nil, err
	}
	if !a.System && a.UserID != userID {
		return "", nil, xuezuo.Forbidden()
	}
	var v xuezuo.Validation
	name = strings.TrimSpace(name)
	v.Check(name != "", "name", "请填写令牌用途")
	xuezuo.CheckText(&v, "name", "令牌用途", name, false)
	v.Check(utf8.RuneCountInString(name) <= maxTokenName, "name", fmt.Sprintf("令牌用途最多 %d 个字", maxTokenName))
	v.Check(ttl >= time.Hour && ttl <= 366*24*time.Hour, "expires", "有效期须在 1 小时到 366 天之间")
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	raw := "xz_" + base64.RawURLEncoding.EncodeToString(b)
	now := s.clock.Now()
	t := &Token{UserID: userID, Name: name, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	if err := s.store.CreateToken(ctx, t, tokenHash(raw), audit.New(ctx, "token.create", "token", 0, 0, "name", "expires_at")); err != nil {
		return "", nil, err
	}
	return raw, t, nil
}

// Tokens lists a user's tokens (the user, or the security admin).
func (s *Service) Tokens(ctx context.Context, userID xuezuo.ID) ([]Token, error) {
	a, err := Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System && a.UserID != userID && !a.Has(xuezuo.RoleSecurityAdmin) {
		return nil, xuezuo.Forbidden()
	}
	return s.store.ListTokens(ctx, userID)
}

// RevokeToken revokes a token: its owner or the security admin.
func (s *Service) RevokeToken(ctx context.Context, id xuezuo.ID) error {
	a, err := Actor(ctx)
	if err != nil {
		return err
	}
	t, err := s.store.GetToken(ctx, id)
	if err != nil {
		return xuezuo.NotFoundAs(err, "令牌", "get token %d", id)
	}
	if !a.System && a.UserID != t.UserID && !a.Has(xuezuo.RoleSecurityAdmin) {
		return xuezuo.NotFound("令牌")
	}
	return s.store.RevokeToken(ctx, id, s.clock.Now(), audit.New(ctx, "token.revoke", "token", id, 0, "revoked_at"))
}
