package store

import (
	"context"
	"database/sql"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/store/sqlcdb"
)

// CreateMeeting inserts a meeting with its speakers, and a lecture with its
// lecturer and audience.
func (s *Store) CreateMeeting(ctx context.Context, m *meeting.Meeting, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		id, err := allocID(ctx, q, "meetings")
		if err != nil {
			return err
		}
		m.ID = id
		var lec meeting.Lecture // the zero lecture stores '' and 0 for other meetings
		if m.Lecture != nil {
			lec = *m.Lecture
		}
		if err := q.InsertMeeting(ctx, sqlcdb.InsertMeetingParams{ID: id, OrgID: m.OrgID, UnitID: m.UnitID, Kind: m.Kind, Title: m.Title,
			TopicID: nullID(m.TopicID), PlannedAt: ms(m.PlannedAt), HeldOn: m.HeldOn, Place: m.Place, HostID: m.HostID,
			RecorderID: m.RecorderID, Agenda: m.Agenda, Minutes: m.Minutes, SpeakerCount: int64(m.SpeakerCount),
			CheckinFrom: ms(m.CheckinFrom), CheckinTo: ms(m.CheckinTo), CheckinCode: m.CheckinCode, CreatedAt: ms(m.CreatedAt),
			LecturerKind: lec.Kind, LecturerMemberID: lec.MemberID, LecturerName: lecturerName(lec), LecturerTitle: lec.Title,
			Material: lec.Material}); err != nil {
			return err
		}
		for _, a := range lec.Audience {
			if err := q.InsertLectureAudience(ctx, sqlcdb.InsertLectureAudienceParams{MeetingID: id, OrgID: a.ID, HeldOn: m.HeldOn,
				LecturerKind: lec.Kind}); err != nil {
				return err
			}
		}
		for _, sp := range m.Speakers {
			if err := q.InsertSpeaker(ctx, sqlcdb.InsertSpeakerParams{MeetingID: id, MemberID: sp.MemberID, Subject: sp.Subject}); err != nil {
				return err
			}
		}
		if err := figMeeting(ctx, q, m.TopicID, m.OrgID, m.Kind, m.HeldOn, 1); err != nil {
			return err
		}
		e.TargetID = id
		return s.audit(ctx, q, e)
	})
}

// GetMeeting returns a meeting with its speakers and counts, and a
// lecture's lecturer and audience.
func (s *Store) GetMeeting(ctx context.Context, id xuezuo.ID) (*meeting.Meeting, error) {
	q := s.q()
	r, err := q.GetMeeting(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "会议"))
	}
	mv := toMeeting(r.Meeting, r.OrgName)
	m := &mv
	m.HostName, m.RecorderName = r.HostName, r.RecorderName
	if m.Lecture != nil {
		if r.LecturerMemberName != "" {
			m.Lecture.Name = r.LecturerMemberName
		}
		// Only a lecture pays for this read: the check-in reads the meeting.
		if m.Lecture.Audience, err = s.lectureAudience(ctx, q, id); err != nil {
			return nil, s.mapErr(err)
		}
	}
	sp, err := q.MeetingSpeakers(ctx, id)
	if err != nil {
		return nil, s.mapErr(err)
	}
	for _, p := range sp {
		m.Speakers = append(m.Speakers, meeting.Speaker{MemberID: p.MemberID, Name: p.Name, Cadre: p.Cadre, Subject: p.Subject})
	}
	return m, nil
}

