package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
)

// MeetingForm is the input of the new-meeting and edit forms, kept on a 422.
type MeetingForm struct {
	Kind, Title, TopicID, HeldOn, Place, SpeakerCount string
	HostID, RecorderID, Agenda, Minutes               string
	CheckinFrom, CheckinTo, CheckinCode               string
	Speakers                                          map[string]bool
	// A lecture's fields (党课); Audience holds the checked branch ids.
	LecturerKind, LecturerMemberID, LecturerName, LecturerTitle, Material string
	Audience                                                              map[string]bool
}

// MeetingFormPage is the new-meeting form (GET /orgs/{id}/meetings/new) and
// the edit form (GET /meetings/{id}/edit), and either after a failed POST.
type MeetingFormPage struct {
	Base
	Org        *org.Org
	Meeting    *meeting.Meeting // nil on the new-meeting form
	Action     string
	KindLabel  string // edit: kind and topic are fixed
	TopicLabel string
	DateLocked bool // edit: attendance exists, so the date stays
	Form       MeetingForm
	Errors     FormErrors
	Kinds      []Option
	Topics     []Option
	Members    []Option
	// Lecture shows the lecture's fields: on the new form (shown when the
	// kind 党课 is chosen) for an org that may hold lectures, on the edit
	// form of a lecture. Audience lists the branches a new lecture may be
	// held for; AudienceNames is an edited lecture's fixed audience.
	Lecture       bool
	LecturerKinds []Option
	KindBlank     string // the empty choice's label when not 请选择
	Audience      []Option
	AudienceNames string
}

// meetingFormPage fills the selects: kinds, the topics of published
// campaigns covering the org, and the org's members as speakers.
func (h *Handler) meetingFormPage(r *http.Request, orgID xuezuo.ID, f MeetingForm, fe FormErrors) (MeetingFormPage, error) {
	ctx := r.Context()
	o, err := h.d.Org.Get(ctx, orgID)
	if err != nil {
		return MeetingFormPage{}, err
	}
	p := MeetingFormPage{Base: h.base(r, "登记会议"), Org: o, Form: f, Errors: fe, Action: fmt.Sprintf("/orgs/%d/meetings", o.ID),
		Lecture: meeting.HoldsLecture(o), LecturerKinds: options(meeting.LecturerKinds)}
	for _, k := range campaign.MeetingKinds {
		// A general branch or unit holds lectures only.
		if o.HoldsMembers() || k.Code == meeting.KindLecture {
			p.Kinds = append(p.Kinds, Option{Value: k.Code, Label: k.Label})
		}
	}
	aud, err := h.d.Meeting.AudienceChoices(ctx, orgID)
	if err != nil {
		return MeetingFormPage{}, err
	}
	for _, a := range aud {
		p.Audience = append(p.Audience, Option{Value: fmt.Sprint(a.ID), Label: a.Name})
	}
	if p.Topics, err = h.topicOptions(ctx, orgID); err != nil {
		return MeetingFormPage{}, err
	}
	ms, err := h.d.Member.List(ctx, member.Filter{OrgID: orgID, Limit: whoWroteLimit})
	if err != nil {
		return MeetingFormPage{}, err
	}
	for _, m := range ms.Items {
		label := m.Name
		if m.Cadre {
			label += "（领导干部）"
		}
		p.Members = append(p.Members, Option{Value: fmt.Sprint(m.ID), Label: label})
	}
	return p, nil
}

// topicOptions lists the topics of the published campaigns the actor sees
// whose scope holds orgID (every campaign when orgID is 0).
func (h *Handler) topicOptions(ctx context.Context, orgID xuezuo.ID) ([]Option, error) {
	cs, err := h.d.Campaign.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []Option
	for i := range cs {
		if !cs[i].Published() {
			continue
		}
		// The list carries no topics; Get loads them.
		c, err := h.d.Campaign.Get(ctx, cs[i].ID)
		if err != nil {
			return nil, err
		}
		if orgID != 0 {
			ok, err := h.d.Campaign.InScope(ctx, c, orgID)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		for _, t := range c.Topics {
			out = append(out, Option{Value: fmt.Sprint(t.ID),
				Label: fmt.Sprintf("%s · 专题%d %s（%s 前）", c.Title, t.No, t.Title, t.Deadline)})
		}
	}
	return out, nil
}

// meetingNew shows the form; ?topic preselects a topic and its kind.
func (h *Handler) meetingNew(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := MeetingForm{TopicID: r.URL.Query().Get("topic"), HeldOn: xuezuo.DateOf(h.clock.Now()).String(), Kind: r.URL.Query().Get("kind")}
	if f.TopicID != "" {
		f.Kind = "topic_study"
	}
	p, err := h.meetingFormPage(r, id, f, FormErrors{})
	if err != nil {
		return err
	}
	// A new lecture is held for every branch under the org unless unticked.
	p.Form.Audience = map[string]bool{}
	for _, a := range p.Audience {
		p.Form.Audience[a.Value] = true
	}
	if len(p.Kinds) == 1 {
		p.Form.Kind = p.Kinds[0].Value
	}
	return h.render(w, r, http.StatusOK, "meeting_form.html", p)
}

// parseLocalTime reads a datetime-local field as Beijing time.
func parseLocalTime(v *xuezuo.Validation, field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", s, xuezuo.Beijing)
	if err != nil {
		v.Add(field, "时间格式不正确，应为 2006-01-02T15:04")
	}
	return t
}

// meetingCreate records a meeting of the org.
func (h *Handler) meetingCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	var v xuezuo.Validation
	f, e := readMeetingForm(r, &v)
	f.Kind, f.TopicID = formValue(r, "kind"), formValue(r, "topic_id")
	in := meeting.Input{OrgID: id, Kind: f.Kind, TopicID: idValue(f.TopicID), Title: e.Title, HeldOn: e.HeldOn, Place: e.Place,
		HostID: e.HostID, RecorderID: e.RecorderID, Agenda: e.Agenda, Minutes: e.Minutes, SpeakerIDs: e.SpeakerIDs,
		SpeakerCount: e.SpeakerCount, CheckinFrom: e.CheckinFrom, CheckinTo: e.CheckinTo, CheckinCode: e.CheckinCode}
	if f.Kind == meeting.KindLecture {
		// The lecture's fields stay in the page (hidden) for other kinds;
		// only a lecture sends them.
		in.Lecture = e.Lecture
		for _, s := range r.PostForm["audience_org_ids"] {
			f.Audience[s] = true
			in.Lecture.Audience = append(in.Lecture.Audience, idValue(s))
		}
	} else {
		f.Audience = map[string]bool{}
		for _, s := range r.PostForm["audience_org_ids"] {
			f.Audience[s] = true
		}
	}
	shown := append([]string{"kind", "topic_id", "audience_org_ids"}, meetingFields...)
	return h.submit(w, r, submission{pre: &v, shown: shown,
		save: func() (string, error) {
			m, err := h.d.Meeting.Create(r.Context(), in)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("/meetings/%d", m.ID), nil
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.meetingFormPage(r, id, f, fe)
			if err != nil {
				return err
			}
			return h.render(w, r, status, "meeting_form.html", p)
		}})
}
