package report

import (
	"context"
	"strconv"
	"time"

	"sync"
	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/office"
	"xuezuo/internal/org"
	"xuezuo/internal/progress"
)

// Bulletins (通报, domain.md §3.1 step 12) report a campaign's progress
// under an org for a period, one row per unit (for an org above unit
// level) or per child org (for a unit or below), numbered 第 N 期 per org
// and year. A draft's figures come from the records whenever it is read;
// publishing freezes them, and every output of a published bulletin (the
// page, the JSON, DOCX, PDF and XLSX) reads the frozen content only.

// Bulletin states.
const (
	BulletinDraft     = "draft"
	BulletinPublished = "published"
)

// Periods a bulletin covers.
const (
	PeriodTopic   = "topic"
	PeriodQuarter = "quarter"
	PeriodDates   = "dates"
)

// Lecturer kinds (domain.md §5.5), in the bulletin tables' column order:
// the register's codes; LecturerUnknown counts lectures recorded
// without one.
var LecturerKinds = []string{meeting.LecturerLeader, meeting.LecturerSecretary, meeting.LecturerExpert, meeting.LecturerModel,
	meeting.LecturerMember, meeting.LecturerCase, meeting.LecturerUnknown}

// LectureFigures are one row's lecture counts in a period (domain.md §5.5),
// as the 党课 register counts them.
type LectureFigures = meeting.LectureFigures

// Lectures reads lecture figures for bulletin rows.
type Lectures interface {
	LectureFigures(ctx context.Context, campaignID xuezuo.ID, orgIDs []xuezuo.ID, from, to xuezuo.Date) (map[xuezuo.ID]LectureFigures, error)
}

// Bulletin is one 通报.
type Bulletin struct {
	ID          xuezuo.ID
	OrgID       xuezuo.ID
	OrgName     string
	CampaignID  xuezuo.ID
	TopicID     xuezuo.ID // the topic of a topic period; 0 otherwise
	Period      string    // topic, quarter or dates
	From, To    xuezuo.Date
	Year        int
	Number      int    // 第 N 期 of the org in Year
	DocCode     string // the org's 机关代字 when created; makes DocNo
	DocNo       string // 京区党通〔2016〕3号, "" when the org had no code
	Title       string
	State       string
	Preface     string
	Closing     string
	CreatedBy   xuezuo.ID
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt time.Time
	PublishedBy xuezuo.ID
	// Frozen is the content written at publishing ("" while draft).
	Frozen string
	// Content is the figures: frozen once published, else computed on read.
	Content *BulletinContent
}

// Published reports whether the bulletin has been published.
func (b *Bulletin) Published() bool { return b.State == BulletinPublished }

// IssueLabel is 第 N 期.
func (b *Bulletin) IssueLabel() string { return "第" + strconv.Itoa(b.Number) + "期" }

// FormatDocNo makes a 发文字号 from a 机关代字, a year and a number:
// 京区党通〔2016〕3号 (GB/T 9704: the year in 六角括号, no leading zeros).
func FormatDocNo(code string, year, n int) string {
	if code == "" {
		return ""
	}
	return code + "〔" + strconv.Itoa(year) + "〕" + strconv.Itoa(n) + "号"
}

// BulletinContent is what a bulletin says; the JSON names are the API's
// and the frozen copy's.
type BulletinContent struct {
	Issuer         string        `json:"issuer"`
	OrgName        string        `json:"org_name"`
	Campaign       string        `json:"campaign"`
	PeriodLabel    string        `json:"period_label"`
	AsOf           xuezuo.Date   `json:"as_of"`
	GroupBy        string        `json:"group_by"` // unit or child
	Topics         []TopicRef    `json:"topics"`   // the campaign's, in topic_on_time order
	Rows           []BulletinRow `json:"rows"`
	Totals         BulletinRow   `json:"totals"`
	Overdue        []BranchNote  `json:"overdue"`
	WithoutSummary []BranchNote  `json:"without_summary"`
	Highlights     []Highlight   `json:"highlights"`
}

// TopicRef is a campaign topic as a bulletin names it.
type TopicRef struct {
	ID       xuezuo.ID   `json:"id"`
	No       int         `json:"no"`
	Title    string      `json:"title"`
	Deadline xuezuo.Date `json:"deadline"`
	InPeriod bool        `json:"in_period"`
}

// BulletinRow is one row's figures.
type BulletinRow struct {
	OrgID              xuezuo.ID      `json:"org_id"`
	Name               string         `json:"name"`
	Branches           int            `json:"branches"`
	TopicOnTime        []int          `json:"topic_on_time"`
	AttendancePresent  int            `json:"attendance_present"`
	AttendanceExpected int            `json:"attendance_expected"`
	AttendanceRate     float64        `json:"attendance_rate"`
	Reflections        int            `json:"reflections"`
	ReflectionRate     float64        `json:"reflection_rate"`
	SummariesExpected  int            `json:"summaries_expected"`
	SummariesAccepted  int            `json:"summaries_accepted"`
	SummariesLate      int            `json:"summaries_late"`
	SummariesMissing   int            `json:"summaries_missing"`
	Lectures           map[string]int `json:"lectures"`
	SecretaryLectures  int            `json:"secretary_lectures"`
	QiyiBranches       int            `json:"qiyi_branches"`
	Participants       int            `json:"participants"`
	Members            int            `json:"members"`
	Excluded           int            `json:"excluded"`
}

