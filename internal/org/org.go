// Package org is the Party organisation tree: committees, general branches,
// branches and groups of any depth, with moves that can never form a cycle and
// the size warnings of domain.md R1–R3.
package org

import (
	"context"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
)

// Kind is the kind of an org node (domain.md §2).
type Kind string

// The org kinds. A committee may be flagged as a unit (基层党委).
const (
	KindCommittee     Kind = "committee"
	KindGeneralBranch Kind = "general_branch"
	KindBranch        Kind = "branch"
	KindGroup         Kind = "group"
)

// Label returns the zh-CN name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindCommittee:
		return "党委"
	case KindGeneralBranch:
		return "党总支"
	case KindBranch:
		return "党支部"
	case KindGroup:
		return "党小组"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	return k == KindCommittee || k == KindGeneralBranch || k == KindBranch || k == KindGroup
}

// OrgKinds are the 党组织类别 codes with their zh-CN labels (domain.md §2).
var OrgKinds = []struct{ Code, Label string }{
	{"research", "科研"}, {"management", "管理"}, {"teaching", "教学"}, {"service", "服务"}, {"support", "支撑"},
}

// Org is one node of the tree.
type Org struct {
	ID          xuezuo.ID
	ParentID    xuezuo.ID // 0 for a root
	Name        string
	Kind        Kind
	IsUnit      bool     // 基层党委
	OrgKind     string   // research, management, …; "" when not set
	Joint       bool     // 联合党支部
	Temporary   bool     // 临时党支部
	Workplaces  []string // the work units a joint branch covers
	Approval    string   // the upper approval of its set-up (R3)
	Established xuezuo.Date
	DissolvedOn xuezuo.Date
	UnitID      xuezuo.ID // nearest ancestor-or-self unit (基层党委); 0 when none
	// IssuerName is the issuing organ printed in red at the head of the
	// org's documents (发文机关标志, 中共中国科学院京区委员会); DocCode is its
	// 机关代字 (京区党通) in document numbers. Both may be empty.
	IssuerName string
	DocCode    string
	Depth      int // distance from the root, where known
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// KindLabel returns the zh-CN kind, naming units, joint and temporary branches.
func (o *Org) KindLabel() string {
	switch {
	case o.Kind == KindCommittee && o.IsUnit:
		return "基层党委"
	case o.Kind == KindBranch && o.Joint:
		return "联合党支部"
	case o.Kind == KindBranch && o.Temporary:
		return "临时党支部"
	}
	return o.Kind.Label()
}

// Active reports whether the org has not been dissolved.
func (o *Org) Active() bool { return o.DissolvedOn.IsZero() }

// HoldsMembers reports whether members may sit directly in the org.
func (o *Org) HoldsMembers() bool { return o.Kind == KindBranch || o.Kind == KindGroup }

// Node is an org with the counts the tree view shows.
type Node struct {
	Org
	Children int // direct sub-orgs
	Members  int // members in the whole subtree
}

// Counts are the figures behind the size warnings.
type Counts struct {
	Members        int // in the subtree
	Full           int // 正式党员 in the subtree
	Probationary   int
	Children       int // active direct sub-orgs
	DirectMembers  int // sitting in the org itself
	CommitteePosts int // current branch committee posts
}

// Store is what the org service needs from the database.
type Store interface {
	CreateOrg(ctx context.Context, o *Org, e audit.Entry) error
	GetOrg(ctx context.Context, id xuezuo.ID) (*Org, error)
	UpdateOrg(ctx context.Context, o *Org, e audit.Entry) error
	MoveOrg(ctx context.Context, id, parentID xuezuo.ID, e audit.Entry) error
	DissolveOrg(ctx context.Context, id xuezuo.ID, on xuezuo.Date, e audit.Entry) error
	OrgChildren(ctx context.Context, id xuezuo.ID) ([]Node, error)
	OrgAncestors(ctx context.Context, id xuezuo.ID) ([]Org, error)
	OrgSubtree(ctx context.Context, id xuezuo.ID) ([]Org, error)
	OrgCounts(ctx context.Context, id xuezuo.ID, on xuezuo.Date) (Counts, error)
	FindOrgsByName(ctx context.Context, within xuezuo.ID, name string) ([]Org, error)
	RootOrgs(ctx context.Context) ([]xuezuo.ID, error)
}

// Scope answers whether the actor in ctx may read or manage an org. The
// account package implements it; errors are NotFound outside the actor's
// scope and Forbidden for a role that may never do the operation.
type Scope interface {
	CanReadOrg(ctx context.Context, id xuezuo.ID) error
	CanManageOrg(ctx context.Context, id xuezuo.ID) error
	CanManageGroups(ctx context.Context, branchID xuezuo.ID) error
	TopOrgs(ctx context.Context) ([]xuezuo.ID, error)
	CanListDirectory(ctx context.Context) error
}
