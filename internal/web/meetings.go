package web

import (
	"fmt"
	"net/http"

	"xuezuo"
	"xuezuo/internal/attachment"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/report"
)

// whoWroteLimit bounds the branch members read for a follow-up list.
const whoWroteLimit = 200

// RegisterLine is one roster member in the register form.
type RegisterLine struct {
	MemberID                 xuezuo.ID
	Name, Standing           string
	Cadre                    bool
	Status, Reason, Category string
	Text                     string // the line as a read-only register shows it: 请假（出差）, 未出席
	Recorded                 bool   // a row exists
	Error                    string // "第3行 张三：请假须填写原因" after a refused register
	Prefilled                bool   // status proposed from the campaign-wide exclusion
}

// MakeupForm is the makeup form's input.
type MakeupForm struct {
	MemberID, Kind, HeldOn, Note string
	Errors                       FormErrors
}

// MeetingPage is GET /meetings/{id}.
type MeetingPage struct {
	Base
	Meeting     *meeting.Meeting
	Facts       []Fact
	Warnings    []meeting.Warning
	Register    []RegisterLine
	Missing     int // roster members without a row
	Guests      []meeting.Row
	Errors      FormErrors
	Statuses    []Option
	Categories  []Option
	Reasons     []Option
	CanWrite    bool
	Makeup      MakeupForm
	MakeupWho   []Option
	CanCheckIn  bool
	Agenda      []string
	Minutes     []string
	Material    []string // a lecture's material, by line
	Attachments AttachmentBox
	// Recognition lists where a lecture was recommended to (推荐至 …).
	Recognition []HopView
	// CanForward offers the 推荐上报 form of a lecture, Forward filled.
	CanForward bool
	Forward    ForwardBox
}

// ForwardBox is the "forward-form" partial's data on a page whose own
// Errors belong to another form.
type ForwardBox struct {
	ForwardAction, ForwardNote, CSRFToken string
	Errors                                FormErrors
}

// registerStatuses are the statuses the register form offers (guests are
// recorded through the API, never in the roster form).
var registerStatuses = []string{meeting.Present, meeting.Remote, meeting.Leave, meeting.Absent, meeting.Excluded}