// BranchNote names a branch that needs attention on a topic.
type BranchNote struct {
	OrgID   xuezuo.ID `json:"org_id"`
	Name    string    `json:"name"`
	RowName string    `json:"row_name"` // the unit or child org it counts in
	TopicID xuezuo.ID `json:"topic_id"`
	Topic   string    `json:"topic"`
}

// Highlight is a forwarded item the org adopted (采用) in the period.
type Highlight struct {
	ForwardID   xuezuo.ID `json:"forward_id"`
	Kind        string    `json:"kind"` // summary, reflection or lecture
	Title       string    `json:"title"`
	SourceOrgID xuezuo.ID `json:"source_org_id"`
	SourceOrg   string    `json:"source_org"`
	AdoptedAt   time.Time `json:"adopted_at"`
}

// BulletinInput asks for a new bulletin: a topic, a quarter ("2016Q2") or
// dates name the period.
type BulletinInput struct {
	OrgID      xuezuo.ID
	CampaignID xuezuo.ID
	TopicID    xuezuo.ID
	Quarter    string
	From, To   xuezuo.Date
	Preface    *string // nil: the default text
	Closing    *string
}

// BulletinFilter selects an org's bulletins.
type BulletinFilter struct {
	OrgID      xuezuo.ID
	CampaignID xuezuo.ID
	State      string
	Limit      int
	Offset     int
}

// MissingBranch is an expected branch with no summary version submitted.
type MissingBranch struct {
	OrgID  xuezuo.ID
	Name   string
	UnitID xuezuo.ID
}

// BulletinStore is what bulletins need from the database.
type BulletinStore interface {
	GetOrg(ctx context.Context, id xuezuo.ID) (*org.Org, error)
	OrgSubtree(ctx context.Context, id xuezuo.ID) ([]org.Org, error)
	// OrgAncestors returns the org's ancestors and itself, root first.
	OrgAncestors(ctx context.Context, id xuezuo.ID) ([]org.Org, error)
	SummaryStatus(ctx context.Context, orgID, topicID xuezuo.ID) ([]StatusRow, error)
	// SummaryStatusByUnit is SummaryStatus with a row per unit under the org
	// (the summary status table by unit shares it).
	SummaryStatusByUnit(ctx context.Context, orgID, topicID xuezuo.ID) ([]StatusRow, error)
	SummaryMissingBranches(ctx context.Context, orgID, topicID xuezuo.ID) ([]MissingBranch, error)
	// AdoptedForwards lists what the org adopted in [since, until).
	AdoptedForwards(ctx context.Context, orgID xuezuo.ID, since, until time.Time) ([]Highlight, error)
	// CreateBulletin gives the bulletin its id and the org's next number
	// in its year (and DocNo from DocCode) in one transaction.
	CreateBulletin(ctx context.Context, b *Bulletin, e audit.Entry) error
	GetBulletin(ctx context.Context, id xuezuo.ID) (*Bulletin, error)
	// EditBulletin and PublishBulletin answer Conflict unless it is a draft.
	EditBulletin(ctx context.Context, id xuezuo.ID, preface, closing string, at time.Time, e audit.Entry) error
	PublishBulletin(ctx context.Context, id xuezuo.ID, content string, at time.Time, by xuezuo.ID, e audit.Entry) error
	ListBulletins(ctx context.Context, f BulletinFilter) ([]Bulletin, int, error)
	WriteAudit(ctx context.Context, e audit.Entry) error
}

// BulletinScope is the permission policy as bulletins see it.
type BulletinScope interface {
	CanManageOrg(ctx context.Context, id xuezuo.ID) error
	// CanReadMember with memberID 0: the org's readers, who read drafts.
	CanReadMember(ctx context.Context, memberID, orgID xuezuo.ID) error
	// CanReadNotice: anyone in the org's subtree, or reading it from
	// above, reads what the org publishes to it.
	CanReadNotice(ctx context.Context, orgID xuezuo.ID) error
}

// Bulletins is the bulletin operation layer.
type Bulletins struct {
	store     BulletinStore
	scope     BulletinScope
	campaigns *campaign.Service
	progress  *progress.Service
	lectures  Lectures
	clock     xuezuo.Clock
	fonts     func() (*office.Fonts, error)
	docx      func() (*office.DOCXTemplate, error)
}

// NewBulletins returns the bulletin service.
func NewBulletins(s BulletinStore, scope BulletinScope, campaigns *campaign.Service, prog *progress.Service, lectures Lectures, clock xuezuo.Clock) *Bulletins {
	return &Bulletins{store: s, scope: scope, campaigns: campaigns, progress: prog, lectures: lectures, clock: clock,
		fonts: sync.OnceValues(office.NewFonts), docx: sync.OnceValues(office.BulletinTemplate)}
}