// Roster returns the members of an org's subtree on a date.
func (s *Store) Roster(ctx context.Context, orgID xuezuo.ID, on xuezuo.Date) ([]member.Member, error) {
	rows, err := s.q().Roster(ctx, sqlcdb.RosterParams{OrgID: orgID, OnDate: on})
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

// OnRoster reports whether a member belonged to an org's subtree on a date.
func (s *Store) OnRoster(ctx context.Context, orgID, memberID xuezuo.ID, on xuezuo.Date) (bool, error) {
	n, err := s.q().OnRoster(ctx, sqlcdb.OnRosterParams{OrgID: orgID, MemberID: memberID, OnDate: on})
	return n > 0, s.mapErr(err)
}

// AttendanceTarget reads the meeting, the member and the roster of a single
// check-in in one query (see meeting.Target).
func (s *Store) AttendanceTarget(ctx context.Context, meetingID, memberID xuezuo.ID) (*meeting.Target, error) {
	r, err := s.q().AttendanceTarget(ctx, sqlcdb.AttendanceTargetParams{MeetingID: meetingID, MemberID: memberID})
	if err != nil {
		return nil, s.mapErr(notFound(err, "会议"))
	}
	return &meeting.Target{OrgID: r.OrgID, HeldOn: r.HeldOn, MemberFound: r.MemberOrgID.Valid,
		MemberOrgID: r.MemberOrgID.Int64, MemberName: r.MemberName.String, OnRoster: r.OnRoster > 0}, nil
}

// AttendanceRows returns a meeting's rows.
func (s *Store) AttendanceRows(ctx context.Context, meetingID xuezuo.ID) ([]meeting.Row, error) {
	rows, err := s.q().AttendanceRows(ctx, meetingID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]meeting.Row, len(rows))
	for i, r := range rows {
		out[i] = meeting.Row{MeetingID: r.MeetingID, MemberID: r.MemberID, MemberName: r.MemberName, Status: r.Status,
			Reason: r.Reason, RecordedAt: fromMS(r.RecordedAt), RecordedBy: r.RecordedBy}
	}
	return out, nil
}

// delta is a change to a meeting's rollup counts.
type delta struct{ present, remote, leave, absent, excluded, guest, makeup int64 }

func (d *delta) add(status string, n int64) {
	switch status {
	case meeting.Present:
		d.present += n
	case meeting.Remote:
		d.remote += n
	case meeting.Leave:
		d.leave += n
	case meeting.Absent:
		d.absent += n
	case meeting.Excluded:
		d.excluded += n
	case meeting.Guest:
		d.guest += n
	}
}

// bump moves a meeting's counts and returns its org, date and kind.
func bump(ctx context.Context, q *sqlcdb.Queries, id xuezuo.ID, d delta) (sqlcdb.BumpMeetingCountsRow, error) {
	return q.BumpMeetingCounts(ctx, sqlcdb.BumpMeetingCountsParams{ID: id, Present: d.present, Remote: d.remote, Leave: d.leave,
		Absent: d.absent, Excluded: d.excluded, Guest: d.guest, Makeup: d.makeup})
}

// bumpRows moves a meeting's counts and the campaign rollups for changed rows.
func bumpRows(ctx context.Context, q *sqlcdb.Queries, id xuezuo.ID, d delta, changes []rowChange) error {
	mt, err := bump(ctx, q, id, d)
	if err != nil {
		return err
	}
	return figAttendance(ctx, q, mt.OrgID, mt.HeldOn, mt.Kind == meeting.KindLecture, changes)
}

func insertRow(ctx context.Context, q *sqlcdb.Queries, r meeting.Row) error {
	return q.InsertAttendance(ctx, sqlcdb.InsertAttendanceParams{MeetingID: r.MeetingID, MemberID: r.MemberID, Status: r.Status,
		Reason: r.Reason, RecordedAt: ms(r.RecordedAt), RecordedBy: r.RecordedBy})
}

// AddAttendance inserts one row; the primary key refuses a second row for
// the same member and meeting. The meeting's counts move in the same
// transaction, so progress is live when the write returns.
func (s *Store) AddAttendance(ctx context.Context, r meeting.Row, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		if err := insertRow(ctx, q, r); err != nil {
			return err
		}
		// The audit row before the rollups: bumpRows updates rows every
		// concurrent check-in updates too (the meeting, the campaign's
		// figures up to the root), and on PostgreSQL their row locks are
		// held from the update to the commit; anything after them
		// lengthens the queue of every other writer.
		if err := s.audit(ctx, q, e); err != nil {
			return err
		}
		var d delta
		d.add(r.Status, 1)
		return bumpRows(ctx, q, r.MeetingID, d, []rowChange{{memberID: r.MemberID, new: r.Status}})
	})
}

// SetAttendance inserts or replaces rows of one meeting, adjusting counts.
func (s *Store) SetAttendance(ctx context.Context, rows []meeting.Row, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		return s.setRows(ctx, q, rows, e)
	})
}

