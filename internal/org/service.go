package org

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"xuezuo"
	"xuezuo/internal/audit"
)

// Service is the org tree's operation layer: every front door calls it, and
// it checks scope and rules before the store writes.
type Service struct {
	store Store
	scope Scope
	clock xuezuo.Clock
}

// NewService returns the org service.
func NewService(s Store, scope Scope, clock xuezuo.Clock) *Service {
	return &Service{store: s, scope: scope, clock: clock}
}

// Input is the editable part of an org.
type Input struct {
	ParentID    xuezuo.ID
	Name        string
	Kind        Kind
	IsUnit      bool
	OrgKind     string
	Joint       bool
	Temporary   bool
	Workplaces  []string
	Approval    string
	Established xuezuo.Date
	IssuerName  string // 发文机关标志 of bulletins; committees and general branches
	DocCode     string // 机关代字
}

// Get returns an org the actor may read.
func (s *Service) Get(ctx context.Context, id xuezuo.ID) (*Org, error) {
	if err := s.scope.CanReadOrg(ctx, id); err != nil {
		return nil, err
	}
	return s.store.GetOrg(ctx, id)
}

// Children returns the direct sub-orgs of an org the actor may read.
func (s *Service) Children(ctx context.Context, id xuezuo.ID) ([]Node, error) {
	if err := s.scope.CanReadOrg(ctx, id); err != nil {
		return nil, err
	}
	return s.store.OrgChildren(ctx, id)
}

// Subtree returns an org and everything below it, shallowest first.
func (s *Service) Subtree(ctx context.Context, id xuezuo.ID) ([]Org, error) {
	if err := s.scope.CanReadOrg(ctx, id); err != nil {
		return nil, err
	}
	return s.store.OrgSubtree(ctx, id)
}

// Path returns the breadcrumb of an org: its ancestors the actor may read,
// root first, ending with the org itself. Orgs above the actor's scope are
// left out so that their names do not leak.
func (s *Service) Path(ctx context.Context, id xuezuo.ID) ([]Org, error) {
	if err := s.scope.CanReadOrg(ctx, id); err != nil {
		return nil, err
	}
	anc, err := s.store.OrgAncestors(ctx, id)
	if err != nil {
		return nil, err
	}
	for i := range anc {
		if s.scope.CanReadOrg(ctx, anc[i].ID) == nil {
			return anc[i:], nil
		}
	}
	return anc[len(anc)-1:], nil
}

// Tops returns the orgs at the top of the actor's view of the tree.
func (s *Service) Tops(ctx context.Context) ([]Node, error) {
	ids, err := s.scope.TopOrgs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Node, 0, len(ids))
	for _, id := range ids {
		o, err := s.store.GetOrg(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("top org %d: %w", id, err)
		}
		kids, err := s.store.OrgChildren(ctx, id)
		if err != nil {
			return nil, err
		}
		c, err := s.store.OrgCounts(ctx, id, xuezuo.DateOf(s.clock.Now()))
		if err != nil {
			return nil, err
		}
		out = append(out, Node{Org: *o, Children: len(kids), Members: c.Members})
	}
	return out, nil
}

// Create adds an org under in.ParentID. Only the local operator creates a
// root; an organiser creates orgs in the subtree they manage, and a branch
// secretary may add groups (党小组) to the own branch.
func (s *Service) Create(ctx context.Context, in Input) (*Org, error) {
	var parent *Org
	if in.ParentID == 0 {
		if a := xuezuo.ActorFrom(ctx); a == nil || !a.System {
			return nil, xuezuo.Forbidden()
		}
	} else {
		var err error
		if in.Kind == KindGroup {
			err = s.scope.CanManageGroups(ctx, in.ParentID)
		} else {
			err = s.scope.CanManageOrg(ctx, in.ParentID)
		}
		if err != nil {
			return nil, err
		}
		if parent, err = s.store.GetOrg(ctx, in.ParentID); err != nil {
			return nil, err
		}
	}
	if err := validate(in, parent, xuezuo.DateOf(s.clock.Now())); err != nil {
		return nil, err
	}
	o := &Org{ParentID: in.ParentID}
	apply(o, in)
	now := s.clock.Now()
	o.CreatedAt, o.UpdatedAt = now, now
	e := audit.New(ctx, "org.create", "org", 0, in.ParentID, "name", "kind")
	if err := s.store.CreateOrg(ctx, o, e); err != nil {
		return nil, err
	}
	return o, nil
}

