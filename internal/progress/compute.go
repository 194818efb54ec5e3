package progress

import (
	"context"
	"slices"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/org"
)

// Groupings of a progress table.
const (
	ByUnit   = "unit"
	ByBranch = "branch"
	ByChild  = "child"
)

// Progress returns the campaign's figures under orgID, one row per unit,
// branch or direct child (by), ordered by org id.
func (s *Service) Progress(ctx context.Context, campaignID, orgID xuezuo.ID, by string) ([]Row, error) {
	rows, _, err := s.rows(ctx, campaignID, orgID, by)
	return rows, err
}

// rows computes Progress and returns the campaign it read.
func (s *Service) rows(ctx context.Context, campaignID, orgID xuezuo.ID, by string) ([]Row, *campaign.Campaign, error) {
	if by == "" {
		by = ByChild
	}
	if by != ByUnit && by != ByBranch && by != ByChild {
		return nil, nil, &xuezuo.Error{Code: xuezuo.EInvalid, Message: "by 只能是 unit、branch 或 child", Fields: map[string]string{"by": "取值无效"}}
	}
	if err := s.scope.CanReadOrg(ctx, orgID); err != nil {
		return nil, nil, err
	}
	c, err := s.campaigns.Get(ctx, campaignID)
	if err != nil {
		return nil, nil, err
	}
	t, err := s.tree(ctx, c, orgID)
	if err != nil {
		return nil, nil, err
	}
	figs, err := s.store.CampaignFigures(ctx, c, orgID, s.window(c))
	if err != nil {
		return nil, nil, err
	}
	groups := t.groups(by)
	rows := make(map[xuezuo.ID]*Row, len(groups))
	var order []xuezuo.ID
	for _, g := range groups {
		rows[g.ID] = &Row{OrgID: g.ID, Name: g.Name, TopicOnTime: make([]int, len(c.Topics))}
		order = append(order, g.ID)
	}
	for _, b := range t.branches {
		if r := rows[t.groupOf(b.ID, by)]; r != nil {
			r.Branches++
		}
	}
	today := xuezuo.DateOf(s.clock.Now())
	for branch, f := range perBranch(figs, t) {
		r := rows[t.groupOf(branch, by)]
		if r == nil {
			continue
		}
		r.add(f)
		for k, tp := range c.Topics {
			if f.TopicsOnTime&TopicBit(tp.No) != 0 {
				r.TopicOnTime[k]++
			}
		}
		if by == ByBranch {
			r.Status = statuses(c, f, today)
		}
	}
	out := make([]Row, 0, len(order))
	slices.Sort(order)
	for _, id := range order {
		r := rows[id]
		r.finish(len(c.Topics))
		if by == ByBranch && r.Status == nil {
			r.Status = statuses(c, &BranchFigures{}, today)
		}
		out = append(out, *r)
	}
	return out, c, nil
}

// perBranch folds the figures of groups into their branch and drops orgs
// outside the campaign's scope.
func perBranch(figs []BranchFigures, t *tree) map[xuezuo.ID]*BranchFigures {
	out := map[xuezuo.ID]*BranchFigures{}
	for _, f := range figs {
		b := t.branchOf[f.OrgID]
		if b == 0 || !t.inScope[b] {
			continue
		}
		acc := out[b]
		if acc == nil {
			acc = &BranchFigures{OrgID: b}
			out[b] = acc
		}
		acc.Members += f.Members
		acc.Excluded += f.Excluded
		acc.Participants += f.Participants
		acc.Present += f.Present
		acc.Expected += f.Expected
		acc.Makeups += f.Makeups
		acc.Reflections += f.Reflections
		acc.TopicsHeld |= f.TopicsHeld
		acc.TopicsOnTime |= f.TopicsOnTime
	}
	return out
}

// Statuses of a branch's topic: held, due within 14 days, overdue, later.
const (
	Green = "green"
	Amber = "amber"
	Red   = "red"
	Grey  = "grey"
)

// statuses gives the red/amber/green state of each topic for one branch.
func statuses(c *campaign.Campaign, f *BranchFigures, today xuezuo.Date) []string {
	out := make([]string, len(c.Topics))
	for k, tp := range c.Topics {
		switch {
		case f.TopicsHeld&TopicBit(tp.No) != 0:
			out[k] = Green
		case today.After(tp.Deadline):
			out[k] = Red
		case !tp.Deadline.After(today.AddDays(14)):
			out[k] = Amber
		default:
			out[k] = Grey
		}
	}
	return out
}

