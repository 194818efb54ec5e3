package meeting

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"math/big"
	"strings"

	"xuezuo"
	"xuezuo/internal/audit"
)

// CheckinTries is how many wrong check-in codes one member may enter for
// one meeting. A 6-digit code leaves a guesser 10 in a million.
const CheckinTries = 10

// Audit actions of the self check-in's guard.
const (
	ActionCheckinWrong  = "checkin.wrong_code"
	ActionCheckinLocked = "checkin.locked"
)

// CheckinOutcome is what the guarded check-in transaction decided.
type CheckinOutcome int

// Outcomes of a guarded check-in.
const (
	CheckedIn   CheckinOutcome = iota // the attendance row was written
	WrongCode                         // counted as a wrong try
	CheckinLock                       // refused: the limit was reached before
)

// CheckinTry is one member's check-in with a code, judged by the store in
// one transaction against the member's count of wrong tries.
type CheckinTry struct {
	Row    Row
	CodeOK bool // the code matched (compared by the service)
	Limit  int  // wrong tries allowed
	// Done, Wrong and Locked are the audit rows of a check-in, of a wrong
	// try, and of the try that reaches the limit (written with Wrong).
	Done, Wrong, Locked audit.Entry
}

// CheckinResult is the store's answer: the outcome and the wrong tries so
// far (including this one).
type CheckinResult struct {
	Outcome CheckinOutcome
	Wrong   int
}

// CheckinStore is what the guarded check-in needs from the database.
type CheckinStore interface {
	// GuardedCheckIn locks the member's guard row for the meeting, then in
	// the same transaction refuses a member at the limit, counts a wrong
	// code (auditing it) or records the attendance.
	GuardedCheckIn(ctx context.Context, t CheckinTry) (CheckinResult, error)
}

// NewCheckinCode returns a code of 6 decimal digits drawn uniformly from
// 000000–999999 by the system's secure random source.
func NewCheckinCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", fmt.Errorf("check-in code: %w", err)
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// sixDigits reports whether s is exactly six ASCII digits.
func sixDigits(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// checkinCode decides the code a meeting keeps. A window always gets a
// code: the one typed (exactly 6 digits), else a generated one. A code
// stored before this rule (old) is kept as long as it is sent back
// unchanged, so editing an old meeting never changes what members were told.
// A new code without a window means nothing and is refused; closing the
// window drops the code.
func checkinCode(v *xuezuo.Validation, window bool, typed, old string) (string, error) {
	typed = strings.TrimSpace(typed)
	switch {
	case !window:
		v.Check(typed == "" || typed == old, "checkin_code", "签到码须与自助签到的开始和截止时间一起设置；不开放自助签到的请留空")
		return "", nil
	case typed != "" && typed == old:
		return old, nil
	case typed == "":
		return NewCheckinCode()
	case !sixDigits(typed):
		v.Add("checkin_code", "签到码须为 6 位数字，如 418206；留空则由系统生成")
	}
	return typed, nil
}

// visibleCode blanks a meeting's check-in code for an actor who may not
// write the meeting: only its secretary and organisers hand the code out.
func (s *Service) visibleCode(ctx context.Context, m *Meeting) {
	if m.CheckinCode != "" && s.scope.CanWriteMember(ctx, m.OrgID) != nil {
		m.CheckinCode = ""
	}
}

// CheckIn records the acting member present while the meeting's check-in
// window is open, with its code if it has one. The member must be on the
// meeting's roster (a lecture's: its audience); anyone else is told the
// meeting does not exist. The window binds only the
// member's own check-in, never the secretary. After CheckinTries wrong
// codes the member is refused for this meeting, even with the right code
// (409): the secretary records the attendance instead.
func (s *Service) CheckIn(ctx context.Context, meetingID xuezuo.ID, code string) error {
	a := xuezuo.ActorFrom(ctx)
	if a == nil || a.MemberID == 0 {
		return xuezuo.Errorf(xuezuo.EForbidden, "只有关联了党员信息的账号才能签到")
	}
	m, err := s.store.GetMeeting(ctx, meetingID)
	if err != nil {
		return xuezuo.NotFoundAs(err, "会议", "get meeting %d", meetingID)
	}
	on, err := s.onRoster(ctx, m, a.MemberID)
	if err != nil {
		return err
	}
	if !on {
		return xuezuo.NotFound("会议")
	}
	if err := s.held(m); err != nil {
		return err
	}
	now := s.clock.Now()
	switch {
	case m.CheckinFrom.IsZero() || m.RegisterClosed:
		return xuezuo.Errorf(xuezuo.EInvalid, "本次会议未开放自助签到，请向支部书记说明")
	case now.Before(m.CheckinFrom):
		return xuezuo.Errorf(xuezuo.EInvalid, "签到尚未开始，开始时间：%s", m.CheckinFrom.In(xuezuo.Beijing).Format("01-02 15:04"))
	case now.After(m.CheckinTo):
		return xuezuo.Errorf(xuezuo.EInvalid, "签到已于 %s 结束，请向支部书记说明", m.CheckinTo.In(xuezuo.Beijing).Format("01-02 15:04"))
	}
	row := Row{MeetingID: m.ID, MemberID: a.MemberID, Status: Present, RecordedAt: now, RecordedBy: a.UserID}
	done := audit.New(ctx, "attendance.checkin", "meeting", m.ID, m.OrgID, "status")
	if m.CheckinCode == "" {
		// A window opened before codes were generated keeps working as
		// it was announced.
		return checkedIn(s.store.AddAttendance(ctx, row, done))
	}
	denied := func(action string) audit.Entry {
		e := audit.New(ctx, action, "meeting", m.ID, m.OrgID, "code")
		e.Outcome = audit.OutcomeDenied
		return e
	}
	ok := subtle.ConstantTimeCompare([]byte(strings.TrimSpace(code)), []byte(m.CheckinCode)) == 1
	res, err := s.store.GuardedCheckIn(ctx, CheckinTry{Row: row, CodeOK: ok, Limit: CheckinTries,
		Done: done, Wrong: denied(ActionCheckinWrong), Locked: denied(ActionCheckinLocked)})
	if err != nil {
		return checkedIn(err)
	}
	switch res.Outcome {
	case WrongCode:
		if left := CheckinTries - res.Wrong; left > 0 {
			return fieldErr("code", fmt.Sprintf("签到码不正确，请核对支部书记公布的 6 位签到码（还可再试 %d 次）", left))
		}
		return checkinLocked()
	case CheckinLock:
		return checkinLocked()
	}
	return nil
}

// checkinLocked is the refusal once a member has used up the wrong tries.
func checkinLocked() error {
	return xuezuo.Errorf(xuezuo.EConflict,
		"签到码已连续输错 %d 次，本次会议不能再自助签到；如您已到会，请向支部书记说明，由书记登记出席", CheckinTries)
}

// checkedIn turns a second check-in's conflict into its message.
func checkedIn(err error) error {
	if xuezuo.ErrorCode(err) == xuezuo.EConflict {
		return xuezuo.Errorf(xuezuo.EConflict, "您已签到")
	}
	return err
}
