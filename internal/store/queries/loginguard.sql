-- name: LoginGuardPairLockedUntil :one
-- LoginGuardPairLockedUntil reads the pair's lock before the password is
-- checked (the account's comes with the user).
SELECT locked_until FROM login_guard WHERE user_id = $1 AND addr = $2;

-- name: LoginGuardTake :one
-- LoginGuardTake creates or locks the pair's row and returns it. The no-op
-- update takes the row lock on PostgreSQL; SQLite's single writer
-- serialises anyway.
INSERT INTO login_guard (user_id, addr, failures, first_at, locked_until) VALUES ($1, $2, 0, 0, 0)
ON CONFLICT (user_id, addr) DO UPDATE SET failures = login_guard.failures
RETURNING failures, first_at, locked_until;

-- name: LoginGuardAccount :one
-- LoginGuardAccount locks the user's row (the no-op update) and returns
-- the per-account ceiling's count, window start and lock time.
UPDATE users SET failed_logins = failed_logins WHERE id = $1
RETURNING failed_logins, failures_since, locked_until;

-- name: LoginGuardSetPair :exec
UPDATE login_guard SET failures = $3, first_at = $4, locked_until = $5 WHERE user_id = $1 AND addr = $2;

-- name: LoginGuardSetAccount :exec
UPDATE users SET failed_logins = $2, failures_since = $3, locked_until = $4 WHERE id = $1;

-- name: LoginGuardUnlock :execrows
-- LoginGuardUnlock clears every pair lock and count of a user.
DELETE FROM login_guard WHERE user_id = $1;

-- name: LoginGuardLockedPairs :one
SELECT COUNT(*) FROM login_guard WHERE user_id = $1 AND locked_until > $2;
