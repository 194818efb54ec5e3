package report

import (
	"context"
	"strings"
	"unicode/utf8"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/org"
)

// Text limits of a summary, in characters.
const (
	MaxViews  = 20000
	MaxNote   = 5000
	MaxReason = 1000
)

// Create drafts the summary of a branch on a topic, its basics taken from
// the records: the branch's meeting fulfilling the topic (date, place,
// host, attendance by status, speakers and cadres among them) and the
// reflections its members submitted on the topic. The branch's secretary or
// an organiser above it drafts; a second summary of the same branch and
// topic is a conflict.
func (s *Service) Create(ctx context.Context, orgID, topicID xuezuo.ID) (*Summary, error) {
	if orgID == 0 {
		return nil, fieldErr("org_id", "请选择党支部")
	}
	if err := s.scope.CanWriteMember(ctx, orgID); err != nil {
		return nil, err
	}
	o, err := s.store.GetOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if o.Kind != org.KindBranch || !o.Active() {
		return nil, fieldErr("org_id", "总结材料只能由现有的党支部报送")
	}
	t, c, err := s.campaigns.Topic(ctx, topicID)
	if err != nil {
		return nil, fieldErr("topic_id", "专题不存在")
	}
	if ok, err := s.campaigns.InScope(ctx, c, orgID); err != nil || !c.Published() || !ok {
		return nil, fieldErr("topic_id", "本支部不在该学习教育的范围内")
	}
	b, err := s.basics(ctx, orgID, t.ID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	sm := &Summary{OrgID: orgID, UnitID: o.UnitID, TopicID: t.ID, State: Draft, Basics: *b, CreatedAt: now, UpdatedAt: now}
	err = s.store.CreateSummary(ctx, sm, audit.New(ctx, "summary.create", "summary", 0, orgID, "basics"))
	if xuezuo.ErrorCode(err) == xuezuo.EConflict {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "本支部已就该专题起草了总结材料，请修改原稿")
	}
	if err != nil {
		return nil, err
	}
	if sm.DueOn, err = s.due(ctx, sm); err != nil {
		return nil, err
	}
	return sm, nil
}

// basics reads the records a new summary starts from.
func (s *Service) basics(ctx context.Context, orgID, topicID xuezuo.ID) (*Basics, error) {
	b := &Basics{Speakers: []Speaker{}}
	n, err := s.store.BranchTopicReflections(ctx, orgID, topicID)
	if err != nil {
		return nil, err
	}
	b.Reflections = n
	id, err := s.store.TopicMeetingID(ctx, orgID, topicID)
	if err != nil || id == 0 {
		return b, err
	}
	m, err := s.store.GetMeeting(ctx, id)
	if err != nil {
		return nil, err
	}
	b.MeetingID, b.HeldOn, b.Place, b.Host = m.ID, m.HeldOn, m.Place, m.HostName
	c := m.Counts
	b.Expected, b.Present, b.Remote, b.Leave, b.Absent, b.Excluded = c.Expected(), c.Present, c.Remote, c.Leave, c.Absent, c.Excluded
	for _, sp := range m.Speakers {
		b.Speakers = append(b.Speakers, Speaker{MemberID: sp.MemberID, Name: sp.Name, Cadre: sp.Cadre})
		if sp.Cadre {
			b.CadreSpeakers++
		}
	}
	return b, nil
}

// Get returns a summary with its versions. Its readers are those who read
// every member of the branch (the basics carry leave and exclusion counts,
// which a member of the branch is never told): the secretary, organisers and
// inspectors above it.
func (s *Service) Get(ctx context.Context, id xuezuo.ID) (*Summary, error) {
	sm, err := s.store.GetSummary(ctx, id)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "总结材料", "get summary %d", id)
	}
	if err := s.scope.CanReadMember(ctx, 0, sm.OrgID); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
			return nil, xuezuo.NotFound("总结材料")
		}
		return nil, err
	}
	if sm.DueOn.IsZero() {
		if sm.DueOn, err = s.due(ctx, sm); err != nil {
			return nil, err
		}
	}
	return sm, nil
}

// Input is an edit of a summary; nil keeps a part as it is.
type Input struct {
	BasicsNote *string
	Views      *string
}

// Edit changes the note on the basics and the views of a draft or a
// returned summary.
func (s *Service) Edit(ctx context.Context, id xuezuo.ID, in Input) (*Summary, error) {
	sm, err := s.writable(ctx, id)
	if err != nil {
		return nil, err
	}
	if sm.State != Draft && sm.State != Returned {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "只有草稿或被退回的总结材料可以修改")
	}
	note, views := sm.BasicsNote, sm.Views
	if in.BasicsNote != nil {
		note = strings.TrimSpace(*in.BasicsNote)
	}
	if in.Views != nil {
		views = strings.TrimSpace(*in.Views)
	}
	var v xuezuo.Validation
	v.Check(utf8.RuneCountInString(note) <= MaxNote, "basics_note", "基本情况补充说明不能超过 5000 个字")
	v.Check(utf8.RuneCountInString(views) <= MaxViews, "views", "主要观点不能超过 20000 个字")
	xuezuo.CheckText(&v, "basics_note", "基本情况补充说明", note, true)
	xuezuo.CheckText(&v, "views", "主要观点", views, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var fields []string
	if note != sm.BasicsNote {
		fields = append(fields, "basics_note")
	}
	if views != sm.Views {
		fields = append(fields, "views")
	}
	if err := s.store.EditSummary(ctx, id, note, views, audit.New(ctx, "summary.update", "summary", id, sm.OrgID, fields...)); err != nil {
		return nil, stateErr(err)
	}
	return s.Get(ctx, id)
}

