package web

import (
	"fmt"
	"net/http"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/reflection"
)

// MembershipRow is one period of a member in a branch.
type MembershipRow struct {
	OrgID    xuezuo.ID
	OrgName  string
	From, To string
}

// StatusRow is one entry of a member's status history.
type StatusRow struct {
	Status, Since, Reason, RecordedAt string
}

// TransferForm is the 组织关系转接 form on the member page.
type TransferForm struct {
	OrgID, On string
	Errors    FormErrors
	Targets   []OrgOption
}

// PostForm is the 任命委员职务 form on the member page.
type PostForm struct {
	Post, From, To string
	Errors         FormErrors
}

// MemberPage is GET /members/{id}.
type MemberPage struct {
	Base
	Member         *member.Member
	Facts          []Fact
	Memberships    []MembershipRow
	Statuses       []StatusRow
	Posts          []PostRow
	CanWrite       bool // the buttons are plausible; the service decides
	Transfer       TransferForm
	PostForm       PostForm
	CommitteePosts []Option
	// The study record: attendance rows and reflections, the evidence behind
	// the member's line in a participation report.
	Attendance  []AttendanceLine
	Reflections []ReflectionLine
}

// ReflectionLine is one of the member's reflections, dated in Beijing.
type ReflectionLine struct {
	ID        xuezuo.ID
	Title, On string
}

// AttendanceLine is one of the member's attendance rows.
type AttendanceLine struct {
	meeting.MemberRow
	KindLabel, StatusLabel, Makeup string
}

// memberPage loads a member with history; err comes from the services.
func (h *Handler) memberPage(r *http.Request, id xuezuo.ID) (MemberPage, error) {
	ctx := r.Context()
	m, err := h.d.Member.Get(ctx, id)
	if err != nil {
		return MemberPage{}, err
	}
	ms, st, ps, err := h.d.Member.History(ctx, id)
	if err != nil {
		return MemberPage{}, err
	}
	p := MemberPage{Base: h.base(r, m.Name), Member: m, Facts: memberFacts(m), Posts: postRows(ps),
		CommitteePosts: options(member.CommitteePosts)}
	for _, x := range ms {
		p.Memberships = append(p.Memberships, MembershipRow{OrgID: x.OrgID, OrgName: x.OrgName, From: x.From.String(), To: x.To.String()})
	}
	for _, x := range st {
		p.Statuses = append(p.Statuses, StatusRow{Status: member.Label(member.Statuses, x.Status), Since: x.Since.String(),
			Reason: x.Reason, RecordedAt: beijingTime(x.RecordedAt)})
	}
	if err := h.studyRecord(r, &p); err != nil {
		return MemberPage{}, err
	}
	if isWriter(actor(ctx)) {
		p.CanWrite = true
		p.Transfer.Targets, err = h.orgOptions(ctx, func(o *org.Org) bool {
			return o.HoldsMembers() && o.Active() && o.ID != m.OrgID
		})
		if err != nil {
			return MemberPage{}, err
		}
	}
	return p, nil
}

// memberFacts lists a member's data with zh-CN labels; the phone is as the
// service returned it (masked for roles that do not need it).
func memberFacts(m *member.Member) []Fact {
	yes := map[bool]string{true: "是", false: "否"}
	f := []Fact{
		{"姓名", m.Name}, {"性别", member.Label(member.Genders, m.Gender)}, {"出生日期", m.BirthText()},
		{"入党日期", m.JoinDate.String()}, {"党员身份", member.Label(member.Standings, m.Standing)},
	}
	if !m.FullDate.IsZero() {
		f = append(f, Fact{"转正日期", m.FullDate.String()})
	}
	f = append(f, Fact{"人员类别", member.Label(member.Categories, m.Category)},
		Fact{"状态", member.Label(member.Statuses, m.Status)})
	if !m.StatusSince.IsZero() {
		f = append(f, Fact{"状态起始", m.StatusSince.String()})
	}
	if m.StatusReason != "" {
		f = append(f, Fact{"状态说明", m.StatusReason})
	}
	f = append(f, Fact{"党员领导干部", yes[m.Cadre]})
	if m.Post != "" {
		f = append(f, Fact{"岗位", member.Label(member.Posts, m.Post)})
	}
	if m.Phone != "" {
		f = append(f, Fact{"手机", m.Phone})
	}
	return append(f, Fact{"所在支部", m.OrgName})
}

