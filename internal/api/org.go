package api

import (
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
	Depth       *int      `json:"depth,omitempty"`
	Children    *int      `json:"children,omitempty"`
	Members     *int      `json:"members,omitempty"`
}

func orgOut(o *org.Org) orgJSON {
	j := orgJSON{ID: o.ID, Name: o.Name, Kind: string(o.Kind), IsUnit: o.IsUnit, OrgKind: o.OrgKind, Joint: o.Joint,
		Temporary: o.Temporary, Workplaces: o.Workplaces, Approval: o.Approval,
		Established: dateOut(o.Established), DissolvedOn: dateOut(o.DissolvedOn)}
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

func nodesOut(ns []org.Node) items[orgJSON] {
	out := make([]orgJSON, len(ns))
	for i, n := range ns {
		out[i] = nodeOut(n)
	}
	return items[orgJSON]{out}
}

type items[T any] struct {
	Items []T `json:"items"`
}

func (h *Handler) orgTops(w http.ResponseWriter, r *http.Request) {
	tops, err := h.org.Tops(r.Context())
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, nodesOut(tops))
}

func (h *Handler) orgGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		var o *org.Org
		if o, err = h.org.Get(r.Context(), id); err == nil {
			writeJSON(w, http.StatusOK, orgOut(o))
			return
		}
	}
	h.writeErr(w, r, err)
}

func (h *Handler) orgChildren(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	kids, err := h.org.Children(r.Context(), id)
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, nodesOut(kids))
}

func (h *Handler) orgSubtree(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	sub, err := h.org.Subtree(r.Context(), id)
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	out := make([]orgJSON, len(sub))
	for i := range sub {
		out[i] = orgOut(&sub[i])
		d := sub[i].Depth
		out[i].Depth = &d
	}
	writeJSON(w, http.StatusOK, items[orgJSON]{out})
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
}

func (h *Handler) orgCreate(w http.ResponseWriter, r *http.Request) {
	var in orgInput
	if err := decode(r, &in); err != nil {
		h.writeErr(w, r, err)
		return
	}
	var p dates
	est := p.get("established", in.Established)
	if err := p.v.Err(); err != nil {
		h.writeErr(w, r, err)
		return
	}
	if in.ParentID == 0 {
		h.writeErr(w, r, &xuezuo.Error{Code: xuezuo.EInvalid, Message: "请指定上级组织", Fields: map[string]string{"parent_id": "请指定上级组织"}})
		return
	}
	o, err := h.org.Create(r.Context(), org.Input{ParentID: in.ParentID, Name: in.Name, Kind: org.Kind(in.Kind), IsUnit: in.IsUnit,
		OrgKind: in.OrgKind, Joint: in.Joint, Temporary: in.Temporary, Workplaces: in.Workplaces, Approval: in.Approval, Established: est})
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, orgOut(o))
}

type moveInput struct {
	ParentID xuezuo.ID `json:"parent_id"`
}

func (h *Handler) orgMove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	var in moveInput
	if err := decode(r, &in); err != nil {
		h.writeErr(w, r, err)
		return
	}
	if err := h.org.Move(r.Context(), id, in.ParentID); err != nil {
		h.writeErr(w, r, err)
		return
	}
	o, err := h.org.Get(r.Context(), id)
	if err != nil {
		h.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, orgOut(o))
}
