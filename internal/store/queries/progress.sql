-- name: FigTopics :many
-- FigTopics counts, per org and topic, the fulfilling meetings held at all
-- and held on or before the deadline (Beijing dates compare as dates).
SELECT m.org_id, m.topic_id,
  COUNT(*) AS held,
  CAST(SUM(CASE WHEN m.held_on <= tp.deadline THEN 1 ELSE 0 END) AS BIGINT) AS on_time
FROM org_tree t JOIN meetings m ON m.org_id = t.descendant_id JOIN topics tp ON tp.id = m.topic_id
WHERE t.ancestor_id = $1 AND tp.campaign_id = $2 AND m.kind = tp.meeting_kind
GROUP BY m.org_id, m.topic_id;

-- name: MemberEvidence :many
-- MemberEvidence lists the current members of a subtree with whether they
-- have evidence in the window and their campaign exclusion category.
SELECT m.id, m.name, m.org_id, COALESCE(e.category, '') AS category,
  CAST(CASE WHEN EXISTS (SELECT 1 FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id
       WHERE a.member_id = m.id AND a.status IN ('present', 'remote') AND mt.held_on >= sqlc.arg(from_date) AND mt.held_on <= sqlc.arg(to_date))
    OR EXISTS (SELECT 1 FROM makeups k WHERE k.member_id = m.id AND k.held_on >= sqlc.arg(from_date) AND k.held_on <= sqlc.arg(to_date))
    OR EXISTS (SELECT 1 FROM reflections r JOIN topics tp ON tp.id = r.topic_id
       WHERE r.member_id = m.id AND tp.campaign_id = sqlc.arg(campaign_id) AND r.status <> 'draft')
  THEN 1 ELSE 0 END AS BIGINT) AS participant
FROM org_tree t JOIN members m ON m.org_id = t.descendant_id
LEFT JOIN exclusions e ON e.member_id = m.id AND e.campaign_id = sqlc.arg(campaign_id)
WHERE t.ancestor_id = sqlc.arg(org_id) AND (CAST(sqlc.arg(leaders_only) AS BIGINT) = 0 OR m.cadre)
ORDER BY m.org_id, m.name, m.id;

-- The Leaders variants serve campaigns whose scope is the leading cadres
-- (campaign.ScopeLeaders): the same figures, counting only cadre members.
-- Attendance and makeups come from the rows, not the meeting rollups,
-- because a rollup counts everyone present.

-- name: FigMembersLeaders :many
SELECT m.org_id, COUNT(*) AS n FROM org_tree t JOIN members m ON m.org_id = t.descendant_id
WHERE t.ancestor_id = $1 AND m.cadre GROUP BY m.org_id;

-- name: FigExcludedLeaders :many
SELECT m.org_id, COUNT(*) AS n FROM org_tree t JOIN members m ON m.org_id = t.descendant_id
JOIN exclusions e ON e.member_id = m.id
WHERE t.ancestor_id = $1 AND e.campaign_id = $2 AND m.cadre GROUP BY m.org_id;

-- name: FigAttendanceLeaders :many
-- FigAttendanceLeaders counts a meeting's rows for its org, and a lecture's
-- rows for each member's org on the lecture date (lectures held above the
-- subtree count too when the member's org lies in it).
SELECT x.org_id,
  CAST(SUM(CASE WHEN x.status IN ('present', 'remote') THEN 1 ELSE 0 END) AS BIGINT) AS present,
  CAST(SUM(CASE WHEN x.status IN ('present', 'remote', 'leave', 'absent') THEN 1 ELSE 0 END) AS BIGINT) AS expected
FROM (
  SELECT mt.org_id, a.status
  FROM org_tree t JOIN meetings mt ON mt.org_id = t.descendant_id
  JOIN attendance a ON a.meeting_id = mt.id JOIN members m ON m.id = a.member_id
  WHERE t.ancestor_id = sqlc.arg(org_id) AND mt.held_on >= sqlc.arg(from_date) AND mt.held_on <= sqlc.arg(to_date) AND m.cadre
    AND mt.kind <> 'lecture'
  UNION ALL
  SELECT ms.org_id, a.status
  FROM org_tree t JOIN memberships ms ON ms.org_id = t.descendant_id
  JOIN members m ON m.id = ms.member_id
  JOIN attendance a ON a.member_id = ms.member_id JOIN meetings mt ON mt.id = a.meeting_id
  WHERE t.ancestor_id = sqlc.arg(org_id) AND mt.held_on >= sqlc.arg(from_date) AND mt.held_on <= sqlc.arg(to_date) AND m.cadre
    AND mt.kind = 'lecture' AND ms.from_date <= mt.held_on AND (ms.to_date IS NULL OR ms.to_date > mt.held_on)
) x
GROUP BY x.org_id;

-- name: FigMakeupsLeaders :many
-- FigMakeupsLeaders counts makeups like FigAttendanceLeaders counts rows.
SELECT x.org_id, COUNT(*) AS n FROM (
  SELECT mt.org_id
  FROM org_tree t JOIN meetings mt ON mt.org_id = t.descendant_id
  JOIN makeups k ON k.meeting_id = mt.id JOIN members m ON m.id = k.member_id
  WHERE t.ancestor_id = sqlc.arg(org_id) AND mt.held_on >= sqlc.arg(from_date) AND mt.held_on <= sqlc.arg(to_date) AND m.cadre
    AND mt.kind <> 'lecture'
  UNION ALL
  SELECT ms.org_id
  FROM org_tree t JOIN memberships ms ON ms.org_id = t.descendant_id
  JOIN members m ON m.id = ms.member_id
  JOIN makeups k ON k.member_id = ms.member_id JOIN meetings mt ON mt.id = k.meeting_id
  WHERE t.ancestor_id = sqlc.arg(org_id) AND mt.held_on >= sqlc.arg(from_date) AND mt.held_on <= sqlc.arg(to_date) AND m.cadre
    AND mt.kind = 'lecture' AND ms.from_date <= mt.held_on AND (ms.to_date IS NULL OR ms.to_date > mt.held_on)
) x
GROUP BY x.org_id;

-- name: FigReflectionsLeaders :many
SELECT r.org_id, COUNT(*) AS n FROM org_tree t JOIN reflections r ON r.org_id = t.descendant_id
JOIN topics tp ON tp.id = r.topic_id JOIN members m ON m.id = r.member_id
WHERE t.ancestor_id = $1 AND tp.campaign_id = $2 AND r.status <> 'draft' AND m.cadre GROUP BY r.org_id;
