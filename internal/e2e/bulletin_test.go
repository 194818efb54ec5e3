package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xuezuo/internal/app"
	"xuezuo/internal/report"
)

// TestBulletinPagesAtTwoWidths opens, as the organiser of 植物研究所党委 at 375
// and 1280 px, the unit's bulletin list, a draft bulletin and a published
// one: each renders, the wide table scrolls inside its wrapper and the
// document never sideways. Then the organiser publishes the draft through
// its confirmation and reads the frozen-figures note.
func TestBulletinPagesAtTwoWidths(t *testing.T) {
	s := start(t)
	sys := app.System(context.Background(), "e2e")
	unit := s.orgID(t, sys, "植物研究所党委")
	for _, width := range []int64{375, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			var ids [2]int64
			for i := range ids {
				b, err := s.App.Bulletins.CreateBulletin(sys, report.BulletinInput{OrgID: unit, CampaignID: 1, Quarter: "2026Q2"})
				if err != nil {
					t.Fatalf("create bulletin: %v", err)
				}
				ids[i] = b.ID
			}
			if _, err := s.App.Bulletins.Publish(sys, ids[1]); err != nil {
				t.Fatalf("publish: %v", err)
			}
			ctx := s.userTab(t, "suodangwei", width)
			pages := []struct{ name, path, sel string }{
				{"list", fmt.Sprintf("/orgs/%d/bulletins", unit), "table.bulletins"},
				{"draft", fmt.Sprintf("/bulletins/%d", ids[0]), "#bulletin-edit"},
				{"published", fmt.Sprintf("/bulletins/%d", ids[1]), "#bulletin-frozen"},
			}
			for _, p := range pages {
				step(t, ctx, "open "+p.name, chromedp.Navigate(s.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main h1")),
					chromedp.WaitReady(chromedp.CSS(p.sel)))
				over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
				if err != nil {
					t.Fatal(err)
				}
				if over > 1 {
					t.Errorf("%s at %d px scrolls sideways by %d px", p.path, width, over)
				}
				shot(t, ctx, fmt.Sprintf("bulletin-%s-%d", p.name, width))
			}
			step(t, ctx, "back to the draft", chromedp.Navigate(fmt.Sprintf("%s/bulletins/%d", s.URL, ids[0])),
				chromedp.WaitVisible(chromedp.CSS("#bulletin-title")))
			submit(t, ctx, `form[action$="/publish"] button`)
			step(t, ctx, "published", chromedp.WaitVisible(chromedp.CSS("#bulletin-frozen")))
			if txt := bodyText(t, ctx); !strings.Contains(txt, "已印发") || !strings.Contains(txt, "印发时的数字") {
				t.Errorf("after publishing: %s", txt)
			}
			fitsAndShot(t, ctx, width, "bulletin-just-published")
		})
	}
}