// meetingPage loads a meeting with its roster, rows and warnings.
func (h *Handler) meetingPage(r *http.Request, id xuezuo.ID) (MeetingPage, error) {
	ctx := r.Context()
	m, roster, guests, err := h.d.Meeting.Roster(ctx, id)
	if err != nil {
		return MeetingPage{}, err
	}
	warn, err := h.d.Meeting.Warnings(ctx, id)
	if err != nil {
		return MeetingPage{}, err
	}
	a := actor(ctx)
	p := MeetingPage{Base: h.base(r, m.Title), Meeting: m, Warnings: warn, Guests: guests,
		Categories: options(meeting.ExclusionCategories), Reasons: options(meeting.LeaveReasons),
		CanWrite: isWriter(a) && h.d.Meeting.CanWrite(ctx, m), Makeup: MakeupForm{Kind: "session", HeldOn: m.HeldOn.String()},
		CanCheckIn: a.MemberID != 0 && !m.CheckinFrom.IsZero() && !m.RegisterClosed}
	for _, s := range registerStatuses {
		p.Statuses = append(p.Statuses, Option{Value: s, Label: member.Label(meeting.Statuses, s)})
	}
	p.Facts = []Fact{{"召开组织", m.OrgName}, {"会议类型", campaign.MeetingKindLabel(m.Kind)}, {"会议日期", m.HeldOn.String()}}
	if l := m.Lecture; l != nil {
		lecturer := l.Lecturer()
		if lecturer == "" {
			lecturer = "（未登记）"
		}
		p.Facts = append(p.Facts, Fact{"党课类别", l.KindLabel()}, Fact{"主讲人", lecturer}, Fact{"听课党支部", audienceNames(l)})
		p.Material = lines(l.Material)
		hops, err := h.d.Report.LectureRecognition(ctx, id)
		if err != nil {
			return MeetingPage{}, err
		}
		p.Recognition = hopViews(hops)
		p.CanForward = h.d.Report.CanForwardItem(ctx, report.KindLecture, id)
		p.Forward = ForwardBox{ForwardAction: fmt.Sprintf("/meetings/%d/forward", id), CSRFToken: p.CSRFToken()}
	}
	if m.TopicID != 0 {
		if t, c, err := h.d.Campaign.Topic(ctx, m.TopicID); h.optional(ctx, "meeting topic", err) {
			p.Facts = append(p.Facts, Fact{"专题", fmt.Sprintf("%s · 专题%d %s", c.Title, t.No, t.Title)})
		}
	}
	if m.Place != "" {
		p.Facts = append(p.Facts, Fact{"地点", m.Place})
	}
	if m.HostName != "" {
		p.Facts = append(p.Facts, Fact{"主持人", m.HostName})
	}
	if m.RecorderName != "" {
		p.Facts = append(p.Facts, Fact{"记录人", m.RecorderName})
	}
	p.Agenda, p.Minutes = lines(m.Agenda), lines(m.Minutes)
	if p.Attachments, err = h.attachmentBox(ctx, attachment.Meeting, id, fmt.Sprintf("/meetings/%d/attachments", id), p.CanWrite); err != nil {
		return MeetingPage{}, err
	}
	p.Attachments.CSRFToken = p.CSRFToken()
	speakers := ""
	for i, s := range m.Speakers {
		if i > 0 {
			speakers += "、"
		}
		speakers += s.Name
	}
	if speakers == "" {
		speakers = "（未列名）"
	}
	p.Facts = append(p.Facts, Fact{"重点发言", fmt.Sprintf("%d 人 %s", m.SpeakerTotal(), speakers)})
	if !m.CheckinFrom.IsZero() {
		p.Facts = append(p.Facts, Fact{"自助签到", beijingTime(m.CheckinFrom) + " 至 " + beijingTime(m.CheckinTo)})
	}
	if m.CheckinCode != "" { // the service shows it to the meeting's writers only
		p.Facts = append(p.Facts, Fact{"签到码", m.CheckinCode})
	}
	p.Facts = append(p.Facts, Fact{"考勤", countsText(m.Counts)})
	if m.RegisterClosed {
		p.Facts = append(p.Facts, Fact{"登记表", "已关闭"})
	}
	for _, rm := range roster {
		l := RegisterLine{MemberID: rm.ID, Name: rm.Name, Standing: member.Label(member.Standings, rm.Standing), Cadre: rm.Cadre}
		l.Text = "未登记"
		if rm.Row != nil {
			l.Recorded, l.Status, l.Text = true, rm.Row.Status, meeting.StatusText(rm.Row.Status, rm.Row.Reason)
			if rm.Row.Status == meeting.Excluded {
				l.Category = rm.Row.Reason
			} else {
				l.Reason = rm.Row.Reason
			}
			if rm.Row.Status == meeting.Leave || rm.Row.Status == meeting.Absent {
				p.MakeupWho = append(p.MakeupWho, Option{Value: fmt.Sprint(rm.ID), Label: rm.Name})
			}
		} else {
			p.Missing++
			if rm.Proposed == meeting.Excluded {
				l.Status, l.Category, l.Prefilled = rm.Proposed, rm.ProposedReason, true
			}
		}
		p.Register = append(p.Register, l)
	}
	return p, nil
}

// meetingShow shows a meeting with its register.
func (h *Handler) meetingShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.meetingPage(r, id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "meeting.html", p)
}

// meetingRegister saves the whole register in one call: every roster line
// with a status becomes an entry; lines left blank are skipped. One bad
// line saves nothing and the form comes back with what was typed.
func (h *Handler) meetingRegister(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	var entries []meeting.Entry
	typed := map[xuezuo.ID]RegisterLine{}
	for _, s := range r.PostForm["member_id"] {
		mid := idValue(s)
		l := RegisterLine{Status: formValue(r, "status_"+s), Reason: formValue(r, "reason_"+s), Category: formValue(r, "category_"+s)}
		typed[mid] = l
		if l.Status == "" {
			continue
		}
		e := meeting.Entry{MemberID: mid, Status: l.Status, Reason: l.Reason}
		if l.Status == meeting.Excluded {
			e.Reason = l.Category
		}
		entries = append(entries, e)
	}
	return h.submit(w, r, submission{shown: []string{"register"},
		save: func() (string, error) {
			return fmt.Sprintf("/meetings/%d", id), h.d.Meeting.RecordRegister(r.Context(), id, entries)
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.meetingPage(r, id)
			if err != nil {
				return err
			}
			// Each line's message goes beside the line, numbered as the form
			// shows it, and the headline lists them all for a long register.
			fe.Other = nil
			for i := range p.Register {
				l := &p.Register[i]
				if t, ok := typed[l.MemberID]; ok {
					l.Status, l.Reason, l.Category = t.Status, t.Reason, t.Category
				}
				key := meeting.LineField(l.MemberID)
				if msg, ok := fe.Fields[key]; ok {
					l.Error = fmt.Sprintf("第%d行 %s", i+1, msg)
					fe.Other = append(fe.Other, l.Error)
					delete(fe.Fields, key)
				}
			}
			for _, msg := range fe.Fields {
				if msg != fe.Message {
					fe.Other = append(fe.Other, msg) // a line the roster does not show
				}
			}
			p.Errors = fe
			return h.render(w, r, status, "meeting.html", p)
		}})
}

