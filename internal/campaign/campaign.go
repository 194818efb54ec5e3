// Package campaign holds study-education campaigns (学习教育): their scope,
// window, phases, batches and dated topics, the built-in templates, and
// publishing, which gives every branch in scope its task list.
package campaign

import (
	"context"
	"fmt"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
)

// Scope kinds of a campaign.
const (
	ScopeSubtree = "subtree" // all members under the owner committee
	ScopeLeaders = "leaders" // leading cadres only
	ScopeOrgs    = "orgs"    // the members under chosen orgs
)

// Statuses of a campaign.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
)

// MeetingKinds are the meeting kinds of domain.md §2, with zh-CN labels.
var MeetingKinds = []struct{ Code, Label string }{
	{"branch_assembly", "支部党员大会"}, {"committee_meeting", "支部委员会"}, {"group_meeting", "党小组会"},
	{"lecture", "党课"}, {"theme_day", "主题党日"}, {"topic_study", "专题学习讨论"}, {"life_meeting", "组织生活会"},
}

// MeetingKindLabel returns the zh-CN name of a meeting kind.
func MeetingKindLabel(code string) string {
	for _, k := range MeetingKinds {
		if k.Code == code {
			return k.Label
		}
	}
	return code
}

// ValidMeetingKind reports whether code is a meeting kind.
func ValidMeetingKind(code string) bool { return MeetingKindLabel(code) != code }

// Campaign is one study-education campaign.
type Campaign struct {
	ID          xuezuo.ID
	OwnerOrgID  xuezuo.ID
	OwnerName   string
	Title       string
	Kind        string
	Scope       string
	ScopeOrgs   []xuezuo.ID // for ScopeOrgs
	Description string
	Start       xuezuo.Date
	End         xuezuo.Date // zero: open-ended
	Status      string
	PublishedAt time.Time
	Phases      []Phase
	Batches     []Batch
	Topics      []Topic
	CreatedAt   time.Time
	// QiyiFrom and QiyiTo bound the campaign's 七一 window as month-days
	// ("06-15", "07-15", both included): a lecture held in it is the 七一
	// lecture of every branch of its audience (R22).
	QiyiFrom, QiyiTo string
}

// The default 七一 window (seed 002: around 1 July every branch holds a
// lecture).
const (
	DefaultQiyiFrom = "06-15"
	DefaultQiyiTo   = "07-15"
)

// QiyiWindow returns the campaign's 七一 window in a year as dates (the
// default window when the campaign has none).
func (c *Campaign) QiyiWindow(year int) (from, to xuezuo.Date) {
	f, t := c.QiyiFrom, c.QiyiTo
	if f == "" || t == "" {
		f, t = DefaultQiyiFrom, DefaultQiyiTo
	}
	from, _ = MonthDayIn(f, year)
	to, _ = MonthDayIn(t, year)
	return from, to
}

// MonthDayIn reads a month-day "MM-DD" as a date of year. 02-29 falls on
// 03-01 outside leap years.
func MonthDayIn(md string, year int) (xuezuo.Date, error) {
	d, err := xuezuo.ParseDate("2016-" + md) // a leap year: every month-day exists
	if err != nil || len(md) != 5 {
		return xuezuo.Date{}, fmt.Errorf("month-day %q: want MM-DD", md)
	}
	return xuezuo.NewDate(year, d.M, d.D), nil
}

// Published reports whether the campaign has been published.
func (c *Campaign) Published() bool { return c.Status == StatusPublished }

// WindowEnd returns the last day that counts: End, or today when open-ended.
func (c *Campaign) WindowEnd(today xuezuo.Date) xuezuo.Date {
	if c.End.IsZero() {
		return today
	}
	return c.End
}

// ScopeRoots returns the orgs whose subtrees the campaign covers.
func (c *Campaign) ScopeRoots() []xuezuo.ID {
	if c.Scope == ScopeOrgs {
		return c.ScopeOrgs
	}
	return []xuezuo.ID{c.OwnerOrgID}
}

// Phase is an ordered stage such as 学习动员.
type Phase struct {
	ID    xuezuo.ID
	No    int
	Name  string
	Start xuezuo.Date
	End   xuezuo.Date
}

// Batch is a wave of orgs with its own dates.
type Batch struct {
	ID     xuezuo.ID
	No     int
	Name   string
	Start  xuezuo.Date
	End    xuezuo.Date
	OrgIDs []xuezuo.ID
}

// Topic is a dated theme; a branch fulfils it by holding a meeting of
// MeetingKind on or before Deadline (Beijing date).
type Topic struct {
	ID          xuezuo.ID
	CampaignID  xuezuo.ID
	No          int
	Title       string
	Theme       string
	Deadline    xuezuo.Date
	MeetingKind string
	MinSpeakers int
	Materials   string
}

// Store is what the campaign service needs from the database.
type Store interface {
	CreateCampaign(ctx context.Context, c *Campaign, e audit.Entry) error
	GetCampaign(ctx context.Context, id xuezuo.ID) (*Campaign, error)
	ListCampaigns(ctx context.Context) ([]Campaign, error)
	PublishCampaign(ctx context.Context, id xuezuo.ID, at time.Time, e audit.Entry) error
	SetCampaignQiyi(ctx context.Context, id xuezuo.ID, from, to string, e audit.Entry) error
	GetTopic(ctx context.Context, id xuezuo.ID) (*Topic, error)
	AncestorIDs(ctx context.Context, id xuezuo.ID) ([]xuezuo.ID, error)
}

// Scope is the permission policy as the campaign service sees it.
type Scope interface {
	CanReadOrg(ctx context.Context, id xuezuo.ID) error
	CanManageOrg(ctx context.Context, id xuezuo.ID) error
}
