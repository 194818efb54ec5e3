package store

import (
	"context"
	"database/sql"
	"time"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/audit"
	"xuezuo/internal/store/sqlcdb"
)

func toUser(r sqlcdb.User) account.User {
	return account.User{ID: r.ID, Username: r.Username, DisplayName: r.DisplayName, MemberID: r.MemberID.Int64,
		Disabled: r.Disabled, FailedLogins: int(r.FailedLogins), LockedUntil: fromMS(r.LockedUntil), CreatedAt: fromMS(r.CreatedAt),
		MustChangePassword: r.MustChangePassword, PasswordResetAt: fromMS(r.PasswordResetAt), PasswordResetBy: r.PasswordResetBy}
}

func toGrants(rows []sqlcdb.Grant) []xuezuo.Grant {
	out := make([]xuezuo.Grant, len(rows))
	for i, g := range rows {
		out[i] = xuezuo.Grant{ID: g.ID, UserID: g.UserID, Role: xuezuo.Role(g.Role), OrgID: g.OrgID}
	}
	return out
}

// CreateUser inserts an account.
func (s *Store) CreateUser(ctx context.Context, u *account.User, hash string, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		id, err := allocID(ctx, q, "users")
		if err != nil {
			return err
		}
		u.ID = id
		if err := q.InsertUser(ctx, sqlcdb.InsertUserParams{ID: id, Username: u.Username, DisplayName: u.DisplayName,
			PasswordHash: hash, MemberID: nullID(u.MemberID), CreatedAt: ms(u.CreatedAt)}); err != nil {
			return err
		}
		e.TargetID = id
		return s.audit(ctx, q, e)
	})
}

func (s *Store) userWithGrants(ctx context.Context, q *sqlcdb.Queries, r sqlcdb.User) (*account.User, string, error) {
	g, err := q.ListUserGrants(ctx, r.ID)
	if err != nil {
		return nil, "", s.mapErr(err)
	}
	u := toUser(r)
	u.Grants = toGrants(g)
	return &u, r.PasswordHash, nil
}

// GetUser returns an account with its grants and password hash.
func (s *Store) GetUser(ctx context.Context, id xuezuo.ID) (*account.User, string, error) {
	q := s.q()
	r, err := q.GetUser(ctx, id)
	if err != nil {
		return nil, "", s.mapErr(notFound(err, "账号"))
	}
	return s.userWithGrants(ctx, q, r)
}

// GetUserByName returns an account by username.
func (s *Store) GetUserByName(ctx context.Context, name string) (*account.User, string, error) {
	q := s.q()
	r, err := q.GetUserByName(ctx, name)
	if err != nil {
		return nil, "", s.mapErr(notFound(err, "账号"))
	}
	return s.userWithGrants(ctx, q, r)
}

// ListUsers returns every account with its grants.
func (s *Store) ListUsers(ctx context.Context) ([]account.User, error) {
	q := s.q()
	rows, err := q.ListUsers(ctx)
	if err != nil {
		return nil, s.mapErr(err)
	}
	grants, err := q.ListAllGrants(ctx)
	if err != nil {
		return nil, s.mapErr(err)
	}
	by := map[int64][]xuezuo.Grant{}
	for _, g := range toGrants(grants) {
		by[g.UserID] = append(by[g.UserID], g)
	}
	out := make([]account.User, len(rows))
	for i, r := range rows {
		out[i] = toUser(r)
		out[i].Grants = by[r.ID]
	}
	return out, nil
}

// CountUsers returns the number of accounts.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	n, err := s.q().CountUsers(ctx)
	return int(n), s.mapErr(err)
}

func (s *Store) exec(ctx context.Context, e audit.Entry, fn func(ctx context.Context, q *sqlcdb.Queries) error) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		if err := fn(ctx, q); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// SetPassword replaces a password hash.
func (s *Store) SetPassword(ctx context.Context, id xuezuo.ID, hash string, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		return q.SetPassword(ctx, sqlcdb.SetPasswordParams{ID: id, PasswordHash: hash, UpdatedAt: ms(s.now())})
	})
}

// SetUserDisabled enables or disables an account. Disabling also ends every
// session and revokes every API token for good, so that enabling the
// account again brings neither back.
func (s *Store) SetUserDisabled(ctx context.Context, id xuezuo.ID, disabled bool, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		now := s.now()
		if err := q.SetUserDisabled(ctx, sqlcdb.SetUserDisabledParams{ID: id, Disabled: disabled, UpdatedAt: ms(now)}); err != nil {
			return err
		}
		if !disabled {
			return nil
		}
		if err := q.EndUserSessions(ctx, id); err != nil {
			return err
		}
		return s.revokeUserTokens(ctx, q, id, now)
	})
}

