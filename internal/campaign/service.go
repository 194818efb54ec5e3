package campaign

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"xuezuo"
	"xuezuo/internal/audit"
)

// Service is the campaign operation layer.
type Service struct {
	store Store
	scope Scope
	clock xuezuo.Clock
}

// MaxTopics bounds a campaign's topic numbers (the progress rollups fold
// topics into 64-bit masks by number).
const MaxTopics = 60

// NewService returns the campaign service.
func NewService(s Store, scope Scope, clock xuezuo.Clock) *Service {
	return &Service{store: s, scope: scope, clock: clock}
}

// Input describes a new campaign.
type Input struct {
	OwnerOrgID  xuezuo.ID
	Title       string
	Kind        string
	Scope       string
	ScopeOrgs   []xuezuo.ID
	Description string
	Start       xuezuo.Date
	End         xuezuo.Date
	Phases      []Phase
	Batches     []Batch
	Topics      []TopicInput
	// QiyiFrom and QiyiTo are the 七一 window as "MM-DD"; empty gives the
	// default 06-15 to 07-15.
	QiyiFrom, QiyiTo string
}

// TopicInput describes a topic; MeetingKind defaults to topic_study and
// MinSpeakers to 3 (002: 3位以上).
type TopicInput struct {
	No          int
	Title       string
	Theme       string
	Deadline    xuezuo.Date
	MeetingKind string
	MinSpeakers *int
	Materials   string
}

// Create saves a draft campaign owned by a committee the actor manages.
func (s *Service) Create(ctx context.Context, in Input) (*Campaign, error) {
	if in.OwnerOrgID == 0 {
		return nil, fieldErr("owner_org_id", "请指定发起组织")
	}
	if err := s.scope.CanManageOrg(ctx, in.OwnerOrgID); err != nil {
		return nil, err
	}
	for _, id := range in.ScopeOrgs {
		if err := s.scope.CanManageOrg(ctx, id); err != nil {
			return nil, fieldErr("scope_orgs", "范围内的组织须在您的管理范围内")
		}
	}
	for i, b := range in.Batches {
		for _, id := range b.OrgIDs {
			if err := s.scope.CanManageOrg(ctx, id); err != nil {
				f := fmt.Sprintf("batches[%d].orgs", i)
				return nil, fieldErr(f, "批次中的组织须在您的管理范围内")
			}
		}
	}
	c, err := s.build(in)
	if err != nil {
		return nil, err
	}
	c.CreatedAt = s.clock.Now()
	if err := s.store.CreateCampaign(ctx, c, audit.New(ctx, "campaign.create", "campaign", 0, in.OwnerOrgID, "title", "topics")); err != nil {
		return nil, err
	}
	return c, nil
}

