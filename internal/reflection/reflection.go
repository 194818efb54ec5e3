// Package reflection holds members' reflections (心得体会) on campaign topics:
// one per member and topic, counted for the author's branch at submission,
// editable until the branch secretary marks it reviewed, and searchable as
// an exact substring (the store indexes CJK bigram tokens beside the text).
package reflection

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/campaign"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
)

// Statuses of a reflection. Drafts never count.
const (
	Draft     = "draft"
	Submitted = "submitted"
	Reviewed  = "reviewed"
)

// Reflection is a member's text on a topic.
type Reflection struct {
	ID          xuezuo.ID
	TopicID     xuezuo.ID
	MemberID    xuezuo.ID
	MemberName  string
	OrgID       xuezuo.ID // the author's branch at submission
	UnitID      xuezuo.ID
	Title       string
	Body        string
	Status      string
	SubmittedAt time.Time
	ReviewedAt  time.Time
	CreatedAt   time.Time
}

// Filter selects reflections under an org; Q is a substring of title or body.
type Filter struct {
	OrgID    xuezuo.ID
	TopicID  xuezuo.ID
	MemberID xuezuo.ID
	Q        string
	Limit    int
	Offset   int
}

// Store is what the reflection service needs from the database.
type Store interface {
	GetMember(ctx context.Context, id xuezuo.ID) (*member.Member, error)
	GetOrg(ctx context.Context, id xuezuo.ID) (*org.Org, error)
	CreateReflection(ctx context.Context, r *Reflection, e audit.Entry) error
	UpdateReflection(ctx context.Context, r *Reflection, e audit.Entry) error
	GetReflection(ctx context.Context, id xuezuo.ID) (*Reflection, error)
	ListReflections(ctx context.Context, f Filter) ([]Reflection, int, error)
}

// Scope is the permission policy as the reflection service sees it.
type Scope interface {
	CanReadMember(ctx context.Context, memberID, orgID xuezuo.ID) error
	CanListMembers(ctx context.Context, orgID xuezuo.ID) (bool, error)
	CanWriteMember(ctx context.Context, orgID xuezuo.ID) error
}

// Service is the reflection operation layer.
type Service struct {
	store     Store
	scope     Scope
	campaigns *campaign.Service
	clock     xuezuo.Clock
}

// NewService returns the reflection service.
func NewService(s Store, scope Scope, campaigns *campaign.Service, clock xuezuo.Clock) *Service {
	return &Service{store: s, scope: scope, campaigns: campaigns, clock: clock}
}

// Input is what a member writes.
type Input struct {
	TopicID xuezuo.ID
	Title   string
	Body    string
	Draft   bool
}

// MaxBody bounds a reflection's length in characters.
const MaxBody = 20000

func validate(in Input) error {
	var v xuezuo.Validation
	v.Check(utf8.RuneCountInString(strings.TrimSpace(in.Title)) <= 80, "title", "标题不能超过 80 个字")
	n := utf8.RuneCountInString(strings.TrimSpace(in.Body))
	v.Check(n > 0, "body", "请填写心得体会的正文")
	v.Check(n <= MaxBody, "body", "正文不能超过 20000 个字")
	xuezuo.CheckText(&v, "title", "标题", strings.TrimSpace(in.Title), false)
	xuezuo.CheckText(&v, "body", "正文", in.Body, true)
	return v.Err()
}

// Submit saves the acting member's reflection on a topic of a published
// campaign whose scope holds the member's branch. A second one on the same
// topic is a conflict: edit the first instead.
func (s *Service) Submit(ctx context.Context, in Input) (*Reflection, error) {
	a := xuezuo.ActorFrom(ctx)
	if a == nil {
		return nil, xuezuo.Errorf(xuezuo.EUnauthenticated, "请先登录")
	}
	if a.MemberID == 0 {
		return nil, xuezuo.Errorf(xuezuo.EForbidden, "只有关联了党员信息的账号才能提交心得体会")
	}
	t, c, err := s.campaigns.Topic(ctx, in.TopicID)
	if err != nil {
		return nil, fieldErr("topic_id", "专题不存在")
	}
	m, err := s.store.GetMember(ctx, a.MemberID)
	if err != nil {
		return nil, err
	}
	if ok, err := s.campaigns.InScope(ctx, c, m.OrgID); err != nil || !c.Published() || !ok {
		return nil, fieldErr("topic_id", "您所在支部不在该学习教育的范围内")
	}
	if err := validate(in); err != nil {
		return nil, err
	}
	o, err := s.store.GetOrg(ctx, m.OrgID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	r := &Reflection{TopicID: t.ID, MemberID: m.ID, MemberName: m.Name, OrgID: m.OrgID, UnitID: o.UnitID, CreatedAt: now}
	s.apply(r, in, now)
	err = s.store.CreateReflection(ctx, r, audit.New(ctx, "reflection.submit", "reflection", 0, m.OrgID, "title", "body"))
	if xuezuo.ErrorCode(err) == xuezuo.EConflict {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "您已就该专题提交过心得体会，请修改原文")
	}
	return r, err
}

