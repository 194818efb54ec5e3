package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/reflection"
)

// Kinds of forwarded items (择优报送, domain.md §5.7). KindForward sends a
// received forward further up; KindLecture is a meeting of kind lecture
// from the 党课 register (its material is what is recommended).
const (
	KindSummary    = "summary"
	KindReflection = "reflection"
	KindForward    = "forward"
	KindLecture    = "lecture"
)

// Kinds lists the kinds that can be forwarded, in display order.
var Kinds = []string{KindSummary, KindReflection, KindLecture, KindForward}

// QuotaKinds are the kinds a quota counts: what a chain carries.
var QuotaKinds = []string{KindSummary, KindReflection, KindLecture}

// KindLabel returns the zh-CN name of a kind.
func KindLabel(kind string) string {
	switch kind {
	case KindSummary:
		return "总结材料"
	case KindReflection:
		return "心得体会"
	case KindForward:
		return "下级报送的材料"
	case KindLecture:
		return "党课"
	}
	return kind
}

// MaxForwardNote is the longest recommendation note, in characters.
const MaxForwardNote = 1000

// ErrQuotaFull is wrapped by the store's conflict when a forward would
// exceed the receiving org's quota, so the service can tell it from a
// duplicate.
var ErrQuotaFull = errors.New("forward quota full")

// Forward is one hop of an item sent to the level above.
type Forward struct {
	ID          xuezuo.ID
	Kind        string    // summary, reflection, lecture or forward, as named
	ItemID      xuezuo.ID // the summary, the reflection, the lecture (a meeting) or the earlier forward
	OriginKind  string    // summary, reflection or lecture: what the chain carries
	OriginID    xuezuo.ID
	PrevID      xuezuo.ID // the forward this one sends further; 0 for the first hop
	FromOrgID   xuezuo.ID
	FromOrgName string
	ToOrgID     xuezuo.ID
	ToOrgName   string
	ByUserID    xuezuo.ID
	ByName      string // the forwarding user's display name
	Note        string
	Quarter     string // "2016Q2", Beijing calendar quarter of CreatedAt
	Adopted     bool
	AdoptedAt   time.Time
	AdoptedBy   xuezuo.ID
	CreatedAt   time.Time
	Chain       []Hop  // every hop up to this one, oldest first
	Title       string // what the chain carries, by ItemTitle
}

// ItemNames are what the store reads about the item a chain carries; only
// the fields of its origin kind are set.
type ItemNames struct {
	ReflectionTitle          string
	SummaryOrg, SummaryTopic string
	LectureOrg, LectureTitle string // the holding org and the meeting's title
}

// ItemTitle names what a chain carries, for inboxes and bulletins: a
// reflection by its title, a summary by its branch and topic, a lecture by
// its holding org and title (植物研究所党委党课《……》).
func ItemTitle(originKind string, n ItemNames) string {
	switch originKind {
	case KindSummary:
		return n.SummaryOrg + "关于“" + n.SummaryTopic + "”的总结材料"
	case KindLecture:
		return n.LectureOrg + "党课《" + n.LectureTitle + "》"
	}
	return "《" + n.ReflectionTitle + "》"
}

// Hop is one step of a chain: who forwarded the item from which org to
// which, when and why.
type Hop struct {
	ForwardID xuezuo.ID
	OrgID     xuezuo.ID
	OrgName   string
	ToOrgID   xuezuo.ID
	ToOrgName string
	ByUserID  xuezuo.ID
	ByName    string
	At        time.Time
	Note      string
	Adopted   bool
}

// ForwardInput is a request to forward an item; FromOrgID 0 lets the
// service pick the actor's deepest org covering the item.
type ForwardInput struct {
	Kind      string
	ItemID    xuezuo.ID
	Note      string
	FromOrgID xuezuo.ID
}

// InboxFilter selects the forwards an org received in a quarter.
type InboxFilter struct {
	OrgID   xuezuo.ID
	Quarter string
	Kind    string
	Limit   int
	Offset  int
}

// QuarterOf returns the Beijing calendar quarter of an instant, "2016Q2".
func QuarterOf(t time.Time) string {
	b := t.In(xuezuo.Beijing)
	return fmt.Sprintf("%dQ%d", b.Year(), (int(b.Month())-1)/3+1)
}

// ParseQuarter reads "2016Q2" and returns the quarter's first instant and
// the next quarter's, in Beijing time.
func ParseQuarter(s string) (since, until time.Time, err error) {
	var y, q int
	if n, e := fmt.Sscanf(s, "%4dQ%1d", &y, &q); e != nil || n != 2 || q < 1 || q > 4 || y < 1921 || y > 9999 || len(s) != 6 {
		return since, until, fieldErr("quarter", "季度格式不正确，应为 2016Q2 这样的季度")
	}
	since = time.Date(y, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, xuezuo.Beijing)
	return since, since.AddDate(0, 3, 0), nil
}

