-- name: InsertForward :exec
INSERT INTO forwards (id, kind, item_id, origin_kind, origin_id, prev_id, from_org_id, to_org_id, by_user_id, note, quarter,
  adopted, adopted_at, adopted_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, FALSE, 0, 0, $12);

-- name: BumpForwardCount :execrows
-- BumpForwardCount counts one more forward of the sender; it changes no
-- row when the count already reached lim (the quota, or a huge number
-- when none is set).
INSERT INTO forward_counts (from_org_id, to_org_id, kind, quarter, n) VALUES ($1, $2, $3, $4, 1)
ON CONFLICT (from_org_id, to_org_id, kind, quarter) DO UPDATE SET n = forward_counts.n + 1
WHERE forward_counts.n < CAST(sqlc.arg(lim) AS BIGINT);

-- name: ForwardQuota :many
SELECT max_items FROM forward_quotas WHERE to_org_id = $1 AND kind = $2 AND quarter = $3;

-- name: SetForwardQuota :exec
INSERT INTO forward_quotas (to_org_id, kind, quarter, max_items, set_at, set_by) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (to_org_id, kind, quarter) DO UPDATE SET max_items = excluded.max_items, set_at = excluded.set_at, set_by = excluded.set_by;

-- name: ListForwardQuotas :many
SELECT * FROM forward_quotas WHERE to_org_id = $1 ORDER BY quarter DESC, kind;

-- name: GetForward :one
-- GetForward reads a forward with the names its pages show, and what it
-- carries: a summary's branch and topic, a reflection's title, or a
-- lecture's title and holding org.
SELECT f.*, fo.name AS from_org_name, t.name AS to_org_name, COALESCE(u.display_name, '') AS by_name,
  COALESCE(r.title, '') AS reflection_title, COALESCE(so.name, '') AS summary_org, COALESCE(st.title, '') AS summary_topic,
  COALESCE(lm.title, '') AS lecture_title, COALESCE(lo.name, '') AS lecture_org FROM forwards f
JOIN orgs fo ON fo.id = f.from_org_id JOIN orgs t ON t.id = f.to_org_id LEFT JOIN users u ON u.id = f.by_user_id
LEFT JOIN reflections r ON f.origin_kind = 'reflection' AND r.id = f.origin_id
LEFT JOIN summaries s ON f.origin_kind = 'summary' AND s.id = f.origin_id
LEFT JOIN orgs so ON so.id = s.org_id LEFT JOIN topics st ON st.id = s.topic_id
LEFT JOIN meetings lm ON f.origin_kind = 'lecture' AND lm.id = f.origin_id LEFT JOIN orgs lo ON lo.id = lm.org_id WHERE f.id = $1;

-- name: AdoptForward :execrows
-- AdoptForward marks a forward adopted once: a second adoption changes no row.
UPDATE forwards SET adopted = TRUE, adopted_at = $2, adopted_by = $3 WHERE id = $1 AND NOT adopted;

-- name: CountInbox :one
SELECT COUNT(*) FROM forwards
WHERE to_org_id = sqlc.arg(org_id) AND quarter = sqlc.arg(quarter)
  AND (CAST(sqlc.arg(kind) AS TEXT) = '' OR kind = CAST(sqlc.arg(kind) AS TEXT));

-- name: ListInbox :many
-- ListInbox orders by source org and kind, the inbox's groups.
SELECT f.*, fo.name AS from_org_name, t.name AS to_org_name, COALESCE(u.display_name, '') AS by_name,
  COALESCE(r.title, '') AS reflection_title, COALESCE(so.name, '') AS summary_org, COALESCE(st.title, '') AS summary_topic,
  COALESCE(lm.title, '') AS lecture_title, COALESCE(lo.name, '') AS lecture_org FROM forwards f
