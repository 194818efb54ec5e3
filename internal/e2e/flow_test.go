package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSecretaryAddsMemberAuditorSeesIt is the foundation's main flow at
// phone width: a branch secretary logs in through the real form, sees only
// the own branch, adds a member and finds it in the list; then the auditor
// sees the audit entry of that write and no member data.
func TestSecretaryAddsMemberAuditorSeesIt(t *testing.T) {
	s := start(t)
	ctx := tab(t)
	s.login(t, ctx, "shuji")

	// The tree shows the own branch only.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/orgs"), chromedp.WaitVisible(chromedp.CSS("#org-tree"))); err != nil {
		t.Fatal(err)
	}
	tree := bodyText(t, ctx)
	if !strings.Contains(tree, "生态党支部") {
		t.Fatalf("tree lacks the own branch: %s", tree)
	}
	for _, other := range []string{"植物研究所党委", "系统党支部", "质检中心党支部", "中国科学院党组"} {
		if strings.Contains(tree, other) {
			t.Errorf("secretary's tree shows %s", other)
		}
	}
	assertFitsPhone(t, ctx)
	shot(t, ctx, "1-tree")

	// Open the branch and add a member with the form.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#org-tree a")), chromedp.WaitVisible(chromedp.CSS(`a[href$="/members/new"]`))); err != nil {
		t.Fatal(err)
	}
	orgURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	const name = "欧阳测试"
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href$="/members/new"]`)),
		chromedp.WaitVisible(chromedp.CSS("#member-form")),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "2-form")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#member-form input[name="name"]`), name),
		chromedp.SetValue(chromedp.CSS(`#member-form select[name="gender"]`), "female"),
		chromedp.SetValue(chromedp.CSS(`#member-form input[name="birth"]`), "1993-05-06"),
		chromedp.SetValue(chromedp.CSS(`#member-form input[name="join_date"]`), "2016-06-30"),
		chromedp.SetValue(chromedp.CSS(`#member-form input[name="full_date"]`), "2017-06-30"),
		chromedp.SetValue(chromedp.CSS(`#member-form select[name="category"]`), "in_service"),
		chromedp.SendKeys(chromedp.CSS(`#member-form input[name="phone"]`), "13912345678"),
		chromedp.Click(chromedp.CSS(`#member-form button[type="submit"]`)),
		chromedp.WaitNotPresent(chromedp.CSS("#member-form")),
	)
	if err != nil {
		t.Fatalf("add member: %v", err)
	}
	shot(t, ctx, "3-member")
	if page := bodyText(t, ctx); !strings.Contains(page, name) {
		t.Fatalf("member page after saving lacks the name: %s", page)
	}

	// Find the new member in the branch list with the filter.
	err = chromedp.Do(ctx,
		chromedp.Navigate(orgURL),
		chromedp.WaitVisible(chromedp.CSS(`form.filters input[name="name"]`)),
		chromedp.SendKeys(chromedp.CSS(`form.filters input[name="name"]`), "欧阳"),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
	)
	if err != nil {
		t.Fatalf("filter the list: %v", err)
	}
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("table.members") && document.querySelector("table.members").innerText.includes("`+name+`") && document.querySelectorAll("table.members tbody tr").length === 1`))
	if err != nil {
		t.Fatalf("find the member in the list: %v", err)
	}
	assertFitsPhone(t, ctx)
	shot(t, ctx, "4-list")

	// The auditor sees the write, not the data.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="username"]`)),
	)
	if err != nil {
		t.Fatalf("logout: %v", err)
	}
	s.login(t, ctx, "auditor")
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/audit"), chromedp.WaitVisible(chromedp.CSS("table.audit"))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "5-audit")
	log := bodyText(t, ctx)
	if !strings.Contains(log, "新增党员") || !strings.Contains(log, "shuji") {
		t.Errorf("audit log lacks the secretary's member.create: %s", log)
	}
	for _, secret := range []string{name, "13912345678", "1993"} {
		if strings.Contains(log, secret) {
			t.Errorf("audit page shows member data %q", secret)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(orgURL), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
		t.Fatal(err)
	}
	if page := bodyText(t, ctx); strings.Contains(page, name) || strings.Contains(page, "生态党支部") {
		t.Errorf("auditor reads the org page: %s", page)
	}
	assertFitsPhone(t, ctx)
}

// assertFitsPhone fails when the page scrolls sideways at 375 px.
func assertFitsPhone(t *testing.T, ctx context.Context) {
	t.Helper()
	w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if w > 0 {
		t.Errorf("page is %d px wider than the 375 px screen", w)
	}
}