// AddGrant inserts a grant after locking the user's grants and running check
// on them, inside one transaction.
func (s *Store) AddGrant(ctx context.Context, g *xuezuo.Grant, check account.GrantCheck, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		if err := q.BumpGrants(ctx, g.UserID); err != nil {
			return err
		}
		rows, err := q.ListUserGrants(ctx, g.UserID)
		if err != nil {
			return err
		}
		u, err := q.GetUser(ctx, g.UserID)
		if err != nil {
			return notFound(err, "账号")
		}
		if err := check(toGrants(rows), u.MemberID.Int64); err != nil {
			return err
		}
		id, err := allocID(ctx, q, "grants")
		if err != nil {
			return err
		}
		g.ID = id
		if err := q.InsertGrant(ctx, sqlcdb.InsertGrantParams{ID: id, UserID: g.UserID, Role: string(g.Role), OrgID: g.OrgID, CreatedAt: ms(s.now())}); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// RemoveGrant deletes a grant.
func (s *Store) RemoveGrant(ctx context.Context, id xuezuo.ID, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		g, err := q.GetGrant(ctx, id)
		if err != nil {
			return notFound(err, "授权")
		}
		// The bump tells every cached actor of the user that it is stale.
		if err := q.BumpGrants(ctx, g.UserID); err != nil {
			return err
		}
		return q.DeleteGrant(ctx, id)
	})
}

// GetGrant returns one grant.
func (s *Store) GetGrant(ctx context.Context, id xuezuo.ID) (*xuezuo.Grant, error) {
	r, err := s.q().GetGrant(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "授权"))
	}
	return &toGrants([]sqlcdb.Grant{r})[0], nil
}

func toToken(r sqlcdb.ApiToken) *account.Token {
	return &account.Token{ID: r.ID, UserID: r.UserID, Name: r.Name, CreatedAt: fromMS(r.CreatedAt),
		ExpiresAt: fromMS(r.ExpiresAt), RevokedAt: fromMS(r.RevokedAt)}
}

// CreateToken stores a token's hash.
func (s *Store) CreateToken(ctx context.Context, t *account.Token, hash string, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		id, err := allocID(ctx, q, "api_tokens")
		if err != nil {
			return err
		}
		t.ID = id
		if err := q.InsertToken(ctx, sqlcdb.InsertTokenParams{ID: id, UserID: t.UserID, Name: t.Name, TokenHash: hash,
			CreatedAt: ms(t.CreatedAt), ExpiresAt: ms(t.ExpiresAt)}); err != nil {
			return err
		}
		e.TargetID = id
		return s.audit(ctx, q, e)
	})
}

// TokenStamp returns a token by hash with its user's stamp.
func (s *Store) TokenStamp(ctx context.Context, hash string) (*account.Token, account.Stamp, error) {
	r, err := s.q().TokenStamp(ctx, hash)
	if err != nil {
		return nil, account.Stamp{}, s.mapErr(notFound(err, "令牌"))
	}
	return toToken(r.ApiToken), account.Stamp{Disabled: r.Disabled, Version: r.GrantsVersion}, nil
}

// UserStamp returns what a user's cached actor depends on.
func (s *Store) UserStamp(ctx context.Context, id xuezuo.ID) (account.Stamp, error) {
	r, err := s.q().UserStamp(ctx, id)
	if err != nil {
		return account.Stamp{}, s.mapErr(notFound(err, "账号"))
	}
	return account.Stamp{Disabled: r.Disabled, Version: r.GrantsVersion}, nil
}

// GetToken returns one token.
func (s *Store) GetToken(ctx context.Context, id xuezuo.ID) (*account.Token, error) {
	r, err := s.q().GetToken(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "令牌"))
	}
	return toToken(r), nil
}

// ListTokens lists a user's tokens, newest first.
func (s *Store) ListTokens(ctx context.Context, userID xuezuo.ID) ([]account.Token, error) {
	rows, err := s.q().ListUserTokens(ctx, userID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]account.Token, len(rows))
	for i, r := range rows {
		out[i] = *toToken(r)
	}
	return out, nil
}

// RevokeToken marks a token revoked.
func (s *Store) RevokeToken(ctx context.Context, id xuezuo.ID, at time.Time, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		return q.RevokeToken(ctx, sqlcdb.RevokeTokenParams{ID: id, RevokedAt: ms(at)})
	})
}

// Empty reports whether the database holds no org and no account yet.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	q := s.q()
	orgs, err := q.CountOrgs(ctx)
	if err != nil {
		return false, s.mapErr(err)
	}
	users, err := q.CountUsers(ctx)
	if err != nil {
		return false, s.mapErr(err)
	}
	return orgs == 0 && users == 0, nil
}