// meetingClose records every member without a row as absent.
func (h *Handler) meetingClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := h.d.Meeting.CloseRegister(r.Context(), id); err != nil {
		return err
	}
	return h.seeOther(w, r, fmt.Sprintf("/meetings/%d", id))
}

// meetingMakeup records a makeup for a member who missed the meeting.
func (h *Handler) meetingMakeup(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	mf := MakeupForm{MemberID: formValue(r, "member_id"), Kind: formValue(r, "kind"), HeldOn: formValue(r, "held_on"), Note: formValue(r, "note")}
	var v xuezuo.Validation
	on := dateField(&v, "held_on", mf.HeldOn)
	shown := []string{"member_id", "kind", "held_on"}
	return h.submit(w, r, submission{pre: &v, shown: shown,
		save: func() (string, error) {
			_, err := h.d.Meeting.AddMakeup(r.Context(), meeting.Makeup{MeetingID: id, MemberID: idValue(mf.MemberID), Kind: mf.Kind, HeldOn: on, Note: mf.Note})
			return fmt.Sprintf("/meetings/%d", id), err
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.meetingPage(r, id)
			if err != nil {
				return err
			}
			mf.Errors = fe
			p.Makeup = mf
			return h.render(w, r, status, "meeting.html", p)
		}})
}

// CheckinPage is the member's own check-in, GET /meetings/{id}/checkin.
type CheckinPage struct {
	Base
	Meeting *meeting.Meeting
	Done    bool
	Code    string
	Errors  FormErrors
}

// checkinForm shows the phone check-in form.
func (h *Handler) checkinForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := h.d.Meeting.Get(r.Context(), id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "checkin.html", CheckinPage{Base: h.base(r, "签到"), Meeting: m, Done: r.URL.Query().Get("done") == "1"})
}

// checkin records the acting member present.
func (h *Handler) checkin(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	// Reading the meeting first answers a meeting outside the actor's
	// subtree with 404 even for accounts that cannot check in at all.
	if _, err := h.d.Meeting.Get(r.Context(), id); err != nil {
		return err
	}
	parseForm(w, r)
	code := formValue(r, "code")
	return h.submit(w, r, submission{shown: []string{"code"},
		save: func() (string, error) {
			return fmt.Sprintf("/meetings/%d/checkin?done=1", id), h.d.Meeting.CheckIn(r.Context(), id, code)
		},
		again: func(fe FormErrors, status int) error {
			m, err := h.d.Meeting.Get(r.Context(), id)
			if err != nil {
				return err
			}
			return h.render(w, r, status, "checkin.html", CheckinPage{Base: h.base(r, "签到"), Meeting: m, Code: code, Errors: fe})
		}})
}

// countsText is a meeting's attendance in one line. A member of the branch
// is told attended and not attended only (Counts.Private): the split would
// tell which peer was on leave or excluded.
func countsText(cn meeting.Counts) string {
	if cn.Private {
		return fmt.Sprintf("出席 %d，远程 %d，未出席 %d，列席 %d（请假、缺席和不计入应到的人数仅支部书记和组织管理员可见）",
			cn.Present, cn.Remote, cn.Missed(), cn.Guest)
	}
	return fmt.Sprintf("应到 %d，出席 %d，远程 %d，请假 %d，缺席 %d，不计入应到 %d，列席 %d，补课 %d",
		cn.Expected(), cn.Present, cn.Remote, cn.Leave, cn.Absent, cn.Excluded, cn.Guest, cn.Makeup)
}
