package store

import (
	"context"
	"database/sql"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/sqlcdb"
)

// UpdateMeeting writes a meeting's editable fields (a lecture's lecturer and
// material among them; its audience stays) and replaces its speakers. The date changes only while no attendance row exists; the
// condition sits in the UPDATE itself, so a row recorded concurrently makes
// it a conflict rather than a meeting whose rows fit another date's roster.
func (s *Store) UpdateMeeting(ctx context.Context, m *meeting.Meeting, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		old, err := q.FigMeetingOf(ctx, m.ID)
		if err != nil {
			return notFound(err, "会议")
		}
		var lec meeting.Lecture
		if m.Lecture != nil {
			lec = *m.Lecture
		}
		n, err := q.UpdateMeeting(ctx, sqlcdb.UpdateMeetingParams{ID: m.ID, Title: m.Title, HeldOn: m.HeldOn, Place: m.Place,
			HostID: m.HostID, RecorderID: m.RecorderID, Agenda: m.Agenda, Minutes: m.Minutes, SpeakerCount: int64(m.SpeakerCount),
			CheckinFrom: ms(m.CheckinFrom), CheckinTo: ms(m.CheckinTo), CheckinCode: m.CheckinCode, UpdatedAt: ms(s.now()),
			LecturerKind: lec.Kind, LecturerMemberID: lec.MemberID, LecturerName: lecturerName(lec), LecturerTitle: lec.Title,
			Material: lec.Material})
		if err != nil {
			return err
		}
		if n == 0 {
			return xuezuo.Errorf(xuezuo.EConflict, "会议已登记考勤，不能修改会议日期")
		}
		if m.Lecture != nil {
			if err := q.SetLectureAudienceFacts(ctx, sqlcdb.SetLectureAudienceFactsParams{MeetingID: m.ID, HeldOn: m.HeldOn,
				LecturerKind: lec.Kind}); err != nil {
				return err
			}
		}
		if old.HeldOn != m.HeldOn {
			// A topic meeting moved across its deadline changes "on time".
			if err := figMeeting(ctx, q, old.TopicID.Int64, old.OrgID, old.Kind, old.HeldOn, -1); err != nil {
				return err
			}
			if err := figMeeting(ctx, q, old.TopicID.Int64, old.OrgID, old.Kind, m.HeldOn, 1); err != nil {
				return err
			}
		}
		if err := q.DeleteSpeakers(ctx, m.ID); err != nil {
			return err
		}
		for _, sp := range m.Speakers {
			if err := q.InsertSpeaker(ctx, sqlcdb.InsertSpeakerParams{MeetingID: m.ID, MemberID: sp.MemberID, Subject: sp.Subject}); err != nil {
				return err
			}
		}
		return s.audit(ctx, q, e)
	})
}

// ListMeetings pages one org's meetings and the lectures held for it,
// newest first, with their speakers and a lecture's audience.
// The service fills every filter bound.
func (s *Store) ListMeetings(ctx context.Context, orgID xuezuo.ID, f meeting.Filter) ([]meeting.Meeting, int, error) {
	q := s.q()
	total, err := q.CountOrgMeetings(ctx, sqlcdb.CountOrgMeetingsParams{OrgID: orgID, Kind: f.Kind, TopicID: f.TopicID,
		FromDate: f.From, ToDate: f.To})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	rows, err := q.ListOrgMeetings(ctx, sqlcdb.ListOrgMeetingsParams{OrgID: orgID, Kind: f.Kind, TopicID: f.TopicID,
		FromDate: f.From, ToDate: f.To, Lim: int32Of(f.Limit), Off: int32Of(f.Offset)})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	sp, err := q.OrgMeetingSpeakers(ctx, sqlcdb.OrgMeetingSpeakersParams{OrgID: orgID, Kind: f.Kind, TopicID: f.TopicID,
		FromDate: f.From, ToDate: f.To, Lim: int32Of(f.Limit), Off: int32Of(f.Offset)})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	out := make([]meeting.Meeting, len(rows))
	at := map[xuezuo.ID]int{}
	lectures := false
	for i, r := range rows {
		out[i] = toMeeting(r.Meeting, r.OrgName) // shared with the ledger (ledger.go)
		at[r.Meeting.ID] = i
		if l := out[i].Lecture; l != nil {
			lectures = true
			if r.LecturerMemberName != "" {
				l.Name = r.LecturerMemberName
			}
		}
	}
	for _, p := range sp {
		if i, ok := at[p.MeetingID]; ok {
			out[i].Speakers = append(out[i].Speakers, meeting.Speaker{MemberID: p.MemberID, Name: p.Name, Cadre: p.Cadre, Subject: p.Subject})
		}
	}
	if !lectures {
		return out, int(total), nil
	}
	aud, err := q.OrgMeetingAudiences(ctx, sqlcdb.OrgMeetingAudiencesParams{OrgID: orgID, Kind: f.Kind, TopicID: f.TopicID,
		FromDate: f.From, ToDate: f.To, Lim: int32Of(f.Limit), Off: int32Of(f.Offset)})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	for _, a := range aud {
		if i, ok := at[a.MeetingID]; ok && out[i].Lecture != nil {
			out[i].Lecture.Audience = append(out[i].Lecture.Audience, meeting.AudienceOrg{ID: a.OrgID, Name: a.Name})
		}
	}
	return out, int(total), nil
}
