package report

import (
	"context"
	"fmt"
	"slices"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/org"
	"xuezuo/internal/progress"
)

// Groupings of a bulletin's rows.
const (
	GroupUnit  = "unit"
	GroupChild = "child"
)

// groupBy returns how an org's bulletin groups its rows: by unit above
// unit level (a committee with no unit at or above it), else by child.
func groupBy(o *org.Org) string {
	if o.Kind == org.KindCommittee && o.UnitID == 0 {
		return GroupUnit
	}
	return GroupChild
}

// addressee is the 主送机关 of an org's bulletin, without the colon.
func addressee(o *org.Org, by string) string {
	switch {
	case by == GroupUnit:
		return "各基层党委"
	case o.Kind == org.KindGeneralBranch:
		return "各党支部"
	}
	return "各党总支、党支部"
}

// periodLabel names a bulletin's period as a document writes it.
func periodLabel(c *campaign.Campaign, b *Bulletin) string {
	switch b.Period {
	case PeriodTopic:
		for _, t := range c.Topics {
			if t.ID == b.TopicID {
				return fmt.Sprintf("专题%d“%s”", t.No, t.Title)
			}
		}
	case PeriodQuarter:
		return fmt.Sprintf("%d年第%s季度", b.From.Y, []string{"一", "二", "三", "四"}[(int(b.From.M)-1)/3])
	}
	return b.From.ChineseLong() + "至" + b.To.ChineseLong()
}

// periodTopics are the topics a bulletin reports on: its topic, or those
// whose deadline falls in its dates.
func periodTopics(c *campaign.Campaign, b *Bulletin) []campaign.Topic {
	var out []campaign.Topic
	for _, t := range c.Topics {
		if (b.Period == PeriodTopic && t.ID == b.TopicID) ||
			(b.Period != PeriodTopic && !t.Deadline.Before(b.From) && !t.Deadline.After(b.To)) {
			out = append(out, t)
		}
	}
	return out
}

// compute builds a bulletin's content from the records now: the progress
// tables (progress.Table: the same figures as the progress pages), the
// §5.6 summary counts per row, lectures, overdue branches and adopted items.
func (s *Bulletins) compute(ctx context.Context, b *Bulletin) (*BulletinContent, error) {
	o, err := s.store.GetOrg(ctx, b.OrgID)
	if err != nil {
		return nil, err
	}
	c, err := s.campaigns.Get(ctx, b.CampaignID)
	if err != nil {
		return nil, err
	}
	by := groupBy(o)
	today := xuezuo.DateOf(s.clock.Now())
	out := &BulletinContent{Issuer: o.IssuerName, OrgName: o.Name, Campaign: c.Title, PeriodLabel: periodLabel(c, b),
		AsOf: today, GroupBy: by}
	if out.Issuer == "" {
		out.Issuer = o.Name
	}
	topics := periodTopics(c, b)
	for _, t := range c.Topics {
		out.Topics = append(out.Topics, TopicRef{ID: t.ID, No: t.No, Title: t.Title, Deadline: t.Deadline,
			InPeriod: slices.ContainsFunc(topics, func(x campaign.Topic) bool { return x.ID == t.ID })})
	}
	if err := s.progressRows(ctx, c, o, by, out); err != nil {
		return nil, err
	}
	rowOf, err := s.rowIndex(ctx, o, by, out)
	if err != nil {
		return nil, err
	}
	if err := s.summaryFigures(ctx, o, by, topics, today, rowOf, out); err != nil {
		return nil, err
	}
	if err := s.lectureFigures(ctx, c, b, out); err != nil {
		return nil, err
	}
	if out.Highlights, err = s.store.AdoptedForwards(ctx, o.ID, b.From.Time(), b.To.AddDays(1).Time()); err != nil {
		return nil, err
	}
	out.Totals = totals(out.Rows, len(c.Topics))
	return out, nil
}

// progressRows takes the rows' attendance, topic, reflection and
// participation figures from progress, and the branches overdue on a
// period topic from its branch table.
func (s *Bulletins) progressRows(ctx context.Context, c *campaign.Campaign, o *org.Org, by string, out *BulletinContent) error {
	pby := progress.ByChild
	if by == GroupUnit {
		pby = progress.ByUnit
	}
	t, err := s.progress.Table(ctx, c.ID, o.ID, pby)
	if err != nil {
		return err
	}
	for _, r := range t.Rows {
		out.Rows = append(out.Rows, BulletinRow{OrgID: r.OrgID, Name: r.Name, Branches: r.Branches, TopicOnTime: r.TopicOnTime,
			AttendancePresent: r.AttendancePresent, AttendanceExpected: r.AttendanceExpected, AttendanceRate: r.AttendanceRate,
			Reflections: r.Reflections, ReflectionRate: r.ReflectionRate, Participants: r.Participants, Members: r.Members,
			Excluded: r.Excluded, Lectures: map[string]int{}})
	}
	branches, err := s.progress.Table(ctx, c.ID, o.ID, progress.ByBranch)
	if err != nil {
		return err
	}
	for _, r := range branches.Rows {
		for k, st := range r.Status {
			if st == progress.Red && out.Topics[k].InPeriod {
				tp := out.Topics[k]
				out.Overdue = append(out.Overdue, BranchNote{OrgID: r.OrgID, Name: r.Name, TopicID: tp.ID, Topic: topicName(tp)})
			}
		}
	}
	return nil
}

func topicName(t TopicRef) string { return fmt.Sprintf("专题%d“%s”", t.No, t.Title) }

