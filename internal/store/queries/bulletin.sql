-- name: BumpBulletinNumber :one
-- BumpBulletinNumber gives an org's next 第 N 期 of a year.
INSERT INTO bulletin_numbers (org_id, year, n) VALUES ($1, $2, 1)
ON CONFLICT (org_id, year) DO UPDATE SET n = bulletin_numbers.n + 1
RETURNING n;

-- name: InsertBulletin :exec
INSERT INTO bulletins (id, org_id, campaign_id, topic_id, period, from_date, to_date, year, number, doc_no, title, state,
  preface, closing, content, created_by, created_at, updated_at, published_at, published_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'draft', $12, $13, '', $14, $15, $15, 0, 0);

-- name: GetBulletin :one
SELECT sqlc.embed(b), o.name AS org_name FROM bulletins b JOIN orgs o ON o.id = b.org_id WHERE b.id = $1;

-- name: EditBulletin :execrows
-- EditBulletin changes a draft's preface and closing only: a bulletin
-- published meanwhile stays as it was.
UPDATE bulletins SET preface = $2, closing = $3, updated_at = $4 WHERE id = $1 AND state = 'draft';

-- name: PublishBulletin :execrows
-- PublishBulletin freezes a draft with its figures, once.
UPDATE bulletins SET state = 'published', content = $2, published_at = $3, published_by = $4, updated_at = $3
WHERE id = $1 AND state = 'draft';

-- name: CountBulletins :one
SELECT COUNT(*) FROM bulletins
WHERE org_id = sqlc.arg(org_id)
  AND (CAST(sqlc.arg(campaign_id) AS BIGINT) = 0 OR campaign_id = CAST(sqlc.arg(campaign_id) AS BIGINT))
  AND (CAST(sqlc.arg(state) AS TEXT) = '' OR state = CAST(sqlc.arg(state) AS TEXT));

-- name: ListBulletins :many
-- ListBulletins pages an org's bulletins, newest number first.
SELECT sqlc.embed(b), o.name AS org_name FROM bulletins b JOIN orgs o ON o.id = b.org_id
WHERE b.org_id = sqlc.arg(org_id)
  AND (CAST(sqlc.arg(campaign_id) AS BIGINT) = 0 OR b.campaign_id = CAST(sqlc.arg(campaign_id) AS BIGINT))
  AND (CAST(sqlc.arg(state) AS TEXT) = '' OR b.state = CAST(sqlc.arg(state) AS TEXT))
ORDER BY b.year DESC, b.number DESC
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: SummaryMissingBranches :many
-- SummaryMissingBranches names the expected branches under an org with no
-- version of their summary on a topic ever submitted (§5.6 "missing"),
-- under the same conditions as SummaryStatus.
SELECT b.id, b.name, b.unit_id
FROM org_tree ct
JOIN orgs b ON b.id = ct.descendant_id
JOIN topics tp ON tp.id = sqlc.arg(topic_id)
JOIN campaigns cp ON cp.id = tp.campaign_id
LEFT JOIN summaries s ON s.org_id = b.id AND s.topic_id = tp.id
WHERE ct.ancestor_id = CAST(sqlc.arg(org_id) AS BIGINT)
  AND b.kind = 'branch'
  AND (b.established IS NULL OR b.established <= tp.deadline)
  AND (b.dissolved_on IS NULL OR b.dissolved_on > tp.deadline)
  AND (s.id IS NULL OR s.version = 0)
  AND EXISTS (SELECT 1 FROM org_tree sc WHERE sc.descendant_id = b.id AND (
    (cp.scope <> 'orgs' AND sc.ancestor_id = cp.owner_org_id)
    OR (cp.scope = 'orgs' AND sc.ancestor_id IN (SELECT co.org_id FROM campaign_orgs co WHERE co.campaign_id = cp.id))))
ORDER BY b.id;

-- name: AdoptedForwards :many
-- AdoptedForwards lists the forwards an org adopted in [since, until),
-- oldest first, with what they carry: a summary's branch and topic, a
-- reflection's title, or a lecture's title and holding org.
SELECT f.id, f.origin_kind, f.from_org_id, fo.name AS from_org_name, f.adopted_at,
  COALESCE(r.title, '') AS reflection_title, COALESCE(so.name, '') AS summary_org, COALESCE(st.title, '') AS summary_topic,
  COALESCE(lm.title, '') AS lecture_title, COALESCE(lo.name, '') AS lecture_org
FROM forwards f JOIN orgs fo ON fo.id = f.from_org_id
LEFT JOIN reflections r ON f.origin_kind = 'reflection' AND r.id = f.origin_id
LEFT JOIN summaries s ON f.origin_kind = 'summary' AND s.id = f.origin_id
LEFT JOIN orgs so ON so.id = s.org_id
LEFT JOIN topics st ON st.id = s.topic_id
LEFT JOIN meetings lm ON f.origin_kind = 'lecture' AND lm.id = f.origin_id
LEFT JOIN orgs lo ON lo.id = lm.org_id
WHERE f.to_org_id = sqlc.arg(org_id) AND f.adopted
  AND f.adopted_at >= sqlc.arg(since) AND f.adopted_at < sqlc.arg(until)
ORDER BY f.adopted_at, f.id;
