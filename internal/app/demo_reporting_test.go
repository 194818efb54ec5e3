package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/app"
	"xuezuo/internal/report"
)

// TestDemoReporting checks what issue 13 asks of the demo: organiser
// accounts for 植物研究所党委 and 京区党委 that log in, summaries of the
// unit's branches in every state, and items forwarded to 京区党委, one of
// them adopted.
func TestDemoReporting(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	login := seedAndLogin(t, a, "suodangwei", "jingqu", "admin")
	unitCtx, regionCtx := login["suodangwei"], login["jingqu"]
	cs, err := a.Campaign.List(unitCtx)
	if err != nil || len(cs) != 1 {
		t.Fatalf("campaigns: %v %v", cs, err)
	}
	units, err := a.Org.FindByName(login["admin"], cs[0].OwnerOrgID, "植物研究所党委")
	if err != nil || len(units) != 1 {
		t.Fatalf("find unit: %v %v", units, err)
	}
	sums, total, err := a.Report.List(unitCtx, report.Filter{OrgID: units[0].ID, Limit: 100})
	if err != nil || total == 0 {
		t.Fatalf("summaries: %d %v", total, err)
	}
	states := map[string]int{}
	late := 0
	for _, s := range sums {
		states[s.State]++
		if s.Late {
			late++
		}
	}
	for _, st := range []string{report.Draft, report.Submitted, report.Returned, report.Accepted} {
		if states[st] == 0 {
			t.Errorf("no %s summary in the demo: %v", st, states)
		}
	}
	if late == 0 {
		t.Errorf("no late summary in the demo")
	}
	region := units[0].ParentID
	quarter := report.QuarterOf(time.Now())
	in, n, err := a.Report.Inbox(regionCtx, report.InboxFilter{OrgID: region, Quarter: quarter})
	if err != nil || n < 2 {
		t.Fatalf("京区党委 inbox %s: %d items, %v", quarter, n, err)
	}
	adopted := 0
	for _, f := range in {
		if f.FromOrgID != units[0].ID || len(f.Chain) != 1 || f.Chain[0].Note == "" {
			t.Errorf("forward %d: from %d chain %+v", f.ID, f.FromOrgID, f.Chain)
		}
		if f.Adopted {
			adopted++
		}
	}
	if adopted != 1 {
		t.Errorf("adopted forwards: %d, want 1", adopted)
	}
}

// TestDemoBulletin checks the demo's published 京区党委 bulletin: a row per
// unit, the adopted summary as a highlight, a 发文字号 from the org's 机关代字,
// and the three documents.
func TestDemoBulletin(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	as := seedAndLogin(t, a, "jingqu", "admin")
	tops, err := a.Org.Tops(as["admin"])
	if err != nil || len(tops) != 1 {
		t.Fatal(tops, err)
	}
	regions, err := a.Org.FindByName(as["admin"], tops[0].ID, "京区党委")
	if err != nil || len(regions) != 1 {
		t.Fatal(regions, err)
	}
	rctx := as["jingqu"]
	bs, n, err := a.Bulletins.ListBulletins(rctx, report.BulletinFilter{OrgID: regions[0].ID, State: report.BulletinPublished})
	if err != nil || n != 1 {
		t.Fatalf("published bulletins of 京区党委: %d %v", n, err)
	}
	b, err := a.Bulletins.Bulletin(rctx, bs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	c := b.Content
	if !strings.HasPrefix(b.DocNo, "京区党通〔") || c.Issuer != "中共中国科学院京区委员会" {
		t.Errorf("doc no %q issuer %q", b.DocNo, c.Issuer)
	}
	names := map[string]bool{}
	for _, r := range c.Rows {
		names[r.Name] = true
	}
	if !names["植物研究所党委"] || !names["分析测试研究所党委"] || len(c.Rows) != 2 {
		t.Errorf("rows: %v", names)
	}
	if len(c.Highlights) != 1 || c.Highlights[0].SourceOrg == "" {
		t.Errorf("highlights: %+v", c.Highlights)
	}
	for _, f := range []string{report.FormatDOCX, report.FormatPDF, report.FormatXLSX} {
		d, err := a.Bulletins.Document(rctx, b.ID, f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if len(d.Data) < 1000 || !strings.Contains(d.Name, "京区党委") {
			t.Errorf("%s: %d bytes, named %s", f, len(d.Data), d.Name)
		}
	}
}

// TestDemoLectures checks the demo's 党课 register of 植物研究所党委: lectures
// of several kinds in the year of the last 七一, the unit's 七一 lecture
// reaching every branch, and 生态党支部's secretary lecture.
func TestDemoLectures(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	uctx := seedAndLogin(t, a, "suodangwei")["suodangwei"]
	unit := unitOf(t, a, uctx)
	today := xuezuo.DateOf(time.Now())
	year := today.Y
	if today.Before(xuezuo.NewDate(year, 7, 1)) {
		year-- // the demo's 七一 lecture was last year's
	}
	r, err := a.Meeting.Register(uctx, unit, year, 0)
	if err != nil {
		t.Fatal(err)
	}
	kinds := 0
	for _, k := range []string{"leader", "secretary", "expert", "member", "case"} {
		if r.Total(k) > 0 {
			kinds++
		}
	}
	qiyi, secretary := 0, map[string]int{}
	for _, b := range r.Branches {
		qiyi += min(b.Qiyi, 1)
		secretary[b.Name] = b.Secretary
	}
	// Lectures later in the year than the last 七一 fall in this year only
	// when 七一 is this year's.
	if kinds < 2 || qiyi != len(r.Branches) {
		t.Errorf("register %d: %d kinds, %d of %d branches with a 七一 lecture", year, kinds, qiyi, len(r.Branches))
	}
	if year == today.Y && (kinds != 5 || secretary["生态党支部"] != 1) {
		t.Errorf("register %d: %d kinds, secretary lectures %v", year, kinds, secretary)
	}
}

// unitOf is the org of the actor's first grant (植物研究所党委 for suodangwei).
func unitOf(t *testing.T, a *app.App, ctx context.Context) xuezuo.ID {
	t.Helper()
	gs := xuezuo.ActorFrom(ctx).Grants
	if len(gs) == 0 {
		t.Fatal("no grant")
	}
	return gs[0].OrgID
}

// seedAndLogin seeds the demo and logs the named demo accounts in, each
// as a context acting as that user.
func seedAndLogin(t *testing.T, a *app.App, users ...string) map[string]context.Context {
	t.Helper()
	ctx := context.Background()
	accounts, err := a.SeedIfEmpty(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]context.Context{}
	for _, acc := range accounts {
		if !slices.Contains(users, acc.Username) {
			continue
		}
		u, err := a.Account.Login(ctx, acc.Username, acc.Password, "")
		if err != nil {
			t.Fatalf("login %s: %v", acc.Username, err)
		}
		out[acc.Username] = xuezuo.WithActor(ctx, u)
	}
	if len(out) != len(users) {
		t.Fatalf("demo accounts %v: logged in %d", users, len(out))
	}
	return out
}
