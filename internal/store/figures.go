package store

import (
	"context"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/sqlcdb"
)

// The progress rollups (migration 00006) move in the same transaction as
// the records they count. Each hook below is called by the store's write
// methods and only adds or subtracts; RebuildFigures computes them afresh
// from the records, and VerifyFigures compares the two.

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// rowChange is one attendance row moving from old to new status ("" for none).
type rowChange struct {
	memberID xuezuo.ID
	old, new string
}

// figAttendance applies attendance changes of one meeting to every campaign
// whose window holds the meeting's date. A meeting's rows count for its
// org; a lecture's for each member's org on the lecture date (a unit's
// lecture counts in every audience branch), which figLectureAttendance
// looks up apart, so other meetings ask nothing more than before.
func figAttendance(ctx context.Context, q *sqlcdb.Queries, orgID xuezuo.ID, heldOn xuezuo.Date, lecture bool, changes []rowChange) error {
	camps, err := q.FigCampaignsCovering(ctx, heldOn)
	if err != nil || len(camps) == 0 {
		return err
	}
	if lecture {
		return figLectureAttendance(ctx, q, camps, heldOn, changes)
	}
	var present, expected int64
	for _, c := range changes {
		present += b2i(meeting.Attends(c.new)) - b2i(meeting.Attends(c.old))
		expected += b2i(meeting.Expects(c.new)) - b2i(meeting.Expects(c.old))
	}
	for _, cid := range camps {
		if present != 0 || expected != 0 {
			if err := q.FigAdd(ctx, sqlcdb.FigAddParams{CampaignID: cid, OrgID: orgID, NPresent: present, NExpected: expected}); err != nil {
				return err
			}
		}
		for _, c := range changes {
			if d := b2i(meeting.Attends(c.new)) - b2i(meeting.Attends(c.old)); d != 0 {
				if err := figEvidence(ctx, q, cid, c.memberID, d); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// figLectureAttendance is figAttendance for a lecture's rows: each change
// counts for the member's org on the lecture date.
func figLectureAttendance(ctx context.Context, q *sqlcdb.Queries, camps []xuezuo.ID, heldOn xuezuo.Date, changes []rowChange) error {
	type counts struct{ present, expected int64 }
	byOrg := map[xuezuo.ID]counts{}
	var orgs []xuezuo.ID // in first-seen order, so writes lock rows in a stable order
	for _, c := range changes {
		p := b2i(meeting.Attends(c.new)) - b2i(meeting.Attends(c.old))
		e := b2i(meeting.Expects(c.new)) - b2i(meeting.Expects(c.old))
		if p == 0 && e == 0 {
			continue
		}
		org, err := q.FigMemberOrgOn(ctx, sqlcdb.FigMemberOrgOnParams{MemberID: c.memberID, OnDate: heldOn})
		if err != nil {
			return err
		}
		n, seen := byOrg[org]
		if !seen {
			orgs = append(orgs, org)
		}
		byOrg[org] = counts{n.present + p, n.expected + e}
	}
	for _, cid := range camps {
		for _, org := range orgs {
			if n := byOrg[org]; n.present != 0 || n.expected != 0 {
				if err := q.FigAdd(ctx, sqlcdb.FigAddParams{CampaignID: cid, OrgID: org, NPresent: n.present, NExpected: n.expected}); err != nil {
					return err
				}
			}
		}
		for _, c := range changes {
			if d := b2i(meeting.Attends(c.new)) - b2i(meeting.Attends(c.old)); d != 0 {
				if err := figEvidence(ctx, q, cid, c.memberID, d); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// figEvidence adds d evidence items of a member in a campaign and moves the
// participant count of the member's branch when the member starts or stops
// being a participant.
func figEvidence(ctx context.Context, q *sqlcdb.Queries, campaignID, memberID xuezuo.ID, d int64) error {
	n, err := q.FigAddEvidence(ctx, sqlcdb.FigAddEvidenceParams{CampaignID: campaignID, MemberID: memberID, N: d})
	if err != nil {
		return err
	}
	var p int64
	switch {
	case d > 0 && n == d:
		p = 1
	case d < 0 && n == 0:
		p = -1
	default:
		return nil
	}
	orgID, err := q.FigMemberOrg(ctx, memberID)
	if err != nil {
		return err
	}
	return q.FigAdd(ctx, sqlcdb.FigAddParams{CampaignID: campaignID, OrgID: orgID, NParticipants: p})
}

// figMakeup counts a makeup on its meeting's org (a lecture's on the
// member's org on the lecture date, as figAttendance) for the campaigns
// holding the meeting's date, and as evidence for those holding the
// makeup's date.
func figMakeup(ctx context.Context, q *sqlcdb.Queries, orgID xuezuo.ID, meetingOn xuezuo.Date, lecture bool, memberID xuezuo.ID, makeupOn xuezuo.Date) error {
	camps, err := q.FigCampaignsCovering(ctx, meetingOn)
	if err != nil {
		return err
	}
	if lecture && len(camps) > 0 {
		if orgID, err = q.FigMemberOrgOn(ctx, sqlcdb.FigMemberOrgOnParams{MemberID: memberID, OnDate: meetingOn}); err != nil {
			return err
		}
	}
	for _, cid := range camps {
		if err := q.FigAdd(ctx, sqlcdb.FigAddParams{CampaignID: cid, OrgID: orgID, NMakeups: 1}); err != nil {
			return err
		}
	}
	if camps, err = q.FigCampaignsCovering(ctx, makeupOn); err != nil {
		return err
	}
	for _, cid := range camps {
		if err := figEvidence(ctx, q, cid, memberID, 1); err != nil {
			return err
		}
	}
	return nil
}

// figExclusion adds d to the excluded count of the member's branch.
func figExclusion(ctx context.Context, q *sqlcdb.Queries, campaignID, memberID xuezuo.ID, d int64) error {
	if n, err := q.FigCampaignHasRollup(ctx, campaignID); err != nil || n == 0 {
		return err
	}
	orgID, err := q.FigMemberOrg(ctx, memberID)
	if err != nil {
		return err
	}
	return q.FigAdd(ctx, sqlcdb.FigAddParams{CampaignID: campaignID, OrgID: orgID, NExcluded: d})
}

// figReflection counts a reflection leaving (d −1) or entering (d +1) the
// submitted states, in the org it was written in.
func figReflection(ctx context.Context, q *sqlcdb.Queries, topicID, orgID, memberID xuezuo.ID, d int64) error {
	camps, err := q.FigCampaignOfTopic(ctx, topicID)
	if err != nil {
		return err
	}
	for _, c := range camps {
		if err := q.FigAdd(ctx, sqlcdb.FigAddParams{CampaignID: c.ID, OrgID: orgID, NReflections: d}); err != nil {
			return err
		}
		if err := figEvidence(ctx, q, c.ID, memberID, d); err != nil {
			return err
		}
	}
	return nil
}

// figMeeting counts (d +1) or uncounts (d −1) a meeting that may fulfil a topic.
func figMeeting(ctx context.Context, q *sqlcdb.Queries, topicID, orgID xuezuo.ID, kind string, heldOn xuezuo.Date, d int64) error {
	if topicID == 0 {
		return nil
	}
	camps, err := q.FigCampaignOfTopic(ctx, topicID)
	if err != nil {
		return err
	}
	for _, c := range camps {
		if kind != c.MeetingKind {
			continue
		}
		onTime := d * b2i(!heldOn.After(c.Deadline))
		if err := q.FigAddTopic(ctx, sqlcdb.FigAddTopicParams{CampaignID: c.ID, OrgID: orgID, TopicID: topicID, Held: d, OnTime: onTime}); err != nil {
			return err
		}
		if err := q.FigAdd(ctx, sqlcdb.FigAddParams{CampaignID: c.ID, OrgID: orgID}); err != nil { // the row that holds the masks
			return err
		}
		if err := q.FigSetTopicMasks(ctx, sqlcdb.FigSetTopicMasksParams{CampaignID: c.ID, OrgID: orgID}); err != nil {
			return err
		}
	}
	return nil
}

// figMemberMove moves a member's counts from one org to another: the member,
// and in each campaign the exclusion and the participant.
func figMemberMove(ctx context.Context, q *sqlcdb.Queries, memberID, from, to xuezuo.ID) error {
	if from == to {
		return nil
	}
	if err := figMembers(ctx, q, from, -1); err != nil {
		return err
	}
	if err := figMembers(ctx, q, to, 1); err != nil {
		return err
	}
	part, err := q.FigMemberEvidence(ctx, memberID)
	if err != nil {
		return err
	}
	excl, err := q.FigMemberExclusions(ctx, memberID)
	if err != nil {
		return err
	}
	move := func(cid xuezuo.ID, p, e int64) error {
		if err := q.FigAdd(ctx, sqlcdb.FigAddParams{CampaignID: cid, OrgID: from, NParticipants: -p, NExcluded: -e}); err != nil {
			return err
		}
		return q.FigAdd(ctx, sqlcdb.FigAddParams{CampaignID: cid, OrgID: to, NParticipants: p, NExcluded: e})
	}
	for _, cid := range part {
		if err := move(cid, 1, 0); err != nil {
			return err
		}
	}
	for _, cid := range excl {
		if err := move(cid, 0, 1); err != nil {
			return err
		}
	}
	return nil
}

// figLectureMove moves a member's lecture rows and makeups dated on or
// after a transfer's date from the old org to the new: a lecture's row
// counts for the member's org on the lecture date, which the transfer has
// just changed for those dates.
func figLectureMove(ctx context.Context, q *sqlcdb.Queries, memberID, from, to xuezuo.ID, on xuezuo.Date) error {
	rows, err := q.FigMemberLectureRows(ctx, sqlcdb.FigMemberLectureRowsParams{MemberID: memberID, OnDate: on})
	if err != nil || len(rows) == 0 || from == to {
		return err
	}
	for _, r := range rows {
		camps, err := q.FigCampaignsCovering(ctx, r.HeldOn)
		if err != nil {
			return err
		}
		p, e := b2i(meeting.Attends(r.Status)), b2i(meeting.Expects(r.Status))
		if p == 0 && e == 0 && r.Makeup == 0 {
			continue
		}
		for _, cid := range camps {
			if err := q.FigAdd(ctx, sqlcdb.FigAddParams{CampaignID: cid, OrgID: from, NPresent: -p, NExpected: -e, NMakeups: -r.Makeup}); err != nil {
				return err
			}
			if err := q.FigAdd(ctx, sqlcdb.FigAddParams{CampaignID: cid, OrgID: to, NPresent: p, NExpected: e, NMakeups: r.Makeup}); err != nil {
				return err
			}
		}
	}
	return nil
}

// figMembers adds d to an org's member count.
func figMembers(ctx context.Context, q *sqlcdb.Queries, orgID xuezuo.ID, d int64) error {
	return q.FigAddMembers(ctx, sqlcdb.FigAddMembersParams{OrgID: orgID, Members: d})
}
