package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/report"
	"xuezuo/internal/store/sqlcdb"
)

// CreateBulletin inserts a draft bulletin with the org's next number in
// its year and its audit row, in one transaction. The number comes from a
// counter row bumped by an upsert, whose row lock makes racing creations
// take consecutive numbers.
func (s *Store) CreateBulletin(ctx context.Context, b *report.Bulletin, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, _ *sql.Tx, q *sqlcdb.Queries) error {
		n, err := q.BumpBulletinNumber(ctx, sqlcdb.BumpBulletinNumberParams{OrgID: b.OrgID, Year: int64(b.Year)})
		if err != nil {
			return fmt.Errorf("bulletin number: %w", err)
		}
		id, err := allocID(ctx, q, "bulletins")
		if err != nil {
			return err
		}
		b.Number = int(n)
		b.DocNo = report.FormatDocNo(b.DocCode, b.Year, b.Number)
		if err := q.InsertBulletin(ctx, sqlcdb.InsertBulletinParams{ID: id, OrgID: b.OrgID, CampaignID: b.CampaignID, TopicID: b.TopicID,
			Period: b.Period, FromDate: b.From, ToDate: b.To, Year: int64(b.Year), Number: n, DocNo: b.DocNo, Title: b.Title,
			Preface: b.Preface, Closing: b.Closing, CreatedBy: b.CreatedBy, CreatedAt: ms(b.CreatedAt)}); err != nil {
			return err
		}
		b.ID, e.TargetID = id, id
		return s.audit(ctx, q, e)
	})
}

func toBulletin(r sqlcdb.Bulletin, orgName string) *report.Bulletin {
	return &report.Bulletin{ID: r.ID, OrgID: r.OrgID, OrgName: orgName, CampaignID: r.CampaignID, TopicID: r.TopicID, Period: r.Period,
		From: r.FromDate, To: r.ToDate, Year: int(r.Year), Number: int(r.Number), DocNo: r.DocNo, Title: r.Title, State: r.State,
		Preface: r.Preface, Closing: r.Closing, Frozen: r.Content, CreatedBy: r.CreatedBy, CreatedAt: fromMS(r.CreatedAt),
		UpdatedAt: fromMS(r.UpdatedAt), PublishedAt: fromMS(r.PublishedAt), PublishedBy: r.PublishedBy}
}

// GetBulletin returns one bulletin with its org's name.
func (s *Store) GetBulletin(ctx context.Context, id xuezuo.ID) (*report.Bulletin, error) {
	r, err := s.q().GetBulletin(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "通报"))
	}
	return toBulletin(r.Bulletin, r.OrgName), nil
}

// EditBulletin changes a draft's preface and closing; a conflict when it
// is no longer a draft.
func (s *Store) EditBulletin(ctx context.Context, id xuezuo.ID, preface, closing string, at time.Time, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		n, err := q.EditBulletin(ctx, sqlcdb.EditBulletinParams{ID: id, Preface: preface, Closing: closing, UpdatedAt: ms(at)})
		if err == nil && n == 0 {
			return xuezuo.Errorf(xuezuo.EConflict, "通报已印发")
		}
		return err
	})
}

// PublishBulletin freezes a draft with its content; a conflict when it
// was published already.
func (s *Store) PublishBulletin(ctx context.Context, id xuezuo.ID, content string, at time.Time, by xuezuo.ID, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		n, err := q.PublishBulletin(ctx, sqlcdb.PublishBulletinParams{ID: id, Content: content, PublishedAt: ms(at), PublishedBy: by})
		if err == nil && n == 0 {
			return xuezuo.Errorf(xuezuo.EConflict, "通报已印发")
		}
		return err
	})
}

// ListBulletins pages an org's bulletins, newest first.
func (s *Store) ListBulletins(ctx context.Context, f report.BulletinFilter) ([]report.Bulletin, int, error) {
	q := s.q()
	total, err := q.CountBulletins(ctx, sqlcdb.CountBulletinsParams{OrgID: f.OrgID, CampaignID: f.CampaignID, State: f.State})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	rows, err := q.ListBulletins(ctx, sqlcdb.ListBulletinsParams{OrgID: f.OrgID, CampaignID: f.CampaignID, State: f.State,
		Lim: int32Of(f.Limit), Off: int32Of(f.Offset)})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	out := make([]report.Bulletin, len(rows))
	for i, r := range rows {
		out[i] = *toBulletin(r.Bulletin, r.OrgName)
		out[i].Frozen = "" // lists never carry the content
	}
	return out, int(total), nil
}

// SummaryMissingBranches names the expected branches under an org without
// a submitted summary on a topic.
func (s *Store) SummaryMissingBranches(ctx context.Context, orgID, topicID xuezuo.ID) ([]report.MissingBranch, error) {
	rows, err := s.q().SummaryMissingBranches(ctx, sqlcdb.SummaryMissingBranchesParams{OrgID: orgID, TopicID: topicID})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]report.MissingBranch, len(rows))
	for i, r := range rows {
		out[i] = report.MissingBranch{OrgID: r.ID, Name: r.Name, UnitID: r.UnitID}
	}
	return out, nil
}

// AdoptedForwards lists the forwards an org adopted in [since, until) as
// a bulletin's highlights.
func (s *Store) AdoptedForwards(ctx context.Context, orgID xuezuo.ID, since, until time.Time) ([]report.Highlight, error) {
	rows, err := s.q().AdoptedForwards(ctx, sqlcdb.AdoptedForwardsParams{OrgID: orgID, Since: ms(since), Until: ms(until)})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]report.Highlight, len(rows))
	for i, r := range rows {
		title := report.ItemTitle(r.OriginKind, report.ItemNames{ReflectionTitle: r.ReflectionTitle, SummaryOrg: r.SummaryOrg,
			SummaryTopic: r.SummaryTopic, LectureOrg: r.LectureOrg, LectureTitle: r.LectureTitle})
		out[i] = report.Highlight{ForwardID: r.ID, Kind: r.OriginKind, Title: title, SourceOrgID: r.FromOrgID, SourceOrg: r.FromOrgName,
			AdoptedAt: fromMS(r.AdoptedAt)}
	}
	return out, nil
}
