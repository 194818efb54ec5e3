package meeting

import (
	"context"
	"fmt"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/org"
)

// maxLedgerBranches bounds one export: a unit's workbook holds a sheet per
// branch, and a committee over thousands of branches would be a file no
// one prints (and minutes of reads); its units export their own.
const maxLedgerBranches = 300

// LedgerBook is the registers one export holds: the register of a branch
// or group, or of a unit or general branch one register per branch below
// it that lies in the campaign's scope, in tree order.
type LedgerBook struct {
	Org      *org.Org // the org asked for
	Campaign *campaign.Campaign
	From, To xuezuo.Date // the window, as in Ledger
	Made     xuezuo.Date
	Ledgers  []*Ledger
}

// LedgerBook returns the registers of an org for a published campaign. A
// branch or group gets its own register (see Ledger); a unit (基层党委) or a
// general branch gets one per branch of its subtree in the campaign's
// scope, dissolved branches included while they existed in the window.
// The readers are those of Ledger, asked for the org and again for each
// branch: a member of any branch is refused.
func (s *Service) LedgerBook(ctx context.Context, orgID, campaignID xuezuo.ID) (*LedgerBook, error) {
	if err := s.CanExportLedger(ctx, orgID); err != nil {
		return nil, err
	}
	o, err := s.store.GetOrg(ctx, orgID)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "组织", "get org %d", orgID)
	}
	if o.HoldsMembers() {
		l, err := s.Ledger(ctx, orgID, campaignID)
		if err != nil {
			return nil, err
		}
		return &LedgerBook{Org: o, Campaign: l.Campaign, From: l.From, To: l.To, Made: l.Made, Ledgers: []*Ledger{l}}, nil
	}
	if !KeepsLedger(o) {
		return nil, fieldErr("org_id", "考勤台账按基层党委、党总支或党支部导出，请到下级组织的页面下载")
	}
	c, err := s.ledgerCampaign(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	today := xuezuo.DateOf(s.clock.Now())
	b := &LedgerBook{Org: o, Campaign: c, From: c.Start, To: c.WindowEnd(today), Made: today}
	branches, err := s.bookBranches(ctx, o, c, b.From)
	if err != nil {
		return nil, err
	}
	if len(branches) == 0 {
		return nil, fieldErr("campaign", o.Name+"没有党支部在该学习教育的范围内")
	}
	if len(branches) > maxLedgerBranches {
		return nil, fieldErr("org_id", fmt.Sprintf("%s下有 %d 个党支部，超过一次导出的上限 %d 个，请按下级党委或党总支分别导出",
			o.Name, len(branches), maxLedgerBranches))
	}
	for i := range branches {
		br := &branches[i]
		// The policy answers per org; asking again keeps the rule in one
		// place should a branch ever be closed to its unit's readers.
		if err := s.CanExportLedger(ctx, br.ID); err != nil {
			return nil, err
		}
		// One read transaction per branch: each register is consistent in
		// itself, as a branch's own export is.
		recs, err := s.store.LedgerRecords(ctx, br.ID, c.ID, b.From, b.To)
		if err != nil {
			return nil, err
		}
		l := BuildLedger(recs, c)
		l.Org, l.From, l.To, l.Made = br, b.From, b.To, today
		b.Ledgers = append(b.Ledgers, l)
	}
	return b, nil
}

// KeepsLedger reports whether an org exports registers: a branch or group
// its own, a unit (基层党委) or general branch its branches' together. A
// committee above the units exports none; its units do.
func KeepsLedger(o *org.Org) bool {
	return o.HoldsMembers() || o.Kind == org.KindGeneralBranch || (o.Kind == org.KindCommittee && o.IsUnit)
}

// ledgerCampaign returns a published campaign for a register.
func (s *Service) ledgerCampaign(ctx context.Context, campaignID xuezuo.ID) (*campaign.Campaign, error) {
	if campaignID == 0 {
		return nil, fieldErr("campaign", "请选择学习教育")
	}
	c, err := s.campaigns.Get(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	if !c.Published() {
		return nil, fieldErr("campaign", "该学习教育尚未发布，没有考勤台账")
	}
	return c, nil
}

// bookBranches lists the branches below o, shallowest first, that lie in
// the campaign's scope and existed on or after from.
func (s *Service) bookBranches(ctx context.Context, o *org.Org, c *campaign.Campaign, from xuezuo.Date) ([]org.Org, error) {
	sub, err := s.store.OrgSubtree(ctx, o.ID)
	if err != nil {
		return nil, fmt.Errorf("subtree of org %d: %w", o.ID, err)
	}
	var out []org.Org
	for _, br := range sub {
		if br.Kind != org.KindBranch || (!br.Active() && br.DissolvedOn.Before(from)) {
			continue
		}
		ok, err := s.campaigns.InScope(ctx, c, br.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, br)
		}
	}
	return out, nil
}

// LedgerCampaigns returns the published campaigns the actor sees whose
// registers the org exports: those whose scope holds the org, or, for a
// unit or general branch, one of its branches. A reader who may not
// export the org's register is refused as CanExportLedger refuses.
func (s *Service) LedgerCampaigns(ctx context.Context, orgID xuezuo.ID) ([]campaign.Campaign, error) {
	if err := s.CanExportLedger(ctx, orgID); err != nil {
		return nil, err
	}
	o, err := s.store.GetOrg(ctx, orgID)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "组织", "get org %d", orgID)
	}
	if !KeepsLedger(o) {
		return nil, nil
	}
	below := map[xuezuo.ID]bool{}
	if !o.HoldsMembers() {
		sub, err := s.store.OrgSubtree(ctx, o.ID)
		if err != nil {
			return nil, fmt.Errorf("subtree of org %d: %w", o.ID, err)
		}
		for _, x := range sub {
			below[x.ID] = true
		}
	}
	cs, err := s.campaigns.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []campaign.Campaign
	for i := range cs {
		c := &cs[i]
		if !c.Published() {
			continue
		}
		ok, err := s.campaigns.InScope(ctx, c, o.ID)
		if err != nil {
			return nil, err
		}
		// A campaign of some branches of the unit has its scope roots
		// below the unit rather than above it.
		for _, root := range c.ScopeRoots() {
			ok = ok || below[root]
		}
		if ok {
			out = append(out, *c)
		}
	}
	return out, nil
}
