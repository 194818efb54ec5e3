package meeting

import (
	"context"
	"fmt"
	"strings"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/member"
)

// Entry is one line of an attendance register.
type Entry struct {
	MemberID xuezuo.ID
	Status   string
	Reason   string // leave reason, or the exclusion category
	Guest    bool   // not expected: listed, never counted
}

// checkEntry validates a status and its reason.
func checkEntry(e *Entry) error {
	if e.Guest {
		e.Status = Guest
	}
	e.Reason = strings.TrimSpace(e.Reason)
	if err := checkReason(e.Reason); err != nil {
		return err
	}
	switch e.Status {
	case Present, Remote, Absent, Guest:
	case Leave:
		if e.Reason == "" {
			return fieldErr("reason", "请假须填写原因")
		}
		if l := member.Label(LeaveReasons, e.Reason); l != e.Reason {
			e.Reason = l // store the label people read in registers
		}
	case Excluded:
		if member.Label(ExclusionCategories, e.Reason) == e.Reason {
			return fieldErr("reason", "不计入应到人数须选择类别：重病、自费出国半年以上、服刑、卧床、外出半年以上未转关系、长期出国（境）或年老体弱")
		}
	default:
		return fieldErr("status", "请选择出席、远程参加、请假、缺席、不计入应到或列席")
	}
	return nil
}

// Record adds one attendance row. A second row for the same member and
// meeting is a conflict (409); a member outside the actor's scope is not
// found; a member who is not expected at the meeting is refused unless
// recorded as a guest. The checks are those of registrable and checkMember,
// made on the one read of meeting, member and roster that checkMember also
// uses (the check-in is the busiest write of a campaign).
func (s *Service) Record(ctx context.Context, meetingID xuezuo.ID, e Entry) error {
	t, err := s.store.AttendanceTarget(ctx, meetingID, e.MemberID)
	if err != nil {
		return xuezuo.NotFoundAs(err, "会议", "attendance target meeting %d member %d", meetingID, e.MemberID)
	}
	if err := s.scope.CanWriteMember(ctx, t.OrgID); err != nil {
		// A refusal answers as registrable does: an unreadable meeting is
		// not found, a readable one is not writable.
		if _, gerr := s.Get(ctx, meetingID); gerr != nil {
			return gerr
		}
		return err
	}
	m := &Meeting{ID: meetingID, OrgID: t.OrgID, HeldOn: t.HeldOn}
	if err := s.held(m); err != nil {
		return err
	}
	if err := checkEntry(&e); err != nil {
		return err
	}
	if err := s.memberExpected(ctx, t, &e); err != nil {
		return err
	}
	a := xuezuo.ActorFrom(ctx)
	row := Row{MeetingID: m.ID, MemberID: e.MemberID, Status: e.Status, Reason: e.Reason, RecordedAt: s.clock.Now(), RecordedBy: a.UserID}
	err = s.store.AddAttendance(ctx, row, audit.New(ctx, "attendance.record", "meeting", m.ID, m.OrgID, "status"))
	if xuezuo.ErrorCode(err) == xuezuo.EConflict {
		return xuezuo.Errorf(xuezuo.EConflict, "该党员本次会议的考勤已登记，请勿重复登记")
	}
	return err
}

// checkMember finds the member in the actor's scope and checks that it is
// expected at the meeting (or is a guest).
func (s *Service) checkMember(ctx context.Context, m *Meeting, e *Entry) error {
	t, err := s.store.AttendanceTarget(ctx, m.ID, e.MemberID)
	if err != nil {
		return err
	}
	return s.memberExpected(ctx, t, e)
}

// memberExpected checks the member of a check-in read with its meeting:
// in the actor's scope (else not found), and on the roster unless a guest.
func (s *Service) memberExpected(ctx context.Context, t *Target, e *Entry) error {
	if !t.MemberFound {
		return xuezuo.NotFound("党员")
	}
	if err := s.scope.CanReadMember(ctx, e.MemberID, t.MemberOrgID); err != nil {
		if c := xuezuo.ErrorCode(err); c == xuezuo.ENotFound || c == xuezuo.EForbidden {
			return xuezuo.NotFound("党员")
		}
		return fmt.Errorf("scope of member %d: %w", e.MemberID, err)
	}
	return rosterCheck(t.MemberName, t.OnRoster, e)
}

