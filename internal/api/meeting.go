package api

import (
	"fmt"
	"net/http"
	"strconv"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/reflection"
)

type meetingJSON struct {
	ID             xuezuo.ID   `json:"id"`
	OrgID          xuezuo.ID   `json:"org_id"`
	OrgName        string      `json:"org_name"`
	Kind           string      `json:"kind"`
	Title          string      `json:"title"`
	TopicID        *xuezuo.ID  `json:"topic_id"`
	HeldAt         string      `json:"held_at"`
	Place          string      `json:"place"`
	SpeakerCount   int         `json:"speaker_count"`
	Speakers       []xuezuo.ID `json:"speakers"`
	RegisterClosed bool        `json:"register_closed"`
	Present        int         `json:"present"`
	Remote         int         `json:"remote"`
	Leave          int         `json:"leave"`
	Absent         int         `json:"absent"`
	Excluded       int         `json:"excluded"`
	Guests         int         `json:"guests"`
	Makeups        int         `json:"makeups"`
	// NotAttended counts leave, absent and excluded rows together. For a
	// member of the branch (Private) it is the only count of them: leave,
	// absent, excluded and makeups are then 0.
	NotAttended int  `json:"not_attended"`
	Private     bool `json:"private"`
	// CheckinCode is present only for the meeting's writers: the service
	// blanks it for everyone else.
	CheckinCode string `json:"checkin_code,omitempty"`
	// A lecture's lecturer, material and audience; lecturer_kind and
	// lecturer_member_id are null and audience_org_ids empty otherwise.
	LecturerKind     *string     `json:"lecturer_kind"`
	LecturerMemberID *xuezuo.ID  `json:"lecturer_member_id"`
	LecturerName     string      `json:"lecturer_name"`
	LecturerTitle    string      `json:"lecturer_title"`
	Material         string      `json:"material"`
	AudienceOrgIDs   []xuezuo.ID `json:"audience_org_ids"`
}

func meetingOut(m *meeting.Meeting) meetingJSON {
	j := meetingJSON{ID: m.ID, OrgID: m.OrgID, OrgName: m.OrgName, Kind: m.Kind, Title: m.Title, HeldAt: timeOut(m.HeldOn.Time()),
		Place: m.Place, SpeakerCount: m.SpeakerTotal(), Speakers: []xuezuo.ID{}, RegisterClosed: m.RegisterClosed,
		Present: m.Counts.Present, Remote: m.Counts.Remote, Leave: m.Counts.Leave, Absent: m.Counts.Absent,
		Excluded: m.Counts.Excluded, Guests: m.Counts.Guest, Makeups: m.Counts.Makeup, CheckinCode: m.CheckinCode,
		NotAttended: m.Counts.Missed(), Private: m.Counts.Private, AudienceOrgIDs: []xuezuo.ID{}}
	if l := m.Lecture; l != nil {
		kind := l.Kind
		j.LecturerKind, j.LecturerName, j.LecturerTitle, j.Material = &kind, l.Name, l.Title, l.Material
		if l.MemberID != 0 {
			id := l.MemberID
			j.LecturerMemberID = &id
		}
		j.AudienceOrgIDs = append(j.AudienceOrgIDs, l.AudienceIDs()...)
	}
	if m.TopicID != 0 {
		t := m.TopicID
		j.TopicID = &t
	}
	for _, s := range m.Speakers {
		j.Speakers = append(j.Speakers, s.MemberID)
	}
	return j
}

type meetingInput struct {
	OrgID        xuezuo.ID   `json:"org_id"`
	Kind         string      `json:"kind"`
	Title        string      `json:"title"`
	TopicID      xuezuo.ID   `json:"topic_id"`
	HeldAt       string      `json:"held_at"`
	Place        string      `json:"place"`
	Speakers     []xuezuo.ID `json:"speakers"`
	SpeakerCount int         `json:"speaker_count"`
	Agenda       string      `json:"agenda"`
	Minutes      string      `json:"minutes"`
	CheckinFrom  string      `json:"checkin_from"`
	CheckinTo    string      `json:"checkin_to"`
	CheckinCode  string      `json:"checkin_code"`
	// A lecture's fields (kind lecture only).
	LecturerKind     string      `json:"lecturer_kind"`
	LecturerMemberID xuezuo.ID   `json:"lecturer_member_id"`
	LecturerName     string      `json:"lecturer_name"`
	LecturerTitle    string      `json:"lecturer_title"`
	Material         string      `json:"material"`
	AudienceOrgIDs   []xuezuo.ID `json:"audience_org_ids"`
}

