// Package member holds Party members: personal data, standing, category and
// status with history, branch membership over time, committee posts, and the
// all-or-nothing XLSX import.
package member

import (
	"context"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/org"
)

// Standing codes: 正式党员 and 预备党员.
const (
	StandingFull         = "full"
	StandingProbationary = "probationary"
)

// Member is one Party member on a branch roll.
type Member struct {
	ID            xuezuo.ID
	OrgID         xuezuo.ID // current branch or group
	OrgName       string
	Name          string
	Gender        string // male, female
	Birth         xuezuo.Date
	BirthYearOnly bool
	JoinDate      xuezuo.Date // 入党日期
	FullDate      xuezuo.Date // 转正日期; zero while probationary
	Standing      string
	Category      string // in_service, student, retired
	Status        string // normal, abroad, ill, mobile, lost
	StatusSince   xuezuo.Date
	StatusReason  string
	Cadre         bool // 所局级 leader
	Post          string
	Phone         string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// BirthText formats the birth date at its precision.
func (m *Member) BirthText() string {
	if m.Birth.IsZero() {
		return ""
	}
	if m.BirthYearOnly {
		return m.Birth.String()[:4]
	}
	return m.Birth.String()
}

// Filter selects members of an org's subtree; empty fields match all.
type Filter struct {
	OrgID    xuezuo.ID
	Name     string
	Status   string
	Category string
	Standing string
	Limit    int
	Offset   int
}

// Page is one page of a member list.
type Page struct {
	Items []Member
	Total int
}

// Membership is a period in which a member belonged to a branch; To is
// exclusive and zero while current.
type Membership struct {
	ID       xuezuo.ID
	MemberID xuezuo.ID
	OrgID    xuezuo.ID
	OrgName  string
	From     xuezuo.Date
	To       xuezuo.Date
}

// StatusChange is one entry of a member's status history.
type StatusChange struct {
	ID         xuezuo.ID
	Status     string
	Since      xuezuo.Date
	Reason     string
	RecordedAt time.Time
}

// Post is a committee post held in a branch (or other org) for a term.
type Post struct {
	ID         xuezuo.ID
	MemberID   xuezuo.ID
	MemberName string
	OrgID      xuezuo.ID
	OrgName    string
	Post       string
	From       xuezuo.Date
	To         xuezuo.Date // exclusive; zero while in office
}

// Imported is one validated import row ready to write.
type Imported struct {
	Member Member
	From   xuezuo.Date // start of the branch membership
}

// Store is what the member service needs from the database.
type Store interface {
	GetOrg(ctx context.Context, id xuezuo.ID) (*org.Org, error)
	FindOrgsByName(ctx context.Context, within xuezuo.ID, name string) ([]org.Org, error)
	CreateMember(ctx context.Context, m *Member, from xuezuo.Date, e audit.Entry) error
	GetMember(ctx context.Context, id xuezuo.ID) (*Member, error)
	UpdateMember(ctx context.Context, m *Member, statusChanged bool, e audit.Entry) error
	TransferMember(ctx context.Context, id, to xuezuo.ID, on xuezuo.Date, e audit.Entry) error
	ListMembers(ctx context.Context, f Filter) ([]Member, int, error)
	FindMembersByName(ctx context.Context, within xuezuo.ID, name string) ([]Member, error)
	Memberships(ctx context.Context, memberID xuezuo.ID) ([]Membership, error)
	StatusHistory(ctx context.Context, memberID xuezuo.ID) ([]StatusChange, error)
	AddPost(ctx context.Context, p *Post, e audit.Entry) error
	EndPost(ctx context.Context, id xuezuo.ID, on xuezuo.Date, e audit.Entry) error
	GetPost(ctx context.Context, id xuezuo.ID) (*Post, error)
	MemberPosts(ctx context.Context, memberID xuezuo.ID) ([]Post, error)
	OrgPosts(ctx context.Context, orgID xuezuo.ID, on xuezuo.Date) ([]Post, error)
	ImportMembers(ctx context.Context, items []Imported, e audit.Entry) error
	// WriteAudit records a refused import on its own.
	WriteAudit(ctx context.Context, e audit.Entry) error
}

// Scope is the permission policy as the member service sees it.
type Scope interface {
	CanReadMember(ctx context.Context, memberID, orgID xuezuo.ID) error
	CanListMembers(ctx context.Context, orgID xuezuo.ID) (selfOnly bool, err error)
	CanWriteMember(ctx context.Context, orgID xuezuo.ID) error
	SeesPhone(ctx context.Context, orgID xuezuo.ID, inList bool) bool
}
