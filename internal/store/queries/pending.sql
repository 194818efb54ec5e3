-- name: AddPendingWork :exec
INSERT INTO pending_work (name, since) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING;

-- name: PendingWork :many
SELECT name FROM pending_work ORDER BY name;
