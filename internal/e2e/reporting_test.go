package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xuezuo"
	"xuezuo/internal/app"
	"xuezuo/internal/report"
)

// TestSummaryGoesUpTheTree is issue 13's main flow through the pages, at
// 375 and 1280 px, each user in a browser context of their own: the
// secretary drafts and submits the branch summary of a topic, the unit
// organiser returns it with a reason, the secretary sees the reason,
// amends and resubmits, the organiser sees what changed, accepts and
// forwards it with a note, and the region organiser finds it in the
// quarter's inbox with its whole chain, adopts it, puts it into a bulletin
// of the quarter and publishes that.
func TestSummaryGoesUpTheTree(t *testing.T) {
	for _, width := range []int64{375, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) { summaryUpTheTree(t, width) })
	}
}

func summaryUpTheTree(t *testing.T, width int64) {
	s := start(t)
	sys := app.System(context.Background(), "e2e")
	c, err := s.App.Campaign.Get(sys, 1)
	if err != nil || len(c.Topics) < 3 {
		t.Fatalf("demo campaign: %v", err)
	}
	branch, region := s.orgID(t, sys, "生态党支部"), s.orgID(t, sys, "京区党委")
	sec, unit, reg := s.userTab(t, "shuji", width), s.userTab(t, "suodangwei", width), s.userTab(t, "jingqu", width)

	// The secretary drafts the third topic's summary (the demo holds the
	// first two) and submits it.
	step(t, sec, "draft", chromedp.Navigate(fmt.Sprintf("%s/orgs/%d/summaries?topic=%d", s.URL, branch, c.Topics[2].ID)),
		chromedp.WaitVisible(chromedp.CSS("#summary-new button")), chromedp.Click(chromedp.CSS("#summary-new button")),
		chromedp.WaitVisible(chromedp.CSS("#summary-basics")))
	summaryURL, err := chromedp.Run(sec, chromedp.Location())
	if err != nil || !strings.Contains(summaryURL, "/summaries/") {
		t.Fatalf("after drafting: %q %v", summaryURL, err)
	}
	editViews(t, sec, "一、逐条学习，联系野外台站工作谈体会。")
	submit(t, sec, `form[action$="/submit"] button`)
	fitsAndShot(t, sec, width, "r1-submitted")

	// The unit organiser returns it with a reason.
	step(t, unit, "return", chromedp.Navigate(summaryURL), chromedp.WaitVisible(chromedp.CSS("#summary-return summary")),
		chromedp.Click(chromedp.CSS("#summary-return summary")),
		chromedp.SendKeys(chromedp.CSS(`#summary-return textarea[name="reason"]`), "请补充缺席党员的补学安排。"),
		chromedp.Click(chromedp.CSS(`#summary-return button[type="submit"]`)),
		chromedp.WaitNotPresent(chromedp.CSS("#summary-return")))

	// The secretary reads the reason, amends and resubmits.
	step(t, sec, "reread", chromedp.Navigate(summaryURL), chromedp.WaitVisible(chromedp.CSS("#summary-reason")))
	if txt := bodyText(t, sec); !strings.Contains(txt, "请补充缺席党员的补学安排") {
		t.Fatalf("secretary does not see the reason: %s", txt)
	}
	fitsAndShot(t, sec, width, "r2-returned")
	editViews(t, sec, "\n二、缺席的两名党员已安排会后补学。")
	submit(t, sec, `form[action$="/submit"] button`)

	// The organiser sees the change, accepts and forwards with a note.
	step(t, unit, "changes", chromedp.Navigate(summaryURL), chromedp.WaitVisible(chromedp.CSS("#summary-changes")))
	if txt := bodyText(t, unit); !strings.Contains(txt, "缺席的两名党员已安排会后补学") {
		t.Fatalf("reviewer does not see the change: %s", txt)
	}
	fitsAndShot(t, unit, width, "r3-changes")
	submit(t, unit, `form[action$="/accept"] button`)
	const note = "该支部结合台站工作学习，补学落实到人，推荐京区交流。"
	step(t, unit, "forward", chromedp.WaitVisible(chromedp.CSS("#forward-form summary")), chromedp.Click(chromedp.CSS("#forward-form summary")),
		chromedp.SendKeys(chromedp.CSS(`#forward-form textarea[name="note"]`), note),
		js(`document.querySelector("main").dataset.stale = "1"`), chromedp.Click(chromedp.CSS(`#forward-form button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS("main:not([data-stale])")))

	// The region organiser finds it in this quarter's inbox with its chain.
	step(t, reg, "inbox", chromedp.Navigate(fmt.Sprintf("%s/orgs/%d/forwards", s.URL, region)),
		chromedp.WaitVisible(chromedp.CSS(".forward-chain")))
	inbox := bodyText(t, reg)
	for _, want := range []string{note, "植物研究所党委 推荐至 京区党委", "生态党支部关于“"} {
		if !strings.Contains(inbox, want) {
			t.Errorf("region inbox lacks %q: %s", want, inbox)
		}
	}
	fitsAndShot(t, reg, width, "r4-inbox")

	// It adopts the item and puts it into a bulletin of this quarter,
	// which it publishes: the item is among the highlights.
	adopt := fmt.Sprintf(`#forward-%d form[action$="/adopt"] button`, lastForward(t, s, region))
	step(t, reg, "adopt", chromedp.Click(chromedp.CSS(adopt)), chromedp.WaitNotPresent(chromedp.CSS(adopt)))
	// The quarter field comes filled in with the current quarter.
	step(t, reg, "new bulletin", chromedp.Navigate(fmt.Sprintf("%s/orgs/%d/bulletins", s.URL, region)),
		chromedp.WaitVisible(chromedp.CSS("#bulletin-new summary")), chromedp.Click(chromedp.CSS("#bulletin-new summary")),
		chromedp.SetValue(chromedp.CSS(`#bulletin-new select[name="campaign_id"]`), fmt.Sprint(c.ID)),
		chromedp.Click(chromedp.CSS(`#bulletin-new input[name="period"][value="quarter"]`)),
		chromedp.SetValue(chromedp.CSS(`#bulletin-new input[name="quarter"]`), report.QuarterOf(time.Now())),
		chromedp.Click(chromedp.CSS(`#bulletin-new button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#bulletin-highlights")))
	if txt := bodyText(t, reg); !strings.Contains(txt, "生态党支部关于“"+c.Topics[2].Title) {
		t.Errorf("bulletin highlights lack the adopted summary: %s", txt)
	}
	submit(t, reg, `form[action$="/publish"] button`)
	step(t, reg, "published", chromedp.WaitVisible(chromedp.CSS("#bulletin-frozen")))
	links, err := chromedp.Run(reg, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#bulletin-downloads a")].map(a => a.getAttribute("href"))`))
	if err != nil || len(links) != 3 {
		t.Errorf("downloads: %v %v", links, err)
	}
	fitsAndShot(t, reg, width, "r5-bulletin")
}

// lastForward is the newest forward in an org's inbox this quarter.
func lastForward(t *testing.T, s *site, org xuezuo.ID) xuezuo.ID {
	t.Helper()
	fs, _, err := s.App.Report.Inbox(app.System(context.Background(), "e2e"), report.InboxFilter{OrgID: org, Quarter: report.QuarterOf(time.Now()), Limit: 100})
	if err != nil || len(fs) == 0 {
		t.Fatalf("inbox: %v", err)
	}
	last := fs[0].ID
	for _, f := range fs {
		last = max(last, f.ID)
	}
	return last
}

// userTab opens a browser context with cookies of its own at width px and
// logs user in. Its budget is 150 s, not a tab's 60: the user waits
// through the other users' steps of the flow.
func (s *site) userTab(t *testing.T, user string, width int64) context.Context {
	t.Helper()
	if browser == nil {
		t.Skip("chromium not installed at " + chromium)
	}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 150*time.Second)
	t.Cleanup(func() {
		if t.Failed() {
			saveEvidence(t, ctx)
		}
		cancelTimeout()
		cancel()
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
		t.Fatal(err)
	}
	s.login(t, ctx, user)
	return ctx
}

// step runs actions and fails the test with the step's name.
func step(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// editViews appends text to the summary's 主要观点 and saves.
func editViews(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	step(t, ctx, "edit views", chromedp.WaitReady(chromedp.CSS("#summary-edit")),
		js(`document.querySelector("#summary-edit").open = true`),
		chromedp.SendKeys(chromedp.CSS(`#summary-edit textarea[name="views"]`), text),
		js(`document.querySelector("main").dataset.stale = "1"`),
		chromedp.Click(chromedp.CSS(`#summary-edit button[type="submit"]`)),
		// The saved page, not the one the click left: the next step would
		// otherwise race the save.
		chromedp.WaitReady(chromedp.CSS("main:not([data-stale])")),
		chromedp.WaitVisible(chromedp.CSS("#summary-views")))
}

// submit clicks a button whose form asks for confirmation, agreeing to it.
func submit(t *testing.T, ctx context.Context, button string) {
	t.Helper()
	step(t, ctx, "submit "+button, chromedp.WaitVisible(chromedp.CSS(button)),
		js(`window.confirm = () => true`),
		chromedp.Click(chromedp.CSS(button)), chromedp.WaitNotPresent(chromedp.CSS(button)))
}

// fitsAndShot checks a phone-width page does not scroll sideways and saves
// a screenshot.
func fitsAndShot(t *testing.T, ctx context.Context, width int64, name string) {
	t.Helper()
	if width <= 375 {
		assertFitsPhone(t, ctx)
	}
	shot(t, ctx, fmt.Sprintf("%s-%d", name, width))
}

// js runs a script in the page as a step of Do, ignoring its value.
func js(expr string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[any](expr)(ctx, t)
		return chromedp.Void{}, err
	}
}
