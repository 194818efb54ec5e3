package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xuezuo"
	"xuezuo/internal/app"
)

// TestSecretaryRegisterTurnsBranchGreenLive is issue 4's browser flow at
// phone width, on the demo's 两学一做: the organiser keeps the progress page
// of 植物研究所党委 open in a second browser context while the 生态党支部
// secretary records the topic-3 meeting and its register. The organiser's
// table turns that branch green for topic 3 and changes the
// unit's attendance figure without any navigation.
func TestSecretaryRegisterTurnsBranchGreenLive(t *testing.T) {
	s := start(t)
	sys := app.System(context.Background(), "test")
	unit, eco := s.orgID(t, sys, "植物研究所党委"), s.orgID(t, sys, "生态党支部")

	// The demo's 两学一做 is half-way: topic 3 is due within a week and
	// 生态党支部 has not held it yet (amber).
	cs, err := s.App.Campaign.List(sys)
	if err != nil || len(cs) != 1 {
		t.Fatalf("demo campaign: %+v %v", cs, err)
	}
	c, err := s.App.Campaign.Get(sys, cs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	topic := c.Topics[2]

	// The organiser's view, in its own cookie jar.
	admin := privateTab(t)
	s.login(t, admin, "admin")
	progress := fmt.Sprintf("%s/campaigns/%d/progress?org=%d&by=branch", s.URL, c.ID, unit)
	ecoTopic := fmt.Sprintf(`tr[data-org="%d"] td[data-topic="%d"] .rag`, eco, topic.No)
	if err := chromedp.Do(admin, chromedp.Navigate(progress), chromedp.WaitVisible(chromedp.CSS(ecoTopic))); err != nil {
		t.Fatalf("open progress: %v", err)
	}
	before, err := chromedp.Run(admin, chromedp.Text(chromedp.CSS("#progress-total .attendance")))
	if err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(admin, chromedp.AttributeValue(chromedp.CSS(ecoTopic), "data-status"))
	if err != nil || status.Value == "green" {
		t.Fatalf("topic 3 of 生态党支部 before the meeting: %q %v", status.Value, err)
	}
	assertFitsPhone(t, admin)
	shot(t, admin, "c1-progress-before")

	// The secretary records the meeting and its whole register.
	sec := tab(t)
	s.login(t, sec, "shuji")
	err = chromedp.Do(sec,
		chromedp.Navigate(fmt.Sprintf("%s/orgs/%d/meetings/new?topic=%d", s.URL, eco, topic.ID)),
		chromedp.WaitVisible(chromedp.CSS("#meeting-form")),
		chromedp.SetValue(chromedp.CSS(`#meeting-form select[name="kind"]`), "topic_study"),
		chromedp.SendKeys(chromedp.CSS(`#meeting-form input[name="place"]`), "标本馆会议室"),
	)
	if err != nil {
		t.Fatalf("meeting form: %v", err)
	}
	assertFitsPhone(t, sec)
	shot(t, sec, "c2-meeting-form")
	err = chromedp.Do(sec,
		chromedp.Click(chromedp.CSS(`#meeting-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#register-form")),
	)
	if err != nil {
		t.Fatalf("create meeting: %v", err)
	}
	// The fill button's handler comes from a deferred script: wait for it.
	if _, err := chromedp.Run(sec, chromedp.Poll[bool](`document.readyState === "complete"`)); err != nil {
		t.Fatalf("page load: %v", err)
	}
	if err := chromedp.Do(sec, chromedp.Click(chromedp.CSS(`#register-form [data-fill-status]`))); err != nil {
		t.Fatalf("fill the register: %v", err)
	}
	unset, err := chromedp.Run(sec, chromedp.Evaluate[int](`[...document.querySelectorAll("#register-form select[name^='status_']")].filter(s => s.value === "").length`))
	if err != nil || unset != 0 {
		t.Fatalf("register lines left unset: %d %v", unset, err)
	}
	shot(t, sec, "c3-register")
	err = chromedp.Do(sec,
		chromedp.Click(chromedp.CSS(`#register-form button[type="submit"]`)),
		chromedp.WaitNotPresent(chromedp.CSS("#register-missing")),
	)
	if err != nil {
		t.Fatalf("save register: %v", err)
	}
	assertFitsPhone(t, sec)
	shot(t, sec, "c4-meeting")

	// Without navigating, the organiser's table catches up.
	wait, cancel := context.WithTimeout(admin, 15*time.Second)
	defer cancel()
	_, err = chromedp.Run(wait, chromedp.Poll[bool](fmt.Sprintf(
		`document.querySelector(%q) && document.querySelector(%q).dataset.status === "green" && document.querySelector("#progress-total .attendance").innerText !== %q`,
		ecoTopic, ecoTopic, before)))
	if err != nil {
		after, _ := chromedp.Run(admin, chromedp.Text(chromedp.CSS("#progress-table")))
		t.Fatalf("progress did not change live (attendance before %q): %v\n%s", before, err, after)
	}
	url, err := chromedp.Run(admin, chromedp.Location())
	if err != nil || url != progress {
		t.Errorf("the organiser's page navigated: %q %v", url, err)
	}
	assertFitsPhone(t, admin)
	shot(t, admin, "c5-progress-after")
}

// privateTab opens a tab in a new browser context, with cookies of its own,
// so that two users can be logged in at once.
func privateTab(t *testing.T) context.Context {
	t.Helper()
	if browser == nil {
		t.Skip("chromium not installed at " + chromium)
	}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 812)); err != nil {
		t.Fatalf("open private tab: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			saveEvidence(t, ctx)
		}
		cancelTimeout()
		cancel()
	})
	return ctx
}

// orgID finds a demo org by name.
func (s *site) orgID(t *testing.T, ctx context.Context, name string) xuezuo.ID {
	t.Helper()
	tops, err := s.App.Org.Tops(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, top := range tops {
		sub, err := s.App.Org.Subtree(ctx, top.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range sub {
			if o.Name == name {
				return o.ID
			}
		}
	}
	t.Fatalf("no org %s in the demo", name)
	return 0
}
