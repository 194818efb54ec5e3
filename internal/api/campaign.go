package api

import (
	"fmt"
	"net/http"
	"strconv"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/progress"
)

type topicJSON struct {
	ID          xuezuo.ID `json:"id"`
	No          int       `json:"no"`
	Title       string    `json:"title"`
	Theme       string    `json:"theme"`
	Deadline    string    `json:"deadline"`
	MeetingKind string    `json:"meeting_kind"`
	MinSpeakers int       `json:"min_speakers"`
	Materials   string    `json:"materials"`
}

type phaseJSON struct {
	No    int     `json:"no"`
	Name  string  `json:"name"`
	Start *string `json:"start"`
	End   *string `json:"end"`
}

type batchJSON struct {
	No     int         `json:"no"`
	Name   string      `json:"name"`
	Start  *string     `json:"start"`
	End    *string     `json:"end"`
	OrgIDs []xuezuo.ID `json:"org_ids"`
}

type campaignJSON struct {
	ID          xuezuo.ID   `json:"id"`
	OwnerOrgID  xuezuo.ID   `json:"owner_org_id"`
	Title       string      `json:"title"`
	Kind        string      `json:"kind"`
	Scope       string      `json:"scope"`
	ScopeOrgs   []xuezuo.ID `json:"scope_orgs"`
	Description string      `json:"description"`
	Start       string      `json:"start"`
	End         *string     `json:"end"`
	Status      string      `json:"status"`
	PublishedAt string      `json:"published_at,omitempty"`
	Phases      []phaseJSON `json:"phases,omitempty"`
	Batches     []batchJSON `json:"batches,omitempty"`
	Topics      []topicJSON `json:"topics,omitempty"`
	QiyiFrom    string      `json:"qiyi_from"`
	QiyiTo      string      `json:"qiyi_to"`
}

func campaignOut(c *campaign.Campaign) campaignJSON {
	j := campaignJSON{ID: c.ID, OwnerOrgID: c.OwnerOrgID, Title: c.Title, Kind: c.Kind, Scope: c.Scope, ScopeOrgs: c.ScopeOrgs,
		Description: c.Description, Start: c.Start.String(), End: dateOut(c.End), Status: c.Status, PublishedAt: timeOut(c.PublishedAt),
		QiyiFrom: c.QiyiFrom, QiyiTo: c.QiyiTo}
	if j.ScopeOrgs == nil {
		j.ScopeOrgs = []xuezuo.ID{}
	}
	for _, p := range c.Phases {
		j.Phases = append(j.Phases, phaseJSON{No: p.No, Name: p.Name, Start: dateOut(p.Start), End: dateOut(p.End)})
	}
	for _, b := range c.Batches {
		j.Batches = append(j.Batches, batchJSON{No: b.No, Name: b.Name, Start: dateOut(b.Start), End: dateOut(b.End), OrgIDs: b.OrgIDs})
	}
	for _, t := range c.Topics {
		j.Topics = append(j.Topics, topicJSON{ID: t.ID, No: t.No, Title: t.Title, Theme: t.Theme, Deadline: t.Deadline.String(),
			MeetingKind: t.MeetingKind, MinSpeakers: t.MinSpeakers, Materials: t.Materials})
	}
	return j
}

type campaignInput struct {
	OwnerOrgID  xuezuo.ID   `json:"owner_org_id"`
	Template    string      `json:"template"`
	Title       string      `json:"title"`
	Kind        string      `json:"kind"`
	Scope       string      `json:"scope"`
	ScopeOrgs   []xuezuo.ID `json:"scope_orgs"`
	Description string      `json:"description"`
	Start       string      `json:"start"`
	End         string      `json:"end"`
	QiyiFrom    string      `json:"qiyi_from"`
	QiyiTo      string      `json:"qiyi_to"`
	Topics      []struct {
		No          int    `json:"no"`
		Title       string `json:"title"`
		Theme       string `json:"theme"`
		Deadline    string `json:"deadline"`
		MeetingKind string `json:"meeting_kind"`
		MinSpeakers *int   `json:"min_speakers"`
		Materials   string `json:"materials"`
	} `json:"topics"`
	Phases []struct {
		Name  string `json:"name"`
		Start string `json:"start"`
		End   string `json:"end"`
	} `json:"phases"`
	Batches []struct {
		Name   string      `json:"name"`
		Start  string      `json:"start"`
		End    string      `json:"end"`
		OrgIDs []xuezuo.ID `json:"org_ids"`
	} `json:"batches"`
}