// Update changes the editable fields of an org (not its parent or kind).
func (s *Service) Update(ctx context.Context, id xuezuo.ID, in Input) (*Org, error) {
	if err := s.scope.CanManageOrg(ctx, id); err != nil {
		return nil, err
	}
	o, err := s.store.GetOrg(ctx, id)
	if err != nil {
		return nil, err
	}
	in.Kind, in.ParentID = o.Kind, o.ParentID
	var parent *Org
	if o.ParentID != 0 {
		if parent, err = s.store.GetOrg(ctx, o.ParentID); err != nil {
			return nil, err
		}
	}
	if err := validate(in, parent, xuezuo.DateOf(s.clock.Now())); err != nil {
		return nil, err
	}
	before := *o
	apply(o, in)
	o.UpdatedAt = s.clock.Now()
	e := audit.New(ctx, "org.update", "org", id, id, changed(&before, o)...)
	if err := s.store.UpdateOrg(ctx, o, e); err != nil {
		return nil, err
	}
	return o, nil
}

// Move puts an org under a new parent. The actor must manage both the org's
// current parent and the new one; the store rejects cycles inside the move's
// transaction, so two concurrent moves cannot form one together.
func (s *Service) Move(ctx context.Context, id, parentID xuezuo.ID) error {
	if err := s.scope.CanManageOrg(ctx, id); err != nil {
		return err
	}
	o, err := s.store.GetOrg(ctx, id)
	if err != nil {
		return err
	}
	if o.ParentID == 0 {
		return xuezuo.Errorf(xuezuo.EInvalid, "根组织不能调整隶属关系")
	}
	if err := s.scope.CanManageOrg(ctx, o.ParentID); err != nil {
		return xuezuo.Errorf(xuezuo.EForbidden, "只有上级组织的管理员可以调整本组织的隶属关系")
	}
	if err := s.scope.CanManageOrg(ctx, parentID); err != nil {
		return &xuezuo.Error{Code: xuezuo.EInvalid, Message: "目标上级组织不存在或不在您的管理范围内",
			Fields: map[string]string{"parent_id": "目标上级组织不存在或不在您的管理范围内"}}
	}
	parent, err := s.store.GetOrg(ctx, parentID)
	if err != nil {
		return err
	}
	if msg := parentRule(o.Kind, parent); msg != "" {
		return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{"parent_id": msg}}
	}
	e := audit.New(ctx, "org.move", "org", id, parentID, "parent_id")
	return s.store.MoveOrg(ctx, id, parentID, e)
}

// Dissolve marks an empty org as dissolved on a date; its history stays.
func (s *Service) Dissolve(ctx context.Context, id xuezuo.ID, on xuezuo.Date) error {
	o, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if o.Kind == KindGroup {
		err = s.scope.CanManageGroups(ctx, o.ParentID)
	} else if o.ParentID == 0 {
		err = xuezuo.Errorf(xuezuo.EInvalid, "根组织不能撤销")
	} else {
		err = s.scope.CanManageOrg(ctx, o.ParentID)
	}
	if err != nil {
		return err
	}
	if !o.Active() {
		return xuezuo.Errorf(xuezuo.EConflict, "该组织已于 %s 撤销", o.DissolvedOn)
	}
	if on.IsZero() {
		on = xuezuo.DateOf(s.clock.Now())
	}
	e := audit.New(ctx, "org.dissolve", "org", id, o.ParentID, "dissolved_on")
	return s.store.DissolveOrg(ctx, id, on, e)
}

// DirectoryEntry is an org's id and name with its depth, for pickers.
type DirectoryEntry struct {
	ID     xuezuo.ID
	Name   string
	Kind   Kind
	Depth  int
	Active bool
}

// Directory lists every org's id, name and depth in tree order for the
// security admin, who grants roles on orgs but reads no business data.
func (s *Service) Directory(ctx context.Context) ([]DirectoryEntry, error) {
	if err := s.scope.CanListDirectory(ctx); err != nil {
		return nil, err
	}
	roots, err := s.store.RootOrgs(ctx)
	if err != nil {
		return nil, err
	}
	var out []DirectoryEntry
	for _, r := range roots {
		sub, err := s.store.OrgSubtree(ctx, r)
		if err != nil {
			return nil, err
		}
		out = append(out, treeOrder(sub)...)
	}
	return out, nil
}

// treeOrder arranges a subtree (shallowest first) depth-first by id.
func treeOrder(sub []Org) []DirectoryEntry {
	kids := map[xuezuo.ID][]Org{}
	for _, o := range sub[1:] {
		kids[o.ParentID] = append(kids[o.ParentID], o)
	}
	var out []DirectoryEntry
	var walk func(o Org, depth int)
	walk = func(o Org, depth int) {
		out = append(out, DirectoryEntry{ID: o.ID, Name: o.Name, Kind: o.Kind, Depth: depth, Active: o.Active()})
		for _, k := range kids[o.ID] {
			walk(k, depth+1)
		}
	}
	walk(sub[0], 0)
	return out
}

// FindByName finds active orgs named name inside within's subtree.
func (s *Service) FindByName(ctx context.Context, within xuezuo.ID, name string) ([]Org, error) {
	if err := s.scope.CanReadOrg(ctx, within); err != nil {
		return nil, err
	}
	return s.store.FindOrgsByName(ctx, within, strings.TrimSpace(name))
}

