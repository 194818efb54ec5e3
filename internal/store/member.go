package store

import (
	"context"
	"database/sql"
	"fmt"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/member"
	"xuezuo/internal/store/sqlcdb"
)

// toMember converts a row, decrypting the phone when a field key is set.
func (s *Store) toMember(r sqlcdb.Member) (member.Member, error) {
	phone, err := s.fields.openMember(r.ID, r.Phone)
	return member.Member{
		ID: r.ID, OrgID: r.OrgID, Name: r.Name, Gender: r.Gender, Birth: r.BirthDate, BirthYearOnly: r.BirthYearOnly,
		JoinDate: r.JoinDate, FullDate: r.FullDate, Standing: r.Standing, Category: r.Category, Status: r.Status,
		StatusSince: r.StatusSince, StatusReason: r.StatusReason, Cadre: r.Cadre, Post: r.Post, Phone: phone,
		CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt),
	}, err
}

// toMembers converts rows with toMember.
func (s *Store) toMembers(rows []sqlcdb.Member) ([]member.Member, error) {
	out := make([]member.Member, len(rows))
	for i, r := range rows {
		m, err := s.toMember(r)
		if err != nil {
			return nil, err
		}
		out[i] = m
	}
	return out, nil
}

// CreateMember inserts a member, the first membership and status history
// row, and the audit row, in one transaction.
func (s *Store) CreateMember(ctx context.Context, m *member.Member, from xuezuo.Date, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		id, err := allocID(ctx, q, "members")
		if err != nil {
			return err
		}
		m.ID = id
		if err := s.insertMember(ctx, q, m, from); err != nil {
			return err
		}
		e.TargetID = id
		return s.audit(ctx, q, e)
	})
}

func (s *Store) insertMember(ctx context.Context, q *sqlcdb.Queries, m *member.Member, from xuezuo.Date) error {
	err := q.InsertMember(ctx, sqlcdb.InsertMemberParams{
		ID: m.ID, OrgID: m.OrgID, Name: m.Name, Gender: m.Gender, BirthDate: m.Birth, BirthYearOnly: m.BirthYearOnly,
		JoinDate: m.JoinDate, FullDate: m.FullDate, Standing: m.Standing, Category: m.Category, Status: m.Status,
		StatusSince: m.StatusSince, StatusReason: m.StatusReason, Cadre: m.Cadre, Post: m.Post, Phone: s.fields.sealMember(m.ID, m.Phone),
		CreatedAt: ms(m.CreatedAt),
	})
	if err != nil {
		return fmt.Errorf("insert member: %w", err)
	}
	msID, err := allocID(ctx, q, "memberships")
	if err != nil {
		return err
	}
	if err := q.InsertMembership(ctx, sqlcdb.InsertMembershipParams{ID: msID, MemberID: m.ID, OrgID: m.OrgID, FromDate: from}); err != nil {
		return fmt.Errorf("insert membership: %w", err)
	}
	if err := figMembers(ctx, q, m.OrgID, 1); err != nil {
		return err
	}
	return s.insertStatus(ctx, q, m)
}

func (s *Store) insertStatus(ctx context.Context, q *sqlcdb.Queries, m *member.Member) error {
	id, err := allocID(ctx, q, "member_statuses")
	if err != nil {
		return err
	}
	return q.InsertMemberStatus(ctx, sqlcdb.InsertMemberStatusParams{ID: id, MemberID: m.ID, Status: m.Status,
		Since: m.StatusSince, Reason: m.StatusReason, RecordedAt: ms(s.now())})
}

// GetMember returns one member with its org's name.
func (s *Store) GetMember(ctx context.Context, id xuezuo.ID) (*member.Member, error) {
	r, err := s.q().GetMember(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "党员"))
	}
	m, err := s.toMember(r)
	if err != nil {
		return nil, err
	}
	if o, err := s.GetOrg(ctx, m.OrgID); err == nil {
		m.OrgName = o.Name
	}
	return &m, nil
}

