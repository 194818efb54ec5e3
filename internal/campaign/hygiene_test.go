package campaign_test

import (
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// TestCampaignInputHygiene holds issue 12's write rules on campaigns:
// titles and names refuse invisible and control characters, descriptions
// keep line breaks, and every plan date lies between 1921-07-01 and five
// years ahead (the fixture clock says 2026-06-15).
func TestCampaignInputHygiene(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	sys := storetest.System()
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	unit := storetest.MustCreateUnit(t, s, root.ID, "植物研究所党委")
	base := func() campaign.Input {
		return campaign.Input{OwnerOrgID: unit.ID, Title: "学习教育", Description: "一、学习\r\n\t二、讨论",
			Start: xuezuo.NewDate(2026, 1, 1), End: xuezuo.NewDate(2026, 9, 30),
			Topics: []campaign.TopicInput{{No: 1, Title: "学党章", Deadline: xuezuo.NewDate(2026, 5, 31)}},
			Phases: []campaign.Phase{{Name: "学习阶段", Start: xuezuo.NewDate(2026, 1, 1)}}}
	}
	tests := []struct {
		name  string
		edit  func(*campaign.Input)
		field string // "" when accepted
		text  string
	}{
		{"clean input with a multi-line description", func(*campaign.Input) {}, "", ""},
		{"bidi override in title", func(in *campaign.Input) { in.Title = "学习\u202E教育" }, "title", "标题含有不可见或控制字符"},
		{"nul in description", func(in *campaign.Input) { in.Description = "一\x00" }, "description", "说明含有"},
		{"zero-width in topic title", func(in *campaign.Input) { in.Topics[0].Title = "学\u200B党章" }, "topics[0].title", "专题名称含有"},
		{"control character in topic theme", func(in *campaign.Input) { in.Topics[0].Theme = "党章\x1b" }, "topics[0].theme", "学习内容含有"},
		{"bom in phase name", func(in *campaign.Input) { in.Phases[0].Name = "\uFEFF学习阶段" }, "phases[0].name", "阶段名称含有"},
		{"start 0000-01-01", func(in *campaign.Input) { in.Start = xuezuo.Date{Y: 0, M: 1, D: 1} }, "start", "开始日期应在 1921-07-01"},
		{"end 9999-12-31", func(in *campaign.Input) { in.End = xuezuo.NewDate(9999, 12, 31) }, "end", "结束日期应在"},
		{"end five years ahead", func(in *campaign.Input) { in.End = xuezuo.NewDate(2031, 6, 15) }, "", ""},
		{"topic deadline 9999-12-31", func(in *campaign.Input) { in.Topics[0].Deadline = xuezuo.NewDate(9999, 12, 31) }, "topics[0].deadline", "专题完成期限应在"},
		{"phase start 1900", func(in *campaign.Input) { in.Phases[0].Start = xuezuo.NewDate(1900, 1, 1) }, "phases[0].start", "阶段开始日期应在"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := base()
			tc.edit(&in)
			_, err := s.Campaign.Create(sys, in)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("got %v, want accepted", err)
				}
				return
			}
			if msg := xuezuo.ErrorFields(err)[tc.field]; xuezuo.ErrorCode(err) != xuezuo.EInvalid || !strings.Contains(msg, tc.text) {
				t.Errorf("got %v, want field %s containing %q", err, tc.field, tc.text)
			}
		})
	}
}