// input turns the body into a service input; a template fills what the
// body leaves empty.
func (j *campaignInput) input() (campaign.Input, error) {
	var p dates
	in := campaign.Input{OwnerOrgID: j.OwnerOrgID}
	if j.Template != "" {
		t, ok := campaign.TemplateInput(j.Template, j.OwnerOrgID)
		if !ok {
			return in, fieldError("template", "没有这个模板")
		}
		in = t
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&in.Title, j.Title)
	set(&in.Kind, j.Kind)
	set(&in.Scope, j.Scope)
	set(&in.Description, j.Description)
	in.QiyiFrom, in.QiyiTo = j.QiyiFrom, j.QiyiTo
	if j.ScopeOrgs != nil {
		in.ScopeOrgs = j.ScopeOrgs
	}
	if j.Start != "" {
		in.Start = p.get("start", j.Start)
	}
	if j.End != "" {
		in.End = p.get("end", j.End)
	}
	if len(j.Topics) > 0 {
		in.Topics = nil
		for i, t := range j.Topics {
			in.Topics = append(in.Topics, campaign.TopicInput{No: t.No, Title: t.Title, Theme: t.Theme,
				Deadline: p.get("topics["+strconv.Itoa(i)+"].deadline", t.Deadline), MeetingKind: t.MeetingKind,
				MinSpeakers: t.MinSpeakers, Materials: t.Materials})
		}
	}
	if len(j.Phases) > 0 {
		in.Phases = nil
		for i, ph := range j.Phases {
			f := "phases[" + strconv.Itoa(i) + "]."
			in.Phases = append(in.Phases, campaign.Phase{Name: ph.Name, Start: p.get(f+"start", ph.Start), End: p.get(f+"end", ph.End)})
		}
	}
	for i, b := range j.Batches {
		f := "batches[" + strconv.Itoa(i) + "]."
		in.Batches = append(in.Batches, campaign.Batch{Name: b.Name, Start: p.get(f+"start", b.Start), End: p.get(f+"end", b.End),
			OrgIDs: b.OrgIDs})
	}
	return in, p.v.Err()
}

func fieldError(field, msg string) error {
	return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{field: msg}}
}

func (h *Handler) campaignCreate(w http.ResponseWriter, r *http.Request) error {
	var j campaignInput
	if err := decode(r, &j); err != nil {
		return err
	}
	in, err := j.input()
	if err != nil {
		return err
	}
	c, err := h.svc.Campaign.Create(r.Context(), in)
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("/api/v1/campaigns/%d", c.ID), campaignOut(c))
}

func (h *Handler) campaignList(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.svc.Campaign.List(r.Context())
	if err != nil {
		return err
	}
	out := make([]campaignJSON, len(cs))
	for i := range cs {
		out[i] = campaignOut(&cs[i])
	}
	return writeJSON(w, http.StatusOK, listOf(out))
}

func (h *Handler) campaignGet(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, h.svc.Campaign.Get, campaignOut)
}

func (h *Handler) campaignPublish(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, h.svc.Campaign.Publish, campaignOut)
}

// campaignPatch changes what a campaign lets change after it is made: its
// 七一 window {qiyi_from?, qiyi_to?} (a field left out keeps its value).
func (h *Handler) campaignPatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var j struct {
		QiyiFrom *string `json:"qiyi_from"`
		QiyiTo   *string `json:"qiyi_to"`
	}
	if err := decode(r, &j); err != nil {
		return err
	}
	c, err := h.svc.Campaign.Get(r.Context(), id)
	if err != nil {
		return err
	}
	from, to := c.QiyiFrom, c.QiyiTo
	if j.QiyiFrom != nil {
		from = *j.QiyiFrom
	}
	if j.QiyiTo != nil {
		to = *j.QiyiTo
	}
	if c, err = h.svc.Campaign.SetQiyi(r.Context(), id, from, to); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, campaignOut(c))
}

// progress answers {"total","items","totals"}, the items ordered by org id.
func (h *Handler) progress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	orgID, err := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	if err != nil || orgID <= 0 {
		return fieldError("org", "请用 org 参数指定组织")
	}
	t, err := h.svc.Progress.Table(r.Context(), id, orgID, r.URL.Query().Get("by"))
	if err != nil {
		return err
	}
	rows := t.Rows
	if rows == nil {
		rows = []progress.Row{}
	}
	return writeJSON(w, http.StatusOK, progressJSON{list: listOf(rows), Totals: t.Totals})
}

// progressJSON is a progress table: its rows and the summed row the
// service computed (the same 合计 the web page shows).
type progressJSON struct {
	list[progress.Row]
	Totals progress.Row `json:"totals"`
}