// rowIndex maps every org under o to the index of the row it counts in,
// and names the rows of the overdue branches.
func (s *Bulletins) rowIndex(ctx context.Context, o *org.Org, by string, out *BulletinContent) (map[xuezuo.ID]int, error) {
	sub, err := s.store.OrgSubtree(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	idx := make(map[xuezuo.ID]int, len(out.Rows))
	for i, r := range out.Rows {
		idx[r.OrgID] = i
	}
	parent := make(map[xuezuo.ID]xuezuo.ID, len(sub))
	for _, x := range sub {
		parent[x.ID] = x.ParentID
	}
	rowOf := make(map[xuezuo.ID]int, len(sub))
	for _, x := range sub {
		key := x.UnitID
		if by == GroupChild {
			// The child of o on the way up from x.
			for key = x.ID; key != 0 && parent[key] != o.ID; key = parent[key] {
			}
		}
		if i, ok := idx[key]; ok {
			rowOf[x.ID] = i
		}
	}
	for i := range out.Overdue {
		if r, ok := rowOf[out.Overdue[i].OrgID]; ok {
			out.Overdue[i].RowName = out.Rows[r].Name
		}
	}
	return rowOf, nil
}

// summaryFigures adds each row's §5.6 counts over the period's topics and
// names the branches without a summary on topics whose deadline passed.
func (s *Bulletins) summaryFigures(ctx context.Context, o *org.Org, by string, topics []campaign.Topic, today xuezuo.Date,
	rowOf map[xuezuo.ID]int, out *BulletinContent) error {
	idx := make(map[xuezuo.ID]int, len(out.Rows))
	for i, r := range out.Rows {
		idx[r.OrgID] = i
	}
	for _, t := range topics {
		var rows []StatusRow
		var err error
		if by == GroupUnit {
			rows, err = s.store.SummaryStatusByUnit(ctx, o.ID, t.ID)
		} else {
			rows, err = s.store.SummaryStatus(ctx, o.ID, t.ID)
		}
		if err != nil {
			return err
		}
		for _, sr := range rows {
			if i, ok := idx[sr.OrgID]; ok {
				r := &out.Rows[i]
				r.SummariesExpected += sr.Expected
				r.SummariesAccepted += sr.Accepted
				r.SummariesLate += sr.Late
				r.SummariesMissing += sr.Missing
			}
		}
		if !today.After(t.Deadline) {
			continue
		}
		missing, err := s.store.SummaryMissingBranches(ctx, o.ID, t.ID)
		if err != nil {
			return err
		}
		ref := TopicRef{No: t.No, Title: t.Title}
		for _, m := range missing {
			n := BranchNote{OrgID: m.OrgID, Name: m.Name, TopicID: t.ID, Topic: topicName(ref)}
			if i, ok := rowOf[m.OrgID]; ok {
				n.RowName = out.Rows[i].Name
			}
			out.WithoutSummary = append(out.WithoutSummary, n)
		}
	}
	return nil
}

// lectureFigures adds each row's lectures in the period.
func (s *Bulletins) lectureFigures(ctx context.Context, c *campaign.Campaign, b *Bulletin, out *BulletinContent) error {
	ids := make([]xuezuo.ID, len(out.Rows))
	for i, r := range out.Rows {
		ids[i] = r.OrgID
	}
	figs, err := s.lectures.LectureFigures(ctx, c.ID, ids, b.From, b.To)
	if err != nil {
		return err
	}
	for i := range out.Rows {
		r := &out.Rows[i]
		f := figs[r.OrgID]
		for k, n := range f.ByKind {
			if n != 0 {
				r.Lectures[k] = n
			}
		}
		r.SecretaryLectures, r.QiyiBranches = f.SecretaryBranches, f.QiyiBranches
	}
	return nil
}

// totals sums the rows, rates from the summed parts (domain.md §5: never
// an average of rates).
func totals(rows []BulletinRow, topics int) BulletinRow {
	t := BulletinRow{Name: "合计", TopicOnTime: make([]int, topics), Lectures: map[string]int{}}
	for _, r := range rows {
		t.Branches += r.Branches
		for k, n := range r.TopicOnTime {
			if k < topics {
				t.TopicOnTime[k] += n
			}
		}
		t.AttendancePresent += r.AttendancePresent
		t.AttendanceExpected += r.AttendanceExpected
		t.Reflections += r.Reflections
		t.SummariesExpected += r.SummariesExpected
		t.SummariesAccepted += r.SummariesAccepted
		t.SummariesLate += r.SummariesLate
		t.SummariesMissing += r.SummariesMissing
		for k, n := range r.Lectures {
			t.Lectures[k] += n
		}
		t.SecretaryLectures += r.SecretaryLectures
		t.QiyiBranches += r.QiyiBranches
		t.Participants += r.Participants
		t.Members += r.Members
		t.Excluded += r.Excluded
	}
	// The same rates progress.Total gives its 合计 row.
	pt := progress.Total([]progress.Row{{AttendancePresent: t.AttendancePresent, AttendanceExpected: t.AttendanceExpected,
		Reflections: t.Reflections, Members: t.Members, Excluded: t.Excluded}}, topics)
	t.AttendanceRate, t.ReflectionRate = pt.AttendanceRate, pt.ReflectionRate
	return t
}

// rate is a share for display, "92.5%"; "—" when there is no base.
func rate(num, den int) string {
	if den == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", float64(num)*100/float64(den))
}
