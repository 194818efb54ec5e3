package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/campaign"
	"xuezuo/internal/store/sqlcdb"
)

// CreateCampaign inserts a campaign with its scope orgs, phases, batches and
// topics in one transaction.
func (s *Store) CreateCampaign(ctx context.Context, c *campaign.Campaign, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		id, err := allocID(ctx, q, "campaigns")
		if err != nil {
			return err
		}
		c.ID = id
		if err := q.InsertCampaign(ctx, sqlcdb.InsertCampaignParams{ID: id, OwnerOrgID: c.OwnerOrgID, Title: c.Title, Kind: c.Kind,
			Scope: c.Scope, Description: c.Description, StartDate: c.Start, EndDate: c.End, Status: c.Status, CreatedAt: ms(c.CreatedAt),
			QiyiFrom: c.QiyiFrom, QiyiTo: c.QiyiTo}); err != nil {
			return err
		}
		for _, o := range c.ScopeOrgs {
			if err := q.InsertCampaignOrg(ctx, sqlcdb.InsertCampaignOrgParams{CampaignID: id, OrgID: o}); err != nil {
				return err
			}
		}
		if err := insertParts(ctx, q, c); err != nil {
			return err
		}
		if c.Scope != campaign.ScopeLeaders {
			// Meetings already held in the window count from the start.
			if err := rebuildCampaign(ctx, q, id, c.Start, c.End); err != nil {
				return err
			}
		}
		e.TargetID = id
		return s.audit(ctx, q, e)
	})
}

func insertParts(ctx context.Context, q *sqlcdb.Queries, c *campaign.Campaign) error {
	for i := range c.Phases {
		p := &c.Phases[i]
		id, err := allocID(ctx, q, "campaign_phases")
		if err != nil {
			return err
		}
		p.ID = id
		if err := q.InsertPhase(ctx, sqlcdb.InsertPhaseParams{ID: id, CampaignID: c.ID, No: int64(p.No), Name: p.Name, StartDate: p.Start, EndDate: p.End}); err != nil {
			return err
		}
	}
	for i := range c.Batches {
		b := &c.Batches[i]
		id, err := allocID(ctx, q, "campaign_batches")
		if err != nil {
			return err
		}
		b.ID = id
		if err := q.InsertBatch(ctx, sqlcdb.InsertBatchParams{ID: id, CampaignID: c.ID, No: int64(b.No), Name: b.Name,
			StartDate: b.Start, EndDate: b.End, OrgIds: joinIDs(b.OrgIDs)}); err != nil {
			return err
		}
	}
	for i := range c.Topics {
		t := &c.Topics[i]
		id, err := allocID(ctx, q, "topics")
		if err != nil {
			return err
		}
		t.ID, t.CampaignID = id, c.ID
		if err := q.InsertTopic(ctx, sqlcdb.InsertTopicParams{ID: id, CampaignID: c.ID, No: int64(t.No), Title: t.Title, Theme: t.Theme,
			Deadline: t.Deadline, MeetingKind: t.MeetingKind, MinSpeakers: int64(t.MinSpeakers), Materials: t.Materials}); err != nil {
			return err
		}
	}
	return nil
}

func joinIDs(ids []xuezuo.ID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

func splitIDs(s string) []xuezuo.ID {
	var out []xuezuo.ID
	for _, p := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

func toCampaign(r sqlcdb.GetCampaignRow) campaign.Campaign {
	return campaign.Campaign{ID: r.ID, OwnerOrgID: r.OwnerOrgID, OwnerName: r.OwnerName, Title: r.Title, Kind: r.Kind,
		Scope: r.Scope, Description: r.Description, Start: r.StartDate, End: r.EndDate, Status: r.Status,
		PublishedAt: fromMS(r.PublishedAt), CreatedAt: fromMS(r.CreatedAt), QiyiFrom: r.QiyiFrom, QiyiTo: r.QiyiTo}
}

func toTopic(r sqlcdb.Topic) campaign.Topic {
	return campaign.Topic{ID: r.ID, CampaignID: r.CampaignID, No: int(r.No), Title: r.Title, Theme: r.Theme, Deadline: r.Deadline,
		MeetingKind: r.MeetingKind, MinSpeakers: int(r.MinSpeakers), Materials: r.Materials}
}

// GetCampaign returns a campaign with its parts.
func (s *Store) GetCampaign(ctx context.Context, id xuezuo.ID) (*campaign.Campaign, error) {
	q := s.q()
	r, err := q.GetCampaign(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "学习教育"))
	}
	c := toCampaign(r)
	if c.ScopeOrgs, err = q.CampaignOrgs(ctx, id); err != nil {
		return nil, s.mapErr(err)
	}
	phases, err := q.CampaignPhases(ctx, id)
	if err != nil {
		return nil, s.mapErr(err)
	}
	for _, p := range phases {
		c.Phases = append(c.Phases, campaign.Phase{ID: p.ID, No: int(p.No), Name: p.Name, Start: p.StartDate, End: p.EndDate})
	}
	batches, err := q.CampaignBatches(ctx, id)
	if err != nil {
		return nil, s.mapErr(err)
	}
	for _, b := range batches {
		c.Batches = append(c.Batches, campaign.Batch{ID: b.ID, No: int(b.No), Name: b.Name, Start: b.StartDate, End: b.EndDate, OrgIDs: splitIDs(b.OrgIds)})
	}
	topics, err := q.CampaignTopics(ctx, id)
	if err != nil {
		return nil, s.mapErr(err)
	}
	for _, t := range topics {
		c.Topics = append(c.Topics, toTopic(t))
	}
	return &c, nil
}

// ListCampaigns returns every campaign, newest first, with scope orgs but
// without topics.
func (s *Store) ListCampaigns(ctx context.Context) ([]campaign.Campaign, error) {
	q := s.q()
	rows, err := q.ListCampaigns(ctx)
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]campaign.Campaign, len(rows))
	for i, r := range rows {
		out[i] = toCampaign(sqlcdb.GetCampaignRow(r))
		if out[i].ScopeOrgs, err = q.CampaignOrgs(ctx, r.ID); err != nil {
			return nil, s.mapErr(err)
		}
	}
	return out, nil
}

// PublishCampaign marks a campaign published.
func (s *Store) PublishCampaign(ctx context.Context, id xuezuo.ID, at time.Time, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		return q.PublishCampaign(ctx, sqlcdb.PublishCampaignParams{ID: id, PublishedAt: ms(at)})
	})
}

// SetCampaignQiyi changes a campaign's 七一 window.
func (s *Store) SetCampaignQiyi(ctx context.Context, id xuezuo.ID, from, to string, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		return q.SetCampaignQiyi(ctx, sqlcdb.SetCampaignQiyiParams{ID: id, QiyiFrom: from, QiyiTo: to, UpdatedAt: ms(s.now())})
	})
}

// GetTopic returns one topic.
func (s *Store) GetTopic(ctx context.Context, id xuezuo.ID) (*campaign.Topic, error) {
	r, err := s.q().GetTopic(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "专题"))
	}
	t := toTopic(r)
	return &t, nil
}
