package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/office"
	"xuezuo/internal/org"
	"xuezuo/internal/progress"
)

// Badge is a topic's red/amber/green state in a branch row.
type Badge struct {
	No          int
	Code, Label string
}

// ProgressLine is one row (or the total) of the progress table, with the
// rates already formatted.
type ProgressLine struct {
	OrgID                       xuezuo.ID
	Name, DrillURL              string
	Branches, Members, Excluded int
	Participants                int
	TopicOnTime                 []int
	Present, Expected           int
	AttendanceRate              string
	Makeups, Reflections        int
	ReflectionRate              string
	Status                      []Badge
	Cells                       []TopicCell
}

// TopicCell is one topic's column of a progress line: branches that held
// it on time out of all branches, and the branch's badge on by=branch.
type TopicCell struct {
	No, OnTime, Branches int
	Badge                *Badge
}

// cells lays out the topic columns of a line.
func (l *ProgressLine) cells(topics []TopicRow) {
	l.Cells = nil
	for k, t := range topics {
		c := TopicCell{No: t.No, Branches: l.Branches}
		if k < len(l.TopicOnTime) {
			c.OnTime = l.TopicOnTime[k]
		}
		if k < len(l.Status) {
			c.Badge = &l.Status[k]
		}
		l.Cells = append(l.Cells, c)
	}
}

// ProgressCharts are the table's two charts as inline SVG, drawn on the
// server (office) so that they refresh with the table and show without
// JavaScript.
type ProgressCharts struct {
	Topics, Attendance template.HTML
}

// ProgressTable is the self-refreshing fragment of the progress page.
type ProgressTable struct {
	URL     string // the fragment's own address, polled by htmx
	By      string
	Columns int // of the table, for the empty row
	Topics  []TopicRow
	Rows    []ProgressLine
	Total   ProgressLine
	Charts  ProgressCharts
}

// ProgressPage is GET /campaigns/{id}/progress.
type ProgressPage struct {
	Base
	Campaign *campaign.Campaign
	Org      *org.Org
	By       string
	ByLinks  []Option // grouping → URL
	Table    ProgressTable
}

// percent formats a fraction as a percentage, "—" without a base.
func percent(num, den int) string {
	if den == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", float64(num)*100/float64(den))
}

// campaignOrg returns the org a campaign report is about: ?org, else the
// owner when the actor reads it, else the actor's first business grant.
func (h *Handler) campaignOrg(r *http.Request, c *campaign.Campaign) (*org.Org, error) {
	ctx := r.Context()
	if v := r.URL.Query().Get("org"); v != "" {
		return h.d.Org.Get(ctx, idValue(v))
	}
	if o, err := h.d.Org.Get(ctx, c.OwnerOrgID); h.optional(ctx, "campaign owner org", err) {
		return o, nil
	}
	for _, id := range actor(ctx).GrantOrgs(xuezuo.RoleOrgAdmin, xuezuo.RoleSecretary, xuezuo.RoleInspector, xuezuo.RoleMember) {
		if o, err := h.d.Org.Get(ctx, id); h.optional(ctx, "grant org", err) {
			return o, nil
		}
	}
	return nil, xuezuo.NotFound("组织")
}

// progressTable lays out the service's table: its rows, its summed row
// (the service's, so the API and the page show the same 合计) and the
// chart data.
func (h *Handler) progressTable(ctx context.Context, c *campaign.Campaign, orgID xuezuo.ID, by string) (ProgressTable, error) {
	pt, err := h.d.Progress.Table(ctx, c.ID, orgID, by)
	if err != nil {
		return ProgressTable{}, err
	}
	base := fmt.Sprintf("/campaigns/%d/progress", c.ID)
	t := ProgressTable{URL: base + "?" + url.Values{"org": {fmt.Sprint(orgID)}, "by": {by}}.Encode(), By: by}
	for _, tp := range c.Topics {
		t.Topics = append(t.Topics, TopicRow{ID: tp.ID, No: tp.No, Title: tp.Title, Deadline: tp.Deadline.String()})
	}
	drillBy := progress.ByChild
	if by == progress.ByBranch {
		drillBy = progress.ByBranch
	}
	for _, row := range pt.Rows {
		l := progressLine(row, pt.Topics)
		l.DrillURL = base + "?" + url.Values{"org": {fmt.Sprint(row.OrgID)}, "by": {drillBy}}.Encode()
		l.cells(t.Topics)
		t.Rows = append(t.Rows, l)
	}
	t.Total = progressLine(pt.Totals, pt.Topics)
	t.Total.cells(t.Topics)
	t.Columns = len(t.Topics) + 10
	if t.Charts, err = h.progressCharts(c, pt); err != nil {
		return ProgressTable{}, err
	}
	return t, nil
}

