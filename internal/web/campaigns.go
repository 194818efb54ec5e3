package web

import (
	"context"
	"fmt"
	"net/http"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/progress"
)

// campaignTopicRows is the number of empty topic lines on a blank campaign form.
const campaignTopicRows = 4

// CampaignRow is a campaign in the list.
type CampaignRow struct {
	ID                   xuezuo.ID
	Title, Owner, Window string
	Status               string
	Published            bool
	Topics               int
}

// CampaignListPage is GET /campaigns.
type CampaignListPage struct {
	Base
	Rows   []CampaignRow
	CanNew bool
}

func campaignWindow(c *campaign.Campaign) string {
	if c.End.IsZero() {
		return c.Start.String() + " 起"
	}
	return c.Start.String() + " 至 " + c.End.String()
}

func campaignStatus(c *campaign.Campaign) string {
	if c.Published() {
		return "已发布"
	}
	return "草稿"
}

// campaignList lists the campaigns the actor may see, newest first.
func (h *Handler) campaignList(w http.ResponseWriter, r *http.Request) {
	cs, err := h.d.Campaign.List(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := CampaignListPage{Base: h.base(r, "学习教育"), CanNew: actor(r.Context()).Has(xuezuo.RoleOrgAdmin)}
	for i := range cs {
		c := &cs[i]
		p.Rows = append(p.Rows, CampaignRow{ID: c.ID, Title: c.Title, Owner: c.OwnerName, Window: campaignWindow(c),
			Status: campaignStatus(c), Published: c.Published()})
	}
	h.render(w, r, http.StatusOK, "campaigns.html", p)
}

// TopicLine is one topic line of the blank campaign form.
type TopicLine struct {
	N               int
	Title, Deadline string
}

// CampaignForm is the input of the new-campaign form, kept on a 422.
type CampaignForm struct {
	Template, OwnerOrgID, Title, Start, End, Description string
	Topics                                               []TopicLine
}

// CampaignFormPage is GET /campaigns/new and a failed POST /campaigns.
type CampaignFormPage struct {
	Base
	Form      CampaignForm
	Errors    FormErrors
	Templates []Option
	Owners    []OrgOption
}

// campaignFormPage fills the selects of the form.
func (h *Handler) campaignFormPage(r *http.Request, f CampaignForm, fe FormErrors) (CampaignFormPage, error) {
	p := CampaignFormPage{Base: h.base(r, "发起学习教育"), Form: f, Errors: fe}
	for _, t := range campaign.Templates() {
		p.Templates = append(p.Templates, Option{Value: t.Code, Label: t.Label})
	}
	var err error
	p.Owners, err = h.orgOptions(r.Context(), func(o *org.Org) bool { return o.Kind == org.KindCommittee && o.Active() })
	return p, err
}

// campaignNew shows the form: a template or a blank campaign.
func (h *Handler) campaignNew(w http.ResponseWriter, r *http.Request) {
	f := CampaignForm{}
	for i := 1; i <= campaignTopicRows; i++ {
		f.Topics = append(f.Topics, TopicLine{N: i})
	}
	p, err := h.campaignFormPage(r, f, FormErrors{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "campaign_form.html", p)
}

// campaignCreate saves a draft: from a template (whose title and dates the
// form may override) or from the form's own fields and topic lines.
func (h *Handler) campaignCreate(w http.ResponseWriter, r *http.Request) {
	parseForm(w, r)
	f := CampaignForm{Template: formValue(r, "template"), OwnerOrgID: formValue(r, "owner_org_id"),
		Title: formValue(r, "title"), Start: formValue(r, "start"), End: formValue(r, "end"),
		Description: formValue(r, "description")}
	for i := 1; i <= campaignTopicRows; i++ {
		f.Topics = append(f.Topics, TopicLine{N: i, Title: formValue(r, fmt.Sprintf("topic_title_%d", i)),
			Deadline: formValue(r, fmt.Sprintf("topic_deadline_%d", i))})
	}
	shown := []string{"template", "owner_org_id", "title", "start", "end"}
	var v xuezuo.Validation
	start, end := dateField(&v, "start", f.Start), dateField(&v, "end", f.End)
	in, ok := campaign.TemplateInput(f.Template, idValue(f.OwnerOrgID))
	if f.Template != "" && !ok {
		v.Add("template", "请选择有效的模板")
	}
	if f.Template == "" {
		in = campaign.Input{OwnerOrgID: idValue(f.OwnerOrgID), Scope: campaign.ScopeSubtree}
		for i, t := range f.Topics {
			if t.Title == "" && t.Deadline == "" {
				continue
			}
			d, err := parseDate(t.Deadline)
			if err != nil {
				v.Add(fmt.Sprintf("topic_deadline_%d", i+1), msgBadDate)
			}
			in.Topics = append(in.Topics, campaign.TopicInput{No: i + 1, Title: t.Title, Deadline: d})
		}
	}
	if f.Title != "" || f.Template == "" {
		in.Title = f.Title
	}
	if !start.IsZero() || f.Template == "" {
		in.Start = start
	}
	if !end.IsZero() {
		in.End = end
	}
	if f.Description != "" {
		in.Description = f.Description
	}
	fe, bad := fieldErrors(&v, shown...)
	status := http.StatusUnprocessableEntity
	if !bad {
		c, err := h.d.Campaign.Create(r.Context(), in)
		if err == nil {
			h.seeOther(w, r, fmt.Sprintf("/campaigns/%d", c.ID))
			return
		}
		if fe, status, bad = formErrors(err, shown...); !bad {
			h.fail(w, r, err)
			return
		}
	}
	p, err := h.campaignFormPage(r, f, fe)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, "campaign_form.html", p)
}

// TopicRow is a topic on the campaign page.
type TopicRow struct {
	ID          xuezuo.ID
	No          int
	Title       string
	Theme       string
	Deadline    string
	MeetingKind string
	MinSpeakers int
}

// TaskRow is one topic of a branch's task list.
type TaskRow struct {
	TopicID            xuezuo.ID
	No                 int
	Title, Deadline    string
	Status, StatusText string // progress RAG code and its label
	Written, Members   int
}

// BranchTasks is the task list of one branch in the campaign.
type BranchTasks struct {
	OrgID   xuezuo.ID
	OrgName string
	Rows    []TaskRow
}

// CampaignPage is GET /campaigns/{id}.
type CampaignPage struct {
	Base
	Campaign   *campaign.Campaign
	Facts      []Fact
	Topics     []TopicRow
	CanPublish bool
	Tasks      []BranchTasks
}

// ragLabels name the progress statuses of a topic.
var ragLabels = map[string]string{progress.Green: "已召开", progress.Amber: "临近期限", progress.Red: "已逾期", progress.Grey: "未到期"}

var scopeLabels = map[string]string{campaign.ScopeSubtree: "全体党员", campaign.ScopeLeaders: "党员领导干部", campaign.ScopeOrgs: "指定组织的党员"}

// campaignShow shows a campaign: facts, phases, topics, and for a branch
// secretary the branch's task list.
func (h *Handler) campaignShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.d.Campaign.Get(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := CampaignPage{Base: h.base(r, c.Title), Campaign: c,
		Facts:      []Fact{{"发起组织", c.OwnerName}, {"范围", scopeLabels[c.Scope]}, {"时间", campaignWindow(c)}, {"状态", campaignStatus(c)}},
		CanPublish: !c.Published() && actor(ctx).Has(xuezuo.RoleOrgAdmin)}
	if c.Description != "" {
		p.Facts = append(p.Facts, Fact{"说明", c.Description})
	}
	for _, t := range c.Topics {
		p.Topics = append(p.Topics, TopicRow{ID: t.ID, No: t.No, Title: t.Title, Theme: t.Theme, Deadline: t.Deadline.String(),
			MeetingKind: campaign.MeetingKindLabel(t.MeetingKind), MinSpeakers: t.MinSpeakers})
	}
	if c.Published() {
		if p.Tasks, err = h.branchTasks(ctx, c); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.render(w, r, http.StatusOK, "campaign.html", p)
}

// branchTasks builds the task list of each branch the actor is secretary
// of and that lies in the campaign's scope.
func (h *Handler) branchTasks(ctx context.Context, c *campaign.Campaign) ([]BranchTasks, error) {
	var out []BranchTasks
	for _, orgID := range actor(ctx).GrantOrgs(xuezuo.RoleSecretary) {
		if ok, err := h.d.Campaign.InScope(ctx, c, orgID); err != nil || !ok {
			continue
		}
		o, err := h.d.Org.Get(ctx, orgID)
		if err != nil || o.Kind != org.KindBranch {
			continue
		}
		rows, err := h.d.Progress.Progress(ctx, c.ID, orgID, progress.ByBranch)
		if err != nil {
			return nil, err
		}
		members, err := h.d.Member.List(ctx, member.Filter{OrgID: orgID, Limit: whoWroteLimit})
		if err != nil {
			return nil, err
		}
		bt := BranchTasks{OrgID: orgID, OrgName: o.Name}
		for k, t := range c.Topics {
			tr := TaskRow{TopicID: t.ID, No: t.No, Title: t.Title, Deadline: t.Deadline.String(), Members: len(members.Items)}
			for _, row := range rows {
				if row.OrgID == orgID && k < len(row.Status) {
					tr.Status, tr.StatusText = row.Status[k], ragLabels[row.Status[k]]
				}
			}
			ws, err := h.d.Reflection.WhoWrote(ctx, t.ID, orgID, members.Items)
			if err != nil {
				return nil, err
			}
			for _, w := range ws {
				if w.Reflection != nil {
					tr.Written++
				}
			}
			bt.Rows = append(bt.Rows, tr)
		}
		out = append(out, bt)
	}
	return out, nil
}

// campaignPublish publishes a draft.
func (h *Handler) campaignPublish(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if _, err := h.d.Campaign.Publish(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	h.seeOther(w, r, fmt.Sprintf("/campaigns/%d", id))
}
