package store

import (
	"context"
	"database/sql"
	"errors"

	"xuezuo/internal/meeting"
	"xuezuo/internal/store/sqlcdb"
)

// GuardedCheckIn judges one self check-in with a code in one transaction.
// Taking the member's guard row first (an upsert, which locks it on
// PostgreSQL; SQLite has one writer) puts concurrent tries in a line, so at
// most t.Limit wrong codes are ever counted and a try after them is refused
// even with the right code.
func (s *Store) GuardedCheckIn(ctx context.Context, t meeting.CheckinTry) (meeting.CheckinResult, error) {
	var res meeting.CheckinResult
	err := s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		key := sqlcdb.CheckinGuardTakeParams{MeetingID: t.Row.MeetingID, MemberID: t.Row.MemberID}
		wrong, err := q.CheckinGuardTake(ctx, key)
		if err != nil {
			return err
		}
		res = meeting.CheckinResult{Wrong: int(wrong)}
		switch {
		case wrong >= int64(t.Limit):
			res.Outcome = meeting.CheckinLock
			return q.CheckinGuardRefused(ctx, sqlcdb.CheckinGuardRefusedParams(key))
		case !t.CodeOK:
			n, err := q.CheckinGuardWrong(ctx, sqlcdb.CheckinGuardWrongParams(key))
			if err != nil {
				return err
			}
			res = meeting.CheckinResult{Outcome: meeting.WrongCode, Wrong: int(n)}
			if err := s.audit(ctx, q, t.Wrong); err != nil {
				return err
			}
			if n >= int64(t.Limit) {
				return s.audit(ctx, q, t.Locked)
			}
			return nil
		}
		res.Outcome = meeting.CheckedIn
		if err := insertRow(ctx, q, t.Row); err != nil {
			return err
		}
		var d delta
		d.add(t.Row.Status, 1)
		if err := bumpRows(ctx, q, t.Row.MeetingID, d, []rowChange{{memberID: t.Row.MemberID, new: t.Row.Status}}); err != nil {
			return err
		}
		return s.audit(ctx, q, t.Done)
	})
	return res, err
}

// CheckinGuard returns a member's wrong and refused check-in tries for a
// meeting (zeros when the member never tried a code).
func (s *Store) CheckinGuard(ctx context.Context, meetingID, memberID int64) (wrong, refused int, err error) {
	r, err := s.q().CheckinGuardGet(ctx, sqlcdb.CheckinGuardGetParams{MeetingID: meetingID, MemberID: memberID})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, s.mapErr(err)
	}
	return int(r.Wrong), int(r.Refused), nil
}
