-- name: GetExclusion :one
SELECT e.*, mb.name AS member_name, mb.org_id AS member_org_id FROM exclusions e
JOIN members mb ON mb.id = e.member_id
WHERE e.id = $1;

-- name: DeleteExclusion :execrows
DELETE FROM exclusions WHERE id = $1;
