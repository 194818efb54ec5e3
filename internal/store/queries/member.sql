-- name: InsertMember :exec
INSERT INTO members (id, org_id, name, gender, birth_date, birth_year_only, join_date, full_date, standing, category, status, status_since, status_reason, cadre, post, phone, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17);

-- name: GetMember :one
SELECT * FROM members WHERE id = $1;

-- name: UpdateMember :exec
UPDATE members SET name = $2, gender = $3, birth_date = $4, birth_year_only = $5, join_date = $6, full_date = $7, standing = $8,
  category = $9, status = $10, status_since = $11, status_reason = $12, cadre = $13, post = $14, phone = $15, updated_at = $16
WHERE id = $1;

-- name: SetMemberOrg :exec
UPDATE members SET org_id = $2, updated_at = $3 WHERE id = $1;

-- name: ListMembers :many
-- ListMembers pages the members in an org's subtree with optional filters;
-- an empty filter value matches everything.
SELECT m.* FROM org_tree t JOIN members m ON m.org_id = t.descendant_id
WHERE t.ancestor_id = sqlc.arg(org_id)
  AND (CAST(sqlc.arg(name) AS TEXT) = '' OR m.name LIKE '%' || CAST(sqlc.arg(name) AS TEXT) || '%' ESCAPE '\')
  AND (CAST(sqlc.arg(status) AS TEXT) = '' OR m.status = CAST(sqlc.arg(status) AS TEXT))
  AND (CAST(sqlc.arg(category) AS TEXT) = '' OR m.category = CAST(sqlc.arg(category) AS TEXT))
  AND (CAST(sqlc.arg(standing) AS TEXT) = '' OR m.standing = CAST(sqlc.arg(standing) AS TEXT))
ORDER BY m.org_id, m.name, m.id
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: CountMembers :one
SELECT COUNT(*) FROM org_tree t JOIN members m ON m.org_id = t.descendant_id
WHERE t.ancestor_id = sqlc.arg(org_id)
  AND (CAST(sqlc.arg(name) AS TEXT) = '' OR m.name LIKE '%' || CAST(sqlc.arg(name) AS TEXT) || '%' ESCAPE '\')
  AND (CAST(sqlc.arg(status) AS TEXT) = '' OR m.status = CAST(sqlc.arg(status) AS TEXT))
  AND (CAST(sqlc.arg(category) AS TEXT) = '' OR m.category = CAST(sqlc.arg(category) AS TEXT))
  AND (CAST(sqlc.arg(standing) AS TEXT) = '' OR m.standing = CAST(sqlc.arg(standing) AS TEXT));

-- name: InsertMembership :exec
INSERT INTO memberships (id, member_id, org_id, from_date, to_date) VALUES ($1, $2, $3, $4, NULL);

-- name: CloseMembership :exec
UPDATE memberships SET to_date = $2 WHERE member_id = $1 AND to_date IS NULL;

-- name: ListMemberships :many
SELECT ms.*, o.name AS org_name FROM memberships ms JOIN orgs o ON o.id = ms.org_id
WHERE ms.member_id = $1 ORDER BY ms.from_date, ms.id;

-- name: InsertMemberStatus :exec
INSERT INTO member_statuses (id, member_id, status, since, reason, recorded_at) VALUES ($1, $2, $3, $4, $5, $6);

-- name: ListMemberStatuses :many
SELECT * FROM member_statuses WHERE member_id = $1 ORDER BY id;

-- name: InsertCommitteePost :exec
INSERT INTO committee_posts (id, member_id, org_id, post, term_from, term_to) VALUES ($1, $2, $3, $4, $5, $6);

-- name: EndCommitteePost :exec
UPDATE committee_posts SET term_to = $2 WHERE id = $1;

-- name: GetCommitteePost :one
SELECT * FROM committee_posts WHERE id = $1;

-- name: ListMemberPosts :many
SELECT cp.*, o.name AS org_name FROM committee_posts cp JOIN orgs o ON o.id = cp.org_id
WHERE cp.member_id = $1 ORDER BY cp.term_from, cp.id;

-- name: ListOrgPosts :many
-- ListOrgPosts lists the committee posts of an org current on a date.
SELECT cp.*, m.name AS member_name FROM committee_posts cp JOIN members m ON m.id = cp.member_id
WHERE cp.org_id = $1 AND cp.term_from <= sqlc.arg(on_date) AND (cp.term_to IS NULL OR cp.term_to > sqlc.arg(on_date))
ORDER BY cp.post, cp.id;

-- name: FindMembersByName :many
SELECT m.* FROM org_tree t JOIN members m ON m.org_id = t.descendant_id
WHERE t.ancestor_id = $1 AND m.name = $2 ORDER BY m.id;
