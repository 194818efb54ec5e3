package store

import (
	"context"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/progress"
	"xuezuo/internal/store/sqlcdb"
)

// CampaignFigures returns per-org counts of a campaign under an org: members
// and exclusions, attendance in the window, topic meetings, submitted
// reflections and participants. A campaign of the whole membership reads the
// rollups kept in every write's transaction (figures.go); one of the leading
// cadres counts cadre rows directly. The reads share no snapshot, so a write
// landing between them can show in one count and not yet in another until
// the next read.
func (s *Store) CampaignFigures(ctx context.Context, c *campaign.Campaign, orgID xuezuo.ID, w progress.Window) ([]progress.BranchFigures, error) {
	f := figures{}
	if c.Scope != campaign.ScopeLeaders {
		if err := s.rollupFigures(ctx, f, c, orgID); err != nil {
			return nil, s.mapErr(err)
		}
		return f.list(), nil
	}
	if err := s.leaderFigures(ctx, f, c, orgID, w); err != nil {
		return nil, s.mapErr(err)
	}
	topics, err := s.q().FigTopics(ctx, sqlcdb.FigTopicsParams{AncestorID: orgID, CampaignID: c.ID})
	if err != nil {
		return nil, s.mapErr(err)
	}
	for _, r := range topics {
		b := f.get(r.OrgID)
		for _, tp := range c.Topics {
			if tp.ID == r.TopicID.Int64 {
				b.TopicsHeld |= progress.TopicBit(tp.No)
				if r.OnTime > 0 {
					b.TopicsOnTime |= progress.TopicBit(tp.No)
				}
			}
		}
	}
	lines, err := s.MemberEvidence(ctx, c, orgID, w)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		if l.Participant {
			f.get(l.OrgID).Participants++
		}
	}
	return f.list(), nil
}

// defaultWideScope is the subtree size from which reading a campaign's
// whole rollup and filtering it here beats joining it to the subtree: at
// the academy's 5,000 orgs the join costs more than the rows.
const defaultWideScope = 500

// SetWideScope sets the subtree size (in orgs) from which progress reads a
// campaign's whole rollup; tests use 0 to take that path on small trees.
func (s *Store) SetWideScope(orgs int64) { s.wideScope.Store(orgs) }

// rollupFigures reads the kept rollups of the orgs under orgID.
func (s *Store) rollupFigures(ctx context.Context, f figures, c *campaign.Campaign, orgID xuezuo.ID) error {
	sub, err := s.SharedSubtree(ctx, orgID)
	if err != nil {
		return err
	}
	if int64(len(sub)) < s.wideScope.Load() {
		return s.rollupSubtree(ctx, f, c, orgID)
	}
	in := make(map[xuezuo.ID]bool, len(sub))
	for _, o := range sub {
		in[o.ID] = true
	}
	q := s.q()
	members, err := q.FigOrgMembers(ctx)
	if err != nil {
		return err
	}
	for _, r := range members {
		if in[r.OrgID] {
			f.get(r.OrgID).Members = int(r.Members)
		}
	}
	rows, err := q.FigRollupCampaign(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if in[r.OrgID] {
			f.set(c, r.OrgID, sqlcdb.FigRollupRow{NExcluded: r.NExcluded, NParticipants: r.NParticipants, NPresent: r.NPresent,
				NExpected: r.NExpected, NMakeups: r.NMakeups, NReflections: r.NReflections, HeldMask: r.HeldMask, OnTimeMask: r.OnTimeMask})
		}
	}
	return nil
}

// rollupSubtree reads the rollups of a small subtree through the closure table.
func (s *Store) rollupSubtree(ctx context.Context, f figures, c *campaign.Campaign, orgID xuezuo.ID) error {
	rows, err := s.q().FigRollup(ctx, sqlcdb.FigRollupParams{AncestorID: orgID, CampaignID: c.ID})
	if err != nil {
		return err
	}
	for _, r := range rows {
		f.get(r.OrgID).Members = int(r.Members)
		f.set(c, r.OrgID, r)
	}
	return nil
}

