package web

import (
	"context"
	"fmt"
	"net/http"

	"xuezuo"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
)

// bulletinPageSize is the number of bulletins per page of an org's list.
const bulletinPageSize = 20

// Period choices of the 新建通报 form.
const (
	periodTopic   = "topic"
	periodQuarter = "quarter"
	periodDates   = "dates"
)

// BulletinListRow is one bulletin in an org's list.
type BulletinListRow struct {
	ID                  xuezuo.ID
	Issue, DocNo, Title string
	Period              string
	State, StateCode    string
	Published           string // the date it was published, "" for a draft
}

// TopicGroup is a campaign's topics in the form's select.
type TopicGroup struct {
	Campaign string
	Topics   []Option
}

// BulletinForm is the 新建通报 form's input, kept on a 422.
type BulletinForm struct {
	CampaignID, Period, TopicID, Quarter, From, To, Preface, Closing string
}

// OrgBulletinsPage is GET /orgs/{id}/bulletins: the org's bulletins,
// newest first, and the 新建通报 form for its organisers.
type OrgBulletinsPage struct {
	Base
	Org       *org.Org
	Rows      []BulletinListRow
	Pager     Pager
	CanCreate bool
	Campaigns []Option
	Topics    []TopicGroup
	Quarters  []Option
	Form      BulletinForm
	Errors    FormErrors
}

// bulletinStateLabel words a bulletin's state.
func bulletinStateLabel(state string) string {
	if state == report.BulletinPublished {
		return "已印发"
	}
	return "草稿"
}

// orgBulletins lists the bulletins of the org the actor reads.
func (h *Handler) orgBulletins(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.orgBulletinsPage(r, id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "bulletins.html", p)
}

func (h *Handler) orgBulletinsPage(r *http.Request, id xuezuo.ID) (OrgBulletinsPage, error) {
	ctx := r.Context()
	// A member of a branch reads the unit's bulletins without reading the
	// unit, so the bulletin service names the org.
	o, err := h.d.Bulletins.BulletinOrg(ctx, id)
	if err != nil {
		return OrgBulletinsPage{}, err
	}
	p := OrgBulletinsPage{Base: h.base(r, o.Name+" · 通报"), Org: o,
		Form: BulletinForm{Period: periodQuarter, Quarter: report.QuarterOf(h.clock.Now())}}
	page := pageNumber(r)
	items, total, err := h.d.Bulletins.ListBulletins(ctx, report.BulletinFilter{OrgID: id, Limit: bulletinPageSize,
		Offset: (page - 1) * bulletinPageSize})
	if err != nil {
		return p, err
	}
	p.Pager = newPager(fmt.Sprintf("/orgs/%d/bulletins", id), r.URL.Query(), page, bulletinPageSize, total)
	for i := range items {
		b := &items[i]
		row := BulletinListRow{ID: b.ID, Issue: b.IssueLabel(), DocNo: b.DocNo, Title: b.Title, Period: h.periodText(ctx, b),
			State: bulletinStateLabel(b.State), StateCode: b.State}
		if b.Published() {
			row.Published = xuezuo.DateOf(b.PublishedAt).String()
		}
		p.Rows = append(p.Rows, row)
	}
	if p.CanCreate = h.d.Bulletins.CanCreate(ctx, o); p.CanCreate {
		if err := h.bulletinFormOptions(ctx, &p); err != nil {
			return p, err
		}
	}
	return p, nil
}

// periodText names a bulletin's period in the list: its topic, quarter or
// dates.
func (h *Handler) periodText(ctx context.Context, b *report.Bulletin) string {
	dates := b.From.String() + " 至 " + b.To.String()
	switch b.Period {
	case report.PeriodQuarter:
		return fmt.Sprintf("%d年第%d季度", b.From.Y, (int(b.From.M)-1)/3+1)
	case report.PeriodTopic:
		// A reader who does not see the campaign reads the topic's dates.
		if t, _, err := h.d.Campaign.Topic(ctx, b.TopicID); h.optional(ctx, "bulletin topic", err) {
			return fmt.Sprintf("专题%d %s", t.No, t.Title)
		}
	}
	return dates
}

// bulletinFormOptions fills the form's campaigns and topics: the published
// campaigns the actor sees whose scope holds the org.
func (h *Handler) bulletinFormOptions(ctx context.Context, p *OrgBulletinsPage) error {
	p.Quarters = recentQuarters(h.clock)
	cs, err := h.d.Campaign.List(ctx)
	if err != nil {
		return err
	}
	for i := range cs {
		if !cs[i].Published() {
			continue
		}
		c, err := h.d.Campaign.Get(ctx, cs[i].ID) // the list carries no topics
		if err != nil {
			return err
		}
		if ok, err := h.d.Campaign.InScope(ctx, c, p.Org.ID); err != nil {
			return err
		} else if !ok {
			continue
		}
		p.Campaigns = append(p.Campaigns, Option{Value: fmt.Sprint(c.ID), Label: c.Title})
		g := TopicGroup{Campaign: c.Title}
		for _, t := range c.Topics {
			g.Topics = append(g.Topics, Option{Value: fmt.Sprint(t.ID), Label: fmt.Sprintf("专题%d %s（%s 截止）", t.No, t.Title, t.Deadline)})
		}
		p.Topics = append(p.Topics, g)
	}
	return nil
}

// bulletinCreate makes a draft bulletin from the 新建通报 form.
func (h *Handler) bulletinCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	f := BulletinForm{CampaignID: formValue(r, "campaign_id"), Period: formValue(r, "period"), TopicID: formValue(r, "topic_id"),
		Quarter: formValue(r, "quarter"), From: formValue(r, "from"), To: formValue(r, "to"),
		Preface: formValue(r, "preface"), Closing: formValue(r, "closing")}
	in := report.BulletinInput{OrgID: id, CampaignID: idValue(f.CampaignID)}
	// The form sends every field; the chosen period says which count, and
	// one left empty is named at its own field rather than as no period.
	var pre xuezuo.Validation
	switch f.Period {
	case periodTopic:
		in.TopicID = idValue(f.TopicID)
		pre.Check(in.TopicID != 0, "topic_id", "请选择专题")
	case periodQuarter:
		in.Quarter = f.Quarter
		pre.Check(f.Quarter != "", "quarter", "请填写季度，如 2016Q2")
	case periodDates:
		in.From, in.To = dateField(&pre, "from", f.From), dateField(&pre, "to", f.To)
	}
	// An empty preface or closing leaves the service's default text.
	if f.Preface != "" {
		in.Preface = &f.Preface
	}
	if f.Closing != "" {
		in.Closing = &f.Closing
	}
	return h.submit(w, r, submission{pre: &pre,
		shown: []string{"campaign_id", "period", "topic_id", "quarter", "from", "to", "preface", "closing"},
		save: func() (string, error) {
			b, err := h.d.Bulletins.CreateBulletin(r.Context(), in)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("/bulletins/%d", b.ID), nil
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.orgBulletinsPage(r, id)
			if err != nil {
				return err
			}
			p.Form, p.Errors = f, fe
			return h.render(w, r, status, "bulletins.html", p)
		}})
}
