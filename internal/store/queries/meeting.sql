-- name: InsertMeeting :exec
INSERT INTO meetings (id, org_id, unit_id, kind, title, topic_id, planned_at, held_on, place, host_id, recorder_id, agenda, minutes,
  speaker_count, checkin_from, checkin_to, checkin_code, register_closed,
  n_present, n_remote, n_leave, n_absent, n_excluded, n_guest, n_makeup, created_at, updated_at,
  lecturer_kind, lecturer_member_id, lecturer_name, lecturer_title, material)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, FALSE, 0, 0, 0, 0, 0, 0, 0, $18, $18,
  $19, $20, $21, $22, $23);

-- name: InsertLectureAudience :exec
INSERT INTO lecture_audience (meeting_id, org_id, held_on, lecturer_kind) VALUES ($1, $2, $3, $4);

-- name: SetLectureAudienceFacts :exec
-- SetLectureAudienceFacts repeats a lecture's date and lecturer kind on its
-- audience rows after an edit.
UPDATE lecture_audience SET held_on = $2, lecturer_kind = $3 WHERE meeting_id = $1;

-- name: LectureAudience :many
-- LectureAudience lists a lecture's audience orgs with their names, in
-- tree order of names.
SELECT la.org_id, o.name FROM lecture_audience la JOIN orgs o ON o.id = la.org_id
WHERE la.meeting_id = $1 ORDER BY o.name, la.org_id;

-- name: LectureRoster :many
-- LectureRoster lists the members of a lecture's audience on a date: the
-- members of every audience org's subtree, by membership, once each.
SELECT sqlc.embed(m) FROM members m
WHERE m.id IN (
  SELECT ms.member_id FROM lecture_audience la
  JOIN org_tree t ON t.ancestor_id = la.org_id
  JOIN memberships ms ON ms.org_id = t.descendant_id
  WHERE la.meeting_id = sqlc.arg(meeting_id) AND ms.from_date <= sqlc.arg(on_date) AND (ms.to_date IS NULL OR ms.to_date > sqlc.arg(on_date)))
ORDER BY m.name, m.id;

-- name: OnLectureAudience :one
SELECT COUNT(*) FROM lecture_audience la
JOIN org_tree t ON t.ancestor_id = la.org_id
JOIN memberships ms ON ms.org_id = t.descendant_id
WHERE la.meeting_id = sqlc.arg(meeting_id) AND ms.member_id = sqlc.arg(member_id)
  AND ms.from_date <= sqlc.arg(on_date) AND (ms.to_date IS NULL OR ms.to_date > sqlc.arg(on_date));

-- name: SecretaryPostOn :many
-- SecretaryPostOn lists the orgs where a member holds the secretary post on
-- a date (term_to is exclusive).
SELECT cp.org_id FROM committee_posts cp
WHERE cp.member_id = sqlc.arg(member_id) AND cp.post = 'secretary'
  AND cp.term_from <= sqlc.arg(on_date) AND (cp.term_to IS NULL OR cp.term_to > sqlc.arg(on_date))
ORDER BY cp.org_id;

-- name: InsertSpeaker :exec
INSERT INTO meeting_speakers (meeting_id, member_id, subject) VALUES ($1, $2, $3);

-- name: GetMeeting :one
SELECT sqlc.embed(m), o.name AS org_name, COALESCE(h.name, '') AS host_name, COALESCE(rc.name, '') AS recorder_name,
  COALESCE(lm.name, '') AS lecturer_member_name
FROM meetings m JOIN orgs o ON o.id = m.org_id
LEFT JOIN members h ON h.id = m.host_id LEFT JOIN members rc ON rc.id = m.recorder_id
LEFT JOIN members lm ON lm.id = m.lecturer_member_id
WHERE m.id = $1;

