package meeting

import (
	"context"
	"fmt"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/org"
)

// RegisterLimit bounds the lectures a register lists; its figures count
// them all.
const RegisterLimit = 200

// Register is an org's 党课 register for a calendar year (domain.md §5.5,
// R6, R22): the lectures that count for it, their counts per quarter and
// lecturer kind, and its branches with and without a secretary lecture and
// a 七一 lecture.
type Register struct {
	Org  *org.Org
	Year int
	// Campaign is the campaign whose 七一 window applies (nil: none chosen
	// or visible, so the default 06-15 to 07-15); Campaigns are those the
	// reader may choose (visible, covering the org, overlapping the year).
	Campaign         *campaign.Campaign
	Campaigns        []campaign.Campaign
	QiyiFrom, QiyiTo xuezuo.Date
	// Lectures are newest first, at most RegisterLimit of them.
	Lectures []Meeting
	// Quarters holds the figures of each quarter (Q1 at 0); their
	// SecretaryBranches and QiyiBranches are the year's.
	Quarters [4]LectureFigures
	// Branches are the org's branches in tree order, with their year's
	// secretary lectures and 七一 lectures.
	Branches []BranchLectures
}

// Total returns the lectures of kind in the year (every kind for "").
func (r *Register) Total(kind string) int {
	n := 0
	for _, q := range r.Quarters {
		if kind == "" {
			n += q.Total()
		} else {
			n += q.ByKind[kind]
		}
	}
	return n
}

// YearFigures returns the figures of the whole year: the quarters' counts summed
// (a lecture lies in one quarter) and the year's branch counts.
func (r *Register) YearFigures() LectureFigures {
	y := LectureFigures{ByKind: map[string]int{}, SecretaryBranches: r.Quarters[3].SecretaryBranches, QiyiBranches: r.Quarters[3].QiyiBranches}
	for _, q := range r.Quarters {
		for k, n := range q.ByKind {
			y.ByKind[k] += n
		}
	}
	return y
}

// WithoutSecretary lists the branches with no secretary lecture (R6).
func (r *Register) WithoutSecretary() []BranchLectures {
	var out []BranchLectures
	for _, b := range r.Branches {
		if b.Secretary == 0 {
			out = append(out, b)
		}
	}
	return out
}

// WithoutQiyi lists the branches with no 七一 lecture (R22).
func (r *Register) WithoutQiyi() []BranchLectures {
	var out []BranchLectures
	for _, b := range r.Branches {
		if b.Qiyi == 0 {
			out = append(out, b)
		}
	}
	return out
}

// registerStore is what the register reads.
type registerStore interface {
	OrgLectures(ctx context.Context, orgID xuezuo.ID, from, to xuezuo.Date, limit int) ([]Meeting, error)
	LectureBranches(ctx context.Context, orgID xuezuo.ID, from, to, qFrom, qTo xuezuo.Date) ([]BranchLectures, error)
	LectureFigures(ctx context.Context, campaignID xuezuo.ID, orgIDs []xuezuo.ID, from, to xuezuo.Date) (map[xuezuo.ID]LectureFigures, error)
}

// Register returns an org's 党课 register for a year, for whoever may read
// the org. campaignID names the campaign whose 七一 window applies; 0
// chooses the latest-starting campaign the reader sees that covers the org
// and overlaps the year (or the default window when there is none).
func (s *Service) Register(ctx context.Context, orgID xuezuo.ID, year int, campaignID xuezuo.ID) (*Register, error) {
	if err := s.scope.CanReadOrg(ctx, orgID); err != nil {
		return nil, err
	}
	if last := s.clock.Now().In(xuezuo.Beijing).Year() + 1; year < 1921 || year > last {
		return nil, fieldErr("year", fmt.Sprintf("年份应在 1921 到 %d 之间", last))
	}
	o, err := s.store.GetOrg(ctx, orgID)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "组织", "get org %d", orgID)
	}
	r := &Register{Org: o, Year: year}
	if err := s.registerCampaign(ctx, r, campaignID); err != nil {
		return nil, err
	}
	cid := xuezuo.ID(0)
	if r.Campaign != nil {
		cid = r.Campaign.ID
	}
	r.QiyiFrom, r.QiyiTo = (&campaign.Campaign{}).QiyiWindow(year)
	if r.Campaign != nil {
		r.QiyiFrom, r.QiyiTo = r.Campaign.QiyiWindow(year)
	}
	from, to := xuezuo.NewDate(year, 1, 1), xuezuo.NewDate(year, 12, 31)
	if r.Lectures, err = s.store.OrgLectures(ctx, orgID, from, to, RegisterLimit); err != nil {
		return nil, err
	}
	for q := range 4 {
		qFrom := xuezuo.NewDate(year, time.Month(3*q+1), 1)
		qTo := xuezuo.NewDate(year, time.Month(3*q+4), 0) // the quarter's last day
		f, err := s.store.LectureFigures(ctx, cid, []xuezuo.ID{orgID}, qFrom, qTo)
		if err != nil {
			return nil, err
		}
		r.Quarters[q] = f[orgID]
	}
	if r.Branches, err = s.store.LectureBranches(ctx, orgID, from, to, r.QiyiFrom, r.QiyiTo); err != nil {
		return nil, err
	}
	return r, nil
}

// registerCampaign fills the register's campaign choice.
func (s *Service) registerCampaign(ctx context.Context, r *Register, campaignID xuezuo.ID) error {
	if campaignID != 0 {
		c, err := s.campaigns.Get(ctx, campaignID)
		if err != nil {
			return err
		}
		r.Campaign = c
	}
	all, err := s.campaigns.List(ctx)
	if err != nil {
		return err
	}
	first, last := xuezuo.NewDate(r.Year, 1, 1), xuezuo.NewDate(r.Year, 12, 31)
	for i := range all {
		c := &all[i]
		if c.Start.After(last) || !c.End.IsZero() && c.End.Before(first) {
			continue
		}
		ok, err := s.campaigns.InScope(ctx, c, r.Org.ID)
		if err != nil {
			return err
		}
		if ok {
			r.Campaigns = append(r.Campaigns, *c)
		}
	}
	if r.Campaign == nil && len(r.Campaigns) > 0 {
		// The list is newest first (by start date).
		c := r.Campaigns[0]
		r.Campaign = &c
	}
	return nil
}