JOIN orgs fo ON fo.id = f.from_org_id JOIN orgs t ON t.id = f.to_org_id LEFT JOIN users u ON u.id = f.by_user_id
LEFT JOIN reflections r ON f.origin_kind = 'reflection' AND r.id = f.origin_id
LEFT JOIN summaries s ON f.origin_kind = 'summary' AND s.id = f.origin_id
LEFT JOIN orgs so ON so.id = s.org_id LEFT JOIN topics st ON st.id = s.topic_id
LEFT JOIN meetings lm ON f.origin_kind = 'lecture' AND lm.id = f.origin_id LEFT JOIN orgs lo ON lo.id = lm.org_id
WHERE f.to_org_id = sqlc.arg(org_id) AND f.quarter = sqlc.arg(quarter)
  AND (CAST(sqlc.arg(kind) AS TEXT) = '' OR f.kind = CAST(sqlc.arg(kind) AS TEXT))
ORDER BY fo.name, f.from_org_id, f.kind, f.id
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: OriginForwards :many
-- OriginForwards lists every hop that carried a summary, reflection or lecture,
-- oldest first (the author's recognition).
SELECT f.*, fo.name AS from_org_name, t.name AS to_org_name, COALESCE(u.display_name, '') AS by_name,
  COALESCE(r.title, '') AS reflection_title, COALESCE(so.name, '') AS summary_org, COALESCE(st.title, '') AS summary_topic,
  COALESCE(lm.title, '') AS lecture_title, COALESCE(lo.name, '') AS lecture_org FROM forwards f
JOIN orgs fo ON fo.id = f.from_org_id JOIN orgs t ON t.id = f.to_org_id LEFT JOIN users u ON u.id = f.by_user_id
LEFT JOIN reflections r ON f.origin_kind = 'reflection' AND r.id = f.origin_id
LEFT JOIN summaries s ON f.origin_kind = 'summary' AND s.id = f.origin_id
LEFT JOIN orgs so ON so.id = s.org_id LEFT JOIN topics st ON st.id = s.topic_id
LEFT JOIN meetings lm ON f.origin_kind = 'lecture' AND lm.id = f.origin_id LEFT JOIN orgs lo ON lo.id = lm.org_id
WHERE f.origin_kind = $1 AND f.origin_id = $2 ORDER BY f.created_at, f.id;

-- name: ForwardedUp :many
-- ForwardedUp counts what an org forwarded up in a quarter, per kind.
SELECT kind, COUNT(*) AS n FROM forwards WHERE from_org_id = $1 AND quarter = $2 GROUP BY kind;

-- name: ForwardsReceived :one
SELECT COUNT(*) FROM forwards WHERE to_org_id = $1 AND quarter = $2;

-- name: SummariesAccepted :one
-- SummariesAccepted counts the summary versions accepted in [since, until)
-- on branches of an org's subtree.
SELECT COUNT(*) FROM summary_versions v JOIN summaries s ON s.id = v.summary_id
JOIN org_tree t ON t.descendant_id = s.org_id
WHERE t.ancestor_id = sqlc.arg(org_id) AND v.state = 'accepted'
  AND v.decided_at >= sqlc.arg(since) AND v.decided_at < sqlc.arg(until);

-- name: ReflectionsReceived :one
-- ReflectionsReceived counts the reflections submitted in [since, until)
-- in an org's subtree.
SELECT COUNT(*) FROM reflections r JOIN org_tree t ON t.descendant_id = r.org_id
WHERE t.ancestor_id = sqlc.arg(org_id) AND r.status <> 'draft'
  AND r.submitted_at >= sqlc.arg(since) AND r.submitted_at < sqlc.arg(until);

-- name: LecturesHeld :one
-- LecturesHeld counts the lectures held on [from_date, to_date] by orgs of
-- an org's subtree (the meetings_lecture_org index).
SELECT COUNT(*) FROM meetings m JOIN org_tree t ON t.descendant_id = m.org_id
WHERE t.ancestor_id = sqlc.arg(org_id) AND m.kind = 'lecture'
  AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date);
