package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/report"
	"xuezuo/internal/store/sqlcdb"
)

// CreateForward inserts a forward and counts it for its sender, receiver,
// origin kind and quarter in one transaction with its audit row. The insert comes
// first so that a duplicate is told as such even when the quota is full;
// the count's conditional upsert then refuses the quota's excess.
func (s *Store) CreateForward(ctx context.Context, f *report.Forward, quota int, e audit.Entry) error {
	lim := int64(math.MaxInt64)
	if quota > 0 {
		lim = int64(quota)
	}
	return s.inTx(ctx, func(ctx context.Context, _ *sql.Tx, q *sqlcdb.Queries) error {
		id, err := allocID(ctx, q, "forwards")
		if err != nil {
			return err
		}
		if err := q.InsertForward(ctx, sqlcdb.InsertForwardParams{ID: id, Kind: f.Kind, ItemID: f.ItemID, OriginKind: f.OriginKind,
			OriginID: f.OriginID, PrevID: f.PrevID, FromOrgID: f.FromOrgID, ToOrgID: f.ToOrgID, ByUserID: f.ByUserID, Note: f.Note,
			Quarter: f.Quarter, CreatedAt: ms(f.CreatedAt)}); err != nil {
			return err
		}
		n, err := q.BumpForwardCount(ctx, sqlcdb.BumpForwardCountParams{FromOrgID: f.FromOrgID, ToOrgID: f.ToOrgID, Kind: f.OriginKind,
			Quarter: f.Quarter, Lim: lim})
		if err != nil {
			return err
		}
		if n == 0 {
			return &xuezuo.Error{Code: xuezuo.EConflict, Message: "报送名额已满", Err: report.ErrQuotaFull}
		}
		f.ID = id
		e.TargetID = id
		return s.audit(ctx, q, e)
	})
}

// GetForward returns a forward with its chain, oldest hop first. The chain
// is walked by prev_id: it is as long as the tree is deep.
func (s *Store) GetForward(ctx context.Context, id xuezuo.ID) (*report.Forward, error) {
	q := s.q()
	r, err := q.GetForward(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "报送记录"))
	}
	f := toForward(r)
	if err := s.chain(ctx, q, f); err != nil {
		return nil, err
	}
	return f, nil
}

// chain fills f.Chain from the first hop to f itself.
func (s *Store) chain(ctx context.Context, q *sqlcdb.Queries, f *report.Forward) error {
	hops := []report.Hop{f.Hop()}
	for prev := f.PrevID; prev != 0; {
		r, err := q.GetForward(ctx, prev)
		if err != nil {
			return s.mapErr(fmt.Errorf("chain of forward %d at %d: %w", f.ID, prev, err))
		}
		p := toForward(r)
		hops = append(hops, p.Hop())
		prev = p.PrevID
	}
	slices.Reverse(hops)
	f.Chain = hops
	return nil
}

func toForward(r sqlcdb.GetForwardRow) *report.Forward {
	return &report.Forward{ID: r.ID, Kind: r.Kind, ItemID: r.ItemID, OriginKind: r.OriginKind, OriginID: r.OriginID, PrevID: r.PrevID,
		FromOrgID: r.FromOrgID, FromOrgName: r.FromOrgName, ToOrgID: r.ToOrgID, ToOrgName: r.ToOrgName, ByUserID: r.ByUserID, ByName: r.ByName,
		Note: r.Note, Quarter: r.Quarter, Adopted: r.Adopted, AdoptedAt: fromMS(r.AdoptedAt), AdoptedBy: r.AdoptedBy,
		CreatedAt: fromMS(r.CreatedAt), Title: report.ItemTitle(r.OriginKind, report.ItemNames{ReflectionTitle: r.ReflectionTitle, SummaryOrg: r.SummaryOrg,
			SummaryTopic: r.SummaryTopic, LectureOrg: r.LectureOrg, LectureTitle: r.LectureTitle})}
}

// AdoptForward marks a forward adopted; a second adoption is a conflict.
func (s *Store) AdoptForward(ctx context.Context, id xuezuo.ID, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		n, err := q.AdoptForward(ctx, sqlcdb.AdoptForwardParams{ID: id, AdoptedAt: ms(s.now()), AdoptedBy: e.UserID})
		if err == nil && n == 0 {
			return xuezuo.Errorf(xuezuo.EConflict, "已采用")
		}
		return err
	})
}

