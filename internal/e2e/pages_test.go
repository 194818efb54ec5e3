package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"xuezuo/internal/app"
	"xuezuo/internal/meeting"
)

// TestPagesOfThisRoundAtTwoWidths opens the pages this round added or
// changed — the progress page's server-drawn charts, the meeting page as the
// secretary (check-in code) and as a member (peers without reasons), the
// auditor's page (chain status), an account page (unlock), the own page —
// at 375 and 1280 px: each renders its heading and the document never
// scrolls sideways (wide tables scroll inside their own box). Set
// XUEZUO_E2E_SHOTS to keep the screenshots.
func TestPagesOfThisRoundAtTwoWidths(t *testing.T) {
	s := start(t)
	sys := app.System(context.Background(), "e2e")
	sec, err := s.App.Account.UserByName(sys, "shuji")
	if err != nil || len(sec.Grants) == 0 {
		t.Fatalf("secretary account: %v", err)
	}
	ms, _, err := s.App.Meeting.List(sys, sec.Grants[0].OrgID, meeting.Filter{Limit: 1})
	if err != nil || len(ms) == 0 {
		t.Fatalf("a meeting of the secretary's branch: %v", err)
	}
	pages := []struct{ user, name, path string }{
		{"admin", "progress", "/campaigns/1/progress"},
		{"shuji", "meeting-secretary", fmt.Sprintf("/meetings/%d", ms[0].ID)},
		{"dangyuan", "meeting-member", fmt.Sprintf("/meetings/%d", ms[0].ID)},
		{"auditor", "audit", "/audit"},
		{"secadmin", "account", fmt.Sprintf("/accounts/%d", sec.ID)},
		{"shuji", "me", "/me"},
	}
	for _, width := range []int{375, 1280} {
		for _, p := range pages {
			t.Run(fmt.Sprintf("%s-%d", p.name, width), func(t *testing.T) {
				ctx := tab(t)
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 900)); err != nil {
					t.Fatal(err)
				}
				s.login(t, ctx, p.user)
				if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
					t.Fatalf("open %s: %v", p.path, err)
				}
				over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
				if err != nil {
					t.Fatal(err)
				}
				if over > 1 {
					t.Errorf("%s at %d px scrolls sideways by %d px", p.path, width, over)
				}
				shot(t, ctx, fmt.Sprintf("round-%s-%d", p.name, width))
			})
		}
	}
}
