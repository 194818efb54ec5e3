-- name: EnsureAppSecret :one
-- EnsureAppSecret stores the secret when the name has none yet and returns
-- the one stored: the no-op update makes RETURNING answer with the row that
-- won, so two processes starting at once agree on one secret.
INSERT INTO app_secrets (name, secret, created_at) VALUES ($1, $2, $3)
ON CONFLICT (name) DO UPDATE SET name = app_secrets.name
RETURNING secret;
