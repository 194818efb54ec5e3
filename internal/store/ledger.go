package store

import (
	"context"
	"database/sql"
	"fmt"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/sqlcdb"
)

// LedgerRecords reads what a branch's attendance register shows: the
// meetings of the org's subtree held in the window, their rows, makeups and
// rosters, the subtree's roster over the window and the campaign's
// exclusions of those members. The reads share one snapshot (a read-only
// repeatable-read transaction on PostgreSQL, a read transaction on SQLite's
// WAL), so a row written meanwhile shows in every part of the register or
// in none.
func (s *Store) LedgerRecords(ctx context.Context, orgID, campaignID xuezuo.ID, from, to xuezuo.Date) (*meeting.LedgerRecords, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, s.mapErr(fmt.Errorf("begin ledger read: %w", err))
	}
	// A read-only transaction has nothing to commit; rolling back ends it.
	defer tx.Rollback()
	recs, err := ledgerRecords(ctx, s.rq.WithTx(tx), orgID, campaignID, from, to)
	if err != nil {
		return nil, s.mapErr(fmt.Errorf("ledger of org %d campaign %d: %w", orgID, campaignID, err))
	}
	return recs, nil
}

func ledgerRecords(ctx context.Context, q *sqlcdb.Queries, orgID, campaignID xuezuo.ID, from, to xuezuo.Date) (*meeting.LedgerRecords, error) {
	recs := &meeting.LedgerRecords{}
	mts, err := q.LedgerMeetings(ctx, sqlcdb.LedgerMeetingsParams{OrgID: orgID, FromDate: from, ToDate: to})
	if err != nil {
		return nil, err
	}
	for _, r := range mts {
		recs.Meetings = append(recs.Meetings, toMeeting(r.Meeting, r.OrgName))
	}
	rows, err := q.LedgerAttendance(ctx, sqlcdb.LedgerAttendanceParams{OrgID: orgID, FromDate: from, ToDate: to})
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		recs.Rows = append(recs.Rows, meeting.Row{MeetingID: r.MeetingID, MemberID: r.MemberID, MemberName: r.MemberName,
			Status: r.Status, Reason: r.Reason, RecordedAt: fromMS(r.RecordedAt), RecordedBy: r.RecordedBy})
	}
	mks, err := q.LedgerMakeups(ctx, sqlcdb.LedgerMakeupsParams{OrgID: orgID, FromDate: from, ToDate: to})
	if err != nil {
		return nil, err
	}
	for _, r := range mks {
		recs.Makeups = append(recs.Makeups, meeting.Makeup{ID: r.ID, MeetingID: r.MeetingID, MemberID: r.MemberID, Kind: r.Kind,
			HeldOn: r.HeldOn, Note: r.Note})
	}
	seats, err := q.LedgerExpected(ctx, sqlcdb.LedgerExpectedParams{OrgID: orgID, FromDate: from, ToDate: to})
	if err != nil {
		return nil, err
	}
	for _, r := range seats {
		recs.Seats = append(recs.Seats, meeting.Seat{MeetingID: r.MeetingID, MemberID: r.MemberID})
	}
	roster, err := q.LedgerRoster(ctx, sqlcdb.LedgerRosterParams{OrgID: orgID, FromDate: from, ToDate: to})
	if err != nil {
		return nil, err
	}
	for _, r := range roster {
		recs.Roster = append(recs.Roster, meeting.LedgerPerson{ID: r.ID, Name: r.Name})
	}
	exs, err := q.LedgerExclusions(ctx, sqlcdb.LedgerExclusionsParams{CampaignID: campaignID, OrgID: orgID, FromDate: from, ToDate: to})
	if err != nil {
		return nil, err
	}
	for _, r := range exs {
		recs.Exclusions = append(recs.Exclusions, meeting.Exclusion{ID: r.ID, CampaignID: r.CampaignID, MemberID: r.MemberID,
			MemberName: r.MemberName, Category: r.Category, Reason: r.Reason, DecidedOn: r.DecidedOn})
	}
	return recs, nil
}

// toMeeting converts a meetings row; speakers, a member lecturer's name and
// a lecture's audience are read apart.
func toMeeting(x sqlcdb.Meeting, orgName string) meeting.Meeting {
	var lec *meeting.Lecture
	if x.Kind == meeting.KindLecture {
		lec = &meeting.Lecture{Kind: x.LecturerKind, MemberID: x.LecturerMemberID, Name: x.LecturerName, Title: x.LecturerTitle,
			Material: x.Material}
	}
	return meeting.Meeting{Lecture: lec, ID: x.ID, OrgID: x.OrgID, OrgName: orgName, UnitID: x.UnitID, Kind: x.Kind, Title: x.Title,
		TopicID: x.TopicID.Int64, PlannedAt: fromMS(x.PlannedAt), HeldOn: x.HeldOn, Place: x.Place, HostID: x.HostID,
		RecorderID: x.RecorderID, Agenda: x.Agenda, Minutes: x.Minutes, SpeakerCount: int(x.SpeakerCount),
		CheckinFrom: fromMS(x.CheckinFrom), CheckinTo: fromMS(x.CheckinTo), CheckinCode: x.CheckinCode,
		RegisterClosed: x.RegisterClosed, CreatedAt: fromMS(x.CreatedAt),
		Counts: meeting.Counts{Present: int(x.NPresent), Remote: int(x.NRemote), Leave: int(x.NLeave), Absent: int(x.NAbsent),
			Excluded: int(x.NExcluded), Guest: int(x.NGuest), Makeup: int(x.NMakeup)}}
}
