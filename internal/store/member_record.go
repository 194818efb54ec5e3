package store

import (
	"context"

	"xuezuo"
	"xuezuo/internal/meeting"
)

// MemberAttendance lists a member's attendance rows, newest first.
func (s *Store) MemberAttendance(ctx context.Context, memberID xuezuo.ID) ([]meeting.MemberRow, error) {
	rows, err := s.q().MemberAttendance(ctx, memberID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]meeting.MemberRow, len(rows))
	for i, r := range rows {
		out[i] = meeting.MemberRow{MeetingID: r.MeetingID, Title: r.Title, Kind: r.Kind, HeldOn: r.HeldOn, Status: r.Status,
			Reason: r.Reason, MakeupKind: r.MakeupKind}
	}
	return out, nil
}
