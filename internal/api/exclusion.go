package api

import (
	"net/http"
	"strconv"

	"xuezuo"
	"xuezuo/internal/meeting"
)

type exclusionJSON struct {
	ID         xuezuo.ID `json:"id"`
	CampaignID xuezuo.ID `json:"campaign_id"`
	MemberID   xuezuo.ID `json:"member_id"`
	MemberName string    `json:"member_name"`
	Category   string    `json:"category"`
	Reason     string    `json:"reason"`
	DecidedOn  string    `json:"decided_on"`
}

func exclusionOut(ex *meeting.Exclusion) exclusionJSON {
	return exclusionJSON{ID: ex.ID, CampaignID: ex.CampaignID, MemberID: ex.MemberID, MemberName: ex.MemberName,
		Category: ex.Category, Reason: ex.Reason, DecidedOn: ex.DecidedOn.String()}
}

type exclusionInput struct {
	MemberID  xuezuo.ID `json:"member_id"`
	Category  string    `json:"category"`
	Reason    string    `json:"reason"`
	DecidedOn string    `json:"decided_on"`
}

// exclusionCreate records that a member is not expected for the whole
// campaign (POST /api/v1/campaigns/{id}/exclusions).
func (h *Handler) exclusionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var j exclusionInput
	if err := decode(r, &j); err != nil {
		return err
	}
	var p dates
	on := p.get("decided_on", j.DecidedOn)
	if err := p.v.Err(); err != nil {
		return err
	}
	ex, err := h.svc.Meeting.Exclude(r.Context(), meeting.Exclusion{CampaignID: id, MemberID: j.MemberID, Category: j.Category,
		Reason: j.Reason, DecidedOn: on})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, exclusionOut(ex))
}

// exclusionList lists a campaign's exclusions of members under ?org=.
func (h *Handler) exclusionList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	orgID, err := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	if err != nil || orgID <= 0 {
		return fieldError("org", "请用 org 参数指定组织")
	}
	list, err := h.svc.Meeting.Exclusions(r.Context(), id, orgID)
	if err != nil {
		return err
	}
	out := make([]exclusionJSON, len(list))
	for i := range list {
		out[i] = exclusionOut(&list[i])
	}
	return writeJSON(w, http.StatusOK, listOf(out))
}

// exclusionDelete withdraws an exclusion recorded in error.
func (h *Handler) exclusionDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.svc.Meeting.RevokeExclusion(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
