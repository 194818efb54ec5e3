-- name: InsertReflection :exec
INSERT INTO reflections (id, topic_id, member_id, org_id, unit_id, title, body, tokens, status, submitted_at, reviewed_at, reviewed_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, 0, $11, $11);

-- name: UpdateReflection :exec
UPDATE reflections SET title = $2, body = $3, tokens = $4, status = $5, submitted_at = $6, reviewed_at = $7, updated_at = $8 WHERE id = $1;

-- name: GetReflection :one
SELECT r.*, mb.name AS member_name FROM reflections r JOIN members mb ON mb.id = r.member_id WHERE r.id = $1;
