// Package meeting holds branch meetings (三会一课, 主题党日, 专题学习讨论, 组织生活会)
// with per-member attendance, exclusions, guests, makeups and speakers, the
// member's own check-in, and the rules shown on a meeting (speakers, the
// cadre's dual organisational life, the assembly quorum). Lectures (党课)
// are meetings of a branch, general branch or unit for an audience of
// branches, with their lecturer and kind; the 党课 register counts them
// (lecture.go, register.go, domain.md §5.5).
package meeting

import (
	"context"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/campaign"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
)

// Attendance statuses. Present and remote count as attended; excluded and
// guest rows leave the expected base.
const (
	Present  = "present"
	Remote   = "remote"
	Leave    = "leave"
	Absent   = "absent"
	Excluded = "excluded"
	Guest    = "guest"
)

// Statuses lists the attendance statuses with zh-CN labels.
var Statuses = []member.Option{{Code: Present, Label: "出席"}, {Code: Remote, Label: "远程参加"}, {Code: Leave, Label: "请假"},
	{Code: Absent, Label: "缺席"}, {Code: Excluded, Label: "不计入应到"}, {Code: Guest, Label: "列席"}}

// ExclusionCategories are the recorded reasons a member is not expected to
// attend: domain.md R8 and the campaign categories of seed 003.
var ExclusionCategories = []member.Option{
	{Code: "serious_illness", Label: "患有严重疾病"}, {Code: "abroad_self_funded", Label: "自费出国半年以上"},
	{Code: "serving_sentence", Label: "正在服刑"}, {Code: "bedridden", Label: "长期卧床"},
	{Code: "away_untransferred", Label: "外出半年以上未转组织关系"}, {Code: "long_abroad", Label: "长期出国（境）"},
	{Code: "old_or_ill", Label: "年老体弱"},
}

// LeaveReasons are the common absence reasons (free text is allowed too).
var LeaveReasons = []member.Option{{Code: "abroad", Label: "出国（境）"}, {Code: "illness", Label: "生病"},
	{Code: "business_trip", Label: "出差"}, {Code: "field_work", Label: "野外考察"}, {Code: "other", Label: "其他"}}

// Counts are a meeting's attendance rows by status, kept by the store in
// the same transaction as each row.
type Counts struct {
	Present, Remote, Leave, Absent, Excluded, Guest, Makeup int
	// Private is set when the reader is told only who attended (a member
	// of the branch): Leave, Absent, Excluded and Makeup are then zero and
	// NotAttended holds their sum, because in a small branch the split
	// alone would tell which peer was on leave or excluded.
	Private     bool
	NotAttended int
}

// Withheld returns the counts a reader who may not see peers' private
// parts is told: attended (present, remote), not attended, guests.
func (c Counts) Withheld() Counts {
	return Counts{Present: c.Present, Remote: c.Remote, Guest: c.Guest, Private: true,
		NotAttended: c.Leave + c.Absent + c.Excluded + c.NotAttended}
}

// Missed counts the rows of members who did not attend, whatever the
// reason (leave, absence, exclusion): the one figure both kinds of reader
// get.
func (c Counts) Missed() int { return c.Leave + c.Absent + c.Excluded + c.NotAttended }

// Attends reports whether a row of this status is evidence of attendance:
// present or remote (domain.md §5). It is the one definition: the counts
// below, the store's rollups and every figure built on them use it.
func Attends(status string) bool { return status == Present || status == Remote }

// Expects reports whether a row of this status counts in the expected
// attendance: attended, on leave or absent. Excluded and guest rows (and
// makeups, which are rows of their own) do not.
func Expects(status string) bool { return Attends(status) || status == Leave || status == Absent }

// byStatus pairs each status with its count.
func (c Counts) byStatus() [6]struct {
	status string
	n      int
} {
	return [6]struct {
		status string
		n      int
	}{{Present, c.Present}, {Remote, c.Remote}, {Leave, c.Leave}, {Absent, c.Absent}, {Excluded, c.Excluded}, {Guest, c.Guest}}
}

// Attended counts the rows that Attends.
func (c Counts) Attended() int {
	n := 0
	for _, s := range c.byStatus() {
		if Attends(s.status) {
			n += s.n
		}
	}
	return n
}

// Expected counts the rows that Expects.
func (c Counts) Expected() int {
	n := 0
	for _, s := range c.byStatus() {
		if Expects(s.status) {
			n += s.n
		}
	}
	return n
}

// Meeting is one meeting of a branch or group, or a lecture (党课) of a
// branch, general branch or unit.
type Meeting struct {
	ID             xuezuo.ID
	OrgID          xuezuo.ID
	OrgName        string
	UnitID         xuezuo.ID
	Kind           string
	Title          string
	TopicID        xuezuo.ID
	PlannedAt      time.Time
	HeldOn         xuezuo.Date
	Place          string
	HostID         xuezuo.ID
	HostName       string // read back with the meeting
	RecorderID     xuezuo.ID
	RecorderName   string
	Agenda         string
	Minutes        string
	SpeakerCount   int // speakers recorded only as a number
	Speakers       []Speaker
	CheckinFrom    time.Time
	CheckinTo      time.Time
	CheckinCode    string
	RegisterClosed bool
	Counts         Counts
	CreatedAt      time.Time
	// Lecture is set on a lecture (kind KindLecture) and nil otherwise.
	Lecture *Lecture
}

