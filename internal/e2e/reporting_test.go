package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xuezuo/internal/app"
)

// TestSummaryGoesUpTheTree is issue 13's main flow through the pages, at
// 375 and 1280 px, each user in a browser context of their own: the
// secretary drafts and submits the branch summary of a topic, the unit
// organiser returns it with a reason, the secretary sees the reason,
// amends and resubmits, the organiser sees what changed, accepts and
// forwards it with a note, and the region organiser finds it in the
// quarter's inbox with its whole chain.
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
		chromedp.Click(chromedp.CSS(`#forward-form button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("main h1")))

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
}

// userTab opens a private browser context at width px and logs user in.
func (s *site) userTab(t *testing.T, user string, width int64) context.Context {
	t.Helper()
	ctx := privateTab(t)
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
		chromedp.Click(chromedp.CSS(`#summary-edit button[type="submit"]`)),
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
