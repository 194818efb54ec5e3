package report

import (
	"context"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/org"
)

// List pages the summaries under an org, by topic and branch. Drafts are
// listed too: an organiser above a branch may draft for it.
func (s *Service) List(ctx context.Context, f Filter) ([]Summary, int, error) {
	if err := s.scope.CanReadMember(ctx, 0, f.OrgID); err != nil {
		return nil, 0, err
	}
	if f.State != "" && !ValidState(f.State) {
		return nil, 0, fieldErr("state", "state 只能是 draft、submitted、returned 或 accepted")
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	if err := xuezuo.CheckOffset(f.Offset); err != nil {
		return nil, 0, err
	}
	return s.store.ListSummaries(ctx, f)
}

// Status is the summaries' status table of an org on a topic.
type Status struct {
	Org   *org.Org
	DueOn xuezuo.Date // the date in force for the org's branches (an override below may differ)
	Rows  []StatusRow // one per child org (or unit, by unit) with expected branches; the org itself when it is a branch
	Total StatusRow   // the sums of the rows: the org's own figures
}

// Status counts a topic's summaries under an org by current state, one row
// per child org (domain.md §5.6), from one grouped query. A child without
// a branch expected on the topic has no row.
func (s *Service) Status(ctx context.Context, orgID, topicID xuezuo.ID) (*Status, error) {
	return s.StatusBy(ctx, orgID, topicID, ByChild)
}

// Groupings of a status table.
const (
	ByChild = "child" // one row per child org (the default)
	ByUnit  = "unit"  // one row per unit (基层党委) in the org's subtree
)

// StatusBy is Status grouped by child org or by unit: the root's table by
// unit lists every unit, however many committees lie between.
func (s *Service) StatusBy(ctx context.Context, orgID, topicID xuezuo.ID, by string) (*Status, error) {
	if err := s.scope.CanReadMember(ctx, 0, orgID); err != nil {
		return nil, err
	}
	if by == "" {
		by = ByChild
	}
	if by != ByChild && by != ByUnit {
		return nil, fieldErr("by", "by 只能是 child 或 unit")
	}
	o, err := s.store.GetOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	t, _, err := s.campaigns.Topic(ctx, topicID)
	if err != nil {
		return nil, fieldErr("topic", "专题不存在")
	}
	var rows []StatusRow
	if by == ByUnit {
		rows, err = s.store.SummaryStatusByUnit(ctx, orgID, t.ID)
	} else {
		rows, err = s.childRows(ctx, o, t.ID)
	}
	if err != nil {
		return nil, err
	}
	st := &Status{Org: o, Rows: rows, Total: StatusRow{OrgID: o.ID, Name: o.Name, Kind: o.Kind}}
	for i := range st.Rows {
		r := &st.Rows[i]
		st.Total.Expected += r.Expected
		st.Total.Submitted += r.Submitted
		st.Total.Returned += r.Returned
		st.Total.Accepted += r.Accepted
		st.Total.Missing += r.Missing
		st.Total.Late += r.Late
	}
	if st.DueOn, err = s.dueOf(ctx, orgID, t.ID, t.Deadline); err != nil {
		return nil, err
	}
	return st, nil
}

// childRows counts per child org and names the rows.
func (s *Service) childRows(ctx context.Context, o *org.Org, topicID xuezuo.ID) ([]StatusRow, error) {
	rows, err := s.store.SummaryStatus(ctx, o.ID, topicID)
	if err != nil {
		return nil, err
	}
	names, err := s.childNames(ctx, o, rows)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		n := names[rows[i].OrgID]
		rows[i].Name, rows[i].Kind = n.Name, n.Kind
	}
	return rows, nil
}

// childNames names the rows' orgs: the org's children, or the org itself.
func (s *Service) childNames(ctx context.Context, o *org.Org, rows []StatusRow) (map[xuezuo.ID]org.Org, error) {
	out := map[xuezuo.ID]org.Org{o.ID: *o}
	if len(rows) == 0 || (len(rows) == 1 && rows[0].OrgID == o.ID) {
		return out, nil
	}
	kids, err := s.store.OrgChildren(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	for _, k := range kids {
		out[k.ID] = k.Org
	}
	return out, nil
}

// due returns the due date in force for a summary: the one fixed at its
// first submit, else dueOf.
func (s *Service) due(ctx context.Context, sm *Summary) (xuezuo.Date, error) {
	if !sm.DueOn.IsZero() {
		return sm.DueOn, nil
	}
	t, _, err := s.campaigns.Topic(ctx, sm.TopicID)
	if err != nil {
		return xuezuo.Date{}, err
	}
	return s.dueOf(ctx, sm.OrgID, sm.TopicID, t.Deadline)
}

// dueOf returns the due date for an org's summaries on a topic: the date
// the nearest ancestor-or-self set, else DefaultDueDays after the deadline.
func (s *Service) dueOf(ctx context.Context, orgID, topicID xuezuo.ID, deadline xuezuo.Date) (xuezuo.Date, error) {
	d, err := s.store.SummaryDue(ctx, orgID, topicID)
	if err != nil || !d.IsZero() {
		return d, err
	}
	return deadline.AddDays(DefaultDueDays), nil
}

// SetDue sets the due date of the summaries on a topic for the branches
// under a committee, by its organisers (the level above sets it, R22). It
// applies to summaries not yet submitted; a submitted one keeps the date it
// was judged by.
func (s *Service) SetDue(ctx context.Context, orgID, topicID xuezuo.ID, due xuezuo.Date) error {
	if err := s.scope.CanManageOrg(ctx, orgID); err != nil {
		return err
	}
	o, err := s.store.GetOrg(ctx, orgID)
	if err != nil {
		return err
	}
	if o.Kind != org.KindCommittee {
		return fieldErr("org_id", "报送期限由党委设定")
	}
	t, _, err := s.campaigns.Topic(ctx, topicID)
	if err != nil {
		return fieldErr("topic_id", "专题不存在")
	}
	if due.IsZero() {
		return fieldErr("due_on", "请填写报送期限")
	}
	if t.Deadline.After(due) {
		return fieldErr("due_on", "报送期限不能早于专题的截止日期 "+t.Deadline.String())
	}
	return s.store.SetSummaryDue(ctx, orgID, topicID, due, audit.New(ctx, "summary.due", "topic", topicID, orgID, "due_on"))
}