-- name: UpdateMeeting :execrows
-- UpdateMeeting edits what a meeting's writer may change. The date moves
-- only while the meeting has no attendance row (the counts are kept in the
-- rows' transactions and the row lock orders them), because the rows were
-- checked against the roster of the old date.
UPDATE meetings SET title = sqlc.arg(title), held_on = sqlc.arg(held_on), place = sqlc.arg(place), host_id = sqlc.arg(host_id),
  recorder_id = sqlc.arg(recorder_id), agenda = sqlc.arg(agenda), minutes = sqlc.arg(minutes), speaker_count = sqlc.arg(speaker_count),
  checkin_from = sqlc.arg(checkin_from), checkin_to = sqlc.arg(checkin_to), checkin_code = sqlc.arg(checkin_code), updated_at = sqlc.arg(updated_at),
  lecturer_kind = sqlc.arg(lecturer_kind), lecturer_member_id = sqlc.arg(lecturer_member_id), lecturer_name = sqlc.arg(lecturer_name),
  lecturer_title = sqlc.arg(lecturer_title), material = sqlc.arg(material)
WHERE id = sqlc.arg(id)
  AND (held_on = sqlc.arg(held_on) OR n_present + n_remote + n_leave + n_absent + n_excluded + n_guest = 0);

-- name: DeleteSpeakers :exec
DELETE FROM meeting_speakers WHERE meeting_id = $1;

-- name: ListOrgMeetings :many
-- ListOrgMeetings pages one org's meetings, newest first, with the lectures
-- other orgs held for it (its audience rows); an empty kind, a zero topic
-- match everything, and the dates bound held_on inclusively.
SELECT sqlc.embed(m), o.name AS org_name, COALESCE(lm.name, '') AS lecturer_member_name
FROM meetings m JOIN orgs o ON o.id = m.org_id LEFT JOIN members lm ON lm.id = m.lecturer_member_id
WHERE m.id IN (SELECT x.id FROM meetings x WHERE x.org_id = sqlc.arg(org_id)
    UNION SELECT la.meeting_id FROM lecture_audience la WHERE la.org_id = sqlc.arg(org_id))
  AND (CAST(sqlc.arg(kind) AS TEXT) = '' OR m.kind = CAST(sqlc.arg(kind) AS TEXT))
  AND (CAST(sqlc.arg(topic_id) AS BIGINT) = 0 OR m.topic_id = CAST(sqlc.arg(topic_id) AS BIGINT))
  AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date)
ORDER BY m.held_on DESC, m.id DESC
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: CountOrgMeetings :one
SELECT COUNT(*) FROM meetings m
WHERE m.id IN (SELECT x.id FROM meetings x WHERE x.org_id = sqlc.arg(org_id)
    UNION SELECT la.meeting_id FROM lecture_audience la WHERE la.org_id = sqlc.arg(org_id))
  AND (CAST(sqlc.arg(kind) AS TEXT) = '' OR m.kind = CAST(sqlc.arg(kind) AS TEXT))
  AND (CAST(sqlc.arg(topic_id) AS BIGINT) = 0 OR m.topic_id = CAST(sqlc.arg(topic_id) AS BIGINT))
  AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date);

-- name: OrgMeetingSpeakers :many
-- OrgMeetingSpeakers lists the speakers of the meetings ListOrgMeetings
-- returns for the same arguments, in one query instead of one per meeting.
SELECT s.meeting_id, s.member_id, s.subject, mb.name, mb.cadre FROM meeting_speakers s JOIN members mb ON mb.id = s.member_id
WHERE s.meeting_id IN (
  SELECT m.id FROM meetings m
  WHERE m.id IN (SELECT x.id FROM meetings x WHERE x.org_id = sqlc.arg(org_id)
      UNION SELECT la.meeting_id FROM lecture_audience la WHERE la.org_id = sqlc.arg(org_id))
    AND (CAST(sqlc.arg(kind) AS TEXT) = '' OR m.kind = CAST(sqlc.arg(kind) AS TEXT))
    AND (CAST(sqlc.arg(topic_id) AS BIGINT) = 0 OR m.topic_id = CAST(sqlc.arg(topic_id) AS BIGINT))
    AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date)
  ORDER BY m.held_on DESC, m.id DESC
  LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off))