// Submit sends a draft or a returned summary to the level above as its
// next version. The first submit fixes the due date in force and whether it
// came after it: a late summary is flagged, never refused.
func (s *Service) Submit(ctx context.Context, id xuezuo.ID) (*Summary, error) {
	sm, err := s.writable(ctx, id)
	if err != nil {
		return nil, err
	}
	if sm.State != Draft && sm.State != Returned {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "只有草稿或被退回的总结材料可以报送")
	}
	if strings.TrimSpace(sm.Views) == "" {
		return nil, fieldErr("views", "请先填写主要观点再报送")
	}
	due, err := s.due(ctx, sm)
	if err != nil {
		return nil, err
	}
	late := xuezuo.DateOf(s.clock.Now()).After(due)
	if err := s.store.SubmitSummary(ctx, id, due, late, audit.New(ctx, "summary.submit", "summary", id, sm.OrgID, "state", "version")); err != nil {
		return nil, stateErr(err)
	}
	return s.Get(ctx, id)
}

// Accept accepts the submitted version (the level above).
func (s *Service) Accept(ctx context.Context, id xuezuo.ID) (*Summary, error) {
	return s.decide(ctx, id, Accepted, "")
}

// Return sends the submitted version back to the branch with a reason.
func (s *Service) Return(ctx context.Context, id xuezuo.ID, reason string) (*Summary, error) {
	reason = strings.TrimSpace(reason)
	var v xuezuo.Validation
	v.Check(reason != "", "reason", "请填写退回原因")
	v.Check(utf8.RuneCountInString(reason) <= MaxReason, "reason", "退回原因不能超过 1000 个字")
	xuezuo.CheckText(&v, "reason", "退回原因", reason, true)
	// The reason is checked after the permission, so that a caller outside
	// the summary's reach learns nothing from a 422.
	sm, err := s.reviewable(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.decideOn(ctx, sm, Returned, reason)
}

func (s *Service) decide(ctx context.Context, id xuezuo.ID, state, reason string) (*Summary, error) {
	sm, err := s.reviewable(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.decideOn(ctx, sm, state, reason)
}

func (s *Service) decideOn(ctx context.Context, sm *Summary, state, reason string) (*Summary, error) {
	if sm.State != Submitted {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "只有已报送、待审核的总结材料可以通过或退回")
	}
	action := "summary.accept"
	if state == Returned {
		action = "summary.return"
	}
	if err := s.store.DecideSummary(ctx, sm.ID, state, reason, audit.New(ctx, action, "summary", sm.ID, sm.OrgID, "state")); err != nil {
		return nil, stateErr(err)
	}
	return s.Get(ctx, sm.ID)
}

// writable returns a summary the actor may edit and submit: the branch's
// secretary or an organiser above the branch.
func (s *Service) writable(ctx context.Context, id xuezuo.ID) (*Summary, error) {
	sm, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.scope.CanWriteMember(ctx, sm.OrgID); err != nil {
		return nil, err
	}
	return sm, nil
}

// reviewable returns a summary the actor may accept or return: an
// organiser of the branch's level above or of a committee above that.
func (s *Service) reviewable(ctx context.Context, id xuezuo.ID) (*Summary, error) {
	sm, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	above, err := s.LevelAbove(ctx, sm.OrgID)
	if err != nil {
		return nil, err
	}
	if err := s.scope.CanApprove(ctx, sm.OrgID, above); err != nil {
		return nil, err
	}
	return sm, nil
}

// LevelAbove returns the org that receives a branch's summaries
// (domain.md §1): the nearest ancestor unit, or the nearest ancestor
// committee where there is no unit; 0 when the branch has neither.
func (s *Service) LevelAbove(ctx context.Context, branchID xuezuo.ID) (xuezuo.ID, error) {
	anc, err := s.store.OrgAncestors(ctx, branchID)
	if err != nil {
		return 0, err
	}
	// anc is root first and ends with the branch itself.
	var committee xuezuo.ID
	for i := len(anc) - 2; i >= 0; i-- {
		o := anc[i]
		if o.Kind != org.KindCommittee {
			continue
		}
		if o.IsUnit {
			return o.ID, nil
		}
		if committee == 0 {
			committee = o.ID
		}
	}
	return committee, nil
}

// Allowed are the steps the actor may take on a summary now: what a page
// offers, decided by the same checks the steps make.
type Allowed struct {
	Edit, Submit, Accept, Return bool
}

// Can answers which steps the actor may take on sm in its current state.
func (s *Service) Can(ctx context.Context, sm *Summary) Allowed {
	var a Allowed
	open := sm.State == Draft || sm.State == Returned
	if open && s.scope.CanWriteMember(ctx, sm.OrgID) == nil {
		a.Edit, a.Submit = true, true
	}
	if sm.State == Submitted {
		if above, err := s.LevelAbove(ctx, sm.OrgID); err == nil && s.scope.CanApprove(ctx, sm.OrgID, above) == nil {
			a.Accept, a.Return = true, true
		}
	}
	return a
}

// stateErr words the store's conflict of a step raced by another.
func stateErr(err error) error {
	if xuezuo.ErrorCode(err) == xuezuo.EConflict {
		return xuezuo.Errorf(xuezuo.EConflict, "总结材料的状态已被他人改变，请刷新后再试")
	}
	return err
}
