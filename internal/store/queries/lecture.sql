-- The 党课 register (domain.md §5.5): the lectures counted for an org and
-- its branches' secretary and 七一 lectures. The figures of many orgs at
-- once (LectureFigures) are built in lecture.go, because their org list is
-- a variable IN list.

-- name: OrgLectures :many
-- OrgLectures lists the lectures held in a window that count for an org:
-- held by an org in its subtree, or held for an audience org in it; newest
-- first, with the holding org's and the member lecturer's names.
SELECT sqlc.embed(m), o.name AS org_name, COALESCE(lm.name, '') AS lecturer_member_name,
  CAST((SELECT COUNT(*) FROM lecture_audience a WHERE a.meeting_id = m.id) AS BIGINT) AS audience
FROM meetings m JOIN orgs o ON o.id = m.org_id
LEFT JOIN members lm ON lm.id = m.lecturer_member_id
WHERE m.id IN (
    SELECT la.meeting_id FROM org_tree t JOIN lecture_audience la ON la.org_id = t.descendant_id
    WHERE t.ancestor_id = sqlc.arg(org_id) AND la.held_on >= sqlc.arg(from_date) AND la.held_on <= sqlc.arg(to_date)
    UNION
    SELECT x.id FROM org_tree t JOIN meetings x ON x.org_id = t.descendant_id AND x.kind = 'lecture'
    WHERE t.ancestor_id = sqlc.arg(org_id) AND x.held_on >= sqlc.arg(from_date) AND x.held_on <= sqlc.arg(to_date))
  AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date)
ORDER BY m.held_on DESC, m.id DESC
LIMIT sqlc.arg(lim);

-- name: LectureBranches :many
-- LectureBranches lists the branches under an org (active on the window's
-- last day) with how many secretary lectures count for each in the year
-- window (a lecture of kind secretary whose lecturer held the branch's
-- secretary post on its date) and how many lectures it was an audience of
-- in the 七一 window.
SELECT o.id, o.name,
  CAST((SELECT COUNT(*) FROM committee_posts cp CROSS JOIN meetings m
    WHERE cp.org_id = o.id AND cp.post = 'secretary' AND m.lecturer_member_id = cp.member_id
      AND m.kind = 'lecture' AND m.lecturer_kind = 'secretary'
      AND m.held_on >= sqlc.arg(from_date) AND m.held_on <= sqlc.arg(to_date)
      AND cp.term_from <= m.held_on AND (cp.term_to IS NULL OR cp.term_to > m.held_on)) AS BIGINT) AS secretary,
  CAST((SELECT COUNT(*) FROM lecture_audience la
    WHERE la.org_id = o.id AND la.held_on >= sqlc.arg(qiyi_from) AND la.held_on <= sqlc.arg(qiyi_to)) AS BIGINT) AS qiyi
FROM org_tree t JOIN orgs o ON o.id = t.descendant_id
WHERE t.ancestor_id = sqlc.arg(org_id) AND o.kind = 'branch'
  AND (o.dissolved_on IS NULL OR o.dissolved_on > sqlc.arg(to_date))
ORDER BY t.depth, o.name, o.id;
