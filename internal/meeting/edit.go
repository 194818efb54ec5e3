package meeting

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/campaign"
)

// Filter selects the meetings of one org; zero values match everything.
type Filter struct {
	Kind    string
	TopicID xuezuo.ID
	From    xuezuo.Date // held on or after
	To      xuezuo.Date // held on or before
	Limit   int
	Offset  int
}

// Open date bounds stand in for an empty From or To, so that one SQL
// statement serves every filter.
var (
	firstDay = xuezuo.NewDate(1900, 1, 1)
	lastDay  = xuezuo.NewDate(9999, 12, 31)
)

// List pages the meetings of one org, newest first, for whoever may read
// the org, with the lectures other orgs held for it (it is in their
// audience). A committee or general branch sees its own meetings only (its
// 党委会, lectures to the whole unit), not those of the branches below it:
// those live on each branch's page and in the campaign's progress.
func (s *Service) List(ctx context.Context, orgID xuezuo.ID, f Filter) ([]Meeting, int, error) {
	if err := s.scope.CanReadOrg(ctx, orgID); err != nil {
		return nil, 0, err
	}
	var v xuezuo.Validation
	v.Check(f.Kind == "" || campaign.ValidMeetingKind(f.Kind), "kind", "会议类型不正确")
	v.Check(f.From.IsZero() || f.To.IsZero() || !f.To.Before(f.From), "to", "结束日期不能早于开始日期")
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	if err := xuezuo.CheckOffset(f.Offset); err != nil {
		return nil, 0, err
	}
	if f.From.IsZero() {
		f.From = firstDay
	}
	if f.To.IsZero() {
		f.To = lastDay
	}
	ms, total, err := s.store.ListMeetings(ctx, orgID, f)
	if err != nil {
		return nil, 0, err
	}
	if s.scope.CanWriteMember(ctx, orgID) != nil {
		for i := range ms {
			ms[i].CheckinCode = "" // the org's writers alone hand codes out
		}
	}
	full, err := s.seesPeers(ctx, orgID)
	if err != nil {
		return nil, 0, err
	}
	for i := range ms {
		if ms[i].OrgID != orgID {
			// A lecture another org held for this one: its code and its
			// full counts are for the holding org's readers.
			if err := s.heldElsewhere(ctx, &ms[i]); err != nil {
				return nil, 0, err
			}
			continue
		}
		if !full {
			ms[i].Counts = ms[i].Counts.Withheld()
		}
	}
	return ms, total, nil
}

// heldElsewhere blanks what an org's reader may not see of a lecture that
// another org held for it: the check-in code unless they write the holding
// org, the private counts unless they read every member there.
func (s *Service) heldElsewhere(ctx context.Context, m *Meeting) error {
	s.visibleCode(ctx, m)
	full, err := s.seesPeers(ctx, m.OrgID)
	if err != nil {
		return err
	}
	if !full {
		m.Counts = m.Counts.Withheld()
	}
	return nil
}

// Edit is what a meeting's writer may change after creating it. The org
// and the kind are fixed (a topic's meeting kind and every figure hang on
// them), and so is the topic.
type Edit struct {
	Title        string
	HeldOn       xuezuo.Date
	Place        string
	HostID       xuezuo.ID
	RecorderID   xuezuo.ID
	Agenda       string
	Minutes      string
	SpeakerIDs   []xuezuo.ID
	SpeakerCount int
	CheckinFrom  time.Time
	CheckinTo    time.Time
	CheckinCode  string
	// Lecture is a lecture's lecturer and material (its Audience is
	// ignored: the audience stays as created, like the org); it must be
	// empty for other kinds.
	Lecture LectureInput
}

// msgDateLocked explains why a meeting with attendance keeps its date.
const msgDateLocked = "本次会议已登记考勤，不能再修改会议日期：应到名单按会议日期确定。如日期确有错误，请重新登记一次会议"

// Editable returns a meeting the actor may change (its org's organisers
// and secretary); readers get 403, others 404.
func (s *Service) Editable(ctx context.Context, id xuezuo.ID) (*Meeting, error) {
	return s.writable(ctx, id)
}

