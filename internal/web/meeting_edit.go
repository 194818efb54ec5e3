package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
)

// meetingFields are the fields the new-meeting and edit forms share.
var meetingFields = []string{"title", "held_at", "place", "host_id", "recorder_id", "agenda", "minutes", "speakers",
	"speaker_count", "checkin_from", "checkin_to", "checkin_code",
	"lecturer_kind", "lecturer_member_id", "lecturer_name", "lecturer_title", "material"}

// readMeetingForm reads the shared fields; dates, times and numbers that do
// not parse go to v, the rest is the service's to judge.
func readMeetingForm(r *http.Request, v *xuezuo.Validation) (MeetingForm, meeting.Edit) {
	f := MeetingForm{Title: formValue(r, "title"), HeldOn: formValue(r, "held_at"), Place: formValue(r, "place"),
		HostID: formValue(r, "host_id"), RecorderID: formValue(r, "recorder_id"), Agenda: formValue(r, "agenda"),
		Minutes: formValue(r, "minutes"), SpeakerCount: formValue(r, "speaker_count"), CheckinFrom: formValue(r, "checkin_from"),
		CheckinTo: formValue(r, "checkin_to"), CheckinCode: formValue(r, "checkin_code"), Speakers: map[string]bool{},
		LecturerKind: formValue(r, "lecturer_kind"), LecturerMemberID: formValue(r, "lecturer_member_id"),
		LecturerName: formValue(r, "lecturer_name"), LecturerTitle: formValue(r, "lecturer_title"), Material: formValue(r, "material"),
		Audience: map[string]bool{}}
	e := meeting.Edit{Title: f.Title, Place: f.Place, HostID: idValue(f.HostID), RecorderID: idValue(f.RecorderID),
		Agenda: f.Agenda, Minutes: f.Minutes, CheckinCode: f.CheckinCode,
		Lecture: meeting.LectureInput{Kind: f.LecturerKind, MemberID: idValue(f.LecturerMemberID), Name: f.LecturerName,
			Title: f.LecturerTitle, Material: f.Material}}
	for _, s := range r.PostForm["speakers"] {
		f.Speakers[s] = true
		e.SpeakerIDs = append(e.SpeakerIDs, idValue(s))
	}
	e.HeldOn = dateField(v, "held_at", f.HeldOn)
	if f.SpeakerCount != "" {
		n, err := strconv.Atoi(f.SpeakerCount)
		v.Check(err == nil, "speaker_count", "发言人数须为整数")
		e.SpeakerCount = n
	}
	e.CheckinFrom = parseLocalTime(v, "checkin_from", f.CheckinFrom)
	e.CheckinTo = parseLocalTime(v, "checkin_to", f.CheckinTo)
	return f, e
}

// meetingFormOf fills the edit form from a stored meeting.
func meetingFormOf(m *meeting.Meeting) MeetingForm {
	f := MeetingForm{Kind: m.Kind, Title: m.Title, HeldOn: m.HeldOn.String(), Place: m.Place, Agenda: m.Agenda,
		Minutes: m.Minutes, CheckinCode: m.CheckinCode, Speakers: map[string]bool{}}
	if m.TopicID != 0 {
		f.TopicID = fmt.Sprint(m.TopicID)
	}
	if m.HostID != 0 {
		f.HostID = fmt.Sprint(m.HostID)
	}
	if m.RecorderID != 0 {
		f.RecorderID = fmt.Sprint(m.RecorderID)
	}
	if m.SpeakerCount > 0 {
		f.SpeakerCount = fmt.Sprint(m.SpeakerCount)
	}
	if !m.CheckinFrom.IsZero() {
		f.CheckinFrom = m.CheckinFrom.In(xuezuo.Beijing).Format("2006-01-02T15:04")
	}
	if !m.CheckinTo.IsZero() {
		f.CheckinTo = m.CheckinTo.In(xuezuo.Beijing).Format("2006-01-02T15:04")
	}
	for _, s := range m.Speakers {
		f.Speakers[fmt.Sprint(s.MemberID)] = true
	}
	if l := m.Lecture; l != nil {
		f.LecturerKind, f.Material = l.Kind, l.Material
		if l.Kind == meeting.LecturerUnknown {
			f.LecturerKind = "" // 未登记 is not offered: choosing a kind is the point
		}
		if l.MemberID != 0 {
			f.LecturerMemberID = fmt.Sprint(l.MemberID)
		} else {
			f.LecturerName, f.LecturerTitle = l.Name, l.Title
		}
	}
	return f
}

