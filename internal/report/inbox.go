package report

import (
	"context"
	"slices"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
)

// GetForward returns a forward with its chain. Its readers are those who
// read the sending org whole: the sender's organisers and inspectors and
// everyone above them, the receiving level included.
func (s *Service) GetForward(ctx context.Context, id xuezuo.ID) (*Forward, error) {
	f, err := s.store.GetForward(ctx, id)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "报送记录", "get forward %d", id)
	}
	if err := s.scope.CanReadMember(ctx, 0, f.FromOrgID); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
			return nil, xuezuo.NotFound("报送记录")
		}
		return nil, err
	}
	return f, nil
}

// Inbox pages what an org received in a quarter, grouped by source org and
// kind (the order of the items), each with its chain.
func (s *Service) Inbox(ctx context.Context, f InboxFilter) ([]Forward, int, error) {
	if err := s.scope.CanReadMember(ctx, 0, f.OrgID); err != nil {
		return nil, 0, err
	}
	if _, _, err := ParseQuarter(f.Quarter); err != nil {
		return nil, 0, err
	}
	if f.Kind != "" && !validKind(f.Kind) {
		return nil, 0, fieldErr("kind", "材料类型只能是 summary、reflection、lecture 或 forward")
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	if err := xuezuo.CheckOffset(f.Offset); err != nil {
		return nil, 0, err
	}
	return s.store.ListInbox(ctx, f)
}

func validKind(k string) bool { return slices.Contains(Kinds, k) }

// Adopt marks a received forward adopted (采用) by the receiving level; a
// forward is adopted once (409 after).
func (s *Service) Adopt(ctx context.Context, id xuezuo.ID) (*Forward, error) {
	f, err := s.GetForward(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.scope.CanManageOrg(ctx, f.ToOrgID); err != nil {
		// The actor reads the forward (from the sending side), so a
		// refusal to adopt is a 403, not a pretended absence.
		if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
			return nil, xuezuo.Forbidden()
		}
		return nil, err
	}
	if f.Adopted {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "这份材料已被采用")
	}
	err = s.store.AdoptForward(ctx, id, audit.New(ctx, "forward.adopt", "forward", id, f.ToOrgID, "adopted"))
	if xuezuo.ErrorCode(err) == xuezuo.EConflict {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "这份材料已被采用")
	}
	if err != nil {
		return nil, err
	}
	return s.GetForward(ctx, id)
}

// ForwardAllowed are the steps the actor may take on a received forward.
type ForwardAllowed struct {
	Forward, Adopt bool
}

// CanForwardStep answers which steps the actor may take on f now: the
// receiving org's organisers send it further (when there is a level above
// and they have not yet) or adopt it (once).
func (s *Service) CanForwardStep(ctx context.Context, f *Forward) ForwardAllowed {
	var a ForwardAllowed
	if s.scope.CanManageOrg(ctx, f.ToOrgID) != nil {
		return a
	}
	a.Adopt = !f.Adopted
	if up, err := s.levelAboveOrg(ctx, f.ToOrgID); err == nil && up != 0 {
		sent, err := s.store.OriginForwards(ctx, f.OriginKind, f.OriginID)
		a.Forward = err == nil
		for _, x := range sent {
			if x.FromOrgID == f.ToOrgID {
				a.Forward = false
			}
		}
	}
	return a
}

// CanForwardItem reports whether the actor may recommend a summary, a
// reflection or a lecture to a level above: what a page asks before it
// shows the form.
func (s *Service) CanForwardItem(ctx context.Context, kind string, itemID xuezuo.ID) bool {
	f, err := s.forwardItem(ctx, ForwardInput{Kind: kind, ItemID: itemID})
	if err != nil {
		return false
	}
	// The top of the tree has nowhere to send to.
	up, err := s.levelAboveOrg(ctx, f.FromOrgID)
	return err == nil && up != 0
}

// Recognition lists where a reflection was recommended to (推荐至 …), oldest
// first: its author and its branch's readers see it. It is recognition,
// never a ranking: no counts or places are given.
func (s *Service) Recognition(ctx context.Context, reflectionID xuezuo.ID) ([]Hop, error) {
	r, err := s.store.GetReflection(ctx, reflectionID)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "心得体会", "get reflection %d", reflectionID)
	}
	if err := s.scope.CanReadMember(ctx, r.MemberID, r.OrgID); err != nil {
		return nil, err
	}
	fs, err := s.store.OriginForwards(ctx, KindReflection, reflectionID)
	if err != nil {
		return nil, err
	}
	return hops(fs), nil
}

