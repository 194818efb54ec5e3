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

// Service is the meeting operation layer.
type Service struct {
	store     Store
	scope     Scope
	campaigns *campaign.Service
	clock     xuezuo.Clock
}

// NewService returns the meeting service.
func NewService(s Store, scope Scope, campaigns *campaign.Service, clock xuezuo.Clock) *Service {
	return &Service{store: s, scope: scope, campaigns: campaigns, clock: clock}
}

// Input describes a new meeting. HeldOn is the Beijing date it was (or will
// be) held; back-dated meetings are accepted (the 2016 plan arrived after
// topic 1's deadline), and "on time" is judged by HeldOn, not by entry time.
type Input struct {
	OrgID        xuezuo.ID
	Kind         string
	Title        string
	TopicID      xuezuo.ID
	HeldOn       xuezuo.Date
	PlannedAt    time.Time
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
	// Lecture describes a lecture's lecturer, material and audience; it
	// must be empty for other kinds.
	Lecture LectureInput
}

// Create records a meeting of a branch or group the actor runs, or a
// lecture of a branch, general branch or unit for its audience.
func (s *Service) Create(ctx context.Context, in Input) (*Meeting, error) {
	if in.OrgID == 0 {
		return nil, fieldErr("org_id", "请选择召开会议的党支部")
	}
	if err := s.scope.CanWriteMember(ctx, in.OrgID); err != nil {
		return nil, err
	}
	o, err := s.store.GetOrg(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	var v xuezuo.Validation
	lecture := in.Kind == KindLecture
	if lecture {
		v.Check(HoldsLecture(o), "org_id", "党课只能由现有的党支部、党总支或基层党委组织")
	} else {
		v.Check(o.HoldsMembers() && o.Active(), "org_id", "会议只能由现有的党支部或党小组召开（党总支和基层党委可以登记党课）")
	}
	v.Check(campaign.ValidMeetingKind(in.Kind), "kind", "请选择会议类型")
	title := strings.TrimSpace(in.Title)
	if title == "" {
		title = campaign.MeetingKindLabel(in.Kind)
	}
	v.Check(utf8.RuneCountInString(title) <= 100, "title", "会议名称不能超过 100 个字")
	v.Check(!in.HeldOn.IsZero(), "held_at", "请填写会议日期")
	checkTexts(&v, title, in.Place, in.Agenda, in.Minutes, in.HeldOn, xuezuo.DateOf(s.clock.Now()))
	v.Check(in.SpeakerCount >= 0, "speaker_count", "发言人数不能为负数")
	v.Check(in.CheckinTo.IsZero() || in.CheckinTo.After(in.CheckinFrom), "checkin_to", "签到截止时间须晚于开始时间")
	if in.TopicID != 0 {
		s.checkTopic(ctx, &v, in, o.ID)
	}
	code, err := checkinCode(&v, !in.CheckinFrom.IsZero(), in.CheckinCode, "")
	if err != nil {
		return nil, err
	}
	m := &Meeting{OrgID: o.ID, OrgName: o.Name, UnitID: o.UnitID, Kind: in.Kind, Title: title, TopicID: in.TopicID,
		PlannedAt: in.PlannedAt, HeldOn: in.HeldOn, Place: strings.TrimSpace(in.Place), HostID: in.HostID, RecorderID: in.RecorderID,
		Agenda: in.Agenda, Minutes: in.Minutes, SpeakerCount: in.SpeakerCount, CheckinFrom: in.CheckinFrom,
		CheckinTo: in.CheckinTo, CheckinCode: code, CreatedAt: s.clock.Now()}
	for _, id := range in.SpeakerIDs {
		sp, err := s.store.GetMember(ctx, id)
		if err != nil || s.scope.CanReadMember(ctx, id, sp.OrgID) != nil {
			v.Add("speakers", "发言人须为您管理范围内的党员")
			break
		}
		m.Speakers = append(m.Speakers, Speaker{MemberID: id, Name: sp.Name, Cadre: sp.Cadre})
	}
	switch {
	case lecture:
		m.Lecture = s.checkLecturer(ctx, &v, in.Lecture, in.HeldOn)
		if HoldsLecture(o) {
			m.Lecture.Audience = s.checkAudience(ctx, &v, o, in.Lecture.Audience)
		}
	case !in.Lecture.empty():
		v.Add("lecturer_kind", msgNotLecture)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.store.CreateMeeting(ctx, m, audit.New(ctx, "meeting.create", "meeting", 0, o.ID, "kind", "held_on")); err != nil {
		return nil, err
	}
	return m, nil
}

// checkTopic requires the topic's campaign to be published, the org in its
// scope and the meeting of the kind that fulfils the topic.
func (s *Service) checkTopic(ctx context.Context, v *xuezuo.Validation, in Input, orgID xuezuo.ID) {
	t, c, err := s.campaigns.Topic(ctx, in.TopicID)
	if err != nil {
		v.Add("topic_id", "专题不存在")
		return
	}
	if !c.Published() {
		v.Add("topic_id", "该学习教育尚未发布")
		return
	}
	if ok, err := s.campaigns.InScope(ctx, c, orgID); err != nil || !ok {
		v.Add("topic_id", "本支部不在该学习教育的范围内")
	}
	if in.Kind != t.MeetingKind {
		v.Add("kind", "完成该专题须召开“"+campaign.MeetingKindLabel(t.MeetingKind)+"”")
	}
}

// Get returns a meeting the actor may read. A reader who may not see the
// private parts of peers' rows (a member of the branch) gets the counts
// withheld (Counts.Withheld).
func (s *Service) Get(ctx context.Context, id xuezuo.ID) (*Meeting, error) {
	m, err := s.get(ctx, id)
	if err != nil {
		return nil, err
	}
	full, err := s.seesPeers(ctx, m.OrgID)
	if err != nil {
		return nil, err
	}
	if !full {
		m.Counts = m.Counts.Withheld()
	}
	return m, nil
}

// get returns a meeting the actor may read, counts in full: for the write
// paths, whose callers are then checked as writers (who see every row), so
// a check-in does not ask the policy twice.
func (s *Service) get(ctx context.Context, id xuezuo.ID) (*Meeting, error) {
	m, err := s.store.GetMeeting(ctx, id)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "会议", "get meeting %d", id)
	}
	if err := s.scope.CanReadOrg(ctx, m.OrgID); err != nil {
		if xuezuo.ErrorCode(err) != xuezuo.ENotFound {
			return nil, err
		}
		// A lecture is read by its audience too.
		ok, lerr := s.readsLecture(ctx, m)
		if lerr != nil {
			return nil, lerr
		}
		if !ok {
			return nil, xuezuo.NotFound("会议")
		}
	}
	s.visibleCode(ctx, m)
	return m, nil
}

