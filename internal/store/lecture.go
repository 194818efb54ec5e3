package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/store/sqlcdb"
)

// This file is the 党课 register's store (issue 13, domain.md §5.5):
// lectures' audiences and rosters, the posts of a secretary lecturer, the
// register of one org and the lecture figures of many orgs at once.

// LectureFigures are one org's lecture counts in a period (domain.md §5.5);
// the type lives with the lectures in package meeting.
type LectureFigures = meeting.LectureFigures

// lecturerName is the name a lecture stores: the outside person's; a
// member lecturer is stored by id and named from the member record.
func lecturerName(l meeting.Lecture) string {
	if l.MemberID != 0 {
		return ""
	}
	return l.Name
}

func (s *Store) lectureAudience(ctx context.Context, q *sqlcdb.Queries, meetingID xuezuo.ID) ([]meeting.AudienceOrg, error) {
	rows, err := q.LectureAudience(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	out := make([]meeting.AudienceOrg, len(rows))
	for i, r := range rows {
		out[i] = meeting.AudienceOrg{ID: r.OrgID, Name: r.Name}
	}
	return out, nil
}

// LectureAudience returns a lecture's audience orgs with their names.
func (s *Store) LectureAudience(ctx context.Context, meetingID xuezuo.ID) ([]meeting.AudienceOrg, error) {
	out, err := s.lectureAudience(ctx, s.q(), meetingID)
	return out, s.mapErr(err)
}

// LectureRoster returns the members of a lecture's audience on a date:
// the members of each audience org's subtree then, once each.
func (s *Store) LectureRoster(ctx context.Context, meetingID xuezuo.ID, on xuezuo.Date) ([]member.Member, error) {
	rows, err := s.q().LectureRoster(ctx, sqlcdb.LectureRosterParams{MeetingID: meetingID, OnDate: on})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]member.Member, len(rows))
	for i, r := range rows {
		if out[i], err = s.toMember(r.Member); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// OnLectureAudience reports whether a member sat in a lecture's audience on
// a date.
func (s *Store) OnLectureAudience(ctx context.Context, meetingID, memberID xuezuo.ID, on xuezuo.Date) (bool, error) {
	n, err := s.q().OnLectureAudience(ctx, sqlcdb.OnLectureAudienceParams{MeetingID: meetingID, MemberID: memberID, OnDate: on})
	return n > 0, s.mapErr(err)
}

// SecretaryPostOn returns the orgs where a member holds the secretary post
// on a date.
func (s *Store) SecretaryPostOn(ctx context.Context, memberID xuezuo.ID, on xuezuo.Date) ([]xuezuo.ID, error) {
	ids, err := s.q().SecretaryPostOn(ctx, sqlcdb.SecretaryPostOnParams{MemberID: memberID, OnDate: on})
	return ids, s.mapErr(err)
}

// OrgLectures returns at most limit lectures held in [from, to] that count
// for an org (held in its subtree, or for an audience org in it), newest
// first. Each carries its lecturer; Audience holds one entry per audience
// org with only the count known (AudienceCount).
func (s *Store) OrgLectures(ctx context.Context, orgID xuezuo.ID, from, to xuezuo.Date, limit int) ([]meeting.Meeting, error) {
	rows, err := s.q().OrgLectures(ctx, sqlcdb.OrgLecturesParams{OrgID: orgID, FromDate: from, ToDate: to, Lim: int32Of(limit)})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]meeting.Meeting, len(rows))
	for i, r := range rows {
		out[i] = toMeeting(r.Meeting, r.OrgName)
		if l := out[i].Lecture; l != nil {
			if r.LecturerMemberName != "" {
				l.Name = r.LecturerMemberName
			}
			l.AudienceCount = int(r.Audience)
		}
	}
	return out, nil
}

