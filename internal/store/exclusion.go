package store

import (
	"context"
	"database/sql"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/sqlcdb"
)

// GetExclusion reads one campaign-wide exclusion with its member's org.
func (s *Store) GetExclusion(ctx context.Context, id xuezuo.ID) (*meeting.Exclusion, error) {
	r, err := s.q().GetExclusion(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "不计入应到记录"))
	}
	return &meeting.Exclusion{ID: r.ID, CampaignID: r.CampaignID, MemberID: r.MemberID, MemberName: r.MemberName,
		OrgID: r.MemberOrgID, Category: r.Category, Reason: r.Reason, DecidedOn: r.DecidedOn}, nil
}

// DeleteExclusion withdraws an exclusion; the audit row keeps that it was.
func (s *Store) DeleteExclusion(ctx context.Context, id xuezuo.ID, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		ex, err := q.FigExclusionOf(ctx, id)
		if err != nil {
			return err
		}
		for _, x := range ex {
			if err := figExclusion(ctx, q, x.CampaignID, x.MemberID, -1); err != nil {
				return err
			}
		}
		n, err := q.DeleteExclusion(ctx, id)
		if err != nil {
			return err
		}
		if n == 0 {
			return xuezuo.NotFound("不计入应到记录")
		}
		return s.audit(ctx, q, e)
	})
}
