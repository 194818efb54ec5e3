-- name: InsertOrg :exec
INSERT INTO orgs (id, parent_id, name, kind, is_unit, org_kind, joint, temporary, workplaces, approval, established, dissolved_on, created_at, updated_at,
  issuer_name, doc_code)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12, $12, $13, $14);

-- name: InsertOrgLinks :exec
-- InsertOrgLinks links a new org under its parent's ancestors and itself.
INSERT INTO org_tree (ancestor_id, descendant_id, depth)
SELECT p.ancestor_id, CAST(sqlc.arg(id) AS BIGINT) AS descendant_id, p.depth + 1 AS depth FROM org_tree p WHERE p.descendant_id = sqlc.arg(parent_id)
UNION ALL SELECT CAST(sqlc.arg(id) AS BIGINT) AS ancestor_id, CAST(sqlc.arg(id) AS BIGINT) AS descendant_id, CAST(0 AS BIGINT) AS depth;

-- name: InsertRootLink :exec
INSERT INTO org_tree (ancestor_id, descendant_id, depth) VALUES ($1, $1, 0);

-- name: GetOrg :one
SELECT * FROM orgs WHERE id = $1;

-- name: UpdateOrg :exec
UPDATE orgs SET name = $2, is_unit = $3, org_kind = $4, joint = $5, temporary = $6, workplaces = $7, approval = $8, established = $9, updated_at = $10,
  issuer_name = $11, doc_code = $12
WHERE id = $1;

-- name: SetOrgParent :exec
UPDATE orgs SET parent_id = $2, updated_at = $3 WHERE id = $1;

-- name: DissolveOrg :exec
UPDATE orgs SET dissolved_on = $2, updated_at = $3 WHERE id = $1;

-- name: OrgChildren :many
SELECT * FROM orgs WHERE parent_id = $1 ORDER BY dissolved_on IS NOT NULL, id;

-- name: OrgAncestors :many
-- OrgAncestors lists the org's ancestors and itself, root first.
SELECT sqlc.embed(o), t.depth FROM org_tree t JOIN orgs o ON o.id = t.ancestor_id
WHERE t.descendant_id = $1 ORDER BY t.depth DESC;

-- name: OrgSubtree :many
SELECT sqlc.embed(o), t.depth FROM org_tree t JOIN orgs o ON o.id = t.descendant_id
WHERE t.ancestor_id = $1 ORDER BY t.depth, o.id;

-- name: IsAncestor :one
SELECT COUNT(*) FROM org_tree WHERE ancestor_id = $1 AND descendant_id = $2;

-- name: RootOrgs :many
SELECT * FROM orgs WHERE parent_id IS NULL ORDER BY id;

-- name: CountOrgs :one
SELECT COUNT(*) FROM orgs;

-- name: ChildStats :many
-- ChildStats counts, for each child of an org, its sub-orgs and the members
-- in its subtree.
SELECT c.id,
  (SELECT COUNT(*) FROM orgs g WHERE g.parent_id = c.id) AS children,
  (SELECT COUNT(*) FROM org_tree t JOIN members m ON m.org_id = t.descendant_id WHERE t.ancestor_id = c.id) AS members
FROM orgs c WHERE c.parent_id = $1 ORDER BY c.id;

-- name: OrgMemberCounts :one
-- OrgMemberCounts counts the members in an org's subtree by standing.
SELECT
  COUNT(*) AS total,
  CAST(COALESCE(SUM(CASE WHEN m.standing = 'full' THEN 1 ELSE 0 END), 0) AS BIGINT) AS full_members,
  CAST(COALESCE(SUM(CASE WHEN m.standing = 'probationary' THEN 1 ELSE 0 END), 0) AS BIGINT) AS probationary
FROM org_tree t JOIN members m ON m.org_id = t.descendant_id WHERE t.ancestor_id = $1;

-- name: CountChildren :one
SELECT COUNT(*) FROM orgs WHERE parent_id = $1 AND dissolved_on IS NULL;

-- name: CountOrgMembers :one
SELECT COUNT(*) FROM members WHERE org_id = $1;

-- name: SubtreeDescendants :many
SELECT descendant_id FROM org_tree WHERE ancestor_id = $1;

-- name: UnlinkSubtree :exec
-- UnlinkSubtree removes the links from the org's outside ancestors to every
-- org in its subtree, before it is re-linked under a new parent.
DELETE FROM org_tree
WHERE descendant_id IN (SELECT s.descendant_id FROM org_tree s WHERE s.ancestor_id = sqlc.arg(id))
  AND ancestor_id NOT IN (SELECT s.descendant_id FROM org_tree s WHERE s.ancestor_id = sqlc.arg(id));

-- name: LinkSubtree :exec
INSERT INTO org_tree (ancestor_id, descendant_id, depth)
SELECT p.ancestor_id, s.descendant_id, p.depth + s.depth + 1 AS depth
FROM org_tree p, org_tree s
WHERE p.descendant_id = sqlc.arg(parent_id) AND s.ancestor_id = sqlc.arg(id);

-- name: FindOrgsByName :many
-- FindOrgsByName finds active orgs of a name inside a subtree (import matching).
SELECT o.* FROM org_tree t JOIN orgs o ON o.id = t.descendant_id
WHERE t.ancestor_id = $1 AND o.name = $2 AND o.dissolved_on IS NULL ORDER BY o.id;

-- name: AncestorIDs :many
SELECT ancestor_id FROM org_tree WHERE descendant_id = $1;

-- name: TreeVersion :one
-- TreeVersion is bumped by every org write, so a cached tree is current
-- while the version is unchanged.
SELECT version FROM tree_lock WHERE id = 1;
