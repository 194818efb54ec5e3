package meeting

import (
	"context"

	"xuezuo"
)

// MemberRow is one of a member's attendance rows with its meeting.
type MemberRow struct {
	MeetingID  xuezuo.ID
	Title      string
	Kind       string
	HeldOn     xuezuo.Date
	Status     string
	Reason     string
	MakeupKind string // "" when no makeup
}

// MemberAttendance lists the member's attendance rows (the latest 200),
// for whoever may read the member: the evidence behind the member's line in
// a participation report.
func (s *Service) MemberAttendance(ctx context.Context, memberID xuezuo.ID) ([]MemberRow, error) {
	m, err := s.store.GetMember(ctx, memberID)
	if err != nil {
		return nil, s.missing(ctx, "党员")
	}
	if err := s.scope.CanReadMember(ctx, memberID, m.OrgID); err != nil {
		return nil, err
	}
	return s.store.MemberAttendance(ctx, memberID)
}
