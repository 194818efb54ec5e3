package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xuezuo/internal/app"
)

// TestLectureFormAndRegister: the new-meeting form shows a lecture's fields
// only while 党课 is chosen (a unit's form offers 党课 alone, so they show at
// once); the organiser records a unit's lecture through it; the unit's 党课
// register renders at 375 and 1280 px without sideways scrolling.
func TestLectureFormAndRegister(t *testing.T) {
	s := start(t)
	sys := app.System(context.Background(), "e2e")
	unit := s.orgID(t, sys, "植物研究所党委")
	eco := s.orgID(t, sys, "生态党支部")
	ctx := tab(t)
	s.login(t, ctx, "admin")
	display := func() string {
		d, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#lecture-fields")).display`))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/orgs/%d/meetings/new", s.URL, eco)),
		chromedp.WaitReady(chromedp.CSS("#meeting-form"))); err != nil {
		t.Fatal(err)
	}
	if d := display(); d != "none" {
		t.Errorf("a branch's form before choosing 党课: lecture fields display %q, want none", d)
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`select[name=kind]`), "lecture")); err != nil {
		t.Fatal(err)
	}
	if d := display(); d == "none" {
		t.Error("lecture fields still hidden after choosing 党课")
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/orgs/%d/meetings/new", s.URL, unit)),
		chromedp.WaitVisible(chromedp.CSS("#lecture-fields")))
	if err != nil {
		t.Fatalf("a unit's new-meeting form: %v", err)
	}
	shot(t, ctx, "lecture-form")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "学党章 守规矩"),
		chromedp.SetValue(chromedp.CSS(`select[name=lecturer_kind]`), "expert"),
		chromedp.SendKeys(chromedp.CSS(`input[name=lecturer_name]`), "刘教授"),
		chromedp.SendKeys(chromedp.CSS(`input[name=lecturer_title]`), "中央党校教授"),
		chromedp.Click(chromedp.CSS(`#meeting-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#meeting-facts")),
	)
	if err != nil {
		t.Fatalf("record the unit's lecture: %v", err)
	}
	if txt := bodyText(t, ctx); !strings.Contains(txt, "专家讲") || !strings.Contains(txt, "刘教授（中央党校教授）") {
		t.Errorf("the lecture's page lacks its kind or lecturer")
	}
	for _, width := range []int{375, 1280} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 900),
			chromedp.Navigate(fmt.Sprintf("%s/orgs/%d/lectures", s.URL, unit)),
			chromedp.WaitVisible(chromedp.CSS("table.lecture-counts"))); err != nil {
			t.Fatalf("register at %d px: %v", width, err)
		}
		over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if over > 1 {
			t.Errorf("the register at %d px scrolls sideways by %d px", width, over)
		}
		if txt := bodyText(t, ctx); !strings.Contains(txt, "学党章 守规矩") {
			t.Errorf("the register at %d px does not list the new lecture", width)
		}
		shot(t, ctx, fmt.Sprintf("lectures-%d", width))
	}
}
