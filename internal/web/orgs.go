package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"xuezuo"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
)

// memberPageSize is the number of members per page of a list.
const memberPageSize = 20

// TreeNode is one org in the tree view, with its counts.
type TreeNode struct {
	ID        xuezuo.ID
	Name      string
	KindLabel string
	Children  int
	Members   int
	Dissolved bool
}

// OrgTreePage is GET /orgs: the top of the actor's view of the tree.
type OrgTreePage struct {
	Base
	Nodes []TreeNode
}

// ChildrenFragment is the htmx answer of GET /orgs/{id}/children.
type ChildrenFragment struct {
	Nodes []TreeNode
}

func treeNodes(ns []org.Node) []TreeNode {
	out := make([]TreeNode, len(ns))
	for i := range ns {
		n := &ns[i]
		out[i] = TreeNode{ID: n.ID, Name: n.Name, KindLabel: n.KindLabel(), Children: n.Children,
			Members: n.Members, Dissolved: !n.Active()}
	}
	return out
}

// orgTree shows the orgs at the top of the actor's scope; each expands in
// place through GET /orgs/{id}/children.
func (h *Handler) orgTree(w http.ResponseWriter, r *http.Request) error {
	tops, err := h.d.Org.Tops(r.Context())
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "orgs.html", OrgTreePage{Base: h.base(r, "组织与党员"), Nodes: treeNodes(tops)})
}

// orgChildren answers the tree's expand button with the child nodes.
func (h *Handler) orgChildren(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	kids, err := h.d.Org.Children(r.Context(), id)
	if err != nil {
		return err
	}
	return h.fragment(w, r, http.StatusOK, "org-nodes", ChildrenFragment{Nodes: treeNodes(kids)})
}

// Fact is one labelled value of a detail page.
type Fact struct {
	Label, Value string
}

// PostRow is a committee post in a table.
type PostRow struct {
	ID         xuezuo.ID
	Post       string
	MemberID   xuezuo.ID
	MemberName string
	OrgName    string
	From, To   string
	Current    bool
}

func postRows(ps []member.Post) []PostRow {
	out := make([]PostRow, len(ps))
	for i, p := range ps {
		out[i] = PostRow{ID: p.ID, Post: member.Label(member.CommitteePosts, p.Post), MemberID: p.MemberID,
			MemberName: p.MemberName, OrgName: p.OrgName, From: p.From.String(), To: p.To.String(), Current: p.To.IsZero()}
	}
	return out
}

// OrgActions are the buttons that are plausible for the actor on an org;
// the services decide for real when a button is used.
type OrgActions struct {
	AddMember, AddChild, Edit, Dissolve, Import, EndPosts bool
}

// OrgPage is GET /orgs/{id}.
type OrgPage struct {
	Base
	Org      *org.Org
	Path     []org.Org
	Facts    []Fact
	Counts   org.Counts
	Warnings []org.Warning
	Posts    []PostRow
	Children ChildrenFragment
	Members  MemberList
	Actions  OrgActions
	// Summaries links the summaries' status page for those who read it.
	Summaries bool
	// Lectures links the org's 党课 register (every org but a group).
	Lectures bool
	// Bulletins link the 通报 of the orgs at or above this one whose
	// bulletins the actor reads, the org itself first.
	Bulletins []Option
}

// orgShow shows an org: breadcrumb, facts, warnings, committee, children
// and the member list.
func (h *Handler) orgShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := h.d.Org.Get(ctx, id)
	if err != nil {
		return err
	}
	p := OrgPage{Base: h.base(r, o.Name), Org: o, Facts: orgFacts(o)}
	if p.Path, err = h.d.Org.Path(ctx, id); err != nil {
		return err
	}
	if p.Counts, p.Warnings, err = h.d.Org.Warnings(ctx, id); err != nil {
		return err
	}
	kids, err := h.d.Org.Children(ctx, id)
	if err != nil {
		return err
	}
	p.Children = ChildrenFragment{Nodes: treeNodes(kids)}
	posts, err := h.d.Member.OrgPosts(ctx, id)
	if err != nil && !isCode(err, xuezuo.EForbidden) {
		return err
	}
	p.Posts = postRows(posts)
	if p.Members, err = h.memberList(r, id); err != nil {
		return err
	}
	a := actor(ctx)
	writer := isWriter(a) && o.Active()
	p.Actions = OrgActions{
		AddMember: writer && o.HoldsMembers(), Import: writer,
		AddChild: writer && (a.Has(xuezuo.RoleOrgAdmin) || o.Kind == org.KindBranch) && o.Kind != org.KindGroup,
		Edit:     a.Has(xuezuo.RoleOrgAdmin) && o.Active(), Dissolve: writer && o.ParentID != 0,
		EndPosts: writer,
	}
	p.Summaries = o.Kind != org.KindGroup && h.d.Report.CanRead(ctx, id)
	p.Lectures = o.Kind != org.KindGroup
	if p.Bulletins, err = h.bulletinLinks(ctx, id); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "org.html", p)
}