// add sums one branch's counts into the row.
func (r *Row) add(f *BranchFigures) {
	r.Members += f.Members
	r.Excluded += f.Excluded
	r.Participants += f.Participants
	r.AttendancePresent += f.Present
	r.AttendanceExpected += f.Expected
	r.Makeups += f.Makeups
	r.Reflections += f.Reflections
}

// finish computes the rates from the sums.
func (r *Row) finish(topics int) {
	if r.AttendanceExpected > 0 {
		r.AttendanceRate = float64(r.AttendancePresent) / float64(r.AttendanceExpected)
	}
	if base := topics * (r.Members - r.Excluded); base > 0 {
		r.ReflectionRate = float64(r.Reflections) / float64(base)
	}
}

// window is the campaign's meeting window: start to end, or to today.
func (s *Service) window(c *campaign.Campaign) Window {
	return Window{From: c.Start, To: c.WindowEnd(xuezuo.DateOf(s.clock.Now()))}
}

// tree is the subtree under the queried org, indexed for grouping.
type tree struct {
	orgs     map[xuezuo.ID]*org.Org // into the shared subtree: read only
	root     xuezuo.ID
	branches []org.Org               // active branches in scope
	branchOf map[xuezuo.ID]xuezuo.ID // org (branch or group) → its branch
	inScope  map[xuezuo.ID]bool      // branch → in the campaign's scope
	childOf  map[xuezuo.ID]xuezuo.ID // branch → the root's child holding it
	ordered  []org.Org               // shallowest first
}

func (s *Service) tree(ctx context.Context, c *campaign.Campaign, root xuezuo.ID) (*tree, error) {
	sub, err := s.store.SharedSubtree(ctx, root)
	if err != nil {
		return nil, err
	}
	anc, err := s.store.AncestorIDs(ctx, root)
	if err != nil {
		return nil, err
	}
	n := len(sub)
	t := &tree{orgs: make(map[xuezuo.ID]*org.Org, n), root: root, branchOf: make(map[xuezuo.ID]xuezuo.ID, n),
		inScope: make(map[xuezuo.ID]bool, n), childOf: make(map[xuezuo.ID]xuezuo.ID, n), ordered: sub}
	for i := range sub {
		t.orgs[sub[i].ID] = &sub[i]
	}
	scopeRoots := c.ScopeRoots()
	rootInScope := false
	for _, r := range scopeRoots {
		rootInScope = rootInScope || slices.Contains(anc, r)
	}
	for _, o := range sub {
		// Walk up inside the subtree: the branch, the root's child, the scope.
		in := rootInScope
		child := xuezuo.ID(0)
		for cur := o.ID; cur != 0 && cur != root; cur = t.orgs[cur].ParentID {
			in = in || slices.Contains(scopeRoots, cur)
			if t.orgs[cur].ParentID == root {
				child = cur
			}
		}
		switch o.Kind {
		case org.KindBranch:
			t.branchOf[o.ID] = o.ID
		case org.KindGroup:
			t.branchOf[o.ID] = o.ParentID
		}
		if o.Kind == org.KindBranch {
			t.inScope[o.ID] = in
			t.childOf[o.ID] = child
			if in && o.Active() {
				t.branches = append(t.branches, o)
			}
		}
	}
	return t, nil
}

// groups returns the orgs that head rows.
func (t *tree) groups(by string) []org.Org {
	var out []org.Org
	for _, o := range t.ordered {
		switch {
		case by == ByUnit && o.Kind == org.KindCommittee && o.IsUnit:
			out = append(out, o)
		case by == ByBranch && o.Kind == org.KindBranch && t.inScope[o.ID] && o.Active():
			out = append(out, o)
		case by == ByChild && o.ParentID == t.root && o.ID != t.root:
			out = append(out, o)
		}
	}
	return out
}

// groupOf returns the row a branch counts in: each branch counts for one
// unit only, its nearest.
func (t *tree) groupOf(branch xuezuo.ID, by string) xuezuo.ID {
	switch by {
	case ByUnit:
		return t.orgs[branch].UnitID
	case ByChild:
		return t.childOf[branch]
	}
	return branch
}
