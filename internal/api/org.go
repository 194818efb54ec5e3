package api

import (
	"fmt"
	"net/http"

	"xuezuo"
	"xuezuo/internal/org"
)

type orgJSON struct {
	ID          xuezuo.ID `json:"id"`
	ParentID    *int64    `json:"parent_id"`
	Name        string    `json:"name"`
	Kind        string    `json:"kind"`
	IsUnit      bool      `json:"is_unit"`
	OrgKind     string    `json:"org_kind"`
	Joint       bool      `json:"joint"`
	Temporary   bool      `json:"temporary"`
	Workplaces  []string  `json:"workplaces"`
	Approval    string    `json:"approval"`
	Established *string   `json:"established"`
	DissolvedOn *string   `json:"dissolved_on"`
	IssuerName  string    `json:"issuer_name"`
	DocCode     string    `json:"doc_code"`
	Depth       *int      `json:"depth,omitempty"`
	Children    *int      `json:"children,omitempty"`
	Members     *int      `json:"members,omitempty"`
}

func orgOut(o *org.Org) orgJSON {
	j := orgJSON{ID: o.ID, Name: o.Name, Kind: string(o.Kind), IsUnit: o.IsUnit, OrgKind: o.OrgKind, Joint: o.Joint,
		Temporary: o.Temporary, Workplaces: o.Workplaces, Approval: o.Approval,
		Established: dateOut(o.Established), DissolvedOn: dateOut(o.DissolvedOn), IssuerName: o.IssuerName, DocCode: o.DocCode}
	if o.ParentID != 0 {
		p := o.ParentID
		j.ParentID = &p
	}
	if j.Workplaces == nil {
		j.Workplaces = []string{}
	}
	return j
}

func nodeOut(n org.Node) orgJSON {
	j := orgOut(&n.Org)
	c, m := n.Children, n.Members
	j.Children, j.Members = &c, &m
	return j
}

func nodesOut(ns []org.Node) list[orgJSON] {
	out := make([]orgJSON, len(ns))
	for i, n := range ns {
		out[i] = nodeOut(n)
	}
	return listOf(out)
}

func (h *Handler) orgTops(w http.ResponseWriter, r *http.Request) error {
	tops, err := h.svc.Org.Tops(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, nodesOut(tops))
}

func (h *Handler) orgGet(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, h.svc.Org.Get, orgOut)
}

func (h *Handler) orgChildren(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	kids, err := h.svc.Org.Children(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, nodesOut(kids))
}

func (h *Handler) orgSubtree(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sub, err := h.svc.Org.Subtree(r.Context(), id)
	if err != nil {
		return err
	}
	out := make([]orgJSON, len(sub))
	for i := range sub {
		out[i] = orgOut(&sub[i])
		d := sub[i].Depth
		out[i].Depth = &d
	}
	return writeJSON(w, http.StatusOK, listOf(out))
}

type orgInput struct {
	ParentID    xuezuo.ID `json:"parent_id"`
	Name        string    `json:"name"`
	Kind        string    `json:"kind"`
	IsUnit      bool      `json:"is_unit"`
	OrgKind     string    `json:"org_kind"`
	Joint       bool      `json:"joint"`
	Temporary   bool      `json:"temporary"`
	Workplaces  []string  `json:"workplaces"`
	Approval    string    `json:"approval"`
	Established string    `json:"established"`
	IssuerName  string    `json:"issuer_name"`
	DocCode     string    `json:"doc_code"`
}

func (h *Handler) orgCreate(w http.ResponseWriter, r *http.Request) error {
	var in orgInput
	if err := decode(r, &in); err != nil {
		return err
	}
	var p dates
	est := p.get("established", in.Established)
	if err := p.v.Err(); err != nil {
		return err
	}
	if in.ParentID == 0 {
		return &xuezuo.Error{Code: xuezuo.EInvalid, Message: "请指定上级组织", Fields: map[string]string{"parent_id": "请指定上级组织"}}
	}
	o, err := h.svc.Org.Create(r.Context(), org.Input{ParentID: in.ParentID, Name: in.Name, Kind: org.Kind(in.Kind), IsUnit: in.IsUnit,
		OrgKind: in.OrgKind, Joint: in.Joint, Temporary: in.Temporary, Workplaces: in.Workplaces, Approval: in.Approval, Established: est,
		IssuerName: in.IssuerName, DocCode: in.DocCode})
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("/api/v1/orgs/%d", o.ID), orgOut(o))
}

type moveInput struct {
	ParentID xuezuo.ID `json:"parent_id"`
}

func (h *Handler) orgMove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in moveInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := h.svc.Org.Move(r.Context(), id, in.ParentID); err != nil {
		return err
	}
	o, err := h.svc.Org.Get(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, orgOut(o))
}

// orgPatch names the fields a PATCH changes; absent ones keep their value.
type orgPatch struct {
	Name        *string   `json:"name"`
	IsUnit      *bool     `json:"is_unit"`
	OrgKind     *string   `json:"org_kind"`
	Joint       *bool     `json:"joint"`
	Temporary   *bool     `json:"temporary"`
	Workplaces  *[]string `json:"workplaces"`
	Approval    *string   `json:"approval"`
	Established *string   `json:"established"`
	IssuerName  *string   `json:"issuer_name"`
	DocCode     *string   `json:"doc_code"`
}

func (h *Handler) orgUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var j orgPatch
	if err := decode(r, &j); err != nil {
		return err
	}
	o, err := h.svc.Org.Get(r.Context(), id)
	if err != nil {
		return err
	}
	in := org.Input{Name: o.Name, Kind: o.Kind, IsUnit: o.IsUnit, OrgKind: o.OrgKind, Joint: o.Joint, Temporary: o.Temporary,
		Workplaces: o.Workplaces, Approval: o.Approval, Established: o.Established, IssuerName: o.IssuerName, DocCode: o.DocCode}
	set(&in.Name, j.Name)
	set(&in.IsUnit, j.IsUnit)
	set(&in.OrgKind, j.OrgKind)
	set(&in.Joint, j.Joint)
	set(&in.Temporary, j.Temporary)
	set(&in.Workplaces, j.Workplaces)
	set(&in.Approval, j.Approval)
	set(&in.IssuerName, j.IssuerName)
	set(&in.DocCode, j.DocCode)
	if j.Established != nil {
		var p dates
		in.Established = p.get("established", *j.Established)
		if err := p.v.Err(); err != nil {
			return err
		}
	}
	o, err = h.svc.Org.Update(r.Context(), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, orgOut(o))
}

// set copies *p into *dst when the field was present.
func set[T any](dst *T, p *T) {
	if p != nil {
		*dst = *p
	}
}
