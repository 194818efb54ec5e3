-- +goose Up
-- A reset by the security admin issues a one-time password that must be
-- changed at the next login, and the owner sees when and by whom it was
-- reset. session_epoch is bumped by every password change, reset and
-- disable: a session row remembers the epoch it was created at, and a row
-- older than its user's epoch is dead. An epoch rather than a timestamp, so
-- that a request still in flight when the password changes can rewrite its
-- row (scs commits every request) without bringing the session back.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN password_reset_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_reset_by TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN user_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
CREATE INDEX sessions_user ON sessions (user_id);

-- +goose Down
DROP INDEX sessions_user;
ALTER TABLE sessions DROP COLUMN epoch;
ALTER TABLE sessions DROP COLUMN user_id;
ALTER TABLE users DROP COLUMN session_epoch;
ALTER TABLE users DROP COLUMN password_reset_by;
ALTER TABLE users DROP COLUMN password_reset_at;
ALTER TABLE users DROP COLUMN must_change_password;