// Update changes a meeting's details. A new date must lie in the topic's
// campaign window and is refused once attendance rows exist, since those
// were checked against the roster of the old date.
func (s *Service) Update(ctx context.Context, id xuezuo.ID, in Edit) (*Meeting, error) {
	m, err := s.writable(ctx, id)
	if err != nil {
		return nil, err
	}
	var v xuezuo.Validation
	title := strings.TrimSpace(in.Title)
	if title == "" {
		title = campaign.MeetingKindLabel(m.Kind)
	}
	v.Check(utf8.RuneCountInString(title) <= 100, "title", "会议名称不能超过 100 个字")
	v.Check(utf8.RuneCountInString(in.Place) <= 100, "place", "地点不能超过 100 个字")
	v.Check(utf8.RuneCountInString(in.Agenda) <= 5000, "agenda", "议程不能超过 5000 个字")
	v.Check(utf8.RuneCountInString(in.Minutes) <= 50000, "minutes", "会议记录不能超过 50000 个字")
	checkTexts(&v, title, in.Place, in.Agenda, in.Minutes, in.HeldOn, xuezuo.DateOf(s.clock.Now()))
	v.Check(in.SpeakerCount >= 0, "speaker_count", "发言人数不能为负数")
	v.Check(in.CheckinFrom.IsZero() == in.CheckinTo.IsZero(), "checkin_to", "自助签到须同时填写开始和截止时间")
	v.Check(in.CheckinTo.IsZero() || in.CheckinTo.After(in.CheckinFrom), "checkin_to", "签到截止时间须晚于开始时间")
	switch {
	case in.HeldOn.IsZero():
		v.Add("held_at", "请填写会议日期")
	case in.HeldOn != m.HeldOn:
		if m.Counts.Expected()+m.Counts.Excluded+m.Counts.Guest > 0 {
			v.Add("held_at", msgDateLocked)
		} else if m.TopicID != 0 {
			s.checkWindow(ctx, &v, m.TopicID, in.HeldOn)
		}
	}
	if !v.Has("held_at") {
		at := *m
		at.HeldOn = in.HeldOn
		s.checkPeople(ctx, &v, &at, in)
	}
	lecture := s.editLecture(ctx, &v, m, in)
	code, err := checkinCode(&v, !in.CheckinFrom.IsZero(), in.CheckinCode, m.CheckinCode)
	if err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	next := *m
	next.Title, next.HeldOn, next.Place = title, in.HeldOn, strings.TrimSpace(in.Place)
	next.HostID, next.RecorderID, next.Agenda, next.Minutes = in.HostID, in.RecorderID, in.Agenda, in.Minutes
	next.SpeakerCount, next.CheckinFrom, next.CheckinTo = in.SpeakerCount, in.CheckinFrom, in.CheckinTo
	next.CheckinCode = code
	next.Lecture = lecture
	next.Speakers = nil
	old := map[xuezuo.ID]Speaker{}
	for _, sp := range m.Speakers {
		old[sp.MemberID] = sp
	}
	for _, sid := range in.SpeakerIDs {
		sp := old[sid] // keeps a recorded subject
		if sp.MemberID == 0 {
			mem, _ := s.store.GetMember(ctx, sid) // checked in checkPeople
			sp = Speaker{MemberID: sid, Name: mem.Name, Cadre: mem.Cadre}
		}
		next.Speakers = append(next.Speakers, sp)
	}
	e := audit.New(ctx, "meeting.update", "meeting", m.ID, m.OrgID, changed(m, &next)...)
	if err := s.store.UpdateMeeting(ctx, &next, e); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.EConflict {
			// Attendance was recorded between the read and the write.
			return nil, fieldErr("held_at", msgDateLocked)
		}
		return nil, err
	}
	return s.Get(ctx, id)
}

// checkWindow requires a topic meeting's date inside its campaign's window.
func (s *Service) checkWindow(ctx context.Context, v *xuezuo.Validation, topicID xuezuo.ID, on xuezuo.Date) {
	_, c, err := s.campaigns.Topic(ctx, topicID)
	if err != nil {
		v.Add("held_at", "该会议所属的专题已无法读取，不能修改日期")
		return
	}
	if on.Before(c.Start) || (!c.End.IsZero() && on.After(c.End)) {
		end := "至今"
		if !c.End.IsZero() {
			end = "至 " + c.End.String()
		}
		v.Add("held_at", fmt.Sprintf("专题会议的日期须在“%s”的时间范围内（%s %s）", c.Title, c.Start, end))
	}
}

// checkPeople requires every speaker to be a member of the meeting's
// branch (or group; a lecture's audience) on its date m.HeldOn, and the
// host and recorder to be members the actor may read.
func (s *Service) checkPeople(ctx context.Context, v *xuezuo.Validation, m *Meeting, in Edit) {
	seen := map[xuezuo.ID]bool{}
	for _, id := range in.SpeakerIDs {
		if seen[id] {
			v.Add("speakers", "同一发言人选了两次")
			return
		}
		seen[id] = true
		mem, err := s.store.GetMember(ctx, id)
		if err != nil || s.scope.CanReadMember(ctx, id, mem.OrgID) != nil {
			v.Add("speakers", "发言人须为您管理范围内的党员")
			return
		}
		if on, err := s.onRoster(ctx, m, id); err != nil || !on {
			v.Add("speakers", mem.Name+"在会议当天不是本支部党员，不能列为发言人")
			return
		}
	}
	for field, id := range map[string]xuezuo.ID{"host_id": in.HostID, "recorder_id": in.RecorderID} {
		if id == 0 {
			continue
		}
		mem, err := s.store.GetMember(ctx, id)
		if err != nil || s.scope.CanReadMember(ctx, id, mem.OrgID) != nil {
			v.Add(field, "主持人和记录人须为您管理范围内的党员")
		}
	}
}

// changed names the fields an update changes, for the audit row.
func changed(a, b *Meeting) []string {
	var out []string
	add := func(diff bool, name string) {
		if diff {
			out = append(out, name)
		}
	}
	add(a.Title != b.Title, "title")
	add(a.HeldOn != b.HeldOn, "held_on")
	add(a.Place != b.Place, "place")
	add(a.HostID != b.HostID, "host_id")
	add(a.RecorderID != b.RecorderID, "recorder_id")
	add(a.Agenda != b.Agenda, "agenda")
	add(a.Minutes != b.Minutes, "minutes")
	add(a.SpeakerCount != b.SpeakerCount, "speaker_count")
	add(!sameSpeakers(a.Speakers, b.Speakers), "speakers")
	add(!a.CheckinFrom.Equal(b.CheckinFrom) || !a.CheckinTo.Equal(b.CheckinTo) || a.CheckinCode != b.CheckinCode, "checkin")
	if a.Lecture != nil && b.Lecture != nil {
		la, lb := a.Lecture, b.Lecture
		add(la.Kind != lb.Kind, "lecturer_kind")
		add(la.MemberID != lb.MemberID || la.MemberID == 0 && (la.Name != lb.Name || la.Title != lb.Title), "lecturer")
		add(la.Material != lb.Material, "material")
	}
	return out
}

func sameSpeakers(a, b []Speaker) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[xuezuo.ID]bool{}
	for _, s := range a {
		in[s.MemberID] = true
	}
	for _, s := range b {
		if !in[s.MemberID] {
			return false
		}
	}
	return true
}
