-- name: InsertUser :exec
INSERT INTO users (id, username, display_name, password_hash, member_id, disabled, failed_logins, locked_until, grants_version, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, FALSE, 0, 0, 0, $6, $6);

-- name: GetUser :one
SELECT * FROM users WHERE id = $1;

-- name: GetUserByName :one
SELECT * FROM users WHERE username = $1;

-- name: ListUsers :many
SELECT * FROM users ORDER BY username;

-- name: CountUsers :one
SELECT COUNT(*) FROM users;

-- name: SetPassword :exec
UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1;

-- name: SetUserDisabled :exec
UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1;

-- name: SetUserMember :exec
UPDATE users SET member_id = $2, display_name = $3, updated_at = $4 WHERE id = $1;

-- name: RecordLoginFailure :one
-- RecordLoginFailure counts a failed login and locks the account when the
-- count reaches the limit; it runs as one statement so concurrent failures
-- all count.
UPDATE users SET
  failed_logins = failed_logins + 1,
  locked_until = CASE WHEN failed_logins + 1 >= sqlc.arg(max_failures) THEN sqlc.arg(lock_until) ELSE locked_until END
WHERE id = sqlc.arg(id)
RETURNING failed_logins, locked_until;

-- name: ResetLoginFailures :exec
UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1;

-- name: BumpGrants :exec
UPDATE users SET grants_version = grants_version + 1 WHERE id = $1;

-- name: InsertGrant :exec
INSERT INTO grants (id, user_id, role, org_id, created_at) VALUES ($1, $2, $3, $4, $5);

-- name: DeleteGrant :exec
DELETE FROM grants WHERE id = $1;

-- name: GetGrant :one
SELECT * FROM grants WHERE id = $1;

-- name: ListUserGrants :many
SELECT * FROM grants WHERE user_id = $1 ORDER BY id;

-- name: ListAllGrants :many
SELECT * FROM grants ORDER BY user_id, id;

-- name: InsertToken :exec
INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, 0);

-- name: GetToken :one
SELECT * FROM api_tokens WHERE id = $1;

-- name: ListUserTokens :many
SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY id DESC;

-- name: RevokeToken :exec
UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at = 0;

-- name: FindSession :one
SELECT data, expiry FROM sessions WHERE token_hash = $1;

-- name: UpsertSession :exec
INSERT INTO sessions (token_hash, data, expiry) VALUES ($1, $2, $3)
ON CONFLICT (token_hash) DO UPDATE SET data = excluded.data, expiry = excluded.expiry;

-- name: DeleteSession :exec
DELETE FROM sessions WHERE token_hash = $1;

-- name: DeleteExpiredSessions :execrows
DELETE FROM sessions WHERE expiry < $1;

-- name: TokenStamp :one
-- TokenStamp reads a token with what its user's cached actor depends on:
-- every change to a user's grants or member link bumps grants_version.
SELECT sqlc.embed(t), u.disabled, u.grants_version
FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1;

-- name: UserStamp :one
SELECT disabled, grants_version FROM users WHERE id = $1;

-- name: LinkedUser :one
-- LinkedUser is the other account already linked to a member, if any.
SELECT id, username FROM users WHERE member_id = sqlc.arg(member_id) AND id <> sqlc.arg(id) ORDER BY id LIMIT 1;

-- name: ListMemberLinks :many
-- ListMemberLinks lists every account linked to a member, for the repair
-- of migration 14: by member, newest account (highest id) first.
SELECT id, username, member_id FROM users WHERE member_id IS NOT NULL ORDER BY member_id, id DESC;

-- name: UnlinkUser :exec
UPDATE users SET member_id = NULL, grants_version = grants_version + 1, updated_at = sqlc.arg(updated_at) WHERE id = sqlc.arg(id);