// bulletinLinks links the bulletins the actor reads at and above the org.
// An org above the actor's reach is named by its level only, as the
// breadcrumb leaves it out: its bulletins are the actor's to read, its
// place in the tree is not shown here.
func (h *Handler) bulletinLinks(ctx context.Context, id xuezuo.ID) ([]Option, error) {
	os, err := h.d.Bulletins.Issuers(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]Option, len(os))
	hidden := 0
	for i, o := range os {
		out[i] = Option{Value: fmt.Sprintf("/orgs/%d/bulletins", o.ID), Label: o.Name}
		if _, err := h.d.Org.Get(ctx, o.ID); err != nil {
			if !isCode(err, xuezuo.ENotFound) && !isCode(err, xuezuo.EForbidden) {
				return nil, err
			}
			out[i].Label = [...]string{"上级党组织", "再上一级党组织"}[min(hidden, 1)]
			if hidden > 1 {
				out[i].Label = fmt.Sprintf("再上%d级党组织", hidden)
			}
			hidden++
		}
	}
	return out, nil
}

// orgFacts lists an org's data with zh-CN labels.
func orgFacts(o *org.Org) []Fact {
	f := []Fact{{"组织类型", o.KindLabel()}}
	if o.OrgKind != "" {
		f = append(f, Fact{"党组织类别", orgKindLabel(o.OrgKind)})
	}
	if o.Joint {
		f = append(f, Fact{"覆盖单位", strings.Join(o.Workplaces, "、")})
	}
	if o.Approval != "" {
		f = append(f, Fact{"上级批准", o.Approval})
	}
	if !o.Established.IsZero() {
		f = append(f, Fact{"成立日期", o.Established.String()})
	}
	if !o.Active() {
		f = append(f, Fact{"撤销日期", o.DissolvedOn.String()})
	}
	return f
}

func orgKindLabel(code string) string {
	for _, k := range org.OrgKinds {
		if k.Code == code {
			return k.Label
		}
	}
	return code
}

// MemberRow is a member in a list, with labels for its codes.
type MemberRow struct {
	ID                               xuezuo.ID
	Name, Gender, Standing, Category string
	Status, OrgName, Phone, JoinDate string
	Cadre                            bool
}

// MemberList is the filterable, paged member list of an org's subtree; it
// is part of the org page and also its own fragment.
type MemberList struct {
	OrgID                            xuezuo.ID
	URL                              string
	Name, Status, Category, Standing string
	Statuses, Categories, Standings  []Option
	Rows                             []MemberRow
	Pager                            Pager
}

// memberList reads the filters from the query and asks the member service.
func (h *Handler) memberList(r *http.Request, orgID xuezuo.ID) (MemberList, error) {
	q := r.URL.Query()
	l := MemberList{OrgID: orgID, URL: fmt.Sprintf("/orgs/%d/members", orgID),
		Name: strings.TrimSpace(q.Get("name")), Status: q.Get("status"), Category: q.Get("category"), Standing: q.Get("standing"),
		Statuses: options(member.Statuses), Categories: options(member.Categories), Standings: options(member.Standings)}
	page := pageNumber(r)
	res, err := h.d.Member.List(r.Context(), member.Filter{OrgID: orgID, Name: l.Name, Status: l.Status,
		Category: l.Category, Standing: l.Standing, Limit: memberPageSize, Offset: (page - 1) * memberPageSize})
	if err != nil {
		return MemberList{}, err
	}
	for _, m := range res.Items {
		l.Rows = append(l.Rows, MemberRow{ID: m.ID, Name: m.Name, Gender: member.Label(member.Genders, m.Gender),
			Standing: member.Label(member.Standings, m.Standing), Category: member.Label(member.Categories, m.Category),
			Status: member.Label(member.Statuses, m.Status), OrgName: m.OrgName, Phone: m.Phone,
			JoinDate: m.JoinDate.String(), Cadre: m.Cadre})
	}
	l.Pager = newPager(l.URL, q, page, memberPageSize, res.Total)
	l.Pager.Target = "#member-list"
	return l, nil
}

func options(opts []member.Option) []Option {
	out := make([]Option, len(opts))
	for i, o := range opts {
		out[i] = Option{Value: o.Code, Label: o.Label}
	}
	return out
}

// OrgMembersPage is the whole-page form of GET /orgs/{id}/members.
type OrgMembersPage struct {
	Base
	Org     *org.Org
	Members MemberList
}

// orgMembers answers the list's filters and pager: a fragment for htmx, a
// whole page for a plain link or a reload.
func (h *Handler) orgMembers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	list, err := h.memberList(r, id)
	if err != nil {
		return err
	}
	if isFragment(r) {
		return h.fragment(w, r, http.StatusOK, "member-list", list)
	}
	o, err := h.d.Org.Get(r.Context(), id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "members.html", OrgMembersPage{Base: h.base(r, o.Name+" · 党员"), Org: o, Members: list})
}
