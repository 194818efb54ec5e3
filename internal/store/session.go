package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"xuezuo/internal/store/sqlcdb"
)

// Sessions is the scs session store on the sessions table, keyed by the
// SHA-256 of the token so that a database reader cannot hijack sessions.
type Sessions struct{ s *Store }

// Sessions returns the session store.
func (s *Store) Sessions() *Sessions { return &Sessions{s: s} }

func sessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// FindCtx returns a live session's data.
func (ss *Sessions) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	r, err := ss.s.q().FindSession(ctx, sessionKey(token))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if r.Expiry < ss.s.now().UnixMilli() {
		return nil, false, nil
	}
	return r.Data, true, nil
}

// CommitCtx stores a session.
func (ss *Sessions) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return ss.s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		return q.UpsertSession(ctx, sqlcdb.UpsertSessionParams{TokenHash: sessionKey(token), Data: b, Expiry: expiry.UnixMilli()})
	})
}

// DeleteCtx removes a session.
func (ss *Sessions) DeleteCtx(ctx context.Context, token string) error {
	return ss.s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		return q.DeleteSession(ctx, sessionKey(token))
	})
}

// Find implements scs.Store.
func (ss *Sessions) Find(token string) ([]byte, bool, error) {
	return ss.FindCtx(context.Background(), token)
}

// Commit implements scs.Store.
func (ss *Sessions) Commit(token string, b []byte, expiry time.Time) error {
	return ss.CommitCtx(context.Background(), token, b, expiry)
}

// Delete implements scs.Store.
func (ss *Sessions) Delete(token string) error { return ss.DeleteCtx(context.Background(), token) }

// DeleteExpired removes expired sessions and returns how many.
func (ss *Sessions) DeleteExpired(ctx context.Context) (int64, error) {
	var n int64
	err := ss.s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		var err error
		n, err = q.DeleteExpiredSessions(ctx, ss.s.now().UnixMilli())
		return err
	})
	return n, err
}