// LectureBranches lists the branches under an org that existed in [from,
// to] (not dissolved before from), in tree order, with their secretary
// lectures in [from, to] and their lectures in the 七一 window [qFrom, qTo]
// (the rules of LectureFigures).
func (s *Store) LectureBranches(ctx context.Context, orgID xuezuo.ID, from, to, qFrom, qTo xuezuo.Date) ([]meeting.BranchLectures, error) {
	rows, err := s.q().LectureBranches(ctx, sqlcdb.LectureBranchesParams{OrgID: orgID, FromDate: from, ToDate: to, QiyiFrom: qFrom, QiyiTo: qTo})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]meeting.BranchLectures, len(rows))
	for i, r := range rows {
		out[i] = meeting.BranchLectures{OrgID: r.ID, Name: r.Name, Secretary: int(r.Secretary), Qiyi: int(r.Qiyi)}
	}
	return out, nil
}

// lectureChunk bounds the org ids of one LectureFigures statement, far
// below SQLite's and PostgreSQL's parameter limits.
const lectureChunk = 500

// LectureFigures returns, for each org of orgIDs (every one present in the
// map, zeros included), its lecture figures (domain.md §5.5):
//
//   - ByKind counts, per lecturer kind (LecturerUnknown for lectures
//     recorded before the register and the benchmark's), the lectures held
//     in [from, to] that count for the org: held by an org in its subtree,
//     or with an audience org in its subtree. A lecture counts once per row
//     org however many of its audience branches lie under it (a unit's
//     lecture to its 20 branches is one lecture of the unit, and one of
//     each branch's own rows).
//   - SecretaryBranches counts the branches in the org's subtree with a
//     secretary lecture in the calendar year of to: a lecture of kind
//     secretary whose lecturer held the branch's secretary post on the
//     lecture date (committee_posts, term_to exclusive), wherever the
//     lecture was held and whoever its audience was.
//   - QiyiBranches counts the branches in the org's subtree that were an
//     audience org of a lecture (any kind) held in the campaign's 七一
//     window of the year of to (campaign 0: the default 06-15 to 07-15).
//
// It answers in two grouped statements over the closure table per 500 org
// ids, never a statement per org.
func (s *Store) LectureFigures(ctx context.Context, campaignID xuezuo.ID, orgIDs []xuezuo.ID, from, to xuezuo.Date) (map[xuezuo.ID]LectureFigures, error) {
	qFrom, qTo := campaign.DefaultQiyiFrom, campaign.DefaultQiyiTo
	if campaignID != 0 {
		c, err := s.q().GetCampaign(ctx, campaignID)
		if err != nil {
			return nil, s.mapErr(notFound(err, "学习教育"))
		}
		qFrom, qTo = c.QiyiFrom, c.QiyiTo
	}
	qStart, err1 := campaign.MonthDayIn(qFrom, to.Y)
	qEnd, err2 := campaign.MonthDayIn(qTo, to.Y)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("七一 window %q–%q of campaign %d: %v %v", qFrom, qTo, campaignID, err1, err2)
	}
	yStart, yEnd := xuezuo.NewDate(to.Y, 1, 1), xuezuo.NewDate(to.Y, 12, 31)
	ids := slices.Clone(orgIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := make(map[xuezuo.ID]LectureFigures, len(ids))
	for _, id := range ids {
		out[id] = LectureFigures{ByKind: map[string]int{}}
	}
	for chunk := range slices.Chunk(ids, lectureChunk) {
		if err := s.lectureKinds(ctx, out, chunk, from, to); err != nil {
			return nil, s.mapErr(fmt.Errorf("lecture figures by kind: %w", err))
		}
		if err := s.lectureBranchCounts(ctx, out, chunk, yStart, yEnd, qStart, qEnd); err != nil {
			return nil, s.mapErr(fmt.Errorf("lecture figures of branches: %w", err))
		}
	}
	return out, nil
}

// inList returns "$n, $n+1, …" for ids, numbered from first, and the ids as
// arguments.
func inList(ids []xuezuo.ID, first int) (string, []any) {
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i] = fmt.Sprintf("$%d", first+i)
		args[i] = id
	}
	return strings.Join(marks, ", "), args
}