ORDER BY s.meeting_id, mb.name;

-- name: OrgMeetingAudiences :many
-- OrgMeetingAudiences lists the audience orgs of the lectures
-- ListOrgMeetings returns for the same arguments.
SELECT la.meeting_id, la.org_id, o.name FROM lecture_audience la JOIN orgs o ON o.id = la.org_id
WHERE la.meeting_id IN (
  SELECT m.id FROM meetings m
  WHERE m.id IN (SELECT x.id FROM meetings x WHERE x.org_id = sqlc.arg(org_id)
      UNION SELECT y.meeting_id FROM lecture_audience y WHERE y.org_id = sqlc.arg(org_id))
    AND (CAST(sqlc.arg(kind) AS TEXT) = '' OR m.kind = CAST(sqlc.arg(kind) AS TEXT))
    AND (CAST(sqlc.arg(topic_id) AS BIGINT) = 0 OR m.topic_id = CAST(sqlc.arg(topic_id) AS BIGINT))
    AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date)
  ORDER BY m.held_on DESC, m.id DESC
  LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off))
ORDER BY la.meeting_id, o.name, la.org_id;

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

-- name: AttendanceTarget :one
-- AttendanceTarget reads at once what a single check-in is checked against:
-- the meeting's org and date, the member (NULL when there is none) and
-- whether the member was on the meeting's roster that day: its org's
-- subtree, or for a lecture its audience orgs' subtrees. CASE evaluates
-- only the branch taken, so other meetings run the subquery they always did.
SELECT m.org_id, m.held_on, mb.org_id AS member_org_id, mb.name AS member_name,
  CAST(CASE WHEN m.kind = 'lecture' THEN
    (SELECT COUNT(*) FROM lecture_audience la JOIN org_tree t ON t.ancestor_id = la.org_id
     JOIN memberships ms ON ms.org_id = t.descendant_id
     WHERE la.meeting_id = m.id AND ms.member_id = mb.id
       AND ms.from_date <= m.held_on AND (ms.to_date IS NULL OR ms.to_date > m.held_on))
  ELSE
    (SELECT COUNT(*) FROM memberships ms JOIN org_tree t ON t.descendant_id = ms.org_id
     WHERE t.ancestor_id = m.org_id AND ms.member_id = mb.id
       AND ms.from_date <= m.held_on AND (ms.to_date IS NULL OR ms.to_date > m.held_on))
  END AS BIGINT) AS on_roster
FROM meetings m LEFT JOIN members mb ON mb.id = sqlc.arg(member_id)
WHERE m.id = sqlc.arg(meeting_id);

-- name: AttendanceRows :many
SELECT a.*, mb.name AS member_name FROM attendance a JOIN members mb ON mb.id = a.member_id
WHERE a.meeting_id = $1 ORDER BY mb.name, a.member_id;

-- name: AttendanceStatus :many
SELECT status FROM attendance WHERE meeting_id = $1 AND member_id = $2;

-- name: InsertAttendance :exec
INSERT INTO attendance (meeting_id, member_id, status, reason, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6);

-- name: UpdateAttendance :exec
UPDATE attendance SET status = $3, reason = $4, recorded_at = $5, recorded_by = $6 WHERE meeting_id = $1 AND member_id = $2;

-- name: BumpMeetingCounts :one
-- BumpMeetingCounts moves a meeting's counts and returns its org, date and
-- kind, which the progress rollups of the same write need.
UPDATE meetings SET n_present = n_present + sqlc.arg(present), n_remote = n_remote + sqlc.arg(remote),
  n_leave = n_leave + sqlc.arg(leave), n_absent = n_absent + sqlc.arg(absent), n_excluded = n_excluded + sqlc.arg(excluded),
  n_guest = n_guest + sqlc.arg(guest), n_makeup = n_makeup + sqlc.arg(makeup)
WHERE id = sqlc.arg(id)
RETURNING org_id, held_on, kind;

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
