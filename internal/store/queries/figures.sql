-- Progress rollups (migration 00006): maintenance in the write transaction,
-- reads for the progress table, and the from-the-records computation that
-- rebuilds and verifies them.

-- name: FigCampaignsCovering :many
-- FigCampaignsCovering lists the campaigns with rollups whose window holds a date.
SELECT id FROM campaigns
WHERE start_date <= sqlc.arg(on_date) AND (end_date IS NULL OR end_date >= sqlc.arg(on_date)) AND scope <> 'leaders'
ORDER BY id;

-- name: FigCampaignOfTopic :many
SELECT c.id, tp.meeting_kind, tp.deadline FROM topics tp JOIN campaigns c ON c.id = tp.campaign_id
WHERE tp.id = $1 AND c.scope <> 'leaders';

-- name: FigCampaignHasRollup :one
SELECT COUNT(*) FROM campaigns WHERE id = $1 AND scope <> 'leaders';

-- name: FigAdd :exec
INSERT INTO campaign_figures (campaign_id, org_id, n_excluded, n_participants, n_present, n_expected, n_makeups, n_reflections)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (campaign_id, org_id) DO UPDATE SET
  n_excluded = campaign_figures.n_excluded + excluded.n_excluded,
  n_participants = campaign_figures.n_participants + excluded.n_participants,
  n_present = campaign_figures.n_present + excluded.n_present,
  n_expected = campaign_figures.n_expected + excluded.n_expected,
  n_makeups = campaign_figures.n_makeups + excluded.n_makeups,
  n_reflections = campaign_figures.n_reflections + excluded.n_reflections;

-- name: FigAddTopic :exec
INSERT INTO campaign_topic_figures (campaign_id, org_id, topic_id, held, on_time) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (campaign_id, org_id, topic_id) DO UPDATE SET
  held = campaign_topic_figures.held + excluded.held, on_time = campaign_topic_figures.on_time + excluded.on_time;

-- name: FigAddEvidence :one
INSERT INTO campaign_evidence (campaign_id, member_id, n) VALUES ($1, $2, $3)
ON CONFLICT (campaign_id, member_id) DO UPDATE SET n = campaign_evidence.n + excluded.n
RETURNING n;

-- name: FigAddMembers :exec
INSERT INTO org_members (org_id, members) VALUES ($1, $2)
ON CONFLICT (org_id) DO UPDATE SET members = org_members.members + excluded.members;

-- name: FigMemberOrg :one
SELECT org_id FROM members WHERE id = $1;

-- name: FigMemberOrgOn :one
-- FigMemberOrgOn is the org a member belonged to on a date (the branch or
-- group of the membership then), or the member's org now when no membership
-- covers the date: a lecture's row counts there (domain.md §5.2, §5.5).
SELECT COALESCE((SELECT ms.org_id FROM memberships ms
    WHERE ms.member_id = mb.id AND ms.from_date <= sqlc.arg(on_date) AND (ms.to_date IS NULL OR ms.to_date > sqlc.arg(on_date))
    ORDER BY ms.from_date DESC LIMIT 1), mb.org_id) AS org_id
FROM members mb WHERE mb.id = sqlc.arg(member_id);

