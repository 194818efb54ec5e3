-- name: InsertMeeting :exec
INSERT INTO meetings (id, org_id, unit_id, kind, title, topic_id, planned_at, held_on, place, host_id, recorder_id, agenda, minutes,
  speaker_count, checkin_from, checkin_to, checkin_code, register_closed,
  n_present, n_remote, n_leave, n_absent, n_excluded, n_guest, n_makeup, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, FALSE, 0, 0, 0, 0, 0, 0, 0, $18, $18);

-- name: InsertSpeaker :exec
INSERT INTO meeting_speakers (meeting_id, member_id, subject) VALUES ($1, $2, $3);

-- name: GetMeeting :one
SELECT sqlc.embed(m), o.name AS org_name FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.id = $1;

-- name: MeetingSpeakers :many
SELECT s.member_id, s.subject, mb.name, mb.cadre FROM meeting_speakers s JOIN members mb ON mb.id = s.member_id
WHERE s.meeting_id = $1 ORDER BY mb.name;

-- name: Roster :many
-- Roster lists the members of an org's subtree on a date, by membership.
SELECT sqlc.embed(m) FROM memberships ms
JOIN members m ON m.id = ms.member_id
JOIN org_tree t ON t.descendant_id = ms.org_id
WHERE t.ancestor_id = sqlc.arg(org_id) AND ms.from_date <= sqlc.arg(on_date) AND (ms.to_date IS NULL OR ms.to_date > sqlc.arg(on_date))
ORDER BY m.name, m.id;

-- name: OnRoster :one
SELECT COUNT(*) FROM memberships ms JOIN org_tree t ON t.descendant_id = ms.org_id
WHERE t.ancestor_id = sqlc.arg(org_id) AND ms.member_id = sqlc.arg(member_id)
  AND ms.from_date <= sqlc.arg(on_date) AND (ms.to_date IS NULL OR ms.to_date > sqlc.arg(on_date));

-- name: AttendanceRows :many
SELECT a.*, mb.name AS member_name FROM attendance a JOIN members mb ON mb.id = a.member_id
WHERE a.meeting_id = $1 ORDER BY mb.name, a.member_id;

-- name: AttendanceStatus :many
SELECT status FROM attendance WHERE meeting_id = $1 AND member_id = $2;

-- name: InsertAttendance :exec
INSERT INTO attendance (meeting_id, member_id, status, reason, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6);

-- name: UpdateAttendance :exec
UPDATE attendance SET status = $3, reason = $4, recorded_at = $5, recorded_by = $6 WHERE meeting_id = $1 AND member_id = $2;

-- name: BumpMeetingCounts :exec
UPDATE meetings SET n_present = n_present + sqlc.arg(present), n_remote = n_remote + sqlc.arg(remote),
  n_leave = n_leave + sqlc.arg(leave), n_absent = n_absent + sqlc.arg(absent), n_excluded = n_excluded + sqlc.arg(excluded),
  n_guest = n_guest + sqlc.arg(guest), n_makeup = n_makeup + sqlc.arg(makeup)
WHERE id = sqlc.arg(id);

-- name: CloseMeetingRegister :exec
UPDATE meetings SET register_closed = TRUE, updated_at = $2 WHERE id = $1;

-- name: InsertMakeup :exec
INSERT INTO makeups (id, meeting_id, member_id, kind, held_on, note, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: ListMakeups :many
SELECT * FROM makeups WHERE meeting_id = $1 ORDER BY id;

-- name: InsertExclusion :exec
INSERT INTO exclusions (id, campaign_id, member_id, category, reason, decided_on, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: CampaignExclusions :many
SELECT e.*, mb.name AS member_name FROM exclusions e
JOIN members mb ON mb.id = e.member_id
JOIN org_tree t ON t.descendant_id = mb.org_id
WHERE e.campaign_id = $1 AND t.ancestor_id = $2 ORDER BY mb.name;