// progressCharts draws the topics held on time (of all branches) and each
// row's attendance rate.
func (h *Handler) progressCharts(c *campaign.Campaign, pt *progress.Table) (ProgressCharts, error) {
	fonts, err := h.fonts()
	if err != nil {
		return ProgressCharts{}, fmt.Errorf("chart fonts: %w", err)
	}
	topics := office.Chart{Label: "各专题按期召开的支部数", Max: float64(pt.Totals.Branches), Format: office.Count}
	for k, tp := range c.Topics {
		n := 0
		if k < len(pt.Totals.TopicOnTime) {
			n = pt.Totals.TopicOnTime[k]
		}
		topics.Bars = append(topics.Bars, office.Bar{Label: fmt.Sprintf("专题%d", tp.No), Value: float64(n)})
	}
	attendance := office.Chart{Label: "各组织出席率", Format: office.Percent}
	for _, row := range pt.Rows {
		attendance.Bars = append(attendance.Bars, office.Bar{Label: row.Name, Value: row.AttendanceRate * 100})
	}
	var a, b bytes.Buffer
	if err := fonts.ColumnChartSVG(&a, topics); err != nil {
		return ProgressCharts{}, fmt.Errorf("topics chart: %w", err)
	}
	if err := fonts.BarChartSVG(&b, attendance); err != nil {
		return ProgressCharts{}, fmt.Errorf("attendance chart: %w", err)
	}
	// The SVG is ours and escapes every label (office's tests hold it to that).
	return ProgressCharts{Topics: template.HTML(a.String()), Attendance: template.HTML(b.String())}, nil
}

// progressLine formats one row of the service's table; a rate without a
// base shows "—" rather than 0 %.
func progressLine(row progress.Row, topics int) ProgressLine {
	l := ProgressLine{OrgID: row.OrgID, Name: row.Name, Branches: row.Branches, Members: row.Members,
		Excluded: row.Excluded, Participants: row.Participants, TopicOnTime: row.TopicOnTime,
		Present: row.AttendancePresent, Expected: row.AttendanceExpected,
		AttendanceRate: rate(row.AttendanceRate, row.AttendanceExpected), Makeups: row.Makeups,
		Reflections: row.Reflections, ReflectionRate: rate(row.ReflectionRate, topics*(row.Members-row.Excluded))}
	for k, st := range row.Status {
		l.Status = append(l.Status, Badge{No: k + 1, Code: st, Label: ragLabels[st]})
	}
	return l
}

// rate formats a fraction the service computed as a percentage, "—"
// when its denominator is zero.
func rate(f float64, den int) string {
	if den <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", f*100)
}

// campaignProgress shows the progress table of an org with its charts. An
// htmx poll (every 5 s) gets just the table, so figures stay live.
func (h *Handler) campaignProgress(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := h.d.Campaign.Get(ctx, id)
	if err != nil {
		return err
	}
	o, err := h.campaignOrg(r, c)
	if err != nil {
		return err
	}
	by := r.URL.Query().Get("by")
	if by == "" {
		by = progress.ByChild
	}
	t, err := h.progressTable(ctx, c, o.ID, by)
	if err != nil {
		return err
	}
	if isFragment(r) {
		return h.fragment(w, r, http.StatusOK, "progress-table", t)
	}
	p := ProgressPage{Base: h.base(r, c.Title+" · 进度"), Campaign: c, Org: o, By: by, Table: t}
	for _, b := range []Option{{progress.ByChild, "按下级组织"}, {progress.ByUnit, "按单位"}, {progress.ByBranch, "按支部"}} {
		p.ByLinks = append(p.ByLinks, Option{Value: b.Value, Label: b.Label})
	}
	return h.render(w, r, http.StatusOK, "progress.html", p)
}

// PersonLine is a member behind a number of the participation report.
type PersonLine struct {
	MemberID       xuezuo.ID
	Name, Category string
}

// CategoryLine is one exclusion category of the participation report.
type CategoryLine struct {
	Label             string
	Recorded, Counted int
	People            []PersonLine
}

// ParticipationPage is GET /campaigns/{id}/participation.
type ParticipationPage struct {
	Base
	Campaign                        *campaign.Campaign
	Org                             *org.Org
	Report                          *progress.Report
	Gross, Net                      string
	Categories                      []CategoryLine
	Participants, Excluded, Missing []PersonLine
}

func personLines(ls []progress.MemberLine) []PersonLine {
	out := make([]PersonLine, len(ls))
	for i, l := range ls {
		out[i] = PersonLine{MemberID: l.MemberID, Name: l.Name, Category: member.Label(meeting.ExclusionCategories, l.Category)}
	}
	return out
}

// campaignParticipation shows the participation report (domain.md §5.3)
// with the members behind every number.
func (h *Handler) campaignParticipation(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := h.d.Campaign.Get(ctx, id)
	if err != nil {
		return err
	}
	o, err := h.campaignOrg(r, c)
	if err != nil {
		return err
	}
	rep, err := h.d.Progress.Participation(ctx, c.ID, o.ID, meeting.ExclusionCategories)
	if err != nil {
		return err
	}
	p := ParticipationPage{Base: h.base(r, c.Title+" · 参学情况"), Campaign: c, Org: o, Report: rep,
		Gross: percent(rep.Participants, rep.Roster), Net: percent(rep.Participants, rep.Roster-rep.Excluded),
		Participants: personLines(rep.ParticipantLines), Excluded: personLines(rep.ExcludedLines), Missing: personLines(rep.MissingLines)}
	for _, cc := range rep.Exclusions {
		cl := CategoryLine{Label: cc.Label, Recorded: cc.Recorded, Counted: cc.Counted}
		for _, l := range rep.ExcludedLines {
			if l.Category == cc.Category {
				cl.People = append(cl.People, PersonLine{MemberID: l.MemberID, Name: l.Name})
			}
		}
		p.Categories = append(p.Categories, cl)
	}
	return h.render(w, r, http.StatusOK, "participation.html", p)
}