// Forward sends an item to the forwarding org's level above with a note.
// The item must be readable by the actor (else 404), and inside the
// forwarding org's subtree or in its inbox; an org sends an item up once
// (409), and a quota of the receiving org caps each sender (409).
func (s *Service) Forward(ctx context.Context, in ForwardInput) (*Forward, error) {
	if !slices.Contains(Kinds, in.Kind) {
		return nil, fieldErr("kind", "请选择报送的材料类型：总结材料、心得体会、党课或下级报送的材料")
	}
	f, err := s.forwardItem(ctx, in)
	if err != nil {
		return nil, err
	}
	// The note is checked after the item and the permission, so that a
	// caller outside the item's reach learns nothing from a 422.
	note := strings.TrimSpace(in.Note)
	var v xuezuo.Validation
	v.Check(note != "", "note", "请填写推荐理由")
	v.Check(utf8.RuneCountInString(note) <= MaxForwardNote, "note", "推荐理由不能超过 1000 个字")
	xuezuo.CheckText(&v, "note", "推荐理由", note, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if f.ToOrgID, err = s.levelAboveOrg(ctx, f.FromOrgID); err != nil {
		return nil, err
	}
	if f.ToOrgID == 0 {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "本组织没有上级党委，无处报送")
	}
	now := s.clock.Now()
	f.Note, f.CreatedAt, f.Quarter = note, now, QuarterOf(now)
	if a := xuezuo.ActorFrom(ctx); a != nil {
		f.ByUserID = a.UserID
	}
	// Quotas count what the chain carries, so "three summaries per unit"
	// holds whether the unit sends its own branches' summaries or passes on
	// ones recommended to it.
	quota, err := s.store.ForwardQuota(ctx, f.ToOrgID, f.OriginKind, f.Quarter)
	if err != nil {
		return nil, err
	}
	err = s.store.CreateForward(ctx, f, quota, audit.New(ctx, "forward.create", "forward", 0, f.FromOrgID, "kind", "item_id", "note"))
	switch {
	case errors.Is(err, ErrQuotaFull):
		return nil, xuezuo.Errorf(xuezuo.EConflict, "本季度向上级报送的%s已达名额上限（%d 件），请在下季度再报送", KindLabel(f.OriginKind), quota)
	case xuezuo.ErrorCode(err) == xuezuo.EConflict:
		return nil, xuezuo.Errorf(xuezuo.EConflict, "本组织已推荐上报过这份材料，不能重复报送")
	case err != nil:
		return nil, err
	}
	return s.GetForward(ctx, f.ID)
}

// forwardItem reads the named item and decides the forwarding org; every
// refusal here is a 404 or 403 that names no record outside the reach.
func (s *Service) forwardItem(ctx context.Context, in ForwardInput) (*Forward, error) {
	f := &Forward{Kind: in.Kind, ItemID: in.ItemID, OriginKind: in.Kind, OriginID: in.ItemID}
	var itemOrg xuezuo.ID
	switch in.Kind {
	case KindSummary:
		sm, err := s.Get(ctx, in.ItemID)
		if err != nil {
			return nil, err
		}
		if sm.State != Accepted {
			return nil, xuezuo.Errorf(xuezuo.EConflict, "只有已通过的总结材料可以推荐上报")
		}
		itemOrg = sm.OrgID
	case KindReflection:
		r, err := s.reflection(ctx, in.ItemID)
		if err != nil {
			return nil, err
		}
		itemOrg = r.OrgID
	case KindLecture:
		m, err := s.lecture(ctx, in.ItemID)
		if err != nil {
			return nil, err
		}
		from, err := s.forwardingOrg(ctx, in.Kind, m.OrgID, in.FromOrgID)
		if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
			// The actor reads the lecture (its audience does), so no org
			// of theirs holding it is a refusal, not a pretended absence.
			return nil, xuezuo.Forbidden()
		}
		if err != nil {
			return nil, err
		}
		f.FromOrgID = from
		return f, nil
	case KindForward:
		prev, err := s.GetForward(ctx, in.ItemID)
		if err != nil {
			return nil, err
		}
		// A forward is sent further only from the org that received it.
		if in.FromOrgID != 0 && in.FromOrgID != prev.ToOrgID {
			return nil, xuezuo.NotFound("报送记录")
		}
		if err := s.scope.CanManageOrg(ctx, prev.ToOrgID); err != nil {
			return nil, err
		}
		f.OriginKind, f.OriginID, f.PrevID, f.FromOrgID = prev.OriginKind, prev.OriginID, prev.ID, prev.ToOrgID
		return f, nil
	}
	from, err := s.forwardingOrg(ctx, in.Kind, itemOrg, in.FromOrgID)
	if err != nil {
		return nil, err
	}
	f.FromOrgID = from
	return f, nil
}

