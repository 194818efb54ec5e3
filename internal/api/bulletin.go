package api

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"xuezuo"
	"xuezuo/internal/report"
)

type highlightJSON struct {
	ForwardID   xuezuo.ID `json:"forward_id"`
	Kind        string    `json:"kind"`
	Title       string    `json:"title"`
	SourceOrgID xuezuo.ID `json:"source_org_id"`
	SourceOrg   string    `json:"source_org"`
	AdoptedAt   string    `json:"adopted_at"`
}

type bulletinJSON struct {
	ID             xuezuo.ID            `json:"id"`
	OrgID          xuezuo.ID            `json:"org_id"`
	CampaignID     xuezuo.ID            `json:"campaign_id"`
	TopicID        *xuezuo.ID           `json:"topic_id"`
	Period         string               `json:"period"`
	From           string               `json:"from"`
	To             string               `json:"to"`
	State          string               `json:"state"`
	Year           int                  `json:"year"`
	Number         int                  `json:"number"`
	DocNo          string               `json:"doc_no"`
	Title          string               `json:"title"`
	Issuer         string               `json:"issuer"`
	AsOf           string               `json:"as_of"`
	GroupBy        string               `json:"group_by"`
	Topics         []report.TopicRef    `json:"topics"`
	Rows           []report.BulletinRow `json:"rows"`
	Totals         report.BulletinRow   `json:"totals"`
	Overdue        []report.BranchNote  `json:"overdue"`
	WithoutSummary []report.BranchNote  `json:"without_summary"`
	Highlights     []highlightJSON      `json:"highlights"`
	Preface        string               `json:"preface"`
	Closing        string               `json:"closing"`
	CreatedAt      string               `json:"created_at"`
	PublishedAt    *string              `json:"published_at"`
}

// bulletinSummaryJSON is a bulletin in a list: no figures.
type bulletinSummaryJSON struct {
	ID          xuezuo.ID `json:"id"`
	OrgID       xuezuo.ID `json:"org_id"`
	CampaignID  xuezuo.ID `json:"campaign_id"`
	State       string    `json:"state"`
	Year        int       `json:"year"`
	Number      int       `json:"number"`
	DocNo       string    `json:"doc_no"`
	Title       string    `json:"title"`
	Period      string    `json:"period"`
	From        string    `json:"from"`
	To          string    `json:"to"`
	PublishedAt *string   `json:"published_at"`
}

func publishedOut(b *report.Bulletin) *string {
	if !b.Published() {
		return nil
	}
	s := timeOut(b.PublishedAt)
	return &s
}

func bulletinOut(b *report.Bulletin) bulletinJSON {
	c := b.Content
	j := bulletinJSON{ID: b.ID, OrgID: b.OrgID, CampaignID: b.CampaignID, Period: b.Period, From: b.From.String(), To: b.To.String(),
		State: b.State, Year: b.Year, Number: b.Number, DocNo: b.DocNo, Title: b.Title, Issuer: c.Issuer, AsOf: c.AsOf.String(),
		GroupBy: c.GroupBy, Topics: nonNil(c.Topics), Rows: nonNil(c.Rows), Totals: c.Totals, Overdue: nonNil(c.Overdue),
		WithoutSummary: nonNil(c.WithoutSummary), Highlights: make([]highlightJSON, len(c.Highlights)), Preface: b.Preface,
		Closing: b.Closing, CreatedAt: timeOut(b.CreatedAt), PublishedAt: publishedOut(b)}
	if b.TopicID != 0 {
		id := b.TopicID
		j.TopicID = &id
	}
	for i, h := range c.Highlights {
		j.Highlights[i] = highlightJSON{ForwardID: h.ForwardID, Kind: h.Kind, Title: h.Title, SourceOrgID: h.SourceOrgID,
			SourceOrg: h.SourceOrg, AdoptedAt: timeOut(h.AdoptedAt)}
	}
	return j
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

type bulletinInput struct {
	OrgID      xuezuo.ID `json:"org_id"`
	CampaignID xuezuo.ID `json:"campaign_id"`
	TopicID    xuezuo.ID `json:"topic_id"`
	Quarter    string    `json:"quarter"`
	From       string    `json:"from"`
	To         string    `json:"to"`
	Preface    *string   `json:"preface"`
	Closing    *string   `json:"closing"`
}

func (h *Handler) bulletinCreate(w http.ResponseWriter, r *http.Request) error {
	var j bulletinInput
	if err := decode(r, &j); err != nil {
		return err
	}
	var p dates
	from, to := p.get("from", j.From), p.get("to", j.To)
	if err := p.v.Err(); err != nil {
		return err
	}
	b, err := h.svc.Bulletins.CreateBulletin(r.Context(), report.BulletinInput{OrgID: j.OrgID, CampaignID: j.CampaignID, TopicID: j.TopicID,
		Quarter: j.Quarter, From: from, To: to, Preface: j.Preface, Closing: j.Closing})
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("/api/v1/bulletins/%d", b.ID), bulletinOut(b))
}

func (h *Handler) bulletinGet(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, h.svc.Bulletins.Bulletin, bulletinOut)
}

type bulletinPatch struct {
	Preface *string `json:"preface"`
	Closing *string `json:"closing"`
}

func (h *Handler) bulletinUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var j bulletinPatch
	if err := decode(r, &j); err != nil {
		return err
	}
	b, err := h.svc.Bulletins.EditBulletin(r.Context(), id, j.Preface, j.Closing)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, bulletinOut(b))
}

func (h *Handler) bulletinPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, err := h.svc.Bulletins.Publish(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, bulletinOut(b))
}

// bulletinList pages an org's bulletins: ?org=N[&campaign=][&state=][&limit=&offset=].
func (h *Handler) bulletinList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	orgID, err := strconv.ParseInt(q.Get("org"), 10, 64)
	if err != nil || orgID <= 0 {
		return fieldError("org", "请用 org 参数指定印发通报的组织")
	}
	f := report.BulletinFilter{OrgID: orgID, State: q.Get("state")}
	if s := q.Get("campaign"); s != "" {
		if f.CampaignID, err = strconv.ParseInt(s, 10, 64); err != nil || f.CampaignID <= 0 {
			return fieldError("campaign", "campaign 应为学习教育的编号")
		}
	}
	if f.Limit, f.Offset, err = paging(r, maxPage); err != nil {
		return err
	}
	xs, total, err := h.svc.Bulletins.ListBulletins(r.Context(), f)
	if err != nil {
		return err
	}
	out := list[bulletinSummaryJSON]{Total: total, Items: make([]bulletinSummaryJSON, len(xs))}
	for i := range xs {
		b := &xs[i]
		out.Items[i] = bulletinSummaryJSON{ID: b.ID, OrgID: b.OrgID, CampaignID: b.CampaignID, State: b.State, Year: b.Year,
			Number: b.Number, DocNo: b.DocNo, Title: b.Title, Period: b.Period, From: b.From.String(), To: b.To.String(),
			PublishedAt: publishedOut(b)}
	}
	return writeJSON(w, http.StatusOK, out)
}

// bulletinDocument answers the bulletin as a file; format comes from the route.
func (h *Handler) bulletinDocument(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		d, err := h.svc.Bulletins.Document(r.Context(), id, format)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", d.ContentType)
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Name}))
		w.WriteHeader(http.StatusOK)
		_, err = w.Write(d.Data)
		return err
	}
}