// LectureRecognition lists where a lecture was recommended to, oldest
// first: everyone who reads the lecture sees it, as on a reflection.
func (s *Service) LectureRecognition(ctx context.Context, meetingID xuezuo.ID) ([]Hop, error) {
	if _, err := s.lecture(ctx, meetingID); err != nil {
		return nil, err
	}
	fs, err := s.store.OriginForwards(ctx, KindLecture, meetingID)
	if err != nil {
		return nil, err
	}
	return hops(fs), nil
}

func hops(fs []Forward) []Hop {
	out := make([]Hop, len(fs))
	for i, f := range fs {
		out[i] = f.Hop()
	}
	return out
}

// Hop returns the forward's own step of its chain.
func (f *Forward) Hop() Hop {
	return Hop{ForwardID: f.ID, OrgID: f.FromOrgID, OrgName: f.FromOrgName, ToOrgID: f.ToOrgID, ToOrgName: f.ToOrgName,
		ByUserID: f.ByUserID, ByName: f.ByName, At: f.CreatedAt, Note: f.Note, Adopted: f.Adopted}
}

// ForwardCounts are the raw counts behind an org's §5.7 figures in a quarter.
type ForwardCounts struct {
	Up                map[string]int // forwarded up, per kind
	SummariesAccepted int            // summary versions accepted in the subtree
	Reflections       int            // reflections submitted in the subtree
	Lectures          int            // lectures held by orgs of the subtree
	Received          int            // forwards received
}

// ForwardFigure is one kind's §5.7 figure: Forwarded ÷ Base, both shown.
type ForwardFigure struct {
	Kind      string
	Forwarded int
	Base      int // summaries accepted, reflections submitted, lectures held or forwards received in the quarter
}

// ForwardFigures returns an org's figures for a quarter, per kind in the
// order of Kinds: what it forwarded up, over the summaries accepted in its
// subtree (summaries), the reflections submitted in its subtree
// (reflections), the lectures its subtree held (lectures) or the forwards
// it received (forward).
func (s *Service) ForwardFigures(ctx context.Context, orgID xuezuo.ID, quarter string) ([]ForwardFigure, error) {
	if err := s.scope.CanReadMember(ctx, 0, orgID); err != nil {
		return nil, err
	}
	since, until, err := ParseQuarter(quarter)
	if err != nil {
		return nil, err
	}
	c, err := s.store.ForwardCounts(ctx, orgID, quarter, since, until)
	if err != nil {
		return nil, err
	}
	return []ForwardFigure{
		{Kind: KindSummary, Forwarded: c.Up[KindSummary], Base: c.SummariesAccepted},
		{Kind: KindReflection, Forwarded: c.Up[KindReflection], Base: c.Reflections},
		{Kind: KindLecture, Forwarded: c.Up[KindLecture], Base: c.Lectures},
		{Kind: KindForward, Forwarded: c.Up[KindForward], Base: c.Received},
	}, nil
}

// Quota caps what each sending org forwards to ToOrgID per quarter, per
// kind of what the chain carries (a summary, a reflection or a lecture).
type Quota struct {
	ToOrgID xuezuo.ID
	Kind    string
	Quarter string
	Max     int
	SetAt   time.Time
}

// SetQuota sets or replaces a quota of the receiving org; its organisers set it.
func (s *Service) SetQuota(ctx context.Context, q Quota) error {
	if err := s.scope.CanManageOrg(ctx, q.ToOrgID); err != nil {
		return err
	}
	var v xuezuo.Validation
	v.Check(slices.Contains(QuotaKinds, q.Kind), "kind", "名额只能按总结材料、心得体会或党课设定")
	_, _, qerr := ParseQuarter(q.Quarter)
	v.Check(qerr == nil, "quarter", "季度格式不正确，应为 2016Q2 这样的季度")
	v.Check(q.Max >= 1 && q.Max <= 1000, "max", "名额应为 1 到 1000 之间的整数")
	if err := v.Err(); err != nil {
		return err
	}
	q.SetAt = s.clock.Now()
	return s.store.SetForwardQuota(ctx, q, audit.New(ctx, "forward.quota", "org", q.ToOrgID, q.ToOrgID, "kind", "quarter", "max"))
}

// Quotas lists the quotas a receiving org set, newest quarter first.
func (s *Service) Quotas(ctx context.Context, orgID xuezuo.ID) ([]Quota, error) {
	if err := s.scope.CanReadMember(ctx, 0, orgID); err != nil {
		return nil, err
	}
	return s.store.ForwardQuotas(ctx, orgID)
}

// CanSetQuota reports whether the actor sets the org's quotas.
func (s *Service) CanSetQuota(ctx context.Context, orgID xuezuo.ID) bool {
	return s.scope.CanManageOrg(ctx, orgID) == nil
}
