-- name: InsertSummary :exec
INSERT INTO summaries (id, org_id, unit_id, topic_id, state, version, basics, basics_note, views, reason, due_on,
  first_submitted_at, submitted_at, late, created_at, updated_at)
VALUES ($1, $2, $3, $4, 'draft', 0, $5, '', '', '', NULL, 0, 0, FALSE, $6, $6);

-- name: GetSummary :one
SELECT sqlc.embed(s), o.name AS org_name FROM summaries s JOIN orgs o ON o.id = s.org_id WHERE s.id = $1;

-- name: SummaryVersions :many
SELECT * FROM summary_versions WHERE summary_id = $1 ORDER BY version;

-- name: EditSummary :execrows
-- EditSummary changes the text of a draft or a returned summary only: the
-- state test in the statement makes a concurrent submit win or lose whole.
UPDATE summaries SET basics_note = $2, views = $3, updated_at = $4
WHERE id = $1 AND state IN ('draft', 'returned');

-- name: SubmitSummary :execrows
-- SubmitSummary makes the next version. The first submit fixes the due
-- date and whether it was late; later ones keep both.
UPDATE summaries SET state = 'submitted', version = version + 1, submitted_at = sqlc.arg(at),
  first_submitted_at = CASE WHEN first_submitted_at = 0 THEN sqlc.arg(at) ELSE first_submitted_at END,
  due_on = CASE WHEN first_submitted_at = 0 THEN sqlc.arg(due_on) ELSE due_on END,
  late = CASE WHEN first_submitted_at = 0 THEN sqlc.arg(late) ELSE late END,
  updated_at = sqlc.arg(at)
WHERE id = sqlc.arg(id) AND state IN ('draft', 'returned');

-- name: InsertSummaryVersion :exec
INSERT INTO summary_versions (summary_id, version, state, basics, basics_note, views, reason, submitted_at, submitted_by, decided_at, decided_by)
SELECT s.id, s.version, 'submitted', s.basics, s.basics_note, s.views, '', s.submitted_at, sqlc.arg(submitted_by), 0, 0
FROM summaries s WHERE s.id = sqlc.arg(id);

-- name: DecideSummary :execrows
-- DecideSummary accepts or returns the submitted version.
UPDATE summaries SET state = sqlc.arg(state), reason = CASE WHEN sqlc.arg(state) = 'returned' THEN sqlc.arg(reason) ELSE reason END,
  updated_at = sqlc.arg(at)
WHERE id = sqlc.arg(id) AND state = 'submitted';

-- name: DecideSummaryVersion :exec
UPDATE summary_versions SET state = sqlc.arg(state), reason = sqlc.arg(reason), decided_at = sqlc.arg(at), decided_by = sqlc.arg(decided_by)
WHERE summary_id = sqlc.arg(id) AND version = (SELECT s.version FROM summaries s WHERE s.id = sqlc.arg(id));

-- name: CountSummaries :one
SELECT COUNT(*) FROM summaries s JOIN org_tree t ON t.descendant_id = s.org_id
WHERE t.ancestor_id = sqlc.arg(org_id)
  AND (CAST(sqlc.arg(topic_id) AS BIGINT) = 0 OR s.topic_id = CAST(sqlc.arg(topic_id) AS BIGINT))
  AND (CAST(sqlc.arg(state) AS TEXT) = '' OR s.state = CAST(sqlc.arg(state) AS TEXT));

-- name: ListSummaries :many
SELECT sqlc.embed(s), o.name AS org_name FROM summaries s JOIN org_tree t ON t.descendant_id = s.org_id
JOIN orgs o ON o.id = s.org_id
WHERE t.ancestor_id = sqlc.arg(org_id)
  AND (CAST(sqlc.arg(topic_id) AS BIGINT) = 0 OR s.topic_id = CAST(sqlc.arg(topic_id) AS BIGINT))
  AND (CAST(sqlc.arg(state) AS TEXT) = '' OR s.state = CAST(sqlc.arg(state) AS TEXT))
ORDER BY s.topic_id, s.org_id
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: TopicMeetingID :one
-- TopicMeetingID finds the branch's meeting that fulfils a topic: the
-- earliest held, which is the one that decides "on time".
SELECT m.id FROM meetings m JOIN topics tp ON tp.id = m.topic_id
WHERE m.org_id = sqlc.arg(org_id) AND m.topic_id = CAST(sqlc.arg(topic_id) AS BIGINT) AND m.kind = tp.meeting_kind
ORDER BY m.held_on, m.id LIMIT 1;

-- name: BranchTopicReflections :one
-- BranchTopicReflections counts the submitted reflections on a topic that
-- were counted for the branch or its groups at submission.
SELECT COUNT(*) FROM reflections r JOIN org_tree t ON t.descendant_id = r.org_id
WHERE t.ancestor_id = sqlc.arg(org_id) AND r.topic_id = sqlc.arg(topic_id) AND r.status <> 'draft';