// ListInbox pages the forwards an org received in a quarter, each with its
// chain.
func (s *Store) ListInbox(ctx context.Context, f report.InboxFilter) ([]report.Forward, int, error) {
	q := s.q()
	total, err := q.CountInbox(ctx, sqlcdb.CountInboxParams{OrgID: f.OrgID, Quarter: f.Quarter, Kind: f.Kind})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	rows, err := q.ListInbox(ctx, sqlcdb.ListInboxParams{OrgID: f.OrgID, Quarter: f.Quarter, Kind: f.Kind,
		Lim: int32Of(f.Limit), Off: int32Of(f.Offset)})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	out := make([]report.Forward, len(rows))
	for i, r := range rows {
		fw := toForward(sqlcdb.GetForwardRow(r))
		if err := s.chain(ctx, q, fw); err != nil {
			return nil, 0, err
		}
		out[i] = *fw
	}
	return out, int(total), nil
}

// OriginForwards lists every hop that carried a summary, reflection or lecture.
func (s *Store) OriginForwards(ctx context.Context, kind string, id xuezuo.ID) ([]report.Forward, error) {
	rows, err := s.q().OriginForwards(ctx, sqlcdb.OriginForwardsParams{OriginKind: kind, OriginID: id})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]report.Forward, len(rows))
	for i, r := range rows {
		out[i] = *toForward(sqlcdb.GetForwardRow(r))
	}
	return out, nil
}

// ForwardQuota returns the receiving org's quota on a kind in a quarter,
// 0 when none is set.
func (s *Store) ForwardQuota(ctx context.Context, toOrgID xuezuo.ID, kind, quarter string) (int, error) {
	ns, err := s.q().ForwardQuota(ctx, sqlcdb.ForwardQuotaParams{ToOrgID: toOrgID, Kind: kind, Quarter: quarter})
	if err != nil || len(ns) == 0 {
		return 0, s.mapErr(err)
	}
	return int(ns[0]), nil
}

// SetForwardQuota sets or replaces a quota.
func (s *Store) SetForwardQuota(ctx context.Context, qt report.Quota, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		return q.SetForwardQuota(ctx, sqlcdb.SetForwardQuotaParams{ToOrgID: qt.ToOrgID, Kind: qt.Kind, Quarter: qt.Quarter,
			MaxItems: int64(qt.Max), SetAt: ms(qt.SetAt), SetBy: e.UserID})
	})
}

// ForwardQuotas lists a receiving org's quotas.
func (s *Store) ForwardQuotas(ctx context.Context, toOrgID xuezuo.ID) ([]report.Quota, error) {
	rows, err := s.q().ListForwardQuotas(ctx, toOrgID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]report.Quota, len(rows))
	for i, r := range rows {
		out[i] = report.Quota{ToOrgID: r.ToOrgID, Kind: r.Kind, Quarter: r.Quarter, Max: int(r.MaxItems), SetAt: fromMS(r.SetAt)}
	}
	return out, nil
}

// ForwardCounts reads the counts behind an org's §5.7 figures for a
// quarter whose instants are [since, until).
func (s *Store) ForwardCounts(ctx context.Context, orgID xuezuo.ID, quarter string, since, until time.Time) (report.ForwardCounts, error) {
	q := s.q()
	c := report.ForwardCounts{Up: map[string]int{}}
	up, err := q.ForwardedUp(ctx, sqlcdb.ForwardedUpParams{FromOrgID: orgID, Quarter: quarter})
	if err != nil {
		return c, s.mapErr(err)
	}
	for _, r := range up {
		c.Up[r.Kind] = int(r.N)
	}
	acc, err := q.SummariesAccepted(ctx, sqlcdb.SummariesAcceptedParams{OrgID: orgID, Since: ms(since), Until: ms(until)})
	if err != nil {
		return c, s.mapErr(err)
	}
	refl, err := q.ReflectionsReceived(ctx, sqlcdb.ReflectionsReceivedParams{OrgID: orgID, Since: ms(since), Until: ms(until)})
	if err != nil {
		return c, s.mapErr(err)
	}
	// A lecture is held on a Beijing date: the quarter's dates are
	// [since, until - 1 day].
	lec, err := q.LecturesHeld(ctx, sqlcdb.LecturesHeldParams{OrgID: orgID, FromDate: xuezuo.DateOf(since),
		ToDate: xuezuo.DateOf(until).AddDays(-1)})
	if err != nil {
		return c, s.mapErr(err)
	}
	recv, err := q.ForwardsReceived(ctx, sqlcdb.ForwardsReceivedParams{ToOrgID: orgID, Quarter: quarter})
	if err != nil {
		return c, s.mapErr(err)
	}
	c.SummariesAccepted, c.Reflections, c.Lectures, c.Received = int(acc), int(refl), int(lec), int(recv)
	return c, nil
}