// set copies one org's campaign rollup, unfolding the topic masks.
func (f figures) set(c *campaign.Campaign, orgID xuezuo.ID, r sqlcdb.FigRollupRow) {
	b := f.get(orgID)
	b.Excluded, b.Participants, b.Present, b.Expected = int(r.NExcluded), int(r.NParticipants), int(r.NPresent), int(r.NExpected)
	b.Makeups, b.Reflections = int(r.NMakeups), int(r.NReflections)
	// The rollup's masks use the same bits (topic number − 1).
	b.TopicsHeld, b.TopicsOnTime = uint64(r.HeldMask), uint64(r.OnTimeMask)
}

func (f figures) list() []progress.BranchFigures {
	out := make([]progress.BranchFigures, 0, len(f))
	for _, b := range f {
		out = append(out, *b)
	}
	return out
}

// figures collects per-org counts.
type figures map[int64]*progress.BranchFigures

func (f figures) get(id int64) *progress.BranchFigures {
	b := f[id]
	if b == nil {
		b = &progress.BranchFigures{OrgID: id}
		f[id] = b
	}
	return b
}

// leaderFigures counts only cadre members, for a campaign of the leading
// cadres: attendance and makeups from their rows, not the meeting rollups.
func (s *Store) leaderFigures(ctx context.Context, f figures, c *campaign.Campaign, orgID xuezuo.ID, w progress.Window) error {
	q := s.q()
	members, err := q.FigMembersLeaders(ctx, orgID)
	if err != nil {
		return err
	}
	for _, r := range members {
		f.get(r.OrgID).Members = int(r.N)
	}
	excl, err := q.FigExcludedLeaders(ctx, sqlcdb.FigExcludedLeadersParams{AncestorID: orgID, CampaignID: c.ID})
	if err != nil {
		return err
	}
	for _, r := range excl {
		f.get(r.OrgID).Excluded = int(r.N)
	}
	att, err := q.FigAttendanceLeaders(ctx, sqlcdb.FigAttendanceLeadersParams{OrgID: orgID, FromDate: w.From, ToDate: w.To})
	if err != nil {
		return err
	}
	for _, r := range att {
		b := f.get(r.OrgID)
		b.Present, b.Expected = int(r.Present), int(r.Expected)
	}
	mk, err := q.FigMakeupsLeaders(ctx, sqlcdb.FigMakeupsLeadersParams{OrgID: orgID, FromDate: w.From, ToDate: w.To})
	if err != nil {
		return err
	}
	for _, r := range mk {
		f.get(r.OrgID).Makeups = int(r.N)
	}
	refl, err := q.FigReflectionsLeaders(ctx, sqlcdb.FigReflectionsLeadersParams{AncestorID: orgID, CampaignID: c.ID})
	if err != nil {
		return err
	}
	for _, r := range refl {
		f.get(r.OrgID).Reflections = int(r.N)
	}
	return nil
}

// MemberEvidence lists the current members under an org with their
// participation and exclusion.
func (s *Store) MemberEvidence(ctx context.Context, c *campaign.Campaign, orgID xuezuo.ID, w progress.Window) ([]progress.MemberLine, error) {
	rows, err := s.q().MemberEvidence(ctx, sqlcdb.MemberEvidenceParams{FromDate: w.From, ToDate: w.To, CampaignID: c.ID, OrgID: orgID,
		LeadersOnly: leadersOnly(c)})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]progress.MemberLine, len(rows))
	for i, r := range rows {
		out[i] = progress.MemberLine{MemberID: r.ID, Name: r.Name, OrgID: r.OrgID, Participant: r.Participant == 1, Category: r.Category}
	}
	return out, nil
}

// leadersOnly is the query flag for a campaign of the leading cadres.
func leadersOnly(c *campaign.Campaign) int64 {
	if c.Scope == campaign.ScopeLeaders {
		return 1
	}
	return 0
}
