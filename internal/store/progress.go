package store

import (
	"context"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/progress"
	"xuezuo/internal/store/sqlcdb"
)

// CampaignFigures returns per-org counts of a campaign under an org: members
// and exclusions, meeting rollups in the window, topic meetings, submitted
// reflections and participants. The queries run one after another without a
// shared snapshot, so a write landing between them can show in one count and
// not yet in another until the next read.
func (s *Store) CampaignFigures(ctx context.Context, c *campaign.Campaign, orgID xuezuo.ID, w progress.Window) ([]progress.BranchFigures, error) {
	q := s.q()
	figs := map[int64]*progress.BranchFigures{}
	get := func(id int64) *progress.BranchFigures {
		f := figs[id]
		if f == nil {
			f = &progress.BranchFigures{OrgID: id, TopicHeld: map[xuezuo.ID]int{}, TopicOnTime: map[xuezuo.ID]int{}}
			figs[id] = f
		}
		return f
	}
	members, err := q.FigMembers(ctx, orgID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	for _, r := range members {
		get(r.OrgID).Members = int(r.N)
	}
	excl, err := q.FigExcluded(ctx, sqlcdb.FigExcludedParams{AncestorID: orgID, CampaignID: c.ID})
	if err != nil {
		return nil, s.mapErr(err)
	}
	for _, r := range excl {
		get(r.OrgID).Excluded = int(r.N)
	}
	meetings, err := q.FigMeetings(ctx, sqlcdb.FigMeetingsParams{OrgID: orgID, FromDate: w.From, ToDate: w.To})
	if err != nil {
		return nil, s.mapErr(err)
	}
	for _, r := range meetings {
		f := get(r.OrgID)
		f.Present, f.Expected, f.Makeups = int(r.Present), int(r.Expected), int(r.Makeups)
	}
	topics, err := q.FigTopics(ctx, sqlcdb.FigTopicsParams{AncestorID: orgID, CampaignID: c.ID})
	if err != nil {
		return nil, s.mapErr(err)
	}
	for _, r := range topics {
		f := get(r.OrgID)
		f.TopicHeld[r.TopicID.Int64] += int(r.Held)
		f.TopicOnTime[r.TopicID.Int64] += int(r.OnTime)
	}
	refl, err := q.FigReflections(ctx, sqlcdb.FigReflectionsParams{AncestorID: orgID, CampaignID: c.ID})
	if err != nil {
		return nil, s.mapErr(err)
	}
	for _, r := range refl {
		get(r.OrgID).Reflections = int(r.N)
	}
	lines, err := s.MemberEvidence(ctx, c, orgID, w)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		if l.Participant {
			get(l.OrgID).Participants++
		}
	}
	out := make([]progress.BranchFigures, 0, len(figs))
	for _, f := range figs {
		out = append(out, *f)
	}
	return out, nil
}

// MemberEvidence lists the current members under an org with their
// participation and exclusion.
func (s *Store) MemberEvidence(ctx context.Context, c *campaign.Campaign, orgID xuezuo.ID, w progress.Window) ([]progress.MemberLine, error) {
	rows, err := s.q().MemberEvidence(ctx, sqlcdb.MemberEvidenceParams{FromDate: w.From, ToDate: w.To, CampaignID: c.ID, OrgID: orgID})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]progress.MemberLine, len(rows))
	for i, r := range rows {
		out[i] = progress.MemberLine{MemberID: r.ID, Name: r.Name, OrgID: r.OrgID, Participant: r.Participant == 1, Category: r.Category}
	}
	return out, nil
}
