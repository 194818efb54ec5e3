package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/org"
)

// Line counts of the new-campaign form: enough for the templates of
// domain.md (4 topics, 3 phases) and a campaign run in two batches.
const (
	campaignTopicRows = 6
	campaignPhaseRows = 3
	campaignBatchRows = 2
)

// TopicLine is one topic line of the campaign form.
type TopicLine struct {
	N                                                int
	Title, Deadline, Theme, MeetingKind, MinSpeakers string
}

// PhaseLine is one phase line of the campaign form.
type PhaseLine struct {
	N                int
	Name, Start, End string
}

// BatchLine is one batch line of the campaign form.
type BatchLine struct {
	N                int
	Name, Start, End string
	Orgs             []string
}

// Has reports whether id is among the batch's chosen orgs.
func (b BatchLine) Has(id xuezuo.ID) bool { return contains(b.Orgs, fmt.Sprint(id)) }

// CampaignForm is the input of the new-campaign form, kept on a 422.
type CampaignForm struct {
	Template, OwnerOrgID, Title, Start, End, Description string
	Scope                                                string
	QiyiFrom, QiyiTo                                     string // the 七一 window as MM-DD
	ScopeOrgs                                            []string
	Topics                                               []TopicLine
	Phases                                               []PhaseLine
	Batches                                              []BatchLine
}

// HasScopeOrg reports whether id is among the chosen scope orgs.
func (f CampaignForm) HasScopeOrg(id xuezuo.ID) bool { return contains(f.ScopeOrgs, fmt.Sprint(id)) }

// CampaignFormPage is GET /campaigns/new and a failed POST /campaigns.
type CampaignFormPage struct {
	Base
	Form         CampaignForm
	Errors       FormErrors
	Templates    []Option
	Owners       []OrgOption
	Orgs         []OrgOption // for the scope and batch pickers
	Scopes       []Option
	MeetingKinds []Option
}

// campaignFormPage fills the selects of the form.
func (h *Handler) campaignFormPage(r *http.Request, f CampaignForm, fe FormErrors) (CampaignFormPage, error) {
	p := CampaignFormPage{Base: h.base(r, "发起学习教育"), Form: f, Errors: fe}
	for _, t := range campaign.Templates() {
		p.Templates = append(p.Templates, Option{Value: t.Code, Label: t.Label})
	}
	for _, sc := range []string{campaign.ScopeSubtree, campaign.ScopeLeaders, campaign.ScopeOrgs} {
		p.Scopes = append(p.Scopes, Option{Value: sc, Label: scopeLabels[sc]})
	}
	for _, k := range campaign.MeetingKinds {
		p.MeetingKinds = append(p.MeetingKinds, Option{Value: k.Code, Label: k.Label})
	}
	var err error
	if p.Owners, err = h.orgOptions(r.Context(), func(o *org.Org) bool { return o.Kind == org.KindCommittee && o.Active() }); err != nil {
		return p, err
	}
	p.Orgs, err = h.orgOptions(r.Context(), func(o *org.Org) bool { return o.Kind != org.KindGroup && o.Active() })
	return p, err
}

// blankCampaignForm has empty lines to fill.
func blankCampaignForm() CampaignForm {
	f := CampaignForm{Scope: campaign.ScopeSubtree, QiyiFrom: campaign.DefaultQiyiFrom, QiyiTo: campaign.DefaultQiyiTo}
	for i := 1; i <= campaignTopicRows; i++ {
		f.Topics = append(f.Topics, TopicLine{N: i, MeetingKind: "topic_study", MinSpeakers: "3"})
	}
	for i := 1; i <= campaignPhaseRows; i++ {
		f.Phases = append(f.Phases, PhaseLine{N: i})
	}
	for i := 1; i <= campaignBatchRows; i++ {
		f.Batches = append(f.Batches, BatchLine{N: i})
	}
	return f
}

// campaignNew shows the form: a template or a blank campaign.
func (h *Handler) campaignNew(w http.ResponseWriter, r *http.Request) error {
	p, err := h.campaignFormPage(r, blankCampaignForm(), FormErrors{})
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "campaign_form.html", p)
}