// meetingEditPage builds the edit form. Speakers, host and recorder come
// from the roster on the meeting's date; people already recorded who are
// not on it stay selectable, so that saving never drops them silently.
func (h *Handler) meetingEditPage(r *http.Request, m *meeting.Meeting, f MeetingForm, fe FormErrors) (MeetingFormPage, error) {
	ctx := r.Context()
	o, err := h.d.Org.Get(ctx, m.OrgID)
	if err != nil {
		return MeetingFormPage{}, err
	}
	_, roster, _, err := h.d.Meeting.Roster(ctx, m.ID)
	if err != nil {
		return MeetingFormPage{}, err
	}
	p := MeetingFormPage{Base: h.base(r, "修改会议信息"), Org: o, Meeting: m, Action: fmt.Sprintf("/meetings/%d/edit", m.ID),
		KindLabel: campaign.MeetingKindLabel(m.Kind), DateLocked: m.Counts.Expected()+m.Counts.Excluded+m.Counts.Guest > 0,
		Form: f, Errors: fe}
	if m.TopicID != 0 {
		if t, c, err := h.d.Campaign.Topic(ctx, m.TopicID); h.optional(ctx, "meeting topic", err) {
			p.TopicLabel = fmt.Sprintf("%s · 专题%d %s（%s 前）", c.Title, t.No, t.Title, t.Deadline)
		}
	}
	if l := m.Lecture; l != nil {
		p.Lecture, p.LecturerKinds, p.AudienceNames = true, options(meeting.LecturerKinds), audienceNames(l)
		if l.Kind == meeting.LecturerUnknown {
			p.KindBlank = "未登记（登记前的党课）"
		}
	}
	listed := map[string]bool{}
	for _, rm := range roster {
		label := rm.Name
		if rm.Cadre {
			label += "（领导干部）"
		}
		p.Members = append(p.Members, Option{Value: fmt.Sprint(rm.ID), Label: label})
		listed[fmt.Sprint(rm.ID)] = true
	}
	extra := func(id xuezuo.ID, name string) {
		if v := fmt.Sprint(id); id != 0 && !listed[v] {
			p.Members = append(p.Members, Option{Value: v, Label: name + "（非本支部）"})
			listed[v] = true
		}
	}
	for _, s := range m.Speakers {
		extra(s.MemberID, s.Name)
	}
	extra(m.HostID, m.HostName)
	extra(m.RecorderID, m.RecorderName)
	if m.Lecture != nil {
		extra(m.Lecture.MemberID, m.Lecture.Name)
	}
	return p, nil
}

// audienceNames lists a lecture's audience in one line.
func audienceNames(l *meeting.Lecture) string {
	names := make([]string, len(l.Audience))
	for i, a := range l.Audience {
		names[i] = a.Name
	}
	return strings.Join(names, "、")
}

// meetingEdit shows the edit form to the meeting's writers.
func (h *Handler) meetingEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := h.d.Meeting.Editable(r.Context(), id)
	if err != nil {
		return err
	}
	p, err := h.meetingEditPage(r, m, meetingFormOf(m), FormErrors{})
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "meeting_form.html", p)
}

// meetingUpdate saves the edit form; a refused edit comes back with the
// input kept and each message beside its field.
func (h *Handler) meetingUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	// Scope first: a stranger gets 404 (a reader 403) before any check of
	// the input.
	m, err := h.d.Meeting.Editable(r.Context(), id)
	if err != nil {
		return err
	}
	parseForm(w, r)
	var v xuezuo.Validation
	f, e := readMeetingForm(r, &v)
	f.Kind, f.TopicID = m.Kind, fmt.Sprint(m.TopicID)
	return h.submit(w, r, submission{pre: &v, shown: meetingFields,
		save: func() (string, error) {
			_, err := h.d.Meeting.Update(r.Context(), id, e)
			return fmt.Sprintf("/meetings/%d", id), err
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.meetingEditPage(r, m, f, fe)
			if err != nil {
				return err
			}
			return h.render(w, r, status, "meeting_form.html", p)
		}})
}
