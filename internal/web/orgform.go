package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"xuezuo"
	"xuezuo/internal/org"
)

// orgFields are the fields the org form shows beside their inputs.
var orgFields = []string{"name", "kind", "is_unit", "org_kind", "joint", "workplaces", "temporary", "approval", "established", "issuer_name", "doc_code"}

// OrgForm is the org form's input as typed, kept on a failed submission.
type OrgForm struct {
	Name, Kind, OrgKind, Workplaces, Approval, Established string
	IssuerName, DocCode                                    string // 发文机关标志 and 机关代字 of bulletins
	IsUnit, Joint, Temporary                               bool
}

func orgFormFrom(r *http.Request) OrgForm {
	return OrgForm{Name: formValue(r, "name"), Kind: formValue(r, "kind"), OrgKind: formValue(r, "org_kind"),
		Workplaces: r.PostFormValue("workplaces"), Approval: formValue(r, "approval"), Established: formValue(r, "established"),
		IssuerName: formValue(r, "issuer_name"), DocCode: formValue(r, "doc_code"),
		IsUnit: formBool(r, "is_unit"), Joint: formBool(r, "joint"), Temporary: formBool(r, "temporary")}
}

func orgFormOf(o *org.Org) OrgForm {
	return OrgForm{Name: o.Name, Kind: string(o.Kind), OrgKind: o.OrgKind, Workplaces: strings.Join(o.Workplaces, "\n"),
		Approval: o.Approval, Established: o.Established.String(), IsUnit: o.IsUnit, Joint: o.Joint, Temporary: o.Temporary,
		IssuerName: o.IssuerName, DocCode: o.DocCode}
}

// input converts the form, adding date errors to v.
func (f OrgForm) input(v *xuezuo.Validation) org.Input {
	return org.Input{Name: f.Name, Kind: org.Kind(f.Kind), IsUnit: f.IsUnit, OrgKind: f.OrgKind, Joint: f.Joint,
		Temporary: f.Temporary, Workplaces: lines(f.Workplaces), Approval: f.Approval,
		Established: dateField(v, "established", f.Established), IssuerName: f.IssuerName, DocCode: f.DocCode}
}

// MoveForm is the 调整隶属关系 form on the edit page.
type MoveForm struct {
	ParentID   string
	Errors     FormErrors
	Candidates []OrgOption
}

// OrgFormPage is the create-child and the edit page of an org.
type OrgFormPage struct {
	Base
	Org      *org.Org // the parent when creating, the org itself when editing
	Edit     bool
	Action   string
	Form     OrgForm
	Errors   FormErrors
	Kinds    []Option
	OrgKinds []Option
	Move     *MoveForm // edit only, for organisers
}

func (h *Handler) orgFormPage(r *http.Request, o *org.Org, edit bool) OrgFormPage {
	p := OrgFormPage{Org: o, Edit: edit, Kinds: []Option{
		{string(org.KindCommittee), org.KindCommittee.Label()}, {string(org.KindGeneralBranch), org.KindGeneralBranch.Label()},
		{string(org.KindBranch), org.KindBranch.Label()}, {string(org.KindGroup), org.KindGroup.Label()}}}
	for _, k := range org.OrgKinds {
		p.OrgKinds = append(p.OrgKinds, Option{k.Code, k.Label})
	}
	if edit {
		p.Base, p.Action = h.base(r, "编辑 "+o.Name), fmt.Sprintf("/orgs/%d/edit", o.ID)
	} else {
		p.Base, p.Action = h.base(r, "新建下级组织"), fmt.Sprintf("/orgs/%d/children", o.ID)
	}
	return p
}

// orgNew shows the form for a child org.
func (h *Handler) orgNew(w http.ResponseWriter, r *http.Request) error {
	parent, err := h.getOrg(r)
	if err != nil {
		return err
	}
	p := h.orgFormPage(r, parent, false)
	switch parent.Kind {
	case org.KindBranch:
		p.Form.Kind = string(org.KindGroup)
	default:
		p.Form.Kind = string(org.KindBranch)
	}
	return h.render(w, r, http.StatusOK, "org_form.html", p)
}

// orgCreate creates a child org and shows it.
func (h *Handler) orgCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	f := orgFormFrom(r)
	var v xuezuo.Validation
	in := f.input(&v)
	in.ParentID = id
	return h.submit(w, r, submission{pre: &v, shown: orgFields,
		save: func() (string, error) {
			o, err := h.d.Org.Create(r.Context(), in)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("/orgs/%d", o.ID), nil
		},
		again: func(fe FormErrors, status int) error {
			parent, err := h.getOrg(r)
			if err != nil {
				return err
			}
			p := h.orgFormPage(r, parent, false)
			p.Form, p.Errors = f, fe
			return h.render(w, r, status, "org_form.html", p)
		}})
}

// orgEdit shows the edit form, with the move form for organisers.
func (h *Handler) orgEdit(w http.ResponseWriter, r *http.Request) error {
	o, err := h.getOrg(r)
	if err != nil {
		return err
	}
	return h.orgEditPage(w, r, http.StatusOK, o, orgFormOf(o), FormErrors{}, fmt.Sprint(o.ParentID))
}

