-- name: LedgerMeetings :many
-- LedgerMeetings lists the meetings of a branch's subtree (the branch and
-- its groups) held in a campaign window, as progress counts them: the
-- columns of the attendance register (考勤台账).
SELECT sqlc.embed(m), o.name AS org_name FROM org_tree t
JOIN meetings m ON m.org_id = t.descendant_id
JOIN orgs o ON o.id = m.org_id
WHERE t.ancestor_id = sqlc.arg(org_id) AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date)
ORDER BY m.held_on, m.id;

-- name: LedgerAttendance :many
SELECT a.meeting_id, a.member_id, a.status, a.reason, a.recorded_at, a.recorded_by, mb.name AS member_name FROM org_tree t
JOIN meetings m ON m.org_id = t.descendant_id
JOIN attendance a ON a.meeting_id = m.id
JOIN members mb ON mb.id = a.member_id
WHERE t.ancestor_id = sqlc.arg(org_id) AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date)
ORDER BY a.meeting_id, a.member_id;

-- name: LedgerMakeups :many
SELECT k.* FROM org_tree t
JOIN meetings m ON m.org_id = t.descendant_id
JOIN makeups k ON k.meeting_id = m.id
WHERE t.ancestor_id = sqlc.arg(org_id) AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date)
ORDER BY k.meeting_id, k.member_id;

-- name: LedgerExpected :many
-- LedgerExpected pairs each meeting with the members on its org's roster on
-- the meeting date, as the Roster query defines it.
SELECT m.id AS meeting_id, ms.member_id FROM org_tree b
JOIN meetings m ON m.org_id = b.descendant_id
JOIN org_tree t ON t.ancestor_id = m.org_id
JOIN memberships ms ON ms.org_id = t.descendant_id
WHERE b.ancestor_id = sqlc.arg(org_id) AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date)
  AND ms.from_date <= m.held_on AND (ms.to_date IS NULL OR ms.to_date > m.held_on)
ORDER BY m.id, ms.member_id;

-- name: LedgerRoster :many
-- LedgerRoster lists the members who belonged to the subtree on any day of
-- the window.
SELECT DISTINCT mb.id, mb.name FROM org_tree t
JOIN memberships ms ON ms.org_id = t.descendant_id
JOIN members mb ON mb.id = ms.member_id
WHERE t.ancestor_id = sqlc.arg(org_id) AND ms.from_date <= sqlc.arg(to_date)
  AND (ms.to_date IS NULL OR ms.to_date > sqlc.arg(from_date))
ORDER BY mb.id;

-- name: LedgerExclusions :many
-- LedgerExclusions lists the campaign's exclusions of members on the
-- subtree's roster in the window or with a row at one of its meetings.
SELECT e.id, e.campaign_id, e.member_id, e.category, e.reason, e.decided_on, mb.name AS member_name FROM exclusions e
JOIN members mb ON mb.id = e.member_id
WHERE e.campaign_id = sqlc.arg(campaign_id) AND (
  EXISTS (SELECT 1 FROM org_tree t JOIN memberships ms ON ms.org_id = t.descendant_id
    WHERE t.ancestor_id = sqlc.arg(org_id) AND ms.member_id = e.member_id AND ms.from_date <= sqlc.arg(to_date)
      AND (ms.to_date IS NULL OR ms.to_date > sqlc.arg(from_date)))
  OR EXISTS (SELECT 1 FROM org_tree t JOIN meetings m ON m.org_id = t.descendant_id JOIN attendance a ON a.meeting_id = m.id
    WHERE t.ancestor_id = sqlc.arg(org_id) AND a.member_id = e.member_id
      AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date)))
ORDER BY e.member_id;