func (h *Handler) meetingCreate(w http.ResponseWriter, r *http.Request) error {
	var j meetingInput
	if err := decode(r, &j); err != nil {
		return err
	}
	var p dates
	held := p.get("held_at", j.HeldAt)
	from, errF := parseTime(j.CheckinFrom)
	to, errT := parseTime(j.CheckinTo)
	p.v.Check(errF == nil, "checkin_from", "时间格式不正确，应为 RFC 3339，如 2016-04-28T14:00:00+08:00")
	p.v.Check(errT == nil, "checkin_to", "时间格式不正确，应为 RFC 3339，如 2016-04-28T16:00:00+08:00")
	if err := p.v.Err(); err != nil {
		return err
	}
	m, err := h.svc.Meeting.Create(r.Context(), meeting.Input{OrgID: j.OrgID, Kind: j.Kind, Title: j.Title, TopicID: j.TopicID,
		HeldOn: held, Place: j.Place, SpeakerIDs: j.Speakers, SpeakerCount: j.SpeakerCount, Agenda: j.Agenda, Minutes: j.Minutes,
		CheckinFrom: from, CheckinTo: to, CheckinCode: j.CheckinCode,
		Lecture: meeting.LectureInput{Kind: j.LecturerKind, MemberID: j.LecturerMemberID, Name: j.LecturerName, Title: j.LecturerTitle,
			Material: j.Material, Audience: j.AudienceOrgIDs}})
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("/api/v1/meetings/%d", m.ID), meetingOut(m))
}

func (h *Handler) meetingGet(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, h.svc.Meeting.Get, meetingOut)
}

// meetingList pages one org's meetings, newest first:
// ?org=N[&kind=&topic=&from=&to=][&limit=&offset=].
func (h *Handler) meetingList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	orgID, err := strconv.ParseInt(q.Get("org"), 10, 64)
	if err != nil || orgID <= 0 {
		return fieldError("org", "请用 org 参数指定组织")
	}
	f := meeting.Filter{Kind: q.Get("kind")}
	if t := q.Get("topic"); t != "" {
		if f.TopicID, err = strconv.ParseInt(t, 10, 64); err != nil {
			return fieldError("topic", "topic 须为专题编号")
		}
	}
	var p dates
	f.From, f.To = p.get("from", q.Get("from")), p.get("to", q.Get("to"))
	if err := p.v.Err(); err != nil {
		return err
	}
	if f.Limit, f.Offset, err = paging(r, maxPage); err != nil {
		return err
	}
	ms, total, err := h.svc.Meeting.List(r.Context(), orgID, f)
	if err != nil {
		return err
	}
	out := list[meetingJSON]{Total: total, Items: make([]meetingJSON, len(ms))}
	for i := range ms {
		out.Items[i] = meetingOut(&ms[i])
	}
	return writeJSON(w, http.StatusOK, out)
}

type attendanceInput struct {
	MemberID xuezuo.ID `json:"member_id"`
	Status   string    `json:"status"`
	Reason   string    `json:"reason"`
	Guest    bool      `json:"guest"`
}

func (h *Handler) attendanceCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var j attendanceInput
	if err := decode(r, &j); err != nil {
		return err
	}
	e := meeting.Entry{MemberID: j.MemberID, Status: j.Status, Reason: j.Reason, Guest: j.Guest}
	if err := h.svc.Meeting.Record(r.Context(), id, e); err != nil {
		return err
	}
	st := j.Status
	if j.Guest {
		st = meeting.Guest
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"meeting_id": id, "member_id": j.MemberID, "status": st, "reason": j.Reason})
}

type reflectionJSON struct {
	ID          xuezuo.ID `json:"id"`
	MemberID    xuezuo.ID `json:"member_id"`
	TopicID     xuezuo.ID `json:"topic_id"`
	Title       string    `json:"title"`
	SubmittedAt string    `json:"submitted_at"`
	Body        string    `json:"body"`
}

func reflectionOut(x *reflection.Reflection) reflectionJSON {
	return reflectionJSON{ID: x.ID, MemberID: x.MemberID, TopicID: x.TopicID, Title: x.Title, SubmittedAt: timeOut(x.SubmittedAt), Body: x.Body}
}

type reflectionInput struct {
	TopicID xuezuo.ID `json:"topic_id"`
	Title   string    `json:"title"`
	Body    string    `json:"body"`
}

func (h *Handler) reflectionCreate(w http.ResponseWriter, r *http.Request) error {
	var j reflectionInput
	if err := decode(r, &j); err != nil {
		return err
	}
	x, err := h.svc.Reflection.Submit(r.Context(), reflection.Input{TopicID: j.TopicID, Title: j.Title, Body: j.Body})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, reflectionOut(x))
}

func (h *Handler) reflectionList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	orgID, err := strconv.ParseInt(q.Get("org"), 10, 64)
	if err != nil || orgID <= 0 {
		return fieldError("org", "请用 org 参数指定组织")
	}
	f := reflection.Filter{OrgID: orgID, Q: q.Get("q")}
	if t := q.Get("topic"); t != "" {
		if f.TopicID, err = strconv.ParseInt(t, 10, 64); err != nil {
			return fieldError("topic", "topic 须为专题编号")
		}
	}
	if f.Limit, f.Offset, err = paging(r, maxPage); err != nil {
		return err
	}
	xs, total, err := h.svc.Reflection.List(r.Context(), f)
	if err != nil {
		return err
	}
	out := list[reflectionJSON]{Total: total, Items: make([]reflectionJSON, len(xs))}
	for i := range xs {
		out.Items[i] = reflectionOut(&xs[i])
	}
	return writeJSON(w, http.StatusOK, out)
}
