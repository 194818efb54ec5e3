-- name: CheckinGuardTake :one
-- CheckinGuardTake creates or locks a member's guard row for a meeting and
-- returns the wrong tries so far. The no-op update takes the row lock on
-- PostgreSQL; SQLite's single writer serialises anyway.
INSERT INTO checkin_guard (meeting_id, member_id, wrong, refused) VALUES ($1, $2, 0, 0)
ON CONFLICT (meeting_id, member_id) DO UPDATE SET wrong = checkin_guard.wrong
RETURNING wrong;

-- name: CheckinGuardWrong :one
UPDATE checkin_guard SET wrong = wrong + 1 WHERE meeting_id = $1 AND member_id = $2
RETURNING wrong;

-- name: CheckinGuardRefused :exec
UPDATE checkin_guard SET refused = refused + 1 WHERE meeting_id = $1 AND member_id = $2;

-- name: CheckinGuardGet :one
SELECT wrong, refused FROM checkin_guard WHERE meeting_id = $1 AND member_id = $2;
