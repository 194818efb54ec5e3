// Package account holds users, role grants, API tokens, login with lockout,
// and the permission policy every feature service asks before it reads or
// writes business data.
package account

import (
	"context"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
)

// User is a login account. It may be linked to a member record.
type User struct {
	ID           xuezuo.ID
	Username     string
	DisplayName  string
	MemberID     xuezuo.ID
	Disabled     bool
	FailedLogins int
	LockedUntil  time.Time
	CreatedAt    time.Time
	Grants       []xuezuo.Grant
	// MustChangePassword marks a one-time password from a reset: the next
	// login must set a new one before anything else.
	MustChangePassword bool
	// PasswordResetAt and PasswordResetBy tell the owner when and by which
	// security admin the password was last reset (zero when never).
	PasswordResetAt time.Time
	PasswordResetBy string
}

// PasswordChange is a new password as the store writes it. Every change
// ends the user's sessions and revokes the user's API tokens for good.
type PasswordChange struct {
	Hash       string
	MustChange bool      // a one-time password from a reset
	ResetBy    string    // the security admin who reset it; "" for any other change
	At         time.Time // when; also the tokens' revocation time
}

// Token is an API bearer token; only its SHA-256 is stored.
type Token struct {
	ID        xuezuo.ID
	UserID    xuezuo.ID
	Name      string
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt time.Time
}

// Valid reports whether the token may be used at now.
func (t *Token) Valid(now time.Time) bool {
	return t.RevokedAt.IsZero() && now.Before(t.ExpiresAt)
}

// GrantCheck is a rule on a user's grants and member link (0 for none),
// run by the store inside the transaction that changes them, after the
// user's grants are locked.
type GrantCheck func(existing []xuezuo.Grant, memberID xuezuo.ID) error

// LinkCheck is the rule on a member link, run by the store inside the
// transaction that writes it, after the user's row is locked: the
// account's grants, and the username of another account already linked to
// the member ("" for none).
type LinkCheck func(grants []xuezuo.Grant, holder string) error

// Store is what the account service needs from the database.
type Store interface {
	CreateUser(ctx context.Context, u *User, hash string, e audit.Entry) error
	GetUser(ctx context.Context, id xuezuo.ID) (*User, string, error)
	GetUserByName(ctx context.Context, name string) (*User, string, error)
	ListUsers(ctx context.Context) ([]User, error)
	SetPassword(ctx context.Context, id xuezuo.ID, hash string, e audit.Entry) error
	// ChangePassword writes a new password, ends the user's sessions and
	// revokes the user's tokens in one transaction.
	ChangePassword(ctx context.Context, id xuezuo.ID, c PasswordChange, e audit.Entry) error
	SetUserDisabled(ctx context.Context, id xuezuo.ID, disabled bool, e audit.Entry) error
	LinkMember(ctx context.Context, id, memberID xuezuo.ID, display string, check LinkCheck, e audit.Entry) error
	GuardStore
	AddGrant(ctx context.Context, g *xuezuo.Grant, check GrantCheck, e audit.Entry) error
	RemoveGrant(ctx context.Context, id xuezuo.ID, e audit.Entry) error
	GetGrant(ctx context.Context, id xuezuo.ID) (*xuezuo.Grant, error)
	CreateToken(ctx context.Context, t *Token, hash string, e audit.Entry) error
	// TokenStamp returns a token and its user's stamp.
	TokenStamp(ctx context.Context, hash string) (*Token, Stamp, error)
	UserStamp(ctx context.Context, id xuezuo.ID) (Stamp, error)
	GetToken(ctx context.Context, id xuezuo.ID) (*Token, error)
	ListTokens(ctx context.Context, userID xuezuo.ID) ([]Token, error)
	RevokeToken(ctx context.Context, id xuezuo.ID, at time.Time, e audit.Entry) error
	WriteAudit(ctx context.Context, e audit.Entry) error
}

// Ancestry is the part of the org tree the policy needs.
type Ancestry interface {
	// AncestorIDs returns the org and its ancestors.
	AncestorIDs(ctx context.Context, id xuezuo.ID) ([]xuezuo.ID, error)
	// OrgKind returns the kind of an org ("branch", …).
	OrgKindOf(ctx context.Context, id xuezuo.ID) (string, error)
	RootOrgIDs(ctx context.Context) ([]xuezuo.ID, error)
}