-- name: SummaryDue :many
-- SummaryDue returns the due dates set on a topic by the branch's
-- ancestors, nearest first.
SELECT d.due_on FROM summary_dues d JOIN org_tree t ON t.ancestor_id = d.org_id
WHERE t.descendant_id = sqlc.arg(org_id) AND d.topic_id = sqlc.arg(topic_id)
ORDER BY t.depth LIMIT 1;

-- name: SetSummaryDue :exec
INSERT INTO summary_dues (org_id, topic_id, due_on, set_at, set_by) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (org_id, topic_id) DO UPDATE SET due_on = excluded.due_on, set_at = excluded.set_at, set_by = excluded.set_by;

-- name: SummaryStatus :many
-- SummaryStatus counts a topic's summaries by current state for each child
-- of an org (or the org itself when it is a branch), in one grouped pass
-- over the closure table: expected are the branches in the campaign's
-- scope that existed on the topic's deadline (domain.md §5.6).
SELECT c.id AS org_id,
  COUNT(*) AS expected,
  CAST(SUM(CASE WHEN s.state = 'submitted' THEN 1 ELSE 0 END) AS BIGINT) AS submitted,
  CAST(SUM(CASE WHEN s.state = 'returned' THEN 1 ELSE 0 END) AS BIGINT) AS returned,
  CAST(SUM(CASE WHEN s.state = 'accepted' THEN 1 ELSE 0 END) AS BIGINT) AS accepted,
  CAST(SUM(CASE WHEN s.id IS NULL OR s.version = 0 THEN 1 ELSE 0 END) AS BIGINT) AS missing,
  CAST(SUM(CASE WHEN s.late THEN 1 ELSE 0 END) AS BIGINT) AS late
FROM orgs c
JOIN org_tree ct ON ct.ancestor_id = c.id
JOIN orgs b ON b.id = ct.descendant_id
JOIN topics tp ON tp.id = sqlc.arg(topic_id)
JOIN campaigns cp ON cp.id = tp.campaign_id
LEFT JOIN summaries s ON s.org_id = b.id AND s.topic_id = tp.id
WHERE (c.parent_id = CAST(sqlc.arg(org_id) AS BIGINT) OR (c.id = CAST(sqlc.arg(org_id) AS BIGINT) AND c.kind = 'branch'))
  AND b.kind = 'branch'
  AND (b.established IS NULL OR b.established <= tp.deadline)
  AND (b.dissolved_on IS NULL OR b.dissolved_on > tp.deadline)
  AND EXISTS (SELECT 1 FROM org_tree sc WHERE sc.descendant_id = b.id AND (
    (cp.scope <> 'orgs' AND sc.ancestor_id = cp.owner_org_id)
    OR (cp.scope = 'orgs' AND sc.ancestor_id IN (SELECT co.org_id FROM campaign_orgs co WHERE co.campaign_id = cp.id))))
GROUP BY c.id
ORDER BY c.id;

-- name: SummaryStatusByUnit :many
-- SummaryStatusByUnit counts the same per unit (基层党委) of the branches in
-- an org's subtree instead of per child: the root's table by unit. A
-- branch outside any unit counts in a row with unit_id 0 and no name.
SELECT b.unit_id AS org_id,
  CAST(COALESCE(MAX(u.name), '') AS TEXT) AS name,
  COUNT(*) AS expected,
  CAST(SUM(CASE WHEN s.state = 'submitted' THEN 1 ELSE 0 END) AS BIGINT) AS submitted,
  CAST(SUM(CASE WHEN s.state = 'returned' THEN 1 ELSE 0 END) AS BIGINT) AS returned,
  CAST(SUM(CASE WHEN s.state = 'accepted' THEN 1 ELSE 0 END) AS BIGINT) AS accepted,
  CAST(SUM(CASE WHEN s.id IS NULL OR s.version = 0 THEN 1 ELSE 0 END) AS BIGINT) AS missing,
  CAST(SUM(CASE WHEN s.late THEN 1 ELSE 0 END) AS BIGINT) AS late
FROM org_tree ot
JOIN orgs b ON b.id = ot.descendant_id
JOIN topics tp ON tp.id = sqlc.arg(topic_id)
JOIN campaigns cp ON cp.id = tp.campaign_id
LEFT JOIN orgs u ON u.id = b.unit_id
LEFT JOIN summaries s ON s.org_id = b.id AND s.topic_id = tp.id
WHERE ot.ancestor_id = sqlc.arg(org_id)
  AND b.kind = 'branch'
  AND (b.established IS NULL OR b.established <= tp.deadline)
  AND (b.dissolved_on IS NULL OR b.dissolved_on > tp.deadline)
  AND EXISTS (SELECT 1 FROM org_tree sc WHERE sc.descendant_id = b.id AND (
    (cp.scope <> 'orgs' AND sc.ancestor_id = cp.owner_org_id)
    OR (cp.scope = 'orgs' AND sc.ancestor_id IN (SELECT co.org_id FROM campaign_orgs co WHERE co.campaign_id = cp.id))))
GROUP BY b.unit_id
ORDER BY b.unit_id;
