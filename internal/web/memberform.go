package web

import (
	"fmt"
	"net/http"

	"xuezuo"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
)

// memberFields are the fields the member form shows beside their inputs.
var memberFields = []string{"name", "gender", "birth", "join_date", "full_date", "category", "status",
	"status_since", "status_reason", "cadre", "post", "phone", "transfer_in"}

// MemberForm is the member form's input as typed, kept on a failed
// submission.
type MemberForm struct {
	Name, Gender, Birth, JoinDate, FullDate, Category string
	Status, StatusSince, StatusReason, Post, Phone    string
	TransferIn                                        string
	BirthYearOnly, Cadre                              bool
}

func memberFormFrom(r *http.Request) MemberForm {
	return MemberForm{Name: formValue(r, "name"), Gender: formValue(r, "gender"), Birth: formValue(r, "birth"),
		JoinDate: formValue(r, "join_date"), FullDate: formValue(r, "full_date"), Category: formValue(r, "category"),
		Status: formValue(r, "status"), StatusSince: formValue(r, "status_since"), StatusReason: formValue(r, "status_reason"),
		Post: formValue(r, "post"), Phone: formValue(r, "phone"), TransferIn: formValue(r, "transfer_in"),
		BirthYearOnly: formBool(r, "birth_year_only"), Cadre: formBool(r, "cadre")}
}

func memberFormOf(m *member.Member) MemberForm {
	return MemberForm{Name: m.Name, Gender: m.Gender, Birth: m.Birth.String(), BirthYearOnly: m.BirthYearOnly,
		JoinDate: m.JoinDate.String(), FullDate: m.FullDate.String(), Category: m.Category, Status: m.Status,
		StatusSince: m.StatusSince.String(), StatusReason: m.StatusReason, Post: m.Post, Phone: m.Phone, Cadre: m.Cadre}
}

// input converts the form, adding date errors to v. A birth of a bare year,
// or any birth date with 只知年份 ticked, keeps only the year.
func (f MemberForm) input(v *xuezuo.Validation) member.Input {
	birth, yearOnly, err := parseBirth(f.Birth)
	if err != nil {
		v.Add("birth", msgBadDate+"（只知年份时可填 4 位年份）")
	}
	return member.Input{Name: f.Name, Gender: f.Gender, Birth: birth, BirthYearOnly: yearOnly || (f.BirthYearOnly && !birth.IsZero()),
		JoinDate: dateField(v, "join_date", f.JoinDate), FullDate: dateField(v, "full_date", f.FullDate),
		Category: f.Category, Status: f.Status, StatusSince: dateField(v, "status_since", f.StatusSince),
		StatusReason: f.StatusReason, Cadre: f.Cadre, Post: f.Post, Phone: f.Phone,
		TransferIn: dateField(v, "transfer_in", f.TransferIn)}
}

// MemberFormPage is the new-member and the edit-member page.
type MemberFormPage struct {
	Base
	Org        *org.Org       // the branch, when creating
	Member     *member.Member // the member, when editing
	Edit       bool
	Action     string
	Form       MemberForm
	Errors     FormErrors
	Genders    []Option
	Categories []Option
	Statuses   []Option
	Posts      []Option
}

func (h *Handler) memberFormPage(r *http.Request, o *org.Org, m *member.Member) MemberFormPage {
	p := MemberFormPage{Org: o, Member: m, Genders: options(member.Genders), Categories: options(member.Categories),
		Statuses: options(member.Statuses), Posts: options(member.Posts)}
	if m != nil {
		p.Edit, p.Action, p.Base = true, fmt.Sprintf("/members/%d/edit", m.ID), h.base(r, "编辑党员 "+m.Name)
	} else {
		p.Action, p.Base = fmt.Sprintf("/orgs/%d/members", o.ID), h.base(r, "新增党员")
	}
	return p
}

// memberNew shows the new-member form of a branch.
func (h *Handler) memberNew(w http.ResponseWriter, r *http.Request) error {
	o, err := h.getOrg(r)
	if err != nil {
		return err
	}
	p := h.memberFormPage(r, o, nil)
	p.Form.Status = "normal"
	return h.render(w, r, http.StatusOK, "member_form.html", p)
}

// memberCreate adds a member and shows the new record.
func (h *Handler) memberCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	f := memberFormFrom(r)
	var v xuezuo.Validation
	in := f.input(&v)
	in.OrgID = id
	return h.submit(w, r, submission{pre: &v, shown: memberFields,
		save: func() (string, error) {
			m, err := h.d.Member.Create(r.Context(), in)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("/members/%d", m.ID), nil
		},
		again: func(fe FormErrors, status int) error {
			o, err := h.getOrg(r)
			if err != nil {
				return err
			}
			p := h.memberFormPage(r, o, nil)
			p.Form, p.Errors = f, fe
			return h.render(w, r, status, "member_form.html", p)
		}})
}

// memberEdit shows the edit form of a member.
func (h *Handler) memberEdit(w http.ResponseWriter, r *http.Request) error {
	m, err := h.getMember(r)
	if err != nil {
		return err
	}
	p := h.memberFormPage(r, nil, m)
	p.Form = memberFormOf(m)
	return h.render(w, r, http.StatusOK, "member_form.html", p)
}

// memberUpdate saves the edit form.
func (h *Handler) memberUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	f := memberFormFrom(r)
	var v xuezuo.Validation
	in := f.input(&v)
	return h.submit(w, r, submission{pre: &v, shown: memberFields,
		save: func() (string, error) {
			_, err := h.d.Member.Update(r.Context(), id, in)
			return fmt.Sprintf("/members/%d", id), err
		},
		again: func(fe FormErrors, status int) error {
			m, err := h.getMember(r)
			if err != nil {
				return err
			}
			p := h.memberFormPage(r, nil, m)
			p.Form, p.Errors = f, fe
			return h.render(w, r, status, "member_form.html", p)
		}})
}

// getMember loads the member the path's {id} names, in the actor's scope.
func (h *Handler) getMember(r *http.Request) (*member.Member, error) {
	return load(r, h.d.Member.Get)
}