// UpdateMember writes a member's fields; a status change also appends to
// the status history.
func (s *Store) UpdateMember(ctx context.Context, m *member.Member, statusChanged bool, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		err := q.UpdateMember(ctx, sqlcdb.UpdateMemberParams{
			ID: m.ID, Name: m.Name, Gender: m.Gender, BirthDate: m.Birth, BirthYearOnly: m.BirthYearOnly,
			JoinDate: m.JoinDate, FullDate: m.FullDate, Standing: m.Standing, Category: m.Category, Status: m.Status,
			StatusSince: m.StatusSince, StatusReason: m.StatusReason, Cadre: m.Cadre, Post: m.Post, Phone: s.fields.sealMember(m.ID, m.Phone),
			UpdatedAt: ms(m.UpdatedAt),
		})
		if err != nil {
			return err
		}
		if statusChanged {
			if err := s.insertStatus(ctx, q, m); err != nil {
				return err
			}
		}
		return s.audit(ctx, q, e)
	})
}

// TransferMember closes the current membership on on and opens one in to.
func (s *Store) TransferMember(ctx context.Context, id, to xuezuo.ID, on xuezuo.Date, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		from, err := q.FigMemberOrg(ctx, id)
		if err != nil {
			return err
		}
		if err := q.CloseMembership(ctx, sqlcdb.CloseMembershipParams{MemberID: id, ToDate: on}); err != nil {
			return err
		}
		msID, err := allocID(ctx, q, "memberships")
		if err != nil {
			return err
		}
		if err := q.InsertMembership(ctx, sqlcdb.InsertMembershipParams{ID: msID, MemberID: id, OrgID: to, FromDate: on}); err != nil {
			return err
		}
		if err := q.SetMemberOrg(ctx, sqlcdb.SetMemberOrgParams{ID: id, OrgID: to, UpdatedAt: ms(s.now())}); err != nil {
			return err
		}
		if err := figMemberMove(ctx, q, id, from, to); err != nil {
			return err
		}
		if err := figLectureMove(ctx, q, id, from, to, on); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// ListMembers pages the members of a subtree.
func (s *Store) ListMembers(ctx context.Context, f member.Filter) ([]member.Member, int, error) {
	q := s.q()
	name := likeLiteral(f.Name)
	total, err := q.CountMembers(ctx, sqlcdb.CountMembersParams{OrgID: f.OrgID, Name: name, Status: f.Status,
		Category: f.Category, Standing: f.Standing})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	rows, err := q.ListMembers(ctx, sqlcdb.ListMembersParams{OrgID: f.OrgID, Name: name, Status: f.Status,
		Category: f.Category, Standing: f.Standing, Lim: int32Of(f.Limit), Off: int32Of(f.Offset)})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	names := map[xuezuo.ID]string{}
	out, err := s.toMembers(rows)
	if err != nil {
		return nil, 0, err
	}
	for i, r := range rows {
		n, ok := names[r.OrgID]
		if !ok {
			if o, err := s.GetOrg(ctx, r.OrgID); err == nil {
				n = o.Name
			}
			names[r.OrgID] = n
		}
		out[i].OrgName = n
	}
	return out, int(total), nil
}

// FindMembersByName returns the members of a subtree with exactly name.
func (s *Store) FindMembersByName(ctx context.Context, within xuezuo.ID, name string) ([]member.Member, error) {
	rows, err := s.q().FindMembersByName(ctx, sqlcdb.FindMembersByNameParams{AncestorID: within, Name: name})
	if err != nil {
		return nil, s.mapErr(err)
	}
	return s.toMembers(rows)
}

// Memberships returns a member's branch history, oldest first.
func (s *Store) Memberships(ctx context.Context, memberID xuezuo.ID) ([]member.Membership, error) {
	rows, err := s.q().ListMemberships(ctx, memberID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]member.Membership, len(rows))
	for i, r := range rows {
		out[i] = member.Membership{ID: r.ID, MemberID: r.MemberID, OrgID: r.OrgID, OrgName: r.OrgName, From: r.FromDate, To: r.ToDate}
	}
	return out, nil
}

// StatusHistory returns a member's status changes, oldest first.
func (s *Store) StatusHistory(ctx context.Context, memberID xuezuo.ID) ([]member.StatusChange, error) {
	rows, err := s.q().ListMemberStatuses(ctx, memberID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]member.StatusChange, len(rows))
	for i, r := range rows {
		out[i] = member.StatusChange{ID: r.ID, Status: r.Status, Since: r.Since, Reason: r.Reason, RecordedAt: fromMS(r.RecordedAt)}
	}
	return out, nil
}