func apply(o *Org, in Input) {
	o.Name = strings.TrimSpace(in.Name)
	o.Kind = in.Kind
	o.IsUnit = in.Kind == KindCommittee && in.IsUnit
	o.OrgKind = in.OrgKind
	o.Joint = in.Kind == KindBranch && in.Joint
	o.Temporary = in.Kind == KindBranch && in.Temporary
	o.Workplaces = nil
	if o.Joint {
		o.Workplaces = cleanList(in.Workplaces)
	}
	o.Approval = strings.TrimSpace(in.Approval)
	o.Established = in.Established
	o.IssuerName = strings.TrimSpace(in.IssuerName)
	o.DocCode = strings.TrimSpace(in.DocCode)
}

func cleanList(in []string) []string {
	var out []string
	for _, w := range in {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func validate(in Input, parent *Org, today xuezuo.Date) error {
	var v xuezuo.Validation
	name := strings.TrimSpace(in.Name)
	v.Check(name != "", "name", "请填写组织名称")
	v.Check(utf8.RuneCountInString(name) <= 60, "name", "组织名称不能超过 60 个字")
	xuezuo.CheckText(&v, "name", "组织名称", name, false)
	for _, w := range in.Workplaces {
		xuezuo.CheckText(&v, "workplaces", "覆盖单位", strings.TrimSpace(w), false)
	}
	xuezuo.CheckText(&v, "approval", "上级批准", in.Approval, false)
	xuezuo.CheckRecordDate(&v, "established", "成立日期", in.Established, today)
	issuer, code := strings.TrimSpace(in.IssuerName), strings.TrimSpace(in.DocCode)
	v.Check(utf8.RuneCountInString(issuer) <= 40, "issuer_name", "发文机关名称不能超过 40 个字")
	xuezuo.CheckText(&v, "issuer_name", "发文机关名称", issuer, false)
	// The code stands between the org and 〔2016〕 in a document number, so
	// it may not carry the brackets or digits that follow it.
	v.Check(utf8.RuneCountInString(code) <= 10, "doc_code", "机关代字不能超过 10 个字")
	v.Check(!strings.ContainsAny(code, "〔〕[]()（）0123456789 "), "doc_code", "机关代字只写文字，如“京区党通”，年份和序号由系统生成")
	xuezuo.CheckText(&v, "doc_code", "机关代字", code, false)
	if !in.Kind.Valid() {
		v.Add("kind", "请选择组织类型")
	} else if msg := parentRule(in.Kind, parent); msg != "" {
		v.Add("parent_id", msg)
	}
	if in.OrgKind != "" && !validOrgKind(in.OrgKind) {
		v.Add("org_kind", "请选择有效的党组织类别")
	}
	v.Check(!(in.Joint && in.Temporary), "temporary", "联合党支部和临时党支部只能选择一项")
	if in.Joint && in.Kind == KindBranch {
		n := len(cleanList(in.Workplaces))
		v.Check(n >= 2, "workplaces", "联合党支部请至少填写两个所覆盖的单位")
	}
	return v.Err()
}

// parentRule returns why kind may not sit under parent, or "".
func parentRule(kind Kind, parent *Org) string {
	if parent == nil {
		if kind != KindCommittee {
			return "根组织必须是党委（党组）"
		}
		return ""
	}
	if !parent.Active() {
		return "上级组织已撤销"
	}
	switch kind {
	case KindCommittee, KindGeneralBranch:
		if parent.Kind != KindCommittee {
			return kind.Label() + "只能设在党委之下"
		}
	case KindBranch:
		if parent.Kind != KindCommittee && parent.Kind != KindGeneralBranch {
			return "党支部只能设在党委或党总支之下"
		}
	case KindGroup:
		if parent.Kind != KindBranch {
			return "党小组只能设在党支部之下"
		}
	}
	return ""
}

func validOrgKind(k string) bool {
	for _, x := range OrgKinds {
		if x.Code == k {
			return true
		}
	}
	return false
}

// changed names the fields that differ between a and b.
func changed(a, b *Org) []string {
	var f []string
	add := func(ok bool, name string) {
		if !ok {
			f = append(f, name)
		}
	}
	add(a.Name == b.Name, "name")
	add(a.IsUnit == b.IsUnit, "is_unit")
	add(a.OrgKind == b.OrgKind, "org_kind")
	add(a.Joint == b.Joint, "joint")
	add(a.Temporary == b.Temporary, "temporary")
	add(strings.Join(a.Workplaces, "\n") == strings.Join(b.Workplaces, "\n"), "workplaces")
	add(a.Approval == b.Approval, "approval")
	add(a.Established == b.Established, "established")
	add(a.IssuerName == b.IssuerName, "issuer_name")
	add(a.DocCode == b.DocCode, "doc_code")
	return f
}
