// Package dataset imports the benchmark data set (the shared JSONL files of
// a campaign at academy scale) into an empty database through the product's
// bulk path: every line is parsed and checked against the others before
// anything is written, the data set's ids become the records' ids, and the
// store writes it all in one transaction.
package dataset

import (
	"time"

	"xuezuo"
)

// Org is one line of orgs.jsonl.
type Org struct {
	ID       xuezuo.ID  `json:"id"`
	ParentID *xuezuo.ID `json:"parent_id"`
	Name     string     `json:"name"`
	Kind     string     `json:"kind"` // root, region, unit, general_branch, branch
}

// Member is one line of members.jsonl.
type Member struct {
	ID        xuezuo.ID   `json:"id"`
	OrgID     xuezuo.ID   `json:"org_id"`
	Name      string      `json:"name"`
	Gender    string      `json:"gender"`
	BirthYear int         `json:"birth_year"`
	JoinDate  string      `json:"join_date"`
	Category  string      `json:"category"`
	Post      string      `json:"post"`
	Status    string      `json:"status"`
	Cadre     bool        `json:"cadre"`
	Join      xuezuo.Date `json:"-"`
}

// Topic is one topic of campaign.json.
type Topic struct {
	No       int         `json:"no"`
	Title    string      `json:"title"`
	Deadline string      `json:"deadline"`
	Due      xuezuo.Date `json:"-"`
}

// Campaign is campaign.json.
type Campaign struct {
	ID     xuezuo.ID `json:"id"`
	Name   string    `json:"name"`
	Topics []Topic   `json:"topics"`
}

// Activity is one line of activities.jsonl: a meeting of a branch.
type Activity struct {
	ID       xuezuo.ID   `json:"id"`
	OrgID    xuezuo.ID   `json:"org_id"`
	Kind     string      `json:"kind"` // topic_study, theme_day, lecture
	Topic    int         `json:"topic"`
	HeldAt   string      `json:"held_at"`
	Speakers int         `json:"speakers"`
	HeldOn   xuezuo.Date `json:"-"`
	// Present and Leave count the activity's rows (filled while checking).
	Present, Leave int64 `json:"-"`
}

// Attendance is one line of attendance.jsonl.
type Attendance struct {
	ActivityID    xuezuo.ID `json:"activity_id"`
	MemberID      xuezuo.ID `json:"member_id"`
	Present       bool      `json:"present"`
	AbsenceReason string    `json:"absence_reason"`
}

// Reflection is one line of reflections.jsonl.
type Reflection struct {
	ID          xuezuo.ID `json:"id"`
	MemberID    xuezuo.ID `json:"member_id"`
	Topic       int       `json:"topic"`
	SubmittedAt string    `json:"submitted_at"`
	Body        string    `json:"body"`
	Submitted   time.Time `json:"-"`
}

// Data is a whole checked data set, ready for the store.
type Data struct {
	Orgs        []Org
	Members     []Member
	Campaign    Campaign
	Activities  []Activity
	Attendance  []Attendance
	Reflections []Reflection
	// UnitOf maps every org to its nearest unit (0 above the units).
	UnitOf map[xuezuo.ID]xuezuo.ID
}

// Rows is the number of records the data set holds.
func (d *Data) Rows() int {
	return len(d.Orgs) + len(d.Members) + 1 + len(d.Activities) + len(d.Attendance) + len(d.Reflections)
}

// CampaignStart is the imported campaign's first day: the data set covers
// 2016, and the campaign stays open.
func CampaignStart() xuezuo.Date { return xuezuo.NewDate(2016, 1, 1) }
