package api_test

import (
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/store/storetest"
)

func memberFilter(org xuezuo.ID) member.Filter { return member.Filter{OrgID: org} }

// foreignCampaign publishes a campaign owned by unit with one topic and
// holds a topic meeting in branch; it returns their ids.
func foreignCampaign(t *testing.T, s *storetest.Services, unit, branch xuezuo.ID) (xuezuo.ID, xuezuo.ID) {
	t.Helper()
	ctx := storetest.System()
	c, err := s.Campaign.Create(ctx, campaign.Input{OwnerOrgID: unit, Title: "乙机密学习教育", Start: xuezuo.NewDate(2026, 1, 1),
		Topics: []campaign.TopicInput{{Title: "专题一", Deadline: xuezuo.NewDate(2026, 4, 30)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Campaign.Publish(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	m, err := s.Meeting.Create(ctx, meeting.Input{OrgID: branch, Kind: "topic_study", TopicID: c.Topics[0].ID, HeldOn: xuezuo.NewDate(2026, 4, 1)})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID, m.ID
}
