// Package report holds what branches send up and what each level makes of
// it. This first part is the branch summary (总结材料, domain.md §3.1 step 4):
// one per branch and campaign topic, its basics (基本情况) prefilled from the
// records when it is drafted, its views (主要观点) written by the branch,
// submitted to the level above, which accepts or returns it; every submitted
// version is kept. The §5.6 counts per level and topic come from one grouped
// query. Its photos and minutes are attachments through the summary's
// file policy (files.go).
//
// The second part is selecting the best and forwarding it (择优报送, §5.7,
// forward.go and inbox.go): an org recommends an accepted summary, a
// reflection or a forward it received to its level above with a note; each
// forward keeps the chain of earlier hops, the receiving level adopts it or
// sends it further, quotas cap each sender per kind and quarter, and the
// author of a reflection sees where it was recommended to.
//
// The third part is the bulletin (通报, bulletin*.go): a numbered progress
// notice of a campaign under an org, its figures taken from progress,
// the summary counts, lectures (through the Lectures interface) and the
// adopted forwards, frozen when published and printed as DOCX, PDF and XLSX
// through office.
package report

import (
	"context"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/reflection"
)

// States of a summary: draft → submitted → accepted, or submitted →
// returned → submitted again.
const (
	Draft     = "draft"
	Submitted = "submitted"
	Returned  = "returned"
	Accepted  = "accepted"
)

// StateLabel returns the zh-CN name of a state.
func StateLabel(state string) string {
	switch state {
	case Draft:
		return "草稿"
	case Submitted:
		return "已报送"
	case Returned:
		return "已退回"
	case Accepted:
		return "已通过"
	}
	return state
}

// ValidState reports whether s is a state.
func ValidState(s string) bool { return StateLabel(s) != s }

// DefaultDueDays is how long after a topic's deadline its summaries are due
// when the level above set no date (domain.md R22 leaves it to the unit).
const DefaultDueDays = 15

// Basics are the summary's 基本情况 as the records showed them when the
// draft was made. The JSON names are the stored snapshot's.
type Basics struct {
	MeetingID     xuezuo.ID   `json:"meeting_id"` // 0: the branch held no topic meeting yet
	HeldOn        xuezuo.Date `json:"held_on"`
	Place         string      `json:"place"`
	Host          string      `json:"host"`
	Expected      int         `json:"expected"` // present + remote + leave + absent
	Present       int         `json:"present"`
	Remote        int         `json:"remote"`
	Leave         int         `json:"leave"`
	Absent        int         `json:"absent"`
	Excluded      int         `json:"excluded"` // not in Expected
	Speakers      []Speaker   `json:"speakers"`
	CadreSpeakers int         `json:"cadre_speakers"`
	Reflections   int         `json:"reflections"` // submitted by the branch's members on the topic
}

// Speaker is one named speaker of the topic meeting.
type Speaker struct {
	MemberID xuezuo.ID `json:"member_id"`
	Name     string    `json:"name"`
	Cadre    bool      `json:"cadre"`
}

// Summary is one branch's summary on one topic.
type Summary struct {
	ID         xuezuo.ID
	OrgID      xuezuo.ID // the branch
	OrgName    string    // read back with the summary
	UnitID     xuezuo.ID
	TopicID    xuezuo.ID
	State      string
	Version    int // submitted versions; 0 until the first submit
	Basics     Basics
	BasicsNote string
	Views      string
	Reason     string      // the latest return reason
	DueOn      xuezuo.Date // fixed at the first submit; until then the date in force
	// FirstSubmittedAt decides Late; SubmittedAt is the latest submit.
	FirstSubmittedAt time.Time
	SubmittedAt      time.Time
	Late             bool
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Versions         []Version // oldest first; read with one summary, not in lists
}

// Version is one submitted version, kept as it was sent.
type Version struct {
	Version     int
	State       string // submitted, returned or accepted: what became of it
	Basics      Basics
	BasicsNote  string
	Views       string
	Reason      string
	SubmittedAt time.Time
	SubmittedBy xuezuo.ID
	DecidedAt   time.Time
	DecidedBy   xuezuo.ID
}

// Filter selects summaries under an org.
type Filter struct {
	OrgID   xuezuo.ID
	TopicID xuezuo.ID
	State   string
	Limit   int
	Offset  int
}

// StatusRow holds the §5.6 counts of one org on one topic, by each
// summary's current state.
type StatusRow struct {
	OrgID     xuezuo.ID
	Name      string
	Kind      org.Kind
	Expected  int // branches in scope that existed on the topic's deadline
	Submitted int
	Returned  int
	Accepted  int
	Missing   int // expected branches with no version ever submitted
	Late      int // first submitted after the due date
}