// readCampaignForm reads the posted form, keeping every line as typed.
func readCampaignForm(r *http.Request) CampaignForm {
	f := CampaignForm{Template: formValue(r, "template"), OwnerOrgID: formValue(r, "owner_org_id"),
		Title: formValue(r, "title"), Start: formValue(r, "start"), End: formValue(r, "end"),
		Description: formValue(r, "description"), Scope: formValue(r, "scope"), ScopeOrgs: r.PostForm["scope_orgs"],
		QiyiFrom: formValue(r, "qiyi_from"), QiyiTo: formValue(r, "qiyi_to")}
	for i := 1; i <= campaignTopicRows; i++ {
		n := func(k string) string { return formValue(r, fmt.Sprintf("topic_%s_%d", k, i)) }
		f.Topics = append(f.Topics, TopicLine{N: i, Title: n("title"), Deadline: n("deadline"), Theme: n("theme"),
			MeetingKind: n("kind"), MinSpeakers: n("speakers")})
	}
	for i := 1; i <= campaignPhaseRows; i++ {
		n := func(k string) string { return formValue(r, fmt.Sprintf("phase_%s_%d", k, i)) }
		f.Phases = append(f.Phases, PhaseLine{N: i, Name: n("name"), Start: n("start"), End: n("end")})
	}
	for i := 1; i <= campaignBatchRows; i++ {
		n := func(k string) string { return formValue(r, fmt.Sprintf("batch_%s_%d", k, i)) }
		f.Batches = append(f.Batches, BatchLine{N: i, Name: n("name"), Start: n("start"), End: n("end"),
			Orgs: r.PostForm[fmt.Sprintf("batch_orgs_%d", i)]})
	}
	return f
}

