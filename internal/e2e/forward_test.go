package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"xuezuo/internal/app"
	"xuezuo/internal/reflection"
	"xuezuo/internal/report"
)

// TestForwardPagesAtTwoWidths accepts the secretary's branch summary on the
// demo campaign's third topic (the demo holds the first two), forwards it from the institute to 京区党委
// and on to the academy, then opens both inboxes (chains, figures, forms)
// and a reflection of the branch with its 推荐上报 form, at 375 and 1280 px:
// each renders, and the document never scrolls sideways.
func TestForwardPagesAtTwoWidths(t *testing.T) {
	s := start(t)
	sys := app.System(context.Background(), "e2e")
	sec, err := s.App.Account.UserByName(sys, "shuji")
	if err != nil || len(sec.Grants) == 0 {
		t.Fatalf("secretary account: %v", err)
	}
	branch := sec.Grants[0].OrgID
	c, err := s.App.Campaign.Get(sys, 1)
	if err != nil || len(c.Topics) == 0 {
		t.Fatalf("demo campaign: %v", err)
	}
	sm, err := s.App.Report.Create(sys, branch, c.Topics[2].ID)
	if err != nil {
		t.Fatalf("draft: %v", err)
	}
	views := "一、认真学习党章，逐条对照检查。\n二、联系科研工作实际，查找差距，明确努力方向。"
	if _, err := s.App.Report.Edit(sys, sm.ID, report.Input{Views: &views}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Report.Submit(sys, sm.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Report.Accept(sys, sm.ID); err != nil {
		t.Fatal(err)
	}
	f1, err := s.App.Report.Forward(sys, report.ForwardInput{Kind: report.KindSummary, ItemID: sm.ID,
		Note: "支部组织严密，观点联系科研实际，推荐作为京区交流材料。"})
	if err != nil {
		t.Fatalf("forward: %v", err)
	}
	f2, err := s.App.Report.Forward(sys, report.ForwardInput{Kind: report.KindForward, ItemID: f1.ID, Note: "京区推荐。"})
	if err != nil {
		t.Fatalf("forward up: %v", err)
	}
	refs, _, err := s.App.Reflection.List(sys, reflection.Filter{OrgID: branch, Limit: 1})
	if err != nil || len(refs) == 0 {
		t.Fatalf("a reflection of the branch: %v", err)
	}
	pages := []struct{ user, name, path, sel string }{
		{"admin", "inbox-top", fmt.Sprintf("/orgs/%d/forwards", f2.ToOrgID), ".forward-chain"},
		{"admin", "inbox-region", fmt.Sprintf("/orgs/%d/forwards", f1.ToOrgID), "table.forward-figures"},
		{"shuji", "reflection", fmt.Sprintf("/reflections/%d", refs[0].ID), "#forward-form"},
	}
	for _, width := range []int{375, 1280} {
		for _, p := range pages {
			t.Run(fmt.Sprintf("%s-%d", p.name, width), func(t *testing.T) {
				ctx := tab(t)
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 900)); err != nil {
					t.Fatal(err)
				}
				s.login(t, ctx, p.user)
				if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main h1")),
					chromedp.WaitReady(chromedp.CSS(p.sel))); err != nil {
					t.Fatalf("open %s: %v", p.path, err)
				}
				over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
				if err != nil {
					t.Fatal(err)
				}
				if over > 1 {
					t.Errorf("%s at %d px scrolls sideways by %d px", p.path, width, over)
				}
				shot(t, ctx, fmt.Sprintf("forward-%s-%d", p.name, width))
			})
		}
	}
}