// build validates in and returns the campaign it describes.
func (s *Service) build(in Input) (*Campaign, error) {
	var v xuezuo.Validation
	title := strings.TrimSpace(in.Title)
	v.Check(title != "" && utf8.RuneCountInString(title) <= 80, "title", "请填写标题（不超过 80 个字）")
	scope := in.Scope
	if scope == "" {
		scope = ScopeSubtree
	}
	v.Check(slices.Contains([]string{ScopeSubtree, ScopeLeaders, ScopeOrgs}, scope), "scope", "请选择有效的范围")
	v.Check(scope != ScopeOrgs || len(in.ScopeOrgs) > 0, "scope_orgs", "请选择参加的组织")
	v.Check(!in.Start.IsZero(), "start", "请填写开始日期")
	v.Check(in.End.IsZero() || !in.End.Before(in.Start), "end", "结束日期不能早于开始日期")
	// Names refuse invisible characters; plan dates stay between the
	// Party's founding and five years ahead.
	today := xuezuo.DateOf(s.clock.Now())
	xuezuo.CheckText(&v, "title", "标题", title, false)
	xuezuo.CheckText(&v, "description", "说明", in.Description, true)
	xuezuo.CheckPlanDate(&v, "start", "开始日期", in.Start, today)
	xuezuo.CheckPlanDate(&v, "end", "结束日期", in.End, today)
	c := &Campaign{OwnerOrgID: in.OwnerOrgID, Title: title, Kind: in.Kind, Scope: scope, ScopeOrgs: in.ScopeOrgs,
		Description: strings.TrimSpace(in.Description), Start: in.Start, End: in.End, Status: StatusDraft,
		Phases: in.Phases, Batches: in.Batches}
	c.QiyiFrom, c.QiyiTo = checkQiyi(&v, in.QiyiFrom, in.QiyiTo)
	if c.Kind == "" {
		c.Kind = "custom"
	}
	seen := map[int]bool{}
	for i, t := range in.Topics {
		f := fmt.Sprintf("topics[%d].", i)
		no := t.No
		if no == 0 {
			no = i + 1
		}
		v.Check(!seen[no], f+"no", "专题序号重复")
		// Progress keeps one bit per topic number in a 64-bit mask.
		v.Check(no >= 1 && no <= MaxTopics, f+"no", fmt.Sprintf("专题序号应在 1 到 %d 之间", MaxTopics))
		seen[no] = true
		v.Check(strings.TrimSpace(t.Title) != "", f+"title", "请填写专题名称")
		v.Check(!t.Deadline.IsZero(), f+"deadline", "请填写专题完成期限")
		xuezuo.CheckText(&v, f+"title", "专题名称", t.Title, false)
		xuezuo.CheckText(&v, f+"theme", "学习内容", t.Theme, false)
		xuezuo.CheckText(&v, f+"materials", "学习材料", t.Materials, true)
		xuezuo.CheckPlanDate(&v, f+"deadline", "专题完成期限", t.Deadline, today)
		kind := t.MeetingKind
		if kind == "" {
			kind = "topic_study"
		}
		v.Check(ValidMeetingKind(kind), f+"meeting_kind", "请选择完成专题的会议类型")
		speakers := 3
		if t.MinSpeakers != nil {
			speakers = *t.MinSpeakers
		}
		v.Check(speakers >= 0 && speakers <= 50, f+"min_speakers", "发言人数应在 0 到 50 之间")
		c.Topics = append(c.Topics, Topic{No: no, Title: strings.TrimSpace(t.Title), Theme: t.Theme, Deadline: t.Deadline,
			MeetingKind: kind, MinSpeakers: speakers, Materials: t.Materials})
	}
	for i, p := range in.Phases {
		f := fmt.Sprintf("phases[%d].", i)
		v.Check(strings.TrimSpace(p.Name) != "", f+"name", "请填写阶段名称")
		v.Check(p.End.IsZero() || p.Start.IsZero() || !p.End.Before(p.Start), f+"end", "阶段结束日期不能早于开始日期")
		xuezuo.CheckText(&v, f+"name", "阶段名称", p.Name, false)
		xuezuo.CheckPlanDate(&v, f+"start", "阶段开始日期", p.Start, today)
		xuezuo.CheckPlanDate(&v, f+"end", "阶段结束日期", p.End, today)
		c.Phases[i].No = i + 1
	}
	for i, b := range in.Batches {
		f := fmt.Sprintf("batches[%d].", i)
		v.Check(strings.TrimSpace(b.Name) != "", f+"name", "请填写批次名称")
		v.Check(!b.Start.IsZero(), f+"start", "请填写批次开始日期")
		v.Check(b.End.IsZero() || !b.End.Before(b.Start), f+"end", "批次结束日期不能早于开始日期")
		v.Check(len(b.OrgIDs) > 0, f+"orgs", "请选择本批次的组织")
		xuezuo.CheckText(&v, f+"name", "批次名称", b.Name, false)
		xuezuo.CheckPlanDate(&v, f+"start", "批次开始日期", b.Start, today)
		xuezuo.CheckPlanDate(&v, f+"end", "批次结束日期", b.End, today)
		c.Batches[i].No = i + 1
	}
	slices.SortFunc(c.Topics, func(a, b Topic) int { return a.No - b.No })
	return c, v.Err()
}

// checkQiyi validates a 七一 window given as month-days and returns it,
// the default for an empty one.
func checkQiyi(v *xuezuo.Validation, from, to string) (string, string) {
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if from == "" && to == "" {
		return DefaultQiyiFrom, DefaultQiyiTo
	}
	f, errF := MonthDayIn(from, 2016)
	t, errT := MonthDayIn(to, 2016)
	v.Check(errF == nil, "qiyi_from", "七一党课时间的开始日应为“月-日”，如 06-15")
	v.Check(errT == nil, "qiyi_to", "七一党课时间的结束日应为“月-日”，如 07-15")
	v.Check(errF != nil || errT != nil || !t.Before(f), "qiyi_to", "七一党课时间的结束日不能早于开始日（须在同一年内）")
	return from, to
}

