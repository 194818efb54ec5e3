package member

import (
	"context"

	"xuezuo"
	"xuezuo/internal/audit"
)

// AddPost appoints a member to a committee post of the member's branch (or
// an org above it) for a term starting on from.
func (s *Service) AddPost(ctx context.Context, memberID xuezuo.ID, orgID xuezuo.ID, post string, from, to xuezuo.Date) (*Post, error) {
	m, err := s.store.GetMember(ctx, memberID)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "党员", "get member %d", memberID)
	}
	if orgID == 0 {
		orgID = m.OrgID
	}
	if err := s.scope.CanWriteMember(ctx, orgID); err != nil {
		return nil, err
	}
	if err := s.scope.CanReadMember(ctx, memberID, m.OrgID); err != nil {
		return nil, err
	}
	var v xuezuo.Validation
	v.Check(valid(CommitteePosts, post), "post", "请选择委员职务")
	v.Check(!from.IsZero(), "term_from", "请填写任期开始日期")
	v.Check(to.IsZero() || from.Before(to), "term_to", "任期结束日期须晚于开始日期")
	// A typing slip (0201, 9999) would sort first or last in every list of
	// posts forever: the term is bounded like every record date.
	today := xuezuo.DateOf(s.clock.Now())
	xuezuo.CheckRecordDate(&v, "term_from", "任期开始日期", from, today)
	xuezuo.CheckRecordDate(&v, "term_to", "任期结束日期", to, today)
	if err := v.Err(); err != nil {
		return nil, err
	}
	p := &Post{MemberID: memberID, MemberName: m.Name, OrgID: orgID, Post: post, From: from, To: to}
	if err := s.store.AddPost(ctx, p, audit.New(ctx, "member.post.add", "member", memberID, orgID, "post")); err != nil {
		return nil, err
	}
	return p, nil
}

// EndPost ends a committee post on a date.
func (s *Service) EndPost(ctx context.Context, postID xuezuo.ID, on xuezuo.Date) error {
	p, err := s.store.GetPost(ctx, postID)
	if err != nil {
		return xuezuo.NotFoundAs(err, "职务", "get post %d", postID)
	}
	if err := s.scope.CanWriteMember(ctx, p.OrgID); err != nil {
		return err
	}
	if on.IsZero() {
		on = xuezuo.DateOf(s.clock.Now())
	}
	if !p.From.Before(on) {
		return fieldErr("term_to", "任期结束日期须晚于开始日期 "+p.From.String())
	}
	var v xuezuo.Validation
	xuezuo.CheckRecordDate(&v, "term_to", "任期结束日期", on, xuezuo.DateOf(s.clock.Now()))
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.EndPost(ctx, postID, on, audit.New(ctx, "member.post.end", "member", p.MemberID, p.OrgID, "term_to"))
}

// OrgPosts lists the committee posts of an org current today.
func (s *Service) OrgPosts(ctx context.Context, orgID xuezuo.ID) ([]Post, error) {
	if _, err := s.scope.CanListMembers(ctx, orgID); err != nil {
		return nil, err
	}
	return s.store.OrgPosts(ctx, orgID, xuezuo.DateOf(s.clock.Now()))
}
