-- name: AllocIDs :one
-- AllocIDs reserves n ids for a table and returns the end of the block:
-- the ids are [end - n, end).
INSERT INTO id_seq (name, next_id) VALUES (sqlc.arg(name), 1 + CAST(sqlc.arg(n) AS BIGINT))
ON CONFLICT (name) DO UPDATE SET next_id = id_seq.next_id + CAST(sqlc.arg(n) AS BIGINT)
RETURNING next_id;

-- name: BumpIDs :exec
-- BumpIDs makes sure new ids start above an explicitly given one (imports).
INSERT INTO id_seq (name, next_id) VALUES (sqlc.arg(name), sqlc.arg(next_id))
ON CONFLICT (name) DO UPDATE SET next_id = CASE WHEN id_seq.next_id > sqlc.arg(next_id) THEN id_seq.next_id ELSE sqlc.arg(next_id) END;

-- name: LockTree :exec
UPDATE tree_lock SET version = version + 1 WHERE id = 1;

-- name: NextID :many
-- NextID reads the next free id of a table (no row: 1).
SELECT next_id FROM id_seq WHERE name = $1;
