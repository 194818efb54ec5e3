package store

import (
	"context"
	"database/sql"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/member"
	"xuezuo/internal/store/sqlcdb"
)

// AddPost records a committee post.
func (s *Store) AddPost(ctx context.Context, p *member.Post, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		id, err := allocID(ctx, q, "committee_posts")
		if err != nil {
			return err
		}
		p.ID = id
		if err := q.InsertCommitteePost(ctx, sqlcdb.InsertCommitteePostParams{ID: id, MemberID: p.MemberID, OrgID: p.OrgID,
			Post: p.Post, TermFrom: p.From, TermTo: p.To}); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// EndPost ends a committee post.
func (s *Store) EndPost(ctx context.Context, id xuezuo.ID, on xuezuo.Date, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		if err := q.EndCommitteePost(ctx, sqlcdb.EndCommitteePostParams{ID: id, TermTo: on}); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// GetPost returns one committee post.
func (s *Store) GetPost(ctx context.Context, id xuezuo.ID) (*member.Post, error) {
	r, err := s.q().GetCommitteePost(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "职务"))
	}
	return &member.Post{ID: r.ID, MemberID: r.MemberID, OrgID: r.OrgID, Post: r.Post, From: r.TermFrom, To: r.TermTo}, nil
}

// MemberPosts lists a member's posts, oldest first.
func (s *Store) MemberPosts(ctx context.Context, memberID xuezuo.ID) ([]member.Post, error) {
	rows, err := s.q().ListMemberPosts(ctx, memberID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]member.Post, len(rows))
	for i, r := range rows {
		out[i] = member.Post{ID: r.ID, MemberID: r.MemberID, OrgID: r.OrgID, OrgName: r.OrgName, Post: r.Post, From: r.TermFrom, To: r.TermTo}
	}
	return out, nil
}

// OrgPosts lists the posts of an org current on a date.
func (s *Store) OrgPosts(ctx context.Context, orgID xuezuo.ID, on xuezuo.Date) ([]member.Post, error) {
	rows, err := s.q().ListOrgPosts(ctx, sqlcdb.ListOrgPostsParams{OrgID: orgID, OnDate: on})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]member.Post, len(rows))
	for i, r := range rows {
		out[i] = member.Post{ID: r.ID, MemberID: r.MemberID, MemberName: r.MemberName, OrgID: r.OrgID, Post: r.Post, From: r.TermFrom, To: r.TermTo}
	}
	return out, nil
}

// ImportMembers writes validated import rows in one transaction with one
// audit row: all or nothing.
func (s *Store) ImportMembers(ctx context.Context, items []member.Imported, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		first, err := allocIDs(ctx, q, "members", len(items))
		if err != nil {
			return err
		}
		for i := range items {
			m := &items[i].Member
			m.ID = first + int64(i)
			if err := s.insertMember(ctx, q, m, items[i].From); err != nil {
				return err
			}
		}
		return s.audit(ctx, q, e)
	})
}