// reflection returns a submitted reflection whose branch the actor reads
// whole (its author alone may not forward it).
func (s *Service) reflection(ctx context.Context, id xuezuo.ID) (*reflection.Reflection, error) {
	r, err := s.store.GetReflection(ctx, id)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "心得体会", "get reflection %d", id)
	}
	if r.Status == reflection.Draft {
		return nil, xuezuo.NotFound("心得体会")
	}
	if err := s.scope.CanReadMember(ctx, 0, r.OrgID); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
			return nil, xuezuo.NotFound("心得体会")
		}
		return nil, err
	}
	return r, nil
}

// lecture returns a lecture the actor reads (its holding org's readers and
// its audience); a meeting of another kind the actor reads is refused as
// such, one they do not read is not found.
func (s *Service) lecture(ctx context.Context, id xuezuo.ID) (*meeting.Meeting, error) {
	m, err := s.meetings.Get(ctx, id)
	if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
		return nil, xuezuo.NotFound("党课")
	}
	if err != nil {
		return nil, err
	}
	if m.Kind != meeting.KindLecture {
		return nil, fieldErr("item_id", "只能推荐党课，这次会议不是党课")
	}
	return m, nil
}

// forwardingOrg decides which org forwards an item of itemOrg: the named
// one if it holds the item in its subtree and the actor acts for it, else
// the deepest of the actor's grant orgs that covers the item.
func (s *Service) forwardingOrg(ctx context.Context, kind string, itemOrg, named xuezuo.ID) (xuezuo.ID, error) {
	anc, err := s.store.OrgAncestors(ctx, itemOrg)
	if err != nil {
		return 0, err
	}
	// anc is root first and ends with the item's own org.
	if named != 0 {
		for _, o := range anc {
			if o.ID == named {
				return named, s.canForwardFrom(ctx, kind, &o)
			}
		}
		return 0, xuezuo.NotFound("材料")
	}
	a := xuezuo.ActorFrom(ctx)
	var grants []xuezuo.ID
	if a != nil {
		grants = a.GrantOrgs(xuezuo.RoleOrgAdmin, xuezuo.RoleSecretary)
	}
	first := error(xuezuo.NotFound("材料"))
	for i := len(anc) - 1; i >= 0; i-- {
		o := anc[i]
		if a != nil && !a.System && !slices.Contains(grants, o.ID) {
			continue
		}
		err := s.canForwardFrom(ctx, kind, &o)
		if err == nil {
			return o.ID, nil
		}
		// A refusal that says more than "not found" explains best.
		if xuezuo.ErrorCode(first) == xuezuo.ENotFound {
			first = err
		}
	}
	return 0, first
}

// canForwardFrom says whether the actor may forward an item of kind from
// o: organisers over a committee (every kind), and a branch's secretary or
// organisers for the branch's reflections and lectures.
func (s *Service) canForwardFrom(ctx context.Context, kind string, o *org.Org) error {
	switch {
	case o.Kind == org.KindCommittee:
		return s.scope.CanManageOrg(ctx, o.ID)
	case (kind == KindReflection || kind == KindLecture) && o.Kind == org.KindBranch:
		return s.scope.CanWriteMember(ctx, o.ID)
	}
	if err := s.scope.CanReadMember(ctx, 0, o.ID); err != nil {
		return err
	}
	return fieldErr("from_org_id", "只能由党支部（心得体会、党课）或党委推荐上报")
}

// levelAboveOrg returns where an org forwards to (domain.md §1): above a
// committee its nearest ancestor committee; above any other org the
// nearest ancestor unit, else the nearest ancestor committee.
func (s *Service) levelAboveOrg(ctx context.Context, id xuezuo.ID) (xuezuo.ID, error) {
	o, err := s.store.GetOrg(ctx, id)
	if err != nil {
		return 0, err
	}
	if o.Kind != org.KindCommittee {
		return s.LevelAbove(ctx, id)
	}
	anc, err := s.store.OrgAncestors(ctx, id)
	if err != nil {
		return 0, err
	}
	for i := len(anc) - 2; i >= 0; i-- {
		if anc[i].Kind == org.KindCommittee {
			return anc[i].ID, nil
		}
	}
	return 0, nil
}