// memberShow shows GET /members/{id}.
func (h *Handler) memberShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.memberPage(r, id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "member.html", p)
}

// memberTransfer moves a member to another branch on a date.
func (h *Handler) memberTransfer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	tf := TransferForm{OrgID: formValue(r, "org_id"), On: formValue(r, "on")}
	var v xuezuo.Validation
	on := dateField(&v, "on", tf.On)
	return h.submit(w, r, submission{pre: &v, shown: []string{"org_id", "on"},
		save: func() (string, error) {
			return fmt.Sprintf("/members/%d", id), h.d.Member.Transfer(r.Context(), id, idValue(tf.OrgID), on)
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.memberPage(r, id)
			if err != nil {
				return err
			}
			tf.Targets, tf.Errors = p.Transfer.Targets, fe
			p.Transfer = tf
			return h.render(w, r, status, "member.html", p)
		}})
}

// postAdd appoints the member to a committee post of the member's branch.
func (h *Handler) postAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	pf := PostForm{Post: formValue(r, "post"), From: formValue(r, "term_from"), To: formValue(r, "term_to")}
	var v xuezuo.Validation
	from, to := dateField(&v, "term_from", pf.From), dateField(&v, "term_to", pf.To)
	shown := []string{"post", "term_from", "term_to"}
	return h.submit(w, r, submission{pre: &v, shown: shown,
		save: func() (string, error) {
			_, err := h.d.Member.AddPost(r.Context(), id, 0, pf.Post, from, to)
			return fmt.Sprintf("/members/%d", id), err
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.memberPage(r, id)
			if err != nil {
				return err
			}
			pf.Errors = fe
			p.PostForm = pf
			return h.render(w, r, status, "member.html", p)
		}})
}

// postEnd ends a committee post on a date (default today) and returns to
// the page the button was on.
func (h *Handler) postEnd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	on, err := parseDate(formValue(r, "term_to"))
	if err != nil {
		h.errorPage(w, r, http.StatusUnprocessableEntity, "免职日期"+msgBadDate, "")
		return nil
	}
	if err := h.d.Member.EndPost(r.Context(), id, on); err != nil {
		return err
	}
	return h.seeOther(w, r, safeNext(r.PostFormValue("next")))
}

// studyRecord adds the member's attendance rows and reflections to p.
func (h *Handler) studyRecord(r *http.Request, p *MemberPage) error {
	ctx := r.Context()
	rows, err := h.d.Meeting.MemberAttendance(ctx, p.Member.ID)
	if err != nil {
		return err
	}
	for _, x := range rows {
		l := AttendanceLine{MemberRow: x, KindLabel: campaign.MeetingKindLabel(x.Kind), StatusLabel: member.Label(meeting.Statuses, x.Status)}
		if x.Status == meeting.Excluded {
			l.Reason = member.Label(meeting.ExclusionCategories, x.Reason)
		}
		switch x.MakeupKind {
		case "session":
			l.Makeup = "已集中补课"
		case "self_study":
			l.Makeup = "已自学补课"
		}
		p.Attendance = append(p.Attendance, l)
	}
	refl, _, err := h.d.Reflection.List(ctx, reflection.Filter{OrgID: p.Member.OrgID, MemberID: p.Member.ID, Limit: 50})
	for _, x := range refl {
		p.Reflections = append(p.Reflections, ReflectionLine{ID: x.ID, Title: x.Title, On: xuezuo.DateOf(x.SubmittedAt).String()})
	}
	return err
}