-- name: FigMemberLectureRows :many
-- FigMemberLectureRows lists a member's rows and makeups at lectures held
-- on or after a date: the rows a transfer dated then moves to the new org
-- (they count for the member's org on the lecture date).
SELECT m.held_on, a.status, CAST(0 AS BIGINT) AS makeup FROM attendance a JOIN meetings m ON m.id = a.meeting_id
WHERE a.member_id = sqlc.arg(member_id) AND m.kind = 'lecture' AND m.held_on >= sqlc.arg(on_date)
UNION ALL
SELECT m.held_on, '' AS status, CAST(1 AS BIGINT) AS makeup FROM makeups k JOIN meetings m ON m.id = k.meeting_id
WHERE k.member_id = sqlc.arg(member_id) AND m.kind = 'lecture' AND m.held_on >= sqlc.arg(on_date);

-- name: FigMemberEvidence :many
-- FigMemberEvidence lists the campaigns in which a member is a participant.
SELECT campaign_id FROM campaign_evidence WHERE member_id = $1 AND n > 0 ORDER BY campaign_id;

-- name: FigMemberExclusions :many
SELECT e.campaign_id FROM exclusions e JOIN campaigns c ON c.id = e.campaign_id
WHERE e.member_id = $1 AND c.scope <> 'leaders' ORDER BY e.campaign_id;

-- name: FigDeleteCampaign :exec
DELETE FROM campaign_figures WHERE campaign_id = $1;

-- name: FigDeleteCampaignTopics :exec
DELETE FROM campaign_topic_figures WHERE campaign_id = $1;

-- name: FigDeleteCampaignEvidence :exec
DELETE FROM campaign_evidence WHERE campaign_id = $1;

-- name: FigDeleteOrgMembers :exec
DELETE FROM org_members;

-- name: FigRollup :many
-- FigRollup reads the member counts and a campaign's rollups of every org
-- under an org in one pass over the subtree.
SELECT t.descendant_id AS org_id, COALESCE(om.members, 0) AS members,
  COALESCE(f.n_excluded, 0) AS n_excluded, COALESCE(f.n_participants, 0) AS n_participants,
  COALESCE(f.n_present, 0) AS n_present, COALESCE(f.n_expected, 0) AS n_expected,
  COALESCE(f.n_makeups, 0) AS n_makeups, COALESCE(f.n_reflections, 0) AS n_reflections,
  COALESCE(f.held_mask, 0) AS held_mask, COALESCE(f.on_time_mask, 0) AS on_time_mask
FROM org_tree t
LEFT JOIN org_members om ON om.org_id = t.descendant_id
LEFT JOIN campaign_figures f ON f.campaign_id = sqlc.arg(campaign_id) AND f.org_id = t.descendant_id
WHERE t.ancestor_id = sqlc.arg(ancestor_id) AND (om.org_id IS NOT NULL OR f.org_id IS NOT NULL);

-- name: FigSetTopicMasks :exec
-- FigSetTopicMasks folds the topic counts of one org (org_id 0: of every
-- org) into the masks of its campaign_figures row.
UPDATE campaign_figures SET
  held_mask = COALESCE((SELECT SUM(CAST(1 AS BIGINT) << CAST(tp.no - 1 AS INTEGER)) FROM campaign_topic_figures f JOIN topics tp ON tp.id = f.topic_id
    WHERE f.campaign_id = campaign_figures.campaign_id AND f.org_id = campaign_figures.org_id AND f.held > 0), 0),
  on_time_mask = COALESCE((SELECT SUM(CAST(1 AS BIGINT) << CAST(tp.no - 1 AS INTEGER)) FROM campaign_topic_figures f JOIN topics tp ON tp.id = f.topic_id
    WHERE f.campaign_id = campaign_figures.campaign_id AND f.org_id = campaign_figures.org_id AND f.on_time > 0), 0)
WHERE campaign_figures.campaign_id = sqlc.arg(campaign_id) AND (campaign_figures.org_id = sqlc.arg(org_id) OR CAST(sqlc.arg(org_id) AS BIGINT) = 0);

-- name: FigAllRollup :many
SELECT * FROM campaign_figures WHERE campaign_id = $1 ORDER BY org_id;

-- name: FigAllRollupTopics :many
SELECT * FROM campaign_topic_figures WHERE campaign_id = $1 ORDER BY org_id, topic_id;

-- name: FigAllEvidence :many
SELECT member_id, n FROM campaign_evidence WHERE campaign_id = $1 ORDER BY member_id;

-- name: FigAllOrgMembers :many
SELECT org_id, members FROM org_members ORDER BY org_id;

-- The Calc queries compute the same figures from the records themselves
-- (attendance rows, not the meeting rollups).

-- name: CalcOrgMembers :many
SELECT org_id, COUNT(*) AS n FROM members GROUP BY org_id ORDER BY org_id;

-- name: CalcMemberOrgs :many
SELECT id, org_id FROM members;

-- name: CalcEvidence :many
SELECT x.member_id, COUNT(*) AS n FROM (
  SELECT a.member_id FROM attendance a JOIN meetings m ON m.id = a.meeting_id
  WHERE a.status IN ('present', 'remote') AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date)
  UNION ALL
  SELECT k.member_id FROM makeups k WHERE k.held_on >= sqlc.arg(from_date) AND k.held_on <= sqlc.arg(to_date)
  UNION ALL
  SELECT r.member_id FROM reflections r JOIN topics tp ON tp.id = r.topic_id
  WHERE tp.campaign_id = sqlc.arg(campaign_id) AND r.status <> 'draft'
) x GROUP BY x.member_id;

