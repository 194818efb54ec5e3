package api

import (
	"fmt"
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

func (h *Handler) memberList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	orgID, err := strconv.ParseInt(q.Get("org"), 10, 64)
	if err != nil || orgID <= 0 {
		return &xuezuo.Error{Code: xuezuo.EInvalid, Message: "请用 org 参数指定组织", Fields: map[string]string{"org": "请指定组织"}}
	}
	limit, offset, err := paging(r, maxMemberPage)
	if err != nil {
		return err
	}
	page, err := h.svc.Member.List(r.Context(), member.Filter{OrgID: orgID, Name: q.Get("name"), Status: q.Get("status"),
		Category: q.Get("category"), Standing: q.Get("standing"), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	out := list[memberJSON]{Total: page.Total, Items: make([]memberJSON, len(page.Items))}
	for i := range page.Items {
		out.Items[i] = memberOut(&page.Items[i])
	}
	return writeJSON(w, http.StatusOK, out)
}

func (h *Handler) memberGet(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, h.svc.Member.Get, memberOut)
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

func (h *Handler) memberCreate(w http.ResponseWriter, r *http.Request) error {
	var j memberInput
	if err := decode(r, &j); err != nil {
		return err
	}
	in := member.Input{Status: "normal"}
	if err := j.overlay(&in); err != nil {
		return err
	}
	m, err := h.svc.Member.Create(r.Context(), in)
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("/api/v1/members/%d", m.ID), memberOut(m))
}

func (h *Handler) memberUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cur, err := h.svc.Member.Get(r.Context(), id)
	if err != nil {
		return err
	}
	var j memberInput
	if err := decode(r, &j); err != nil {
		return err
	}
	if j.OrgID != nil && *j.OrgID != cur.OrgID {
		return &xuezuo.Error{Code: xuezuo.EInvalid, Message: "调整所在支部请使用组织关系转接",
			Fields: map[string]string{"org_id": "不能在此修改所在支部"}}
	}
	in := member.Input{OrgID: cur.OrgID, Name: cur.Name, Gender: cur.Gender, Birth: cur.Birth, BirthYearOnly: cur.BirthYearOnly,
		JoinDate: cur.JoinDate, FullDate: cur.FullDate, Category: cur.Category, Status: cur.Status, StatusSince: cur.StatusSince,
		StatusReason: cur.StatusReason, Cadre: cur.Cadre, Post: cur.Post, Phone: cur.Phone}
	if err := j.overlay(&in); err != nil {
		return err
	}
	m, err := h.svc.Member.Update(r.Context(), id, in)
	if err != nil {
		return err
	}
	m.OrgName = cur.OrgName
	return writeJSON(w, http.StatusOK, memberOut(m))
}
