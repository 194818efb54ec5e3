package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"xuezuo/internal/app"
	"xuezuo/internal/report"
)

// TestSummaryPagesAtTwoWidths drafts and submits the secretary's branch
// summary on the demo campaign's third topic (the demo holds the first two), then opens the summary as the
// secretary and as the organiser (accept and return offered), and the
// organiser's status table, at 375 and 1280 px: each renders its heading,
// and the document never scrolls sideways.
func TestSummaryPagesAtTwoWidths(t *testing.T) {
	s := start(t)
	sys := app.System(context.Background(), "e2e")
	sec, err := s.App.Account.UserByName(sys, "shuji")
	if err != nil || len(sec.Grants) == 0 {
		t.Fatalf("secretary account: %v", err)
	}
	admin, err := s.App.Account.UserByName(sys, "admin")
	if err != nil || len(admin.Grants) == 0 {
		t.Fatalf("organiser account: %v", err)
	}
	c, err := s.App.Campaign.Get(sys, 1)
	if err != nil || len(c.Topics) == 0 {
		t.Fatalf("demo campaign: %v", err)
	}
	sm, err := s.App.Report.Create(sys, sec.Grants[0].OrgID, c.Topics[2].ID)
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
	pages := []struct{ user, name, path, sel string }{
		{"shuji", "summary-secretary", fmt.Sprintf("/summaries/%d", sm.ID), "#summary-basics"},
		{"admin", "summary-organiser", fmt.Sprintf("/summaries/%d", sm.ID), "#summary-return"},
		{"admin", "summary-status", fmt.Sprintf("/orgs/%d/summaries?topic=%d", admin.Grants[0].OrgID, c.Topics[2].ID), "table.summary-status"},
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
				shot(t, ctx, fmt.Sprintf("summary-%s-%d", p.name, width))
			})
		}
	}
}
