package meeting

import (
	"context"
	"fmt"

	"xuezuo"
	"xuezuo/internal/audit"
)

// Exclusions lists a campaign's campaign-wide exclusions of the members now
// under an org, for whoever may read the org and the campaign. An exclusion
// (its category and free text, often an illness) is private: a member of
// the branch gets only the own, the org's readers get them all.
func (s *Service) Exclusions(ctx context.Context, campaignID, orgID xuezuo.ID) ([]Exclusion, error) {
	if err := s.scope.CanReadOrg(ctx, orgID); err != nil {
		return nil, err
	}
	if _, err := s.campaigns.Get(ctx, campaignID); err != nil {
		return nil, err
	}
	list, err := s.store.CampaignExclusions(ctx, campaignID, orgID)
	if err != nil {
		return nil, err
	}
	full, err := s.seesPeers(ctx, orgID)
	if err != nil || full {
		return list, err
	}
	return ownExclusions(self(ctx), list), nil
}

// RevokeExclusion withdraws a campaign-wide exclusion recorded in error:
// the member counts as expected again from the next figure on. Only a
// writer of the member's current org may do it; the audit log keeps both
// the decision and its withdrawal.
func (s *Service) RevokeExclusion(ctx context.Context, id xuezuo.ID) error {
	ex, err := s.store.GetExclusion(ctx, id)
	if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
		return s.missing(ctx, "不计入应到记录")
	}
	if err != nil {
		return err
	}
	if err := s.scope.CanReadMember(ctx, ex.MemberID, ex.OrgID); err != nil {
		// A member the actor may not read hides the exclusion too; a
		// failed scope read is an error of its own.
		if c := xuezuo.ErrorCode(err); c == xuezuo.ENotFound || c == xuezuo.EForbidden {
			return xuezuo.NotFound("不计入应到记录")
		}
		return fmt.Errorf("scope of exclusion %d: %w", ex.ID, err)
	}
	if err := s.scope.CanWriteMember(ctx, ex.OrgID); err != nil {
		return err
	}
	return s.store.DeleteExclusion(ctx, id, audit.New(ctx, "campaign.unexclude", "member", ex.MemberID, ex.OrgID, "category"))
}

// missing answers a write whose record was not found: the admin roles,
// which never write business data, hear 403 as on every business route;
// everyone else hears that the record does not exist.
func (s *Service) missing(ctx context.Context, what string) error {
	if err := s.scope.CanWriteMember(ctx, 0); xuezuo.ErrorCode(err) == xuezuo.EForbidden {
		return err
	}
	return xuezuo.NotFound(what)
}
