package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"github.com/alexedwards/scs/v2"

	"xuezuo/internal/store/sqlcdb"
)

// Sessions is the scs session store on the sessions table, keyed by the
// SHA-256 of the token so that a database reader cannot hijack sessions.
// Each row records its user and that user's session epoch: a password
// change, reset or disable bumps the epoch and so ends every older row.
type Sessions struct{ s *Store }

// Sessions returns the session store.
func (s *Store) Sessions() *Sessions { return &Sessions{s: s} }

func sessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// FindCtx returns a live session's data.
func (ss *Sessions) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	r, err := ss.s.q().FindLiveSession(ctx, sessionKey(token))
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

// SessionUserKey is the session value holding the logged-in user's id; the
// web front door writes it under this name, and the store reads it to know
// whose session a row is, so that a password change can end them all.
const SessionUserKey = "user_id"

// sessionUser returns the user id a session's data holds, or 0 for a
// session of nobody (or data it cannot read, which then belongs to nobody).
func sessionUser(b []byte) int64 {
	_, values, err := scs.GobCodec{}.Decode(b)
	if err != nil {
		return 0
	}
	id, _ := values[SessionUserKey].(int64)
	return id
}

// CommitCtx stores a session with its user and the user's session epoch at
// the time the row is first written for that user.
func (ss *Sessions) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return ss.s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		uid := sessionUser(b)
		var epoch int64
		if uid != 0 {
			var err error
			if epoch, err = q.UserSessionEpoch(ctx, uid); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		return q.UpsertUserSession(ctx, sqlcdb.UpsertUserSessionParams{TokenHash: sessionKey(token), Data: b,
			Expiry: expiry.UnixMilli(), UserID: uid, Epoch: epoch})
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
