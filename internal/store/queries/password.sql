-- name: ChangePassword :exec
-- ChangePassword writes a new hash and ends the user's sessions by bumping
-- the epoch.
UPDATE users SET password_hash = $2, must_change_password = $3, session_epoch = session_epoch + 1, updated_at = $4
WHERE id = $1;

-- name: MarkPasswordReset :exec
-- MarkPasswordReset records when and by whom a password was reset, for the
-- owner to see.
UPDATE users SET password_reset_at = $2, password_reset_by = $3 WHERE id = $1;

-- name: EndUserSessions :exec
UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1;

-- name: RevokeUserTokens :execrows
-- RevokeUserTokens revokes every live token of a user for good: nothing
-- ever clears revoked_at, so re-enabling the account brings none back.
UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at = 0;

-- name: UserSessionEpoch :one
SELECT session_epoch FROM users WHERE id = $1;

-- name: FindLiveSession :one
-- FindLiveSession reads a session unless its user's epoch has moved past it.
SELECT s.data, s.expiry FROM sessions s
WHERE s.token_hash = $1
  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id AND u.session_epoch > s.epoch);

-- name: UpsertUserSession :exec
-- UpsertUserSession keeps a row's epoch while it stays with the same user,
-- so a rewrite never revives a session that a password change ended.
INSERT INTO sessions (token_hash, data, expiry, user_id, epoch) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (token_hash) DO UPDATE SET data = excluded.data, expiry = excluded.expiry, user_id = excluded.user_id,
  epoch = CASE WHEN sessions.user_id = excluded.user_id THEN sessions.epoch ELSE excluded.epoch END;

-- name: CountLiveUserSessions :one
SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.user_id = $1 AND s.epoch >= u.session_epoch AND s.expiry >= $2;