// campaignInput turns the form into the service's input: a template's
// topics (its title and dates overridable) or the form's own lines. Scope,
// phases and batches come from the form when filled in. Dates and numbers
// that do not parse are reported in v under the form's field names.
func campaignInput(f CampaignForm, v *xuezuo.Validation) campaign.Input {
	in, ok := campaign.TemplateInput(f.Template, idValue(f.OwnerOrgID))
	if f.Template != "" && !ok {
		v.Add("template", "请选择有效的模板")
	}
	start, end := dateField(v, "start", f.Start), dateField(v, "end", f.End)
	if f.Template == "" {
		in = campaign.Input{OwnerOrgID: idValue(f.OwnerOrgID), Topics: formTopics(f.Topics, v)}
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
	in.Scope = f.Scope
	for _, id := range f.ScopeOrgs {
		in.ScopeOrgs = append(in.ScopeOrgs, idValue(id))
	}
	if phases := formPhases(f.Phases, v); len(phases) > 0 {
		in.Phases = phases
	}
	in.Batches = formBatches(f.Batches, v)
	in.QiyiFrom, in.QiyiTo = f.QiyiFrom, f.QiyiTo
	return in
}

// formTopics reads the filled topic lines.
func formTopics(lines []TopicLine, v *xuezuo.Validation) []campaign.TopicInput {
	var out []campaign.TopicInput
	for _, t := range lines {
		if t.Title == "" && t.Deadline == "" {
			continue
		}
		in := campaign.TopicInput{No: t.N, Title: t.Title, Theme: t.Theme, MeetingKind: t.MeetingKind,
			Deadline: dateField(v, fmt.Sprintf("topic_deadline_%d", t.N), t.Deadline)}
		if t.MinSpeakers != "" {
			n, err := strconv.Atoi(t.MinSpeakers)
			if err != nil {
				v.Add(fmt.Sprintf("topic_speakers_%d", t.N), "请填写整数")
			}
			in.MinSpeakers = &n
		}
		out = append(out, in)
	}
	return out
}

// formPhases reads the filled phase lines.
func formPhases(lines []PhaseLine, v *xuezuo.Validation) []campaign.Phase {
	var out []campaign.Phase
	for _, p := range lines {
		if p.Name == "" && p.Start == "" && p.End == "" {
			continue
		}
		out = append(out, campaign.Phase{Name: p.Name, Start: dateField(v, fmt.Sprintf("phase_start_%d", p.N), p.Start),
			End: dateField(v, fmt.Sprintf("phase_end_%d", p.N), p.End)})
	}
	return out
}

// formBatches reads the filled batch lines.
func formBatches(lines []BatchLine, v *xuezuo.Validation) []campaign.Batch {
	var out []campaign.Batch
	for _, b := range lines {
		if b.Name == "" && b.Start == "" && b.End == "" && len(b.Orgs) == 0 {
			continue
		}
		bt := campaign.Batch{Name: b.Name, Start: dateField(v, fmt.Sprintf("batch_start_%d", b.N), b.Start),
			End: dateField(v, fmt.Sprintf("batch_end_%d", b.N), b.End)}
		for _, id := range b.Orgs {
			bt.OrgIDs = append(bt.OrgIDs, idValue(id))
		}
		out = append(out, bt)
	}
	return out
}

// serviceFieldNames maps the service's indexed field names to the form's
// line fields, so that messages land beside the line: "topics[0].title" is
// the first filled topic line, which need not be line 1.
func serviceFieldNames(fe FormErrors, f CampaignForm) {
	rename := func(prefix string, lineNos []int, fields map[string]string) {
		for i, n := range lineNos {
			for from, to := range fields {
				key := fmt.Sprintf("%s[%d].%s", prefix, i, from)
				if msg, ok := fe.Fields[key]; ok {
					fe.Fields[fmt.Sprintf("%s_%d", to, n)] = msg
					delete(fe.Fields, key)
				}
			}
		}
	}
	var topics, phases, batches []int
	for _, t := range f.Topics {
		if t.Title != "" || t.Deadline != "" {
			topics = append(topics, t.N)
		}
	}
	for _, p := range f.Phases {
		if p.Name != "" || p.Start != "" || p.End != "" {
			phases = append(phases, p.N)
		}
	}
	for _, b := range f.Batches {
		if b.Name != "" || b.Start != "" || b.End != "" || len(b.Orgs) > 0 {
			batches = append(batches, b.N)
		}
	}
	rename("topics", topics, map[string]string{"title": "topic_title", "deadline": "topic_deadline", "no": "topic_title",
		"meeting_kind": "topic_kind", "min_speakers": "topic_speakers"})
	rename("phases", phases, map[string]string{"name": "phase_name", "end": "phase_end"})
	rename("batches", batches, map[string]string{"name": "batch_name", "start": "batch_start", "end": "batch_end", "orgs": "batch_orgs"})
}

// campaignCreate saves a draft from the form.
func (h *Handler) campaignCreate(w http.ResponseWriter, r *http.Request) error {
	parseForm(w, r)
	f := readCampaignForm(r)
	var v xuezuo.Validation
	in := campaignInput(f, &v)
	return h.submit(w, r, submission{pre: &v, shown: nil,
		save: func() (string, error) {
			c, err := h.d.Campaign.Create(r.Context(), in)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("/campaigns/%d", c.ID), nil
		},
		again: func(fe FormErrors, status int) error {
			serviceFieldNames(fe, f)
			fe.Other = nil
			for k, msg := range fe.Fields {
				if !campaignFormShows(k) && msg != fe.Message {
					fe.Other = append(fe.Other, msg)
				}
			}
			p, err := h.campaignFormPage(r, f, fe)
			if err != nil {
				return err
			}
			return h.render(w, r, status, "campaign_form.html", p)
		}})
}

// campaignFormShows reports whether the form has a place for field k.
func campaignFormShows(k string) bool {
	if contains([]string{"template", "owner_org_id", "title", "start", "end", "scope", "scope_orgs", "qiyi_from", "qiyi_to"}, k) {
		return true
	}
	for _, prefix := range []string{"topic_", "phase_", "batch_"} {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}