// rosterCheck refuses a member who is not expected at the meeting (unless a
// guest) and a guest who is.
func rosterCheck(name string, on bool, e *Entry) error {
	if !on && e.Status != Guest {
		return fieldErr("member_id", name+"在会议当天不是本支部党员，不在应到名单中；如为列席请勾选“列席”")
	}
	if on && e.Status == Guest {
		return fieldErr("guest", name+"是本支部党员，应登记出席、请假、缺席等，不能登记为列席")
	}
	return nil
}

// writable returns a meeting the actor may record attendance for.
func (s *Service) writable(ctx context.Context, id xuezuo.ID) (*Meeting, error) {
	m, err := s.get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.scope.CanWriteMember(ctx, m.OrgID); err != nil {
		return nil, err
	}
	return m, nil
}

// registrable returns a meeting the actor may record attendance for and
// that has taken place: a register records what happened, so no row, no
// check-in and no makeup is dated after today (the progress rollups rely on
// it, as a campaign's figures run to today).
func (s *Service) registrable(ctx context.Context, id xuezuo.ID) (*Meeting, error) {
	m, err := s.writable(ctx, id)
	if err != nil {
		return nil, err
	}
	return m, s.held(m)
}

// held refuses a meeting dated after today.
func (s *Service) held(m *Meeting) error {
	if today := xuezuo.DateOf(s.clock.Now()); m.HeldOn.After(today) {
		return xuezuo.Errorf(xuezuo.EInvalid, "会议定于 %s 召开，尚未举行，不能登记考勤", m.HeldOn)
	}
	return nil
}

// RecordRegister saves a whole register at once (the secretary's form):
// each entry replaces that member's row. Every entry is checked first; one
// bad entry saves nothing.
func (s *Service) RecordRegister(ctx context.Context, meetingID xuezuo.ID, entries []Entry) error {
	m, err := s.registrable(ctx, meetingID)
	if err != nil {
		return err
	}
	a := xuezuo.ActorFrom(ctx)
	rows := make([]Row, 0, len(entries))
	seen := map[xuezuo.ID]bool{}
	lines := map[string]string{} // LineField → "张三：请假须填写原因"
	for i := range entries {
		e := &entries[i]
		if seen[e.MemberID] {
			lines[LineField(e.MemberID)] = "同一党员在登记表中出现了两次"
			continue
		}
		seen[e.MemberID] = true
		bad := checkEntry(e)
		// The member check runs even on a bad line: a member outside the
		// actor's scope fails the whole register as not found, never as a
		// line message naming them.
		if err := s.checkMember(ctx, m, e); xuezuo.ErrorCode(err) == xuezuo.EInvalid {
			bad = err
		} else if err != nil {
			return err
		}
		if bad != nil {
			lines[LineField(e.MemberID)] = s.memberName(ctx, e.MemberID) + "：" + xuezuo.ErrorMessage(bad)
			continue
		}
		rows = append(rows, Row{MeetingID: m.ID, MemberID: e.MemberID, Status: e.Status, Reason: e.Reason, RecordedAt: s.clock.Now(), RecordedBy: a.UserID})
	}
	if len(lines) > 0 {
		return &xuezuo.Error{Code: xuezuo.EInvalid, Fields: lines,
			Message: fmt.Sprintf("登记表有 %d 行需要修改，本次没有保存任何记录", len(lines))}
	}
	return s.store.SetAttendance(ctx, rows, audit.New(ctx, "attendance.register", "meeting", m.ID, m.OrgID, "status"))
}

// LineField is the error field of one member's line in a register, so a
// form can show each message beside its line.
func LineField(memberID xuezuo.ID) string { return fmt.Sprintf("member_%d", memberID) }

// memberName names a member already found in the actor's scope.
func (s *Service) memberName(ctx context.Context, id xuezuo.ID) string {
	if mem, err := s.store.GetMember(ctx, id); err == nil {
		return mem.Name
	}
	return "该党员"
}

