package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/audit"
	"xuezuo/internal/store/sqlcdb"
)

// PairLockedUntil reads the lock of one account and client address; zero
// when the pair has no row.
func (s *Store) PairLockedUntil(ctx context.Context, userID xuezuo.ID, addr string) (time.Time, error) {
	v, err := s.q().LoginGuardPairLockedUntil(ctx, sqlcdb.LoginGuardPairLockedUntilParams{UserID: userID, Addr: addr})
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, s.mapErr(err)
	}
	return fromMS(v), nil
}

// RecordLogin locks the pair's row and the user's row, lets judge decide on
// what it finds and writes the state and audit entries judge returns, all
// in one transaction: concurrent checks of one account are judged one
// after another on the state their predecessors left.
func (s *Store) RecordLogin(ctx context.Context, userID xuezuo.ID, addr string, judge account.GuardJudge) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		acc, err := q.LoginGuardAccount(ctx, userID)
		if err != nil {
			return notFound(err, "账号")
		}
		pair, err := q.LoginGuardTake(ctx, sqlcdb.LoginGuardTakeParams{UserID: userID, Addr: addr})
		if err != nil {
			return err
		}
		was := account.GuardState{
			PairFailures: int(pair.Failures), PairSince: fromMS(pair.FirstAt), PairLockedUntil: fromMS(pair.LockedUntil),
			AccountFailures: int(acc.FailedLogins), AccountSince: fromMS(acc.FailuresSince), AccountLockedUntil: fromMS(acc.LockedUntil),
		}
		g, entries := judge(was)
		if g.PairFailures != was.PairFailures || !g.PairSince.Equal(was.PairSince) || !g.PairLockedUntil.Equal(was.PairLockedUntil) {
			if err := q.LoginGuardSetPair(ctx, sqlcdb.LoginGuardSetPairParams{UserID: userID, Addr: addr,
				Failures: int64(g.PairFailures), FirstAt: ms(g.PairSince), LockedUntil: ms(g.PairLockedUntil)}); err != nil {
				return err
			}
		}
		if g.AccountFailures != was.AccountFailures || !g.AccountSince.Equal(was.AccountSince) || !g.AccountLockedUntil.Equal(was.AccountLockedUntil) {
			if err := q.LoginGuardSetAccount(ctx, sqlcdb.LoginGuardSetAccountParams{ID: userID,
				FailedLogins: int64(g.AccountFailures), FailuresSince: ms(g.AccountSince), LockedUntil: ms(g.AccountLockedUntil)}); err != nil {
				return err
			}
		}
		for _, e := range entries {
			if err := s.audit(ctx, q, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// UnlockLogin clears every address lock and count of a user and the
// account's own, with the audit row.
func (s *Store) UnlockLogin(ctx context.Context, userID xuezuo.ID, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		if _, err := q.GetUser(ctx, userID); err != nil {
			return notFound(err, "账号")
		}
		// The user's row first, as RecordLogin locks it, so the two never
		// wait on each other in opposite orders.
		if err := q.LoginGuardSetAccount(ctx, sqlcdb.LoginGuardSetAccountParams{ID: userID}); err != nil {
			return err
		}
		_, err := q.LoginGuardUnlock(ctx, userID)
		return err
	})
}

// LockedPairs counts a user's client addresses locked at now.
func (s *Store) LockedPairs(ctx context.Context, userID xuezuo.ID, now time.Time) (int, error) {
	n, err := s.q().LoginGuardLockedPairs(ctx, sqlcdb.LoginGuardLockedPairsParams{UserID: userID, LockedUntil: ms(now)})
	return int(n), s.mapErr(err)
}
