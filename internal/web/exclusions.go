package web

import (
	"fmt"
	"net/http"
	"strconv"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
)

// ExclusionForm is the input of a new campaign-wide exclusion.
type ExclusionForm struct {
	MemberID, Category, Reason, DecidedOn string
	Errors                                FormErrors
}

// ExclusionLine is one exclusion as listed.
type ExclusionLine struct {
	meeting.Exclusion
	CategoryLabel string
}

// ExclusionsPage is GET /orgs/{id}/exclusions?campaign=N: the branch's
// decisions that members are not expected for a whole campaign (domain.md R8).
type ExclusionsPage struct {
	Base
	Org        *org.Org
	Campaign   *campaign.Campaign
	Campaigns  []campaign.Campaign // to choose from when none is given
	Lines      []ExclusionLine
	CanWrite   bool
	Form       ExclusionForm
	Who        []Option
	Categories []Option
	Revoked    bool
}

// exclusionsPage loads the page for org id and the campaign in the query or
// form ("campaign"), leaving Campaign nil when none is chosen.
func (h *Handler) exclusionsPage(r *http.Request, id xuezuo.ID) (ExclusionsPage, error) {
	ctx := r.Context()
	o, err := h.d.Org.Get(ctx, id)
	if err != nil {
		return ExclusionsPage{}, err
	}
	p := ExclusionsPage{Base: h.base(r, o.Name+" · 不计入应到人员"), Org: o, Categories: options(meeting.ExclusionCategories),
		Form: ExclusionForm{DecidedOn: xuezuo.DateOf(h.clock.Now()).String()}}
	cid, _ := strconv.ParseInt(r.FormValue("campaign"), 10, 64)
	if cid <= 0 {
		cs, err := h.d.Campaign.List(ctx)
		for _, c := range cs {
			if c.Published() {
				p.Campaigns = append(p.Campaigns, c)
			}
		}
		return p, err
	}
	if p.Campaign, err = h.d.Campaign.Get(ctx, cid); err != nil {
		return p, err
	}
	list, err := h.d.Meeting.Exclusions(ctx, cid, id)
	if err != nil {
		return p, err
	}
	excluded := map[xuezuo.ID]bool{}
	for _, ex := range list {
		excluded[ex.MemberID] = true
		p.Lines = append(p.Lines, ExclusionLine{Exclusion: ex, CategoryLabel: member.Label(meeting.ExclusionCategories, ex.Category)})
	}
	// Exclusions are the branch's decision: the form is offered on orgs
	// that hold members, to those who may write them.
	p.CanWrite = isWriter(actor(ctx)) && o.HoldsMembers() && o.Active()
	if p.CanWrite {
		members, err := h.d.Member.List(ctx, member.Filter{OrgID: id, Limit: whoWroteLimit})
		if err != nil {
			return p, err
		}
		for _, m := range members.Items {
			if !excluded[m.ID] {
				p.Who = append(p.Who, Option{Value: fmt.Sprint(m.ID), Label: m.Name + "（" + member.Label(member.Statuses, m.Status) + "）"})
			}
		}
	}
	return p, nil
}

// orgExclusions shows the exclusions of a branch in a campaign.
func (h *Handler) orgExclusions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.exclusionsPage(r, id)
	if err != nil {
		return err
	}
	p.Revoked = r.URL.Query().Get("revoked") == "1"
	return h.render(w, r, http.StatusOK, "exclusions.html", p)
}

// exclusionCreate records a campaign-wide exclusion.
func (h *Handler) exclusionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	f := ExclusionForm{MemberID: formValue(r, "member_id"), Category: formValue(r, "category"), Reason: formValue(r, "reason"),
		DecidedOn: formValue(r, "decided_on")}
	cid := idValue(formValue(r, "campaign"))
	var v xuezuo.Validation
	on := dateField(&v, "decided_on", f.DecidedOn)
	shown := []string{"member_id", "category", "reason", "decided_on"}
	return h.submit(w, r, submission{pre: &v, shown: shown,
		save: func() (string, error) {
			_, err := h.d.Meeting.Exclude(r.Context(), meeting.Exclusion{CampaignID: cid, MemberID: idValue(f.MemberID),
				Category: f.Category, Reason: f.Reason, DecidedOn: on})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("/orgs/%d/exclusions?campaign=%d", id, cid), nil
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.exclusionsPage(r, id)
			if err != nil {
				return err
			}
			f.Errors = fe
			p.Form = f
			return h.render(w, r, status, "exclusions.html", p)
		}})
}

// exclusionRevoke withdraws an exclusion recorded in error.
func (h *Handler) exclusionRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	if err := h.d.Meeting.RevokeExclusion(r.Context(), idValue(formValue(r, "exclusion_id"))); err != nil {
		return err
	}
	return h.seeOther(w, r, fmt.Sprintf("/orgs/%d/exclusions?campaign=%d&revoked=1", id, idValue(formValue(r, "campaign"))))
}