-- name: CalcAttendance :many
-- CalcAttendance counts rows for the meeting's org, and a lecture's rows
-- for each member's org on the lecture date (as FigMemberOrgOn).
SELECT x.org_id,
  CAST(SUM(CASE WHEN x.status IN ('present', 'remote') THEN 1 ELSE 0 END) AS BIGINT) AS present,
  CAST(SUM(CASE WHEN x.status IN ('present', 'remote', 'leave', 'absent') THEN 1 ELSE 0 END) AS BIGINT) AS expected
FROM (
  SELECT m.org_id, a.status FROM attendance a JOIN meetings m ON m.id = a.meeting_id
  WHERE m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date) AND m.kind <> 'lecture'
  UNION ALL
  SELECT COALESCE((SELECT ms.org_id FROM memberships ms
      WHERE ms.member_id = a.member_id AND ms.from_date <= m.held_on AND (ms.to_date IS NULL OR ms.to_date > m.held_on)
      ORDER BY ms.from_date DESC LIMIT 1), mb.org_id) AS org_id, a.status
  FROM attendance a JOIN meetings m ON m.id = a.meeting_id JOIN members mb ON mb.id = a.member_id
  WHERE m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date) AND m.kind = 'lecture'
) x
GROUP BY x.org_id;

-- name: CalcMakeups :many
-- CalcMakeups counts makeups like CalcAttendance counts rows.
SELECT x.org_id, COUNT(*) AS n FROM (
  SELECT m.org_id FROM makeups k JOIN meetings m ON m.id = k.meeting_id
  WHERE m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date) AND m.kind <> 'lecture'
  UNION ALL
  SELECT COALESCE((SELECT ms.org_id FROM memberships ms
      WHERE ms.member_id = k.member_id AND ms.from_date <= m.held_on AND (ms.to_date IS NULL OR ms.to_date > m.held_on)
      ORDER BY ms.from_date DESC LIMIT 1), mb.org_id) AS org_id
  FROM makeups k JOIN meetings m ON m.id = k.meeting_id JOIN members mb ON mb.id = k.member_id
  WHERE m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date) AND m.kind = 'lecture'
) x
GROUP BY x.org_id;

-- name: CalcExcluded :many
SELECT mb.org_id, COUNT(*) AS n FROM exclusions e JOIN members mb ON mb.id = e.member_id
WHERE e.campaign_id = $1 GROUP BY mb.org_id;

-- name: CalcReflections :many
SELECT r.org_id, COUNT(*) AS n FROM reflections r JOIN topics tp ON tp.id = r.topic_id
WHERE tp.campaign_id = $1 AND r.status <> 'draft' GROUP BY r.org_id;

-- name: CalcTopics :many
SELECT m.org_id, m.topic_id, tp.no, COUNT(*) AS held,
  CAST(SUM(CASE WHEN m.held_on <= tp.deadline THEN 1 ELSE 0 END) AS BIGINT) AS on_time
FROM meetings m JOIN topics tp ON tp.id = m.topic_id
WHERE tp.campaign_id = $1 AND m.kind = tp.meeting_kind
GROUP BY m.org_id, m.topic_id, tp.no;

-- name: FigRollupCampaigns :many
SELECT id, start_date, end_date FROM campaigns WHERE scope <> 'leaders' ORDER BY id;

-- name: FigMeetingOf :one
SELECT org_id, held_on, kind, topic_id FROM meetings WHERE id = $1;

-- name: FigReflectionOf :one
SELECT status, topic_id, org_id, member_id FROM reflections WHERE id = $1;

-- name: FigExclusionOf :many
SELECT campaign_id, member_id FROM exclusions WHERE id = $1;

-- name: FigScopeMembers :one
SELECT CAST(COALESCE(SUM(o.members), 0) AS BIGINT) AS n FROM org_tree t JOIN org_members o ON o.org_id = t.descendant_id
WHERE t.ancestor_id = $1;

-- name: FigRollupCampaign :many
-- FigRollupCampaign reads a campaign's rollups of every org without the
-- subtree join, for large subtrees (filtered by the caller).
SELECT org_id, n_excluded, n_participants, n_present, n_expected, n_makeups, n_reflections, held_mask, on_time_mask
FROM campaign_figures WHERE campaign_id = $1;

-- name: FigOrgMembers :many
SELECT org_id, members FROM org_members WHERE members <> 0;
