package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"xuezuo"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
)

// inboxPageSize is the number of received forwards per inbox page.
const inboxPageSize = 50

// HopView is one step of a forward's chain as the page shows it.
type HopView struct {
	Org, To, By, At, Note string
}

// InboxItem is one received forward with its chain and the steps the
// service allows the actor on it.
type InboxItem struct {
	Forward report.Forward
	Kind    string
	Origin  string // the summary, reflection or lecture at the start of the chain
	Chain   []HopView
	Allowed report.ForwardAllowed
}

// InboxGroup is the forwards of one source org and kind.
type InboxGroup struct {
	FromOrg string
	Kind    string
	Items   []InboxItem
}

// FigureView is one kind's §5.7 figure.
type FigureView struct {
	Kind           string
	Forwarded, Of  int
	Rate, BaseName string
}

// QuotaView is one quota of the receiving org.
type QuotaView struct {
	Kind, Quarter string
	Max           int
}

// QuotaForm is the quota form's input, kept on a 422.
type QuotaForm struct {
	Kind, Quarter, Max string
}

// InboxPage is GET /orgs/{id}/forwards: what the org received in a
// quarter, grouped by source org and kind, with its figures.
type InboxPage struct {
	Base
	Org      *org.Org
	Quarter  string
	Quarters []Option
	Figures  []FigureView
	Groups   []InboxGroup
	Total    int
	Pager    Pager
	Kinds    []Option // what a quota may count
	Quotas   []QuotaView
	CanQuota bool
	Quota    QuotaForm
	NoteFor  xuezuo.ID // the forward whose note failed, kept on a 422
	Note     string
	Errors   FormErrors
}

// hopViews words a chain for the page.
func hopViews(hs []report.Hop) []HopView {
	out := make([]HopView, len(hs))
	for i, h := range hs {
		out[i] = HopView{Org: h.OrgName, To: h.ToOrgName, By: h.ByName, At: beijingTime(h.At), Note: h.Note}
	}
	return out
}

// recentQuarters lists the current quarter and the seven before it.
func recentQuarters(clock xuezuo.Clock) []Option {
	since, _, _ := report.ParseQuarter(report.QuarterOf(clock.Now()))
	out := make([]Option, 8)
	for i := range out {
		q := report.QuarterOf(since.AddDate(0, -3*i, 0))
		out[i] = Option{Value: q, Label: strings.Replace(q, "Q", " 年第 ", 1) + " 季度"}
	}
	return out
}

// orgForwards shows the org's inbox for ?quarter (default: this quarter).
func (h *Handler) orgForwards(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.inboxPage(r, id, r.URL.Query().Get("quarter"))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "forwards.html", p)
}

func (h *Handler) inboxPage(r *http.Request, id xuezuo.ID, quarter string) (InboxPage, error) {
	ctx := r.Context()
	o, err := h.d.Org.Get(ctx, id)
	if err != nil {
		return InboxPage{}, err
	}
	if quarter == "" {
		quarter = report.QuarterOf(h.clock.Now())
	}
	p := InboxPage{Base: h.base(r, o.Name+" · 择优报送"), Org: o, Quarter: quarter, Quarters: recentQuarters(h.clock),
		Quota: QuotaForm{Quarter: quarter}}
	for _, k := range report.QuotaKinds {
		p.Kinds = append(p.Kinds, Option{Value: k, Label: report.KindLabel(k)})
	}
	page := pageNumber(r)
	items, total, err := h.d.Report.Inbox(ctx, report.InboxFilter{OrgID: id, Quarter: quarter, Limit: inboxPageSize,
		Offset: (page - 1) * inboxPageSize})
	if err != nil {
		return p, err
	}
	p.Total = total
	p.Pager = newPager(fmt.Sprintf("/orgs/%d/forwards", id), r.URL.Query(), page, inboxPageSize, total)
	for _, f := range items {
		it := InboxItem{Forward: f, Kind: report.KindLabel(f.OriginKind), Chain: hopViews(f.Chain), Allowed: h.d.Report.CanForwardStep(ctx, &f)}
		it.Origin = originURL(f)
		// The store orders by source org and kind, so a group ends where
		// either changes.
		if n := len(p.Groups); n == 0 || p.Groups[n-1].FromOrg != f.FromOrgName || p.Groups[n-1].Kind != report.KindLabel(f.Kind) {
			p.Groups = append(p.Groups, InboxGroup{FromOrg: f.FromOrgName, Kind: report.KindLabel(f.Kind)})
		}
		g := &p.Groups[len(p.Groups)-1]
		g.Items = append(g.Items, it)
	}
	figs, err := h.d.Report.ForwardFigures(ctx, id, quarter)
	if err != nil {
		return p, err
	}
	bases := map[string]string{report.KindSummary: "本季度通过的总结材料", report.KindReflection: "本季度提交的心得体会",
		report.KindLecture: "本季度举办的党课", report.KindForward: "本季度收到的报送"}
	for _, fg := range figs {
		v := FigureView{Kind: report.KindLabel(fg.Kind), Forwarded: fg.Forwarded, Of: fg.Base, BaseName: bases[fg.Kind], Rate: "—"}
		if fg.Base > 0 {
			v.Rate = fmt.Sprintf("%.1f%%", 100*float64(fg.Forwarded)/float64(fg.Base))
		}
		p.Figures = append(p.Figures, v)
	}
	if p.CanQuota = h.d.Report.CanSetQuota(ctx, id); p.CanQuota {
		qs, err := h.d.Report.Quotas(ctx, id)
		if err != nil {
			return p, err
		}
		for _, q := range qs {
			p.Quotas = append(p.Quotas, QuotaView{Kind: report.KindLabel(q.Kind), Quarter: q.Quarter, Max: q.Max})
		}
	}
	return p, nil
}

