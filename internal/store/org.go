package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/org"
	"xuezuo/internal/store/sqlcdb"
)

func toOrg(r sqlcdb.Org) org.Org {
	o := org.Org{
		ID: r.ID, ParentID: r.ParentID.Int64, Name: r.Name, Kind: org.Kind(r.Kind), IsUnit: r.IsUnit,
		OrgKind: r.OrgKind, Joint: r.Joint, Temporary: r.Temporary, Approval: r.Approval,
		Established: r.Established, DissolvedOn: r.DissolvedOn, UnitID: r.UnitID,
		IssuerName: r.IssuerName, DocCode: r.DocCode,
		CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt),
	}
	if r.Workplaces != "" {
		o.Workplaces = strings.Split(r.Workplaces, "\n")
	}
	return o
}

// CreateOrg inserts an org with its closure links and audit row.
func (s *Store) CreateOrg(ctx context.Context, o *org.Org, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		if err := q.LockTree(ctx); err != nil {
			return err
		}
		id, err := allocID(ctx, q, "orgs")
		if err != nil {
			return err
		}
		if err := insertOrg(ctx, q, id, o); err != nil {
			return err
		}
		o.ID = id
		if err := q.RecomputeUnits(ctx, id); err != nil {
			return err
		}
		e.TargetID = id
		if e.OrgID == 0 {
			e.OrgID = id
		}
		return s.audit(ctx, q, e)
	})
}

// insertOrg writes an org row and links it under its parent.
func insertOrg(ctx context.Context, q *sqlcdb.Queries, id xuezuo.ID, o *org.Org) error {
	err := q.InsertOrg(ctx, sqlcdb.InsertOrgParams{
		ID: id, ParentID: nullID(o.ParentID), Name: o.Name, Kind: string(o.Kind), IsUnit: o.IsUnit,
		OrgKind: o.OrgKind, Joint: o.Joint, Temporary: o.Temporary, Workplaces: strings.Join(o.Workplaces, "\n"),
		Approval: o.Approval, Established: o.Established, CreatedAt: ms(o.CreatedAt),
		IssuerName: o.IssuerName, DocCode: o.DocCode,
	})
	if err != nil {
		return fmt.Errorf("insert org: %w", err)
	}
	if o.ParentID == 0 {
		return q.InsertRootLink(ctx, id)
	}
	return q.InsertOrgLinks(ctx, sqlcdb.InsertOrgLinksParams{ID: id, ParentID: o.ParentID})
}

// GetOrg returns one org.
func (s *Store) GetOrg(ctx context.Context, id xuezuo.ID) (*org.Org, error) {
	r, err := s.q().GetOrg(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "组织"))
	}
	o := toOrg(r)
	return &o, nil
}