// lectureKinds adds ByKind for the orgs of ids, from the audience rows'
// own date and kind (their index answers alone). The second part finds
// lectures held in the subtree whose audience lies outside it (after a
// branch moved away); it looks only at committees and general branches,
// because a branch's or group's own lecture has the holder as its audience.
func (s *Store) lectureKinds(ctx context.Context, out map[xuezuo.ID]LectureFigures, ids []xuezuo.ID, from, to xuezuo.Date) error {
	in, args := inList(ids, 3)
	// CROSS JOIN keeps SQLite's join order (the closure table first);
	// PostgreSQL plans it as the inner join it is.
	rows, err := s.r.QueryContext(ctx, `SELECT x.ancestor_id, x.lecturer_kind, COUNT(*) FROM (
  SELECT t.ancestor_id, la.meeting_id AS id, la.lecturer_kind FROM org_tree t
  JOIN lecture_audience la ON la.org_id = t.descendant_id
  WHERE t.ancestor_id IN (`+in+`) AND la.held_on >= $1 AND la.held_on <= $2
  UNION
  SELECT t.ancestor_id, m.id, m.lecturer_kind FROM org_tree t CROSS JOIN orgs o CROSS JOIN meetings m
  WHERE t.ancestor_id IN (`+in+`) AND o.id = t.descendant_id AND o.kind IN ('committee', 'general_branch')
    AND m.org_id = o.id AND m.kind = 'lecture' AND m.held_on >= $1 AND m.held_on <= $2
) x GROUP BY x.ancestor_id, x.lecturer_kind`, append([]any{from, to}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var org xuezuo.ID
		var kind string
		var n int64
		if err := rows.Scan(&org, &kind, &n); err != nil {
			return err
		}
		out[org].ByKind[kind] += int(n)
	}
	return rows.Err()
}

// lectureBranchCounts adds SecretaryBranches and QiyiBranches for the orgs
// of ids.
func (s *Store) lectureBranchCounts(ctx context.Context, out map[xuezuo.ID]LectureFigures, ids []xuezuo.ID, yStart, yEnd, qStart, qEnd xuezuo.Date) error {
	in, args := inList(ids, 5)
	rows, err := s.r.QueryContext(ctx, `SELECT t.ancestor_id, 1 AS what, COUNT(DISTINCT cp.org_id) FROM org_tree t
  CROSS JOIN orgs o CROSS JOIN committee_posts cp CROSS JOIN meetings m
  WHERE t.ancestor_id IN (`+in+`) AND o.id = t.descendant_id AND o.kind = 'branch'
    AND cp.org_id = o.id AND cp.post = 'secretary' AND m.lecturer_member_id = cp.member_id
    AND m.kind = 'lecture' AND m.lecturer_kind = 'secretary' AND m.held_on >= $1 AND m.held_on <= $2
    AND cp.term_from <= m.held_on AND (cp.term_to IS NULL OR cp.term_to > m.held_on)
  GROUP BY t.ancestor_id
UNION ALL
SELECT t.ancestor_id, 2 AS what, COUNT(DISTINCT la.org_id) FROM org_tree t
  CROSS JOIN orgs o CROSS JOIN lecture_audience la
  WHERE t.ancestor_id IN (`+in+`) AND o.id = t.descendant_id AND o.kind = 'branch'
    AND la.org_id = o.id AND la.held_on >= $3 AND la.held_on <= $4
  GROUP BY t.ancestor_id`, append([]any{yStart, yEnd, qStart, qEnd}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var org xuezuo.ID
		var what, n int64
		if err := rows.Scan(&org, &what, &n); err != nil {
			return err
		}
		f := out[org]
		if what == 1 {
			f.SecretaryBranches = int(n)
		} else {
			f.QiyiBranches = int(n)
		}
		out[org] = f
	}
	return rows.Err()
}