// Store is what the report service needs from the database.
type Store interface {
	GetOrg(ctx context.Context, id xuezuo.ID) (*org.Org, error)
	OrgAncestors(ctx context.Context, id xuezuo.ID) ([]org.Org, error)
	OrgChildren(ctx context.Context, id xuezuo.ID) ([]org.Node, error)
	GetMeeting(ctx context.Context, id xuezuo.ID) (*meeting.Meeting, error)
	// TopicMeetingID returns the branch's earliest meeting fulfilling the
	// topic, 0 when it held none.
	TopicMeetingID(ctx context.Context, orgID, topicID xuezuo.ID) (xuezuo.ID, error)
	BranchTopicReflections(ctx context.Context, orgID, topicID xuezuo.ID) (int, error)
	// SummaryDue returns the due date the branch's nearest ancestor set on
	// the topic; zero when none did.
	SummaryDue(ctx context.Context, orgID, topicID xuezuo.ID) (xuezuo.Date, error)
	SetSummaryDue(ctx context.Context, orgID, topicID xuezuo.ID, due xuezuo.Date, e audit.Entry) error
	CreateSummary(ctx context.Context, s *Summary, e audit.Entry) error
	GetSummary(ctx context.Context, id xuezuo.ID) (*Summary, error)
	// EditSummary, SubmitSummary and DecideSummary answer Conflict when the
	// summary is no longer in a state the step starts from.
	EditSummary(ctx context.Context, id xuezuo.ID, note, views string, e audit.Entry) error
	SubmitSummary(ctx context.Context, id xuezuo.ID, due xuezuo.Date, late bool, e audit.Entry) error
	DecideSummary(ctx context.Context, id xuezuo.ID, state, reason string, e audit.Entry) error
	ListSummaries(ctx context.Context, f Filter) ([]Summary, int, error)
	SummaryStatus(ctx context.Context, orgID, topicID xuezuo.ID) ([]StatusRow, error)
	// SummaryStatusByUnit groups by the branches' units and names the rows.
	SummaryStatusByUnit(ctx context.Context, orgID, topicID xuezuo.ID) ([]StatusRow, error)

	GetReflection(ctx context.Context, id xuezuo.ID) (*reflection.Reflection, error)
	// CreateForward inserts a forward and counts it against the quota (0:
	// none) in one transaction: a conflict wrapping ErrQuotaFull when the
	// sender's count reached it, a plain conflict for a duplicate.
	CreateForward(ctx context.Context, f *Forward, quota int, e audit.Entry) error
	// GetForward returns a forward with its chain, oldest hop first.
	GetForward(ctx context.Context, id xuezuo.ID) (*Forward, error)
	// AdoptForward answers Conflict when the forward was adopted already.
	AdoptForward(ctx context.Context, id xuezuo.ID, e audit.Entry) error
	ListInbox(ctx context.Context, f InboxFilter) ([]Forward, int, error)
	// OriginForwards lists the hops that carried a summary, reflection or
	// lecture.
	OriginForwards(ctx context.Context, kind string, id xuezuo.ID) ([]Forward, error)
	// ForwardQuota returns the receiving org's quota, 0 when none is set.
	ForwardQuota(ctx context.Context, toOrgID xuezuo.ID, kind, quarter string) (int, error)
	SetForwardQuota(ctx context.Context, q Quota, e audit.Entry) error
	ForwardQuotas(ctx context.Context, toOrgID xuezuo.ID) ([]Quota, error)
	ForwardCounts(ctx context.Context, orgID xuezuo.ID, quarter string, since, until time.Time) (ForwardCounts, error)
}

// Scope is the permission policy as the report service sees it.
type Scope interface {
	// CanReadMember with memberID 0: the readers of every member of the
	// org, who may see the leave and exclusion counts of the basics.
	CanReadMember(ctx context.Context, memberID, orgID xuezuo.ID) error
	CanWriteMember(ctx context.Context, orgID xuezuo.ID) error
	CanManageOrg(ctx context.Context, id xuezuo.ID) error
	CanApprove(ctx context.Context, orgID, aboveID xuezuo.ID) error
}

// Meetings reads a meeting under the meeting service's own read rule (a
// lecture is read by its audience too): how the report service finds the
// lectures it forwards.
type Meetings interface {
	Get(ctx context.Context, id xuezuo.ID) (*meeting.Meeting, error)
}

// Service is the report operation layer.
type Service struct {
	store     Store
	scope     Scope
	campaigns *campaign.Service
	meetings  Meetings
	clock     xuezuo.Clock
}

// CanDraft reports whether the actor may draft a summary for the org: a
// page asks before it offers the button; Create asks again.
func (s *Service) CanDraft(ctx context.Context, orgID xuezuo.ID) bool {
	return s.scope.CanWriteMember(ctx, orgID) == nil
}

// CanRead reports whether the actor reads the summaries under the org.
func (s *Service) CanRead(ctx context.Context, orgID xuezuo.ID) bool {
	return s.scope.CanReadMember(ctx, 0, orgID) == nil
}

// CanSetDue reports whether the actor may set the org's due dates.
func (s *Service) CanSetDue(ctx context.Context, orgID xuezuo.ID) bool {
	return s.scope.CanManageOrg(ctx, orgID) == nil
}

// NewService returns the report service.
func NewService(s Store, scope Scope, campaigns *campaign.Service, meetings Meetings, clock xuezuo.Clock) *Service {
	return &Service{store: s, scope: scope, campaigns: campaigns, meetings: meetings, clock: clock}
}

func fieldErr(field, msg string) error {
	return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{field: msg}}
}
