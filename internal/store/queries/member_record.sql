-- name: MemberAttendance :many
-- MemberAttendance lists a member's attendance rows, newest meeting first,
-- with the makeup if any, for the member's study record.
SELECT mt.id AS meeting_id, mt.title, mt.kind, mt.held_on, a.status, a.reason,
  COALESCE(k.kind, '') AS makeup_kind
FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id
LEFT JOIN makeups k ON k.meeting_id = a.meeting_id AND k.member_id = a.member_id
WHERE a.member_id = $1
ORDER BY mt.held_on DESC, mt.id DESC
LIMIT 200;