// UpdateOrg writes an org's editable fields.
func (s *Store) UpdateOrg(ctx context.Context, o *org.Org, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		err := q.UpdateOrg(ctx, sqlcdb.UpdateOrgParams{
			ID: o.ID, Name: o.Name, IsUnit: o.IsUnit, OrgKind: o.OrgKind, Joint: o.Joint, Temporary: o.Temporary,
			Workplaces: strings.Join(o.Workplaces, "\n"), Approval: o.Approval, Established: o.Established,
			UpdatedAt: ms(o.UpdatedAt), IssuerName: o.IssuerName, DocCode: o.DocCode,
		})
		if err != nil {
			return err
		}
		if err := q.LockTree(ctx); err != nil { // names and flags are in cached trees
			return err
		}
		// The unit flag may have changed: every org below finds its unit anew.
		if err := q.RecomputeUnits(ctx, o.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// MoveOrg re-parents an org. The tree lock serialises structural changes,
// and the cycle check runs after it inside the same transaction, so two
// concurrent moves cannot together make an org its own ancestor.
func (s *Store) MoveOrg(ctx context.Context, id, parentID xuezuo.ID, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		if err := q.LockTree(ctx); err != nil {
			return err
		}
		n, err := q.IsAncestor(ctx, sqlcdb.IsAncestorParams{AncestorID: id, DescendantID: parentID})
		if err != nil {
			return err
		}
		if n > 0 {
			msg := "不能把组织调整到它自己或它的下级组织之下"
			return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{"parent_id": msg}}
		}
		if err := q.UnlinkSubtree(ctx, id); err != nil {
			return fmt.Errorf("unlink subtree: %w", err)
		}
		if err := q.LinkSubtree(ctx, sqlcdb.LinkSubtreeParams{ParentID: parentID, ID: id}); err != nil {
			return fmt.Errorf("link subtree: %w", err)
		}
		if err := q.SetOrgParent(ctx, sqlcdb.SetOrgParentParams{ID: id, ParentID: nullID(parentID), UpdatedAt: ms(s.now())}); err != nil {
			return err
		}
		if err := q.RecomputeUnits(ctx, id); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// DissolveOrg marks an org dissolved when it has no active sub-org and no
// member; the check runs under the tree lock.
func (s *Store) DissolveOrg(ctx context.Context, id xuezuo.ID, on xuezuo.Date, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		if err := q.LockTree(ctx); err != nil {
			return err
		}
		kids, err := q.CountChildren(ctx, nullID(id))
		if err != nil {
			return err
		}
		members, err := q.CountOrgMembers(ctx, id)
		if err != nil {
			return err
		}
		if kids > 0 || members > 0 {
			return xuezuo.Errorf(xuezuo.EConflict, "该组织还有 %d 个下级组织、%d 名党员，清空后才能撤销", kids, members)
		}
		if err := q.DissolveOrg(ctx, sqlcdb.DissolveOrgParams{ID: id, DissolvedOn: on, UpdatedAt: ms(s.now())}); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// OrgChildren returns the direct sub-orgs with their counts.
func (s *Store) OrgChildren(ctx context.Context, id xuezuo.ID) ([]org.Node, error) {
	q := s.q()
	rows, err := q.OrgChildren(ctx, nullID(id))
	if err != nil {
		return nil, s.mapErr(err)
	}
	stats, err := q.ChildStats(ctx, nullID(id))
	if err != nil {
		return nil, s.mapErr(err)
	}
	byID := make(map[int64]sqlcdb.ChildStatsRow, len(stats))
	for _, st := range stats {
		byID[st.ID] = st
	}
	out := make([]org.Node, len(rows))
	for i, r := range rows {
		st := byID[r.ID]
		out[i] = org.Node{Org: toOrg(r), Children: int(st.Children), Members: int(st.Members)}
	}
	return out, nil
}

// OrgAncestors returns the org's ancestors and itself, root first.
func (s *Store) OrgAncestors(ctx context.Context, id xuezuo.ID) ([]org.Org, error) {
	rows, err := s.q().OrgAncestors(ctx, id)
	if err != nil {
		return nil, s.mapErr(err)
	}
	if len(rows) == 0 {
		return nil, xuezuo.NotFound("组织")
	}
	out := make([]org.Org, len(rows))
	for i, r := range rows {
		out[i] = toOrg(r.Org)
		out[i].Depth = len(rows) - 1 - i
	}
	return out, nil
}

// AncestorIDs returns the ids of the org and its ancestors.
func (s *Store) AncestorIDs(ctx context.Context, id xuezuo.ID) ([]xuezuo.ID, error) {
	out, err := s.q().AncestorIDs(ctx, id)
	if err != nil {
		return nil, s.mapErr(err)
	}
	if len(out) == 0 {
		return nil, xuezuo.NotFound("组织")
	}
	return out, nil
}

// OrgKindOf returns the kind of an org.
func (s *Store) OrgKindOf(ctx context.Context, id xuezuo.ID) (string, error) {
	o, err := s.GetOrg(ctx, id)
	if err != nil {
		return "", err
	}
	return string(o.Kind), nil
}

// RootOrgIDs returns the ids of the roots.
func (s *Store) RootOrgIDs(ctx context.Context) ([]xuezuo.ID, error) {
	rows, err := s.q().RootOrgs(ctx)
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]xuezuo.ID, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out, nil
}

// OrgSubtree returns the org and all below it, shallowest first, as a
// copy the caller may change.
func (s *Store) OrgSubtree(ctx context.Context, id xuezuo.ID) ([]org.Org, error) {
	t, err := s.SharedSubtree(ctx, id)
	return slices.Clone(t), err
}

// SharedSubtree is OrgSubtree for readers that change nothing: answers
// are cached per tree version (every org write bumps it) and shared, so a
// progress table over the academy's 5,000 orgs reads one row instead of all
// of them and copies nothing.
func (s *Store) SharedSubtree(ctx context.Context, id xuezuo.ID) ([]org.Org, error) {
	q := s.q()
	version, err := q.TreeVersion(ctx)
	if err != nil {
		return nil, s.mapErr(err)
	}
	if out, ok := s.trees.get(version, id); ok {
		return out, nil
	}
	rows, err := q.OrgSubtree(ctx, id)
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]org.Org, len(rows))
	for i, r := range rows {
		out[i] = toOrg(r.Org)
		out[i].Depth = int(r.Depth)
	}
	s.trees.put(version, id, out)
	return out, nil
}

// OrgCounts returns the figures behind an org's size warnings.
func (s *Store) OrgCounts(ctx context.Context, id xuezuo.ID, on xuezuo.Date) (org.Counts, error) {
	q := s.q()
	mc, err := q.OrgMemberCounts(ctx, id)
	if err != nil {
		return org.Counts{}, s.mapErr(err)
	}
	kids, err := q.CountChildren(ctx, nullID(id))
	if err != nil {
		return org.Counts{}, s.mapErr(err)
	}
	direct, err := q.CountOrgMembers(ctx, id)
	if err != nil {
		return org.Counts{}, s.mapErr(err)
	}
	posts, err := q.ListOrgPosts(ctx, sqlcdb.ListOrgPostsParams{OrgID: id, OnDate: on})
	if err != nil {
		return org.Counts{}, s.mapErr(err)
	}
	return org.Counts{Members: int(mc.Total), Full: int(mc.FullMembers), Probationary: int(mc.Probationary),
		Children: int(kids), DirectMembers: int(direct), CommitteePosts: len(posts)}, nil
}

// FindOrgsByName finds active orgs by exact name inside a subtree.
func (s *Store) FindOrgsByName(ctx context.Context, within xuezuo.ID, name string) ([]org.Org, error) {
	rows, err := s.q().FindOrgsByName(ctx, sqlcdb.FindOrgsByNameParams{AncestorID: within, Name: name})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]org.Org, len(rows))
	for i, r := range rows {
		out[i] = toOrg(r)
	}
	return out, nil
}

// RootOrgs returns the ids of the roots (for the org directory).
func (s *Store) RootOrgs(ctx context.Context) ([]xuezuo.ID, error) { return s.RootOrgIDs(ctx) }
