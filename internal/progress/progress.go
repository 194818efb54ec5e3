// Package progress computes a campaign's figures per org (domain.md §5):
// every number is summed from per-branch counts that come from the records
// (the store keeps meeting-level rollups in the write transaction), so a
// write shows in every ancestor's figures as soon as it returns.
package progress

import (
	"context"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/org"
)

// BranchFigures are one org's raw counts in a campaign window. The store
// returns them per org that holds members or meetings (branches and groups).
type BranchFigures struct {
	OrgID        xuezuo.ID
	Members      int
	Excluded     int
	Participants int
	Present      int // present + remote rows
	Expected     int // all rows minus excluded and guest rows
	Makeups      int
	Reflections  int
	// TopicsHeld and TopicsOnTime have bit no-1 set for each topic (by its
	// number) with a fulfilling meeting held at all / by the deadline.
	TopicsHeld, TopicsOnTime uint64
}

// TopicBit is the bit of topic number no in the topic masks.
func TopicBit(no int) uint64 { return 1 << (no - 1) }

// Window is the campaign's date range for meetings: start to end (or today).
type Window struct {
	From, To xuezuo.Date
}

// Store is what the progress service needs from the database.
type Store interface {
	// SharedSubtree lists an org and all below it, shallowest first; the
	// slice is shared and read only.
	SharedSubtree(ctx context.Context, id xuezuo.ID) ([]org.Org, error)
	AncestorIDs(ctx context.Context, id xuezuo.ID) ([]xuezuo.ID, error)
	CampaignFigures(ctx context.Context, c *campaign.Campaign, orgID xuezuo.ID, w Window) ([]BranchFigures, error)
	MemberEvidence(ctx context.Context, c *campaign.Campaign, orgID xuezuo.ID, w Window) ([]MemberLine, error)
}

// Scope is the permission policy as the progress service sees it.
type Scope interface {
	CanReadOrg(ctx context.Context, id xuezuo.ID) error
	// CanReadMember with memberID 0 asks whether the actor reads every
	// member of the org (participation.go hides peers' categories otherwise).
	CanReadMember(ctx context.Context, memberID, orgID xuezuo.ID) error
}

// Row is one org's line of a progress table; the JSON names are the API's.
type Row struct {
	OrgID              xuezuo.ID `json:"org_id"`
	Name               string    `json:"name"`
	Branches           int       `json:"branches"`
	Members            int       `json:"members"`
	Excluded           int       `json:"excluded"`
	Participants       int       `json:"participants"`
	TopicOnTime        []int     `json:"topic_on_time"`
	AttendancePresent  int       `json:"attendance_present"`
	AttendanceExpected int       `json:"attendance_expected"`
	AttendanceRate     float64   `json:"attendance_rate"`
	Makeups            int       `json:"makeups"`
	Reflections        int       `json:"reflections"`
	ReflectionRate     float64   `json:"reflection_rate"`
	// Status is the red/amber/green state per topic, for branch rows.
	Status []string `json:"status,omitempty"`
}

// Service computes progress.
type Service struct {
	store     Store
	scope     Scope
	campaigns *campaign.Service
	clock     xuezuo.Clock
}

// NewService returns the progress service.
func NewService(s Store, scope Scope, campaigns *campaign.Service, clock xuezuo.Clock) *Service {
	return &Service{store: s, scope: scope, campaigns: campaigns, clock: clock}
}