// Roster returns the members expected at a meeting (the members of its
// branch or group on the meeting date, or of a lecture's audience) with
// their rows, then the guests. A reader who may not read every member of
// the org (a member of the branch) gets the own line in full and of each
// peer only the name and whether they attended: no reason, category,
// proposal or record details. A lecture's reader from its audience (who
// may not read the holding org) sees the lines of the orgs they read only.
func (s *Service) Roster(ctx context.Context, id xuezuo.ID) (*Meeting, []RosterMember, []Row, error) {
	m, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	members, err := s.roster(ctx, m)
	if err != nil {
		return nil, nil, nil, err
	}
	rows, err := s.store.AttendanceRows(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	byMember := map[xuezuo.ID]*Row{}
	for i := range rows {
		byMember[rows[i].MemberID] = &rows[i]
	}
	out := make([]RosterMember, len(members))
	for i, mem := range members {
		out[i] = RosterMember{Member: mem, Row: byMember[mem.ID]}
		delete(byMember, mem.ID)
	}
	var guests []Row
	for _, r := range rows {
		if _, left := byMember[r.MemberID]; left {
			guests = append(guests, r)
		}
	}
	if m.Lecture != nil {
		if out, guests, err = s.audienceView(ctx, m, out, guests); err != nil {
			return nil, nil, nil, err
		}
	}
	if err := s.propose(ctx, m, out); err != nil {
		return nil, nil, nil, err
	}
	if m.Counts.Private { // Get asked the policy: a member of the branch
		redactRoster(self(ctx), out, guests)
	}
	return m, out, guests, nil
}

// propose fills the register's proposals: a topic meeting proposes the
// members its campaign excludes as excluded, with the exclusion's category.
// Any other meeting proposes nothing.
func (s *Service) propose(ctx context.Context, m *Meeting, roster []RosterMember) error {
	if m.TopicID == 0 {
		return nil
	}
	_, c, err := s.campaigns.Topic(ctx, m.TopicID)
	if err != nil {
		return fmt.Errorf("topic of meeting %d: %w", m.ID, err)
	}
	list, err := s.Exclusions(ctx, c.ID, m.OrgID)
	if err != nil {
		return fmt.Errorf("exclusions of meeting %d: %w", m.ID, err)
	}
	category := make(map[xuezuo.ID]string, len(list))
	for _, ex := range list {
		category[ex.MemberID] = ex.Category
	}
	for i := range roster {
		if cat := category[roster[i].ID]; cat != "" && roster[i].Row == nil {
			roster[i].Proposed, roster[i].ProposedReason = Excluded, cat
		}
	}
	return nil
}

func fieldErr(field, msg string) error {
	return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{field: msg}}
}
