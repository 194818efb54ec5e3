package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/progress"
)

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
func (h *Handler) campaignList(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.d.Campaign.List(r.Context())
	if err != nil {
		return err
	}
	p := CampaignListPage{Base: h.base(r, "学习教育"), CanNew: actor(r.Context()).Has(xuezuo.RoleOrgAdmin)}
	for i := range cs {
		c := &cs[i]
		p.Rows = append(p.Rows, CampaignRow{ID: c.ID, Title: c.Title, Owner: c.OwnerName, Window: campaignWindow(c),
			Status: campaignStatus(c), Published: c.Published()})
	}
	return h.render(w, r, http.StatusOK, "campaigns.html", p)
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
	Batches    []BatchRow
	// CanQiyi offers the 七一 window's form to organisers; QiyiFrom and
	// QiyiTo are its values (as typed after a refusal), Errors its messages.
	CanQiyi          bool
	QiyiFrom, QiyiTo string
	Errors           FormErrors
}

// BatchRow is a batch with the names of its orgs.
type BatchRow struct {
	campaign.Batch
	Orgs string
}

// orgNames joins the names of the orgs the actor may read; others are
// left out rather than named.
func (h *Handler) orgNames(ctx context.Context, ids []xuezuo.ID) string {
	var names []string
	for _, id := range ids {
		if o, err := h.d.Org.Get(ctx, id); h.optional(ctx, "batch org", err) {
			names = append(names, o.Name)
		}
	}
	return strings.Join(names, "、")
}

// ragLabels name the progress statuses of a topic.
var ragLabels = map[string]string{progress.Green: "已召开", progress.Amber: "临近期限", progress.Red: "已逾期", progress.Grey: "未到期"}

var scopeLabels = map[string]string{campaign.ScopeSubtree: "全体党员", campaign.ScopeLeaders: "党员领导干部", campaign.ScopeOrgs: "指定组织的党员"}

// campaignShow shows a campaign: facts, phases, topics, and for a branch
// secretary the branch's task list.
func (h *Handler) campaignShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.campaignPage(r, id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "campaign.html", p)
}

// campaignPage builds a campaign's page.
func (h *Handler) campaignPage(r *http.Request, id xuezuo.ID) (CampaignPage, error) {
	ctx := r.Context()
	c, err := h.d.Campaign.Get(ctx, id)
	if err != nil {
		return CampaignPage{}, err
	}
	p := CampaignPage{Base: h.base(r, c.Title), Campaign: c,
		Facts: []Fact{{"发起组织", c.OwnerName}, {"范围", scopeLabels[c.Scope]}, {"时间", campaignWindow(c)}, {"状态", campaignStatus(c)},
			{"七一党课时间", c.QiyiFrom + " 至 " + c.QiyiTo}},
		CanPublish: !c.Published() && actor(ctx).Has(xuezuo.RoleOrgAdmin),
		CanQiyi:    actor(ctx).Has(xuezuo.RoleOrgAdmin), QiyiFrom: c.QiyiFrom, QiyiTo: c.QiyiTo}
	if c.Scope == campaign.ScopeOrgs {
		p.Facts = append(p.Facts, Fact{"范围内组织", h.orgNames(ctx, c.ScopeOrgs)})
	}
	if c.Description != "" {
		p.Facts = append(p.Facts, Fact{"说明", c.Description})
	}
	for _, b := range c.Batches {
		p.Batches = append(p.Batches, BatchRow{Batch: b, Orgs: h.orgNames(ctx, b.OrgIDs)})
	}
	for _, t := range c.Topics {
		p.Topics = append(p.Topics, TopicRow{ID: t.ID, No: t.No, Title: t.Title, Theme: t.Theme, Deadline: t.Deadline.String(),
			MeetingKind: campaign.MeetingKindLabel(t.MeetingKind), MinSpeakers: t.MinSpeakers})
	}
	if c.Published() {
		if p.Tasks, err = h.branchTasks(ctx, c); err != nil {
			return CampaignPage{}, err
		}
	}
	return p, nil
}

// campaignQiyi sets a campaign's 七一 window (month-days); a refused
// window comes back on the campaign's page beside its fields.
func (h *Handler) campaignQiyi(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	// Scope first: a campaign the actor does not see is not found.
	if _, err := h.d.Campaign.Get(r.Context(), id); err != nil {
		return err
	}
	parseForm(w, r)
	from, to := formValue(r, "qiyi_from"), formValue(r, "qiyi_to")
	return h.submit(w, r, submission{shown: []string{"qiyi_from", "qiyi_to"},
		save: func() (string, error) {
			_, err := h.d.Campaign.SetQiyi(r.Context(), id, from, to)
			return fmt.Sprintf("/campaigns/%d", id), err
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.campaignPage(r, id)
			if err != nil {
				return err
			}
			p.QiyiFrom, p.QiyiTo, p.Errors = from, to, fe
			return h.render(w, r, status, "campaign.html", p)
		}})
}

// branchTasks builds the task list of each branch the actor is secretary
// of and that lies in the campaign's scope.
func (h *Handler) branchTasks(ctx context.Context, c *campaign.Campaign) ([]BranchTasks, error) {
	var out []BranchTasks
	for _, orgID := range actor(ctx).GrantOrgs(xuezuo.RoleSecretary) {
		ok, err := h.d.Campaign.InScope(ctx, c, orgID)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		o, err := h.d.Org.Get(ctx, orgID)
		if !h.optional(ctx, "secretary's branch", err) || o.Kind != org.KindBranch {
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
func (h *Handler) campaignPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := h.d.Campaign.Publish(r.Context(), id); err != nil {
		return err
	}
	return h.seeOther(w, r, fmt.Sprintf("/campaigns/%d", id))
}