func (s *Service) apply(r *Reflection, in Input, now time.Time) {
	r.Title, r.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body)
	r.Status = Submitted
	if in.Draft {
		r.Status = Draft
	} else if r.SubmittedAt.IsZero() {
		r.SubmittedAt = now
	}
}

// Editable returns the actor's own reflection while it may still change
// (until the secretary reviews it): its text and its file.
func (s *Service) Editable(ctx context.Context, id xuezuo.ID) (*Reflection, error) {
	r, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if a := xuezuo.ActorFrom(ctx); a.MemberID != r.MemberID {
		return nil, xuezuo.Errorf(xuezuo.EForbidden, "只能修改自己的心得体会")
	}
	if r.Status == Reviewed {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "支部书记已审阅，不能再修改")
	}
	return r, nil
}

// Update edits the own reflection until it is reviewed.
func (s *Service) Update(ctx context.Context, id xuezuo.ID, in Input) (*Reflection, error) {
	r, err := s.Editable(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := validate(in); err != nil {
		return nil, err
	}
	s.apply(r, in, s.clock.Now())
	return r, s.store.UpdateReflection(ctx, r, audit.New(ctx, "reflection.update", "reflection", id, r.OrgID, "title", "body"))
}

// Review marks a reflection reviewed (the branch secretary or an organiser).
func (s *Service) Review(ctx context.Context, id xuezuo.ID) error {
	r, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if err := s.scope.CanWriteMember(ctx, r.OrgID); err != nil {
		return err
	}
	if r.Status != Submitted {
		return xuezuo.Errorf(xuezuo.EConflict, "只能审阅已提交、未审阅的心得体会")
	}
	r.Status, r.ReviewedAt = Reviewed, s.clock.Now()
	return s.store.UpdateReflection(ctx, r, audit.New(ctx, "reflection.review", "reflection", id, r.OrgID, "status"))
}

// Get returns a reflection its author or a reader of its branch may see.
func (s *Service) Get(ctx context.Context, id xuezuo.ID) (*Reflection, error) {
	r, err := s.store.GetReflection(ctx, id)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "心得体会", "get reflection %d", id)
	}
	if err := s.scope.CanReadMember(ctx, r.MemberID, r.OrgID); err != nil {
		return nil, err
	}
	if a := xuezuo.ActorFrom(ctx); r.Status == Draft && a.MemberID != r.MemberID {
		return nil, xuezuo.NotFound("心得体会")
	}
	return r, nil
}

// List pages the submitted reflections under an org, newest first; a member
// sees only the own. Q matches title or body exactly as a substring search.
func (s *Service) List(ctx context.Context, f Filter) ([]Reflection, int, error) {
	selfOnly, err := s.scope.CanListMembers(ctx, f.OrgID)
	if err != nil {
		return nil, 0, err
	}
	if selfOnly {
		f.MemberID = xuezuo.ActorFrom(ctx).MemberID
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	if err := xuezuo.CheckOffset(f.Offset); err != nil {
		return nil, 0, err
	}
	f.Q = strings.TrimSpace(f.Q)
	if utf8.RuneCountInString(f.Q) > 100 {
		return nil, 0, fieldErr("q", "搜索词不能超过 100 个字")
	}
	return s.store.ListReflections(ctx, f)
}

func fieldErr(field, msg string) error {
	return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{field: msg}}
}

// Written is one member of a branch with the reflection on a topic, if any.
type Written struct {
	MemberID   xuezuo.ID
	MemberName string
	Reflection *Reflection // nil when not written (drafts count as not written)
}

// WhoWrote lists the current members under an org and whether each has
// submitted a reflection on a topic, for the secretary's follow-up.
func (s *Service) WhoWrote(ctx context.Context, topicID, orgID xuezuo.ID, members []member.Member) ([]Written, error) {
	if _, err := s.scope.CanListMembers(ctx, orgID); err != nil {
		return nil, err
	}
	if _, _, err := s.campaigns.Topic(ctx, topicID); err != nil {
		return nil, err
	}
	got, _, err := s.store.ListReflections(ctx, Filter{OrgID: orgID, TopicID: topicID, Limit: 100000})
	if err != nil {
		return nil, err
	}
	by := map[xuezuo.ID]*Reflection{}
	for i := range got {
		by[got[i].MemberID] = &got[i]
	}
	out := make([]Written, len(members))
	for i, m := range members {
		out[i] = Written{MemberID: m.ID, MemberName: m.Name, Reflection: by[m.ID]}
	}
	return out, nil
}
