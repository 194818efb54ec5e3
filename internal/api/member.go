package api

import (
	"net/http"
	"strconv"

	"xuezuo"
	"xuezuo/internal/member"
)

type memberJSON struct {
	ID            xuezuo.ID `json:"id"`
	OrgID         xuezuo.ID `json:"org_id"`
	OrgName       string    `json:"org_name"`
	Name          string    `json:"name"`
	Gender        string    `json:"gender"`
	Birth         *string   `json:"birth"`
	BirthYearOnly bool      `json:"birth_year_only"`
	JoinDate      *string   `json:"join_date"`
	FullDate      *string   `json:"full_date"`
	Standing      string    `json:"standing"`
	Category      string    `json:"category"`
	Status        string    `json:"status"`
	StatusSince   *string   `json:"status_since"`
	StatusReason  string    `json:"status_reason"`
	Cadre         bool      `json:"cadre"`
	Post          string    `json:"post"`
	Phone         string    `json:"phone"`
}

func memberOut(m *member.Member) memberJSON {
	j := memberJSON{ID: m.ID, OrgID: m.OrgID, OrgName: m.OrgName, Name: m.Name, Gender: m.Gender,
		BirthYearOnly: m.BirthYearOnly, JoinDate: dateOut(m.JoinDate), FullDate: dateOut(m.FullDate),
		Standing: m.Standing, Category: m.Category, Status: m.Status, StatusSince: dateOut(m.StatusSince),
		StatusReason: m.StatusReason, Cadre: m.Cadre, Post: m.Post, Phone: m.Phone}
	if b := m.BirthText(); b != "" {
		j.Birth = &b
	}
	return j
}

type memberPage struct {
	Total int          `json:"total"`
	Items []memberJSON `json:"items"`
}

func (h *Handler) memberList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	orgID, err := strconv.ParseInt(q.Get("org"), 10, 64)
	if err != nil || orgID <= 0 {
		h.writeErr(w, r, &xuezuo.Error{Code: xuezuo.EInvalid, Message: "请用 org 参数指定组织", Fields: map[string]string{"org": "请指定组织"}})
		return
	}
	limit, err := queryInt(r, "limit", 20)
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	offset, err := queryInt(r, "offset", 0)
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	page, err := h.member.List(r.Context(), member.Filter{OrgID: orgID, Name: q.Get("name"), Status: q.Get("status"),
		Category: q.Get("category"), Standing: q.Get("standing"), Limit: limit, Offset: offset})
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	out := memberPage{Total: page.Total, Items: make([]memberJSON, len(page.Items))}
	for i := range page.Items {
		out.Items[i] = memberOut(&page.Items[i])
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) memberGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		var m *member.Member
		if m, err = h.member.Get(r.Context(), id); err == nil {
			writeJSON(w, http.StatusOK, memberOut(m))
			return
		}
	}
	h.writeErr(w, r, err)
}

// memberInput is the create body; every field of PATCH is optional.
type memberInput struct {
	OrgID        *xuezuo.ID `json:"org_id"`
	Name         *string    `json:"name"`
	Gender       *string    `json:"gender"`
	Birth        *string    `json:"birth"`
	JoinDate     *string    `json:"join_date"`
	FullDate     *string    `json:"full_date"`
	Category     *string    `json:"category"`
	Status       *string    `json:"status"`
	StatusSince  *string    `json:"status_since"`
	StatusReason *string    `json:"status_reason"`
	Cadre        *bool      `json:"cadre"`
	Post         *string    `json:"post"`
	Phone        *string    `json:"phone"`
	TransferIn   *string    `json:"transfer_in"`
}

// overlay applies the given fields onto in.
func (j *memberInput) overlay(in *member.Input) error {
	var p dates
	str := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	if j.OrgID != nil {
		in.OrgID = *j.OrgID
	}
	str(&in.Name, j.Name)
	str(&in.Gender, j.Gender)
	str(&in.Category, j.Category)
	str(&in.Status, j.Status)
	str(&in.StatusReason, j.StatusReason)
	str(&in.Post, j.Post)
	str(&in.Phone, j.Phone)
	if j.Cadre != nil {
		in.Cadre = *j.Cadre
	}
	if j.Birth != nil {
		d, yearOnly, err := parseDate(*j.Birth, true)
		if err != nil {
			p.v.Add("birth", "出生日期格式不正确，应为 2006-01-02 或 2006")
		}
		in.Birth, in.BirthYearOnly = d, yearOnly
	}
	date := func(dst *xuezuo.Date, field string, src *string) {
		if src != nil {
			*dst = p.get(field, *src)
		}
	}
	date(&in.JoinDate, "join_date", j.JoinDate)
	date(&in.FullDate, "full_date", j.FullDate)
	date(&in.StatusSince, "status_since", j.StatusSince)
	date(&in.TransferIn, "transfer_in", j.TransferIn)
	return p.v.Err()
}

func (h *Handler) memberCreate(w http.ResponseWriter, r *http.Request) {
	var j memberInput
	if err := decode(r, &j); err != nil {
		h.writeErr(w, r, err)
		return
	}
	in := member.Input{Status: "normal"}
	if err := j.overlay(&in); err != nil {
		h.writeErr(w, r, err)
		return
	}
	m, err := h.member.Create(r.Context(), in)
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, memberOut(m))
}

func (h *Handler) memberUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	cur, err := h.member.Get(r.Context(), id)
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	var j memberInput
	if err := decode(r, &j); err != nil {
		h.writeErr(w, r, err)
		return
	}
	if j.OrgID != nil && *j.OrgID != cur.OrgID {
		h.writeErr(w, r, &xuezuo.Error{Code: xuezuo.EInvalid, Message: "调整所在支部请使用组织关系转接",
			Fields: map[string]string{"org_id": "不能在此修改所在支部"}})
		return
	}
	in := member.Input{OrgID: cur.OrgID, Name: cur.Name, Gender: cur.Gender, Birth: cur.Birth, BirthYearOnly: cur.BirthYearOnly,
		JoinDate: cur.JoinDate, FullDate: cur.FullDate, Category: cur.Category, Status: cur.Status, StatusSince: cur.StatusSince,
		StatusReason: cur.StatusReason, Cadre: cur.Cadre, Post: cur.Post, Phone: cur.Phone}
	if err := j.overlay(&in); err != nil {
		h.writeErr(w, r, err)
		return
	}
	m, err := h.member.Update(r.Context(), id, in)
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	m.OrgName = cur.OrgName
	writeJSON(w, http.StatusOK, memberOut(m))
}
