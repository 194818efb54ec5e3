-- name: InsertAudit :exec
INSERT INTO audit_log (id, at, user_id, username, action, target_type, target_id, org_id, fields, outcome, remote)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11);

-- name: ListAudit :many
SELECT * FROM audit_log
WHERE (CAST(sqlc.arg(username) AS TEXT) = '' OR username = CAST(sqlc.arg(username) AS TEXT))
  AND (CAST(sqlc.arg(action) AS TEXT) = '' OR action LIKE CAST(sqlc.arg(action) AS TEXT) || '%' ESCAPE '\')
  AND at >= sqlc.arg(from_ms) AND at < sqlc.arg(to_ms)
ORDER BY at DESC, id DESC
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: CountAudit :one
SELECT COUNT(*) FROM audit_log
WHERE (CAST(sqlc.arg(username) AS TEXT) = '' OR username = CAST(sqlc.arg(username) AS TEXT))
  AND (CAST(sqlc.arg(action) AS TEXT) = '' OR action LIKE CAST(sqlc.arg(action) AS TEXT) || '%' ESCAPE '\')
  AND at >= sqlc.arg(from_ms) AND at < sqlc.arg(to_ms);