func (s *Store) setRows(ctx context.Context, q *sqlcdb.Queries, rows []meeting.Row, e audit.Entry) error {
	var d delta
	changes := make([]rowChange, 0, len(rows))
	for _, r := range rows {
		old, err := q.AttendanceStatus(ctx, sqlcdb.AttendanceStatusParams{MeetingID: r.MeetingID, MemberID: r.MemberID})
		if err != nil {
			return err
		}
		ch := rowChange{memberID: r.MemberID, new: r.Status}
		if len(old) == 0 {
			err = insertRow(ctx, q, r)
		} else {
			ch.old = old[0]
			d.add(old[0], -1)
			err = q.UpdateAttendance(ctx, sqlcdb.UpdateAttendanceParams{MeetingID: r.MeetingID, MemberID: r.MemberID,
				Status: r.Status, Reason: r.Reason, RecordedAt: ms(r.RecordedAt), RecordedBy: r.RecordedBy})
		}
		if err != nil {
			return err
		}
		d.add(r.Status, 1)
		changes = append(changes, ch)
	}
	// The audit row before the rollups' hot rows (AddAttendance says why).
	if err := s.audit(ctx, q, e); err != nil {
		return err
	}
	if len(rows) > 0 {
		return bumpRows(ctx, q, rows[0].MeetingID, d, changes)
	}
	return nil
}

// CloseRegister records the absentees and marks the register closed.
func (s *Store) CloseRegister(ctx context.Context, meetingID xuezuo.ID, absent []meeting.Row, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		if err := q.CloseMeetingRegister(ctx, sqlcdb.CloseMeetingRegisterParams{ID: meetingID, UpdatedAt: ms(s.now())}); err != nil {
			return err
		}
		return s.setRows(ctx, q, absent, e)
	})
}

// AddMakeup records a makeup and counts it on the meeting.
func (s *Store) AddMakeup(ctx context.Context, mk *meeting.Makeup, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		id, err := allocID(ctx, q, "makeups")
		if err != nil {
			return err
		}
		mk.ID = id
		if err := q.InsertMakeup(ctx, sqlcdb.InsertMakeupParams{ID: id, MeetingID: mk.MeetingID, MemberID: mk.MemberID, Kind: mk.Kind,
			HeldOn: mk.HeldOn, Note: mk.Note, RecordedAt: ms(s.now())}); err != nil {
			return err
		}
		mt, err := bump(ctx, q, mk.MeetingID, delta{makeup: 1})
		if err != nil {
			return err
		}
		if err := figMakeup(ctx, q, mt.OrgID, mt.HeldOn, mt.Kind == meeting.KindLecture, mk.MemberID, mk.HeldOn); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// Makeups lists a meeting's makeups.
func (s *Store) Makeups(ctx context.Context, meetingID xuezuo.ID) ([]meeting.Makeup, error) {
	rows, err := s.q().ListMakeups(ctx, meetingID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]meeting.Makeup, len(rows))
	for i, r := range rows {
		out[i] = meeting.Makeup{ID: r.ID, MeetingID: r.MeetingID, MemberID: r.MemberID, Kind: r.Kind, HeldOn: r.HeldOn, Note: r.Note}
	}
	return out, nil
}

// AddExclusion records a campaign-wide exclusion.
func (s *Store) AddExclusion(ctx context.Context, ex *meeting.Exclusion, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		id, err := allocID(ctx, q, "exclusions")
		if err != nil {
			return err
		}
		ex.ID = id
		if err := q.InsertExclusion(ctx, sqlcdb.InsertExclusionParams{ID: id, CampaignID: ex.CampaignID, MemberID: ex.MemberID,
			Category: ex.Category, Reason: ex.Reason, DecidedOn: ex.DecidedOn, RecordedAt: ms(s.now())}); err != nil {
			return err
		}
		if err := figExclusion(ctx, q, ex.CampaignID, ex.MemberID, 1); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// CampaignExclusions lists a campaign's exclusions of members now in a subtree.
func (s *Store) CampaignExclusions(ctx context.Context, campaignID, orgID xuezuo.ID) ([]meeting.Exclusion, error) {
	rows, err := s.q().CampaignExclusions(ctx, sqlcdb.CampaignExclusionsParams{CampaignID: campaignID, AncestorID: orgID})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]meeting.Exclusion, len(rows))
	for i, r := range rows {
		out[i] = meeting.Exclusion{ID: r.ID, CampaignID: r.CampaignID, MemberID: r.MemberID, MemberName: r.MemberName,
			Category: r.Category, Reason: r.Reason, DecidedOn: r.DecidedOn}
	}
	return out, nil
}