// originURL links the summary, reflection or lecture a chain carries.
func originURL(f report.Forward) string {
	switch f.OriginKind {
	case report.KindSummary:
		return fmt.Sprintf("/summaries/%d", f.OriginID)
	case report.KindLecture:
		return fmt.Sprintf("/meetings/%d", f.OriginID)
	}
	return fmt.Sprintf("/reflections/%d", f.OriginID)
}

// forwardUp sends a received forward further up with the org's note.
func (h *Handler) forwardUp(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	note := strings.TrimSpace(r.PostFormValue("note"))
	return h.forwardStep(w, r, id, []string{"note"}, func(ctx context.Context) error {
		_, err := h.d.Report.Forward(ctx, report.ForwardInput{Kind: report.KindForward, ItemID: id, Note: note})
		return err
	}, func(p *InboxPage) { p.NoteFor, p.Note = id, note })
}

// forwardAdopt adopts a received forward.
func (h *Handler) forwardAdopt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	return h.forwardStep(w, r, id, nil, func(ctx context.Context) error {
		_, err := h.d.Report.Adopt(ctx, id)
		return err
	}, nil)
}

// forwardStep ends the inbox's post handlers: back to the receiving org's
// inbox of the forward's quarter, or that page again with the errors.
func (h *Handler) forwardStep(w http.ResponseWriter, r *http.Request, id xuezuo.ID, shown []string, save func(context.Context) error, keep func(*InboxPage)) error {
	f, err := h.d.Report.GetForward(r.Context(), id)
	if err != nil {
		return err
	}
	return h.submit(w, r, submission{shown: shown,
		save: func() (string, error) {
			return fmt.Sprintf("/orgs/%d/forwards?quarter=%s", f.ToOrgID, f.Quarter), save(r.Context())
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.inboxPage(r, f.ToOrgID, f.Quarter)
			if err != nil {
				return err
			}
			if keep != nil {
				keep(&p)
			}
			p.Errors = fe
			return h.render(w, r, status, "forwards.html", p)
		}})
}

// forwardQuota sets a quota of the org as the receiving level.
func (h *Handler) forwardQuota(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	f := QuotaForm{Kind: formValue(r, "kind"), Quarter: formValue(r, "quarter"), Max: formValue(r, "max")}
	n, nerr := strconv.Atoi(f.Max)
	var pre xuezuo.Validation
	pre.Check(nerr == nil, "max", "名额应为 1 到 1000 之间的整数")
	return h.submit(w, r, submission{pre: &pre, shown: []string{"kind", "quarter", "max"},
		save: func() (string, error) {
			err := h.d.Report.SetQuota(r.Context(), report.Quota{ToOrgID: id, Kind: f.Kind, Quarter: f.Quarter, Max: n})
			return fmt.Sprintf("/orgs/%d/forwards?quarter=%s", id, f.Quarter), err
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.inboxPage(r, id, "")
			if err != nil {
				return err
			}
			p.Quota, p.Errors = f, fe
			return h.render(w, r, status, "forwards.html", p)
		}})
}

// summaryForward recommends an accepted summary to the level above.
func (h *Handler) summaryForward(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	note := strings.TrimSpace(r.PostFormValue("note"))
	return h.summaryForm(w, r, id, []string{"note"}, func(ctx context.Context) error {
		_, err := h.d.Report.Forward(ctx, report.ForwardInput{Kind: report.KindSummary, ItemID: id, Note: note})
		return err
	}, func(p *SummaryPage) { p.ForwardNote = note })
}

// reflectionForward recommends a submitted reflection to the level above.
func (h *Handler) reflectionForward(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	note := strings.TrimSpace(r.PostFormValue("note"))
	return h.submit(w, r, submission{shown: []string{"note"},
		save: func() (string, error) {
			_, err := h.d.Report.Forward(r.Context(), report.ForwardInput{Kind: report.KindReflection, ItemID: id, Note: note})
			return fmt.Sprintf("/reflections/%d", id), err
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.reflectionPage(r, id)
			if err != nil {
				return err
			}
			p.ForwardNote, p.Errors = note, fe
			return h.render(w, r, status, "reflection.html", p)
		}})
}

// lectureForward recommends a lecture (its material) to the level above.
func (h *Handler) lectureForward(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	note := strings.TrimSpace(r.PostFormValue("note"))
	return h.submit(w, r, submission{shown: []string{"note"},
		save: func() (string, error) {
			_, err := h.d.Report.Forward(r.Context(), report.ForwardInput{Kind: report.KindLecture, ItemID: id, Note: note})
			return fmt.Sprintf("/meetings/%d", id), err
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.meetingPage(r, id)
			if err != nil {
				return err
			}
			p.Forward.ForwardNote, p.Forward.Errors = note, fe
			return h.render(w, r, status, "meeting.html", p)
		}})
}
