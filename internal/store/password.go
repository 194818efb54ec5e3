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

// ChangePassword writes a new password hash, with its reset marks when it
// is a reset, ends every session of the user (the caller's own session is
// renewed by the front door afterwards) and revokes every API token, all in
// one transaction with the audit row.
func (s *Store) ChangePassword(ctx context.Context, id xuezuo.ID, c account.PasswordChange, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		if _, err := q.GetUser(ctx, id); err != nil {
			return notFound(err, "账号")
		}
		if err := q.ChangePassword(ctx, sqlcdb.ChangePasswordParams{ID: id, PasswordHash: c.Hash,
			MustChangePassword: c.MustChange, UpdatedAt: ms(c.At)}); err != nil {
			return err
		}
		if c.ResetBy != "" {
			if err := q.MarkPasswordReset(ctx, sqlcdb.MarkPasswordResetParams{ID: id, PasswordResetAt: ms(c.At),
				PasswordResetBy: c.ResetBy}); err != nil {
				return err
			}
		}
		if err := s.revokeUserTokens(ctx, q, id, c.At); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// revokeUserTokens revokes every live token of a user and bumps the grants
// version, so that an actor cached for one of them is read again.
func (s *Store) revokeUserTokens(ctx context.Context, q *sqlcdb.Queries, id xuezuo.ID, at time.Time) error {
	if _, err := q.RevokeUserTokens(ctx, sqlcdb.RevokeUserTokensParams{UserID: id, RevokedAt: ms(at)}); err != nil {
		return err
	}
	return q.BumpGrants(ctx, id)
}

// LiveSessions counts a user's sessions that still log in (tests and the
// account page).
func (s *Store) LiveSessions(ctx context.Context, userID xuezuo.ID) (int, error) {
	n, err := s.q().CountLiveUserSessions(ctx, sqlcdb.CountLiveUserSessionsParams{UserID: userID, Expiry: s.now().UnixMilli()})
	return int(n), s.mapErr(err)
}