// addMoveForm offers the orgs the org could move under: committees and
// general branches the actor's tree shows, outside the org's own subtree.
func (h *Handler) addMoveForm(ctx context.Context, p *OrgFormPage, parentID string) error {
	a := actor(ctx)
	if !a.Has(xuezuo.RoleOrgAdmin) || p.Org.ParentID == 0 {
		return nil
	}
	own, err := h.d.Org.Subtree(ctx, p.Org.ID)
	if err != nil {
		return err
	}
	inside := map[xuezuo.ID]bool{}
	for _, o := range own {
		inside[o.ID] = true
	}
	opts, err := h.orgOptions(ctx, func(o *org.Org) bool {
		return !inside[o.ID] && o.Active() && (o.Kind == org.KindCommittee || o.Kind == org.KindGeneralBranch)
	})
	if err != nil {
		return err
	}
	p.Move = &MoveForm{ParentID: parentID, Candidates: opts}
	return nil
}

// orgUpdate saves the edit form.
func (h *Handler) orgUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	f := orgFormFrom(r)
	var v xuezuo.Validation
	in := f.input(&v)
	return h.submit(w, r, submission{pre: &v, shown: orgFields,
		save: func() (string, error) {
			_, err := h.d.Org.Update(r.Context(), id, in)
			return fmt.Sprintf("/orgs/%d", id), err
		},
		again: func(fe FormErrors, status int) error {
			o, err := h.getOrg(r)
			if err != nil {
				return err
			}
			f.Kind = string(o.Kind) // the kind never changes on edit
			return h.orgEditPage(w, r, status, o, f, fe, fmt.Sprint(o.ParentID))
		}})
}

// orgEditPage renders the edit page with the form as typed and its errors.
func (h *Handler) orgEditPage(w http.ResponseWriter, r *http.Request, status int, o *org.Org, f OrgForm, fe FormErrors, parent string) error {
	p := h.orgFormPage(r, o, true)
	p.Form, p.Errors = f, fe
	if err := h.addMoveForm(r.Context(), &p, parent); err != nil {
		return err
	}
	return h.render(w, r, status, "org_form.html", p)
}

// orgMove puts the org under the chosen parent.
func (h *Handler) orgMove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	raw := formValue(r, "parent_id")
	return h.submit(w, r, submission{shown: []string{"parent_id"},
		save: func() (string, error) {
			return fmt.Sprintf("/orgs/%d", id), h.d.Org.Move(r.Context(), id, idValue(raw))
		},
		again: func(fe FormErrors, status int) error {
			o, err := h.getOrg(r)
			if err != nil {
				return err
			}
			p := h.orgFormPage(r, o, true)
			p.Form = orgFormOf(o)
			if err := h.addMoveForm(r.Context(), &p, raw); err != nil {
				return err
			}
			if p.Move == nil {
				p.Move = &MoveForm{ParentID: raw}
			}
			p.Move.Errors = fe
			return h.render(w, r, status, "org_form.html", p)
		}})
}

// orgDissolve dissolves an empty org on the given date (default today) and
// returns to its parent.
func (h *Handler) orgDissolve(w http.ResponseWriter, r *http.Request) error {
	o, err := h.getOrg(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	var v xuezuo.Validation
	on := dateField(&v, "on", formValue(r, "on"))
	if err := v.Err(); err != nil {
		h.errorPage(w, r, http.StatusUnprocessableEntity, "撤销日期"+msgBadDate, "")
		return nil
	}
	if err := h.d.Org.Dissolve(r.Context(), o.ID, on); err != nil {
		return err
	}
	if o.ParentID == 0 {
		return h.seeOther(w, r, "/orgs")
	}
	return h.seeOther(w, r, fmt.Sprintf("/orgs/%d", o.ParentID))
}

// getOrg loads the org the path's {id} names, in the actor's scope.
func (h *Handler) getOrg(r *http.Request) (*org.Org, error) {
	return load(r, h.d.Org.Get)
}

// orgOptions lists the orgs of the actor's view of the tree in tree order,
// indented by depth, keeping those keep accepts.
func (h *Handler) orgOptions(ctx context.Context, keep func(*org.Org) bool) ([]OrgOption, error) {
	tops, err := h.d.Org.Tops(ctx)
	if err != nil {
		return nil, err
	}
	var out []OrgOption
	seen := map[xuezuo.ID]bool{}
	for _, top := range tops {
		sub, err := h.d.Org.Subtree(ctx, top.ID)
		if err != nil {
			return nil, err
		}
		kids := map[xuezuo.ID][]*org.Org{}
		for i := range sub {
			kids[sub[i].ParentID] = append(kids[sub[i].ParentID], &sub[i])
		}
		var walk func(o *org.Org, depth int)
		walk = func(o *org.Org, depth int) {
			if seen[o.ID] {
				return
			}
			seen[o.ID] = true
			if keep(o) {
				out = append(out, OrgOption{ID: o.ID, Label: strings.Repeat("　", depth) + o.Name + "（" + o.KindLabel() + "）"})
			}
			for _, k := range kids[o.ID] {
				walk(k, depth+1)
			}
		}
		for i := range sub {
			if sub[i].ID == top.ID {
				walk(&sub[i], 0)
			}
		}
	}
	return out, nil
}
