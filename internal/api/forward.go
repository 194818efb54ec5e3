package api

import (
	"fmt"
	"net/http"
	"strconv"

	"xuezuo"
	"xuezuo/internal/report"
)

type hopJSON struct {
	OrgID    xuezuo.ID `json:"org_id"`
	ByUserID xuezuo.ID `json:"by_user_id"`
	At       string    `json:"at"`
	Note     string    `json:"note"`
}

type forwardJSON struct {
	ID        xuezuo.ID `json:"id"`
	Kind      string    `json:"kind"`
	ItemID    xuezuo.ID `json:"item_id"`
	FromOrgID xuezuo.ID `json:"from_org_id"`
	ToOrgID   xuezuo.ID `json:"to_org_id"`
	Quarter   string    `json:"quarter"`
	Adopted   bool      `json:"adopted"`
	Title     string    `json:"title"`
	Chain     []hopJSON `json:"chain"`
}

func forwardOut(f *report.Forward) forwardJSON {
	j := forwardJSON{ID: f.ID, Kind: f.Kind, ItemID: f.ItemID, FromOrgID: f.FromOrgID, ToOrgID: f.ToOrgID, Quarter: f.Quarter,
		Adopted: f.Adopted, Title: f.Title, Chain: make([]hopJSON, len(f.Chain))}
	for i, h := range f.Chain {
		j.Chain[i] = hopJSON{OrgID: h.OrgID, ByUserID: h.ByUserID, At: timeOut(h.At), Note: h.Note}
	}
	return j
}

type forwardInput struct {
	Kind      string    `json:"kind"`
	ItemID    xuezuo.ID `json:"item_id"`
	Note      string    `json:"note"`
	FromOrgID xuezuo.ID `json:"from_org_id"`
}

func (h *Handler) forwardCreate(w http.ResponseWriter, r *http.Request) error {
	var j forwardInput
	if err := decode(r, &j); err != nil {
		return err
	}
	f, err := h.svc.Report.Forward(r.Context(), report.ForwardInput{Kind: j.Kind, ItemID: j.ItemID, Note: j.Note, FromOrgID: j.FromOrgID})
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("/api/v1/forwards/%d", f.ID), forwardOut(f))
}

func (h *Handler) forwardGet(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, h.svc.Report.GetForward, forwardOut)
}

func (h *Handler) forwardAdopt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := h.svc.Report.Adopt(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, forwardOut(f))
}

// forwardList pages a receiving org's inbox: ?org=N&quarter=2016Q2[&kind=][&limit=&offset=].
func (h *Handler) forwardList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	orgID, err := strconv.ParseInt(q.Get("org"), 10, 64)
	if err != nil || orgID <= 0 {
		return fieldError("org", "请用 org 参数指定接收报送的组织")
	}
	f := report.InboxFilter{OrgID: orgID, Quarter: q.Get("quarter"), Kind: q.Get("kind")}
	if f.Limit, f.Offset, err = paging(r, maxPage); err != nil {
		return err
	}
	xs, total, err := h.svc.Report.Inbox(r.Context(), f)
	if err != nil {
		return err
	}
	out := list[forwardJSON]{Total: total, Items: make([]forwardJSON, len(xs))}
	for i := range xs {
		out.Items[i] = forwardOut(&xs[i])
	}
	return writeJSON(w, http.StatusOK, out)
}