// SetQiyi changes a campaign's 七一 window (month-days; both empty restores
// the default): organisers over its owner may, published or not. Lectures
// are judged against the window when they are counted, so the change
// applies to every lecture already recorded.
func (s *Service) SetQiyi(ctx context.Context, id xuezuo.ID, from, to string) (*Campaign, error) {
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.scope.CanManageOrg(ctx, c.OwnerOrgID); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
			return nil, xuezuo.Forbidden() // the campaign is read, its owner not managed
		}
		return nil, err
	}
	var v xuezuo.Validation
	from, to = checkQiyi(&v, from, to)
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := audit.New(ctx, "campaign.qiyi", "campaign", id, c.OwnerOrgID, "qiyi_from", "qiyi_to")
	if err := s.store.SetCampaignQiyi(ctx, id, from, to, e); err != nil {
		return nil, err
	}
	c.QiyiFrom, c.QiyiTo = from, to
	return c, nil
}

// Publish makes a draft visible to every org in scope; their task lists
// follow from the topics and from the tree, so a branch added to the scope
// later has its tasks too.
func (s *Service) Publish(ctx context.Context, id xuezuo.ID) (*Campaign, error) {
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.scope.CanManageOrg(ctx, c.OwnerOrgID); err != nil {
		return nil, err
	}
	if c.Published() {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "该学习教育已发布")
	}
	now := s.clock.Now()
	if err := s.store.PublishCampaign(ctx, id, now, audit.New(ctx, "campaign.publish", "campaign", id, c.OwnerOrgID, "status")); err != nil {
		return nil, err
	}
	c.Status, c.PublishedAt = StatusPublished, now
	return c, nil
}

// Get returns a campaign the actor may see: organisers over its owner see
// drafts too; everyone inside its scope sees it once published.
func (s *Service) Get(ctx context.Context, id xuezuo.ID) (*Campaign, error) {
	c, err := s.store.GetCampaign(ctx, id)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "学习教育", "get campaign %d", id)
	}
	ok, err := s.visible(ctx, c)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, xuezuo.NotFound("学习教育")
	}
	return c, nil
}

// List returns the campaigns the actor may see, newest first.
func (s *Service) List(ctx context.Context) ([]Campaign, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	all, err := s.store.ListCampaigns(ctx)
	if err != nil {
		return nil, err
	}
	out := []Campaign{}
	for _, c := range all {
		ok, err := s.visible(ctx, &c)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// visible decides whether the actor may see c.
func (s *Service) visible(ctx context.Context, c *Campaign) (bool, error) {
	a, err := actor(ctx)
	if err != nil {
		return false, err
	}
	if err := s.scope.CanReadOrg(ctx, c.OwnerOrgID); err == nil {
		return true, nil
	} else if xuezuo.ErrorCode(err) == xuezuo.EForbidden {
		return false, err
	}
	if !c.Published() {
		return false, nil
	}
	for _, g := range a.Grants {
		anc, err := s.store.AncestorIDs(ctx, g.OrgID)
		if err != nil {
			continue
		}
		for _, root := range c.ScopeRoots() {
			if slices.Contains(anc, root) {
				return true, nil
			}
		}
	}
	return false, nil
}

// Topic returns a topic of a campaign the actor may see, with its campaign.
func (s *Service) Topic(ctx context.Context, id xuezuo.ID) (*Topic, *Campaign, error) {
	t, err := s.store.GetTopic(ctx, id)
	if err != nil {
		return nil, nil, xuezuo.NotFoundAs(err, "专题", "get topic %d", id)
	}
	c, err := s.Get(ctx, t.CampaignID)
	if err != nil {
		return nil, nil, xuezuo.NotFoundAs(err, "专题", "get campaign of topic %d", id)
	}
	return t, c, nil
}

// InScope reports whether org lies in the campaign's scope.
func (s *Service) InScope(ctx context.Context, c *Campaign, orgID xuezuo.ID) (bool, error) {
	anc, err := s.store.AncestorIDs(ctx, orgID)
	if err != nil {
		return false, err
	}
	for _, root := range c.ScopeRoots() {
		if slices.Contains(anc, root) {
			return true, nil
		}
	}
	return false, nil
}

func actor(ctx context.Context) (*xuezuo.Actor, error) {
	a := xuezuo.ActorFrom(ctx)
	if a == nil {
		return nil, xuezuo.Errorf(xuezuo.EUnauthenticated, "请先登录")
	}
	return a, nil
}

func fieldErr(field, msg string) error {
	return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{field: msg}}
}