// SpeakerTotal returns the number of speakers: named ones, or the recorded count.
func (m *Meeting) SpeakerTotal() int { return max(len(m.Speakers), m.SpeakerCount) }

// Speaker is a member who spoke at a meeting.
type Speaker struct {
	MemberID xuezuo.ID
	Name     string
	Cadre    bool
	Subject  string
}

// Row is one attendance row.
type Row struct {
	MeetingID  xuezuo.ID
	MemberID   xuezuo.ID
	MemberName string
	Status     string
	Reason     string
	RecordedAt time.Time
	RecordedBy xuezuo.ID
}

// Makeup links a member who missed a meeting to a later session or self-study.
type Makeup struct {
	ID        xuezuo.ID
	MeetingID xuezuo.ID
	MemberID  xuezuo.ID
	Kind      string // session, self_study
	HeldOn    xuezuo.Date
	Note      string
}

// Exclusion is a campaign-wide decision that a member is not expected.
type Exclusion struct {
	ID         xuezuo.ID
	CampaignID xuezuo.ID
	MemberID   xuezuo.ID
	MemberName string
	OrgID      xuezuo.ID // the member's org now (set when read back)
	Category   string
	Reason     string
	DecidedOn  xuezuo.Date
}

// RosterMember is a member expected at a meeting, with the row if any.
type RosterMember struct {
	member.Member
	Row *Row
	// Proposed is the status the register proposes for a member without a
	// row, with its reason: excluded (and the category) when a campaign-wide
	// exclusion covers a topic meeting's member. The secretary still saves
	// it; nothing is recorded until then.
	Proposed, ProposedReason string
}

// Store is what the meeting service needs from the database.
type Store interface {
	CheckinStore
	lectureStore
	registerStore
	GetOrg(ctx context.Context, id xuezuo.ID) (*org.Org, error)
	OrgSubtree(ctx context.Context, id xuezuo.ID) ([]org.Org, error)
	GetMember(ctx context.Context, id xuezuo.ID) (*member.Member, error)
	GetTopic(ctx context.Context, id xuezuo.ID) (*campaign.Topic, error)
	CreateMeeting(ctx context.Context, m *Meeting, e audit.Entry) error
	GetMeeting(ctx context.Context, id xuezuo.ID) (*Meeting, error)
	UpdateMeeting(ctx context.Context, m *Meeting, e audit.Entry) error
	ListMeetings(ctx context.Context, orgID xuezuo.ID, f Filter) ([]Meeting, int, error)
	Roster(ctx context.Context, orgID xuezuo.ID, on xuezuo.Date) ([]member.Member, error)
	OnRoster(ctx context.Context, orgID, memberID xuezuo.ID, on xuezuo.Date) (bool, error)
	AttendanceTarget(ctx context.Context, meetingID, memberID xuezuo.ID) (*Target, error)
	AttendanceRows(ctx context.Context, meetingID xuezuo.ID) ([]Row, error)
	AddAttendance(ctx context.Context, r Row, e audit.Entry) error
	SetAttendance(ctx context.Context, rows []Row, e audit.Entry) error
	CloseRegister(ctx context.Context, meetingID xuezuo.ID, absent []Row, e audit.Entry) error
	AddMakeup(ctx context.Context, mk *Makeup, e audit.Entry) error
	Makeups(ctx context.Context, meetingID xuezuo.ID) ([]Makeup, error)
	AddExclusion(ctx context.Context, ex *Exclusion, e audit.Entry) error
	CampaignExclusions(ctx context.Context, campaignID, orgID xuezuo.ID) ([]Exclusion, error)
	GetExclusion(ctx context.Context, id xuezuo.ID) (*Exclusion, error)
	DeleteExclusion(ctx context.Context, id xuezuo.ID, e audit.Entry) error
	MemberAttendance(ctx context.Context, memberID xuezuo.ID) ([]MemberRow, error)
	LedgerRecords(ctx context.Context, orgID, campaignID xuezuo.ID, from, to xuezuo.Date) (*LedgerRecords, error)
	// WriteAudit records an export on its own.
	WriteAudit(ctx context.Context, e audit.Entry) error
}

// Target is what a single check-in is checked against, read in one query:
// the meeting's org and date, the member's branch and name, and whether the
// member was on the meeting's roster that day.
type Target struct {
	OrgID       xuezuo.ID
	HeldOn      xuezuo.Date
	MemberFound bool
	MemberOrgID xuezuo.ID
	MemberName  string
	OnRoster    bool
}

// Scope is the permission policy as the meeting service sees it.
type Scope interface {
	CanReadOrg(ctx context.Context, id xuezuo.ID) error
	CanWriteMember(ctx context.Context, orgID xuezuo.ID) error
	CanReadMember(ctx context.Context, memberID, orgID xuezuo.ID) error
}
