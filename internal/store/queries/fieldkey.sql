-- name: GetFieldKeyCheck :one
SELECT check_value FROM field_key WHERE id = 1;

-- name: InsertFieldKeyCheck :exec
INSERT INTO field_key (id, check_value, created_at) VALUES (1, $1, $2);

-- name: MemberPhonesAfter :many
-- MemberPhonesAfter pages the members with a phone number by id, for the
-- encryption in place of a database that gets a field key.
SELECT id, phone FROM members WHERE id > sqlc.arg(after_id) AND phone <> '' ORDER BY id LIMIT sqlc.arg(lim);

-- name: SetMemberPhone :exec
UPDATE members SET phone = $2 WHERE id = $1;