// CloseRegister records every expected member without a row as absent, so
// a closed register covers the whole roster.
func (s *Service) CloseRegister(ctx context.Context, meetingID xuezuo.ID) (int, error) {
	m, err := s.registrable(ctx, meetingID)
	if err != nil {
		return 0, err
	}
	_, roster, _, err := s.Roster(ctx, meetingID)
	if err != nil {
		return 0, err
	}
	a := xuezuo.ActorFrom(ctx)
	var rows []Row
	for _, r := range roster {
		if r.Row == nil {
			rows = append(rows, Row{MeetingID: m.ID, MemberID: r.ID, Status: Absent, RecordedAt: s.clock.Now(), RecordedBy: a.UserID})
		}
	}
	e := audit.New(ctx, "attendance.close", "meeting", m.ID, m.OrgID, "register_closed")
	return len(rows), s.store.CloseRegister(ctx, m.ID, rows, e)
}

// AddMakeup records that a member who missed a meeting made it up. It is
// counted apart and never turns the absence into a presence.
func (s *Service) AddMakeup(ctx context.Context, mk Makeup) (*Makeup, error) {
	m, err := s.registrable(ctx, mk.MeetingID)
	if err != nil {
		return nil, err
	}
	var v xuezuo.Validation
	v.Check(mk.Kind == "session" || mk.Kind == "self_study", "kind", "请选择补课方式：集中补课或自学")
	v.Check(!mk.HeldOn.IsZero() && !mk.HeldOn.Before(m.HeldOn), "held_on", "补课日期不能早于会议日期")
	v.Check(!mk.HeldOn.After(xuezuo.DateOf(s.clock.Now())), "held_on", "补课日期不能晚于今天")
	xuezuo.CheckText(&v, "note", "补课说明", mk.Note, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	rows, err := s.store.AttendanceRows(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	missed := false
	for _, r := range rows {
		if r.MemberID == mk.MemberID {
			missed = r.Status == Leave || r.Status == Absent
		}
	}
	if !missed {
		return nil, fieldErr("member_id", "只有请假或缺席的党员需要补课")
	}
	if err := s.store.AddMakeup(ctx, &mk, audit.New(ctx, "attendance.makeup", "meeting", m.ID, m.OrgID, "makeup")); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.EConflict {
			return nil, xuezuo.Errorf(xuezuo.EConflict, "该党员的补课已登记")
		}
		return nil, err
	}
	return &mk, nil
}

// Exclude records a campaign-wide decision that a member is not expected
// (with its category); it is never derived from the member's status.
func (s *Service) Exclude(ctx context.Context, ex Exclusion) (*Exclusion, error) {
	mem, err := s.store.GetMember(ctx, ex.MemberID)
	if err != nil {
		return nil, s.missing(ctx, "党员")
	}
	if err := s.scope.CanWriteMember(ctx, mem.OrgID); err != nil {
		return nil, err
	}
	if _, err := s.campaigns.Get(ctx, ex.CampaignID); err != nil {
		return nil, err
	}
	var v xuezuo.Validation
	v.Check(member.Label(ExclusionCategories, ex.Category) != ex.Category, "category", "请选择不计入应到人数的类别")
	v.Check(!ex.DecidedOn.IsZero(), "decided_on", "请填写决定日期")
	xuezuo.CheckText(&v, "reason", "说明", ex.Reason, true)
	xuezuo.CheckRecordDate(&v, "decided_on", "决定日期", ex.DecidedOn, xuezuo.DateOf(s.clock.Now()))
	if err := v.Err(); err != nil {
		return nil, err
	}
	ex.MemberName = mem.Name
	if err := s.store.AddExclusion(ctx, &ex, audit.New(ctx, "campaign.exclude", "member", ex.MemberID, mem.OrgID, "category")); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.EConflict {
			return nil, xuezuo.Errorf(xuezuo.EConflict, "该党员在本次学习教育中已登记为不计入应到人数")
		}
		return nil, err
	}
	return &ex, nil
}
