package app_test

import (
	"context"
	"testing"

	"xuezuo"
	"xuezuo/internal/progress"
	"xuezuo/internal/reflection"
)

// TestDemoCampaign checks the demo's 两学一做 the issue asks for: published,
// with branches done, late and not started, and a member account that can
// follow its own attendance and reflection.
func TestDemoCampaign(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	accounts, err := a.SeedIfEmpty(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pw := map[string]string{}
	for _, acc := range accounts {
		pw[acc.Username] = acc.Password
	}
	admin, err := a.Account.Login(ctx, "admin", pw["admin"], "")
	if err != nil {
		t.Fatal(err)
	}
	actx := xuezuo.WithActor(ctx, admin)
	cs, err := a.Campaign.List(actx)
	if err != nil || len(cs) != 1 || !cs[0].Published() {
		t.Fatalf("demo campaigns: %+v, %v", cs, err)
	}
	c, err := a.Campaign.Get(actx, cs[0].ID)
	if err != nil || len(c.Topics) != 4 {
		t.Fatalf("demo campaign: %+v, %v", c, err)
	}
	units, err := a.Org.FindByName(actx, c.OwnerOrgID, "植物研究所党委")
	if err != nil || len(units) != 1 {
		t.Fatalf("find unit: %v %v", units, err)
	}
	unit := units[0]
	rows, err := a.Progress.Progress(actx, c.ID, unit.ID, progress.ByBranch)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]progress.Row{}
	for _, r := range rows {
		byName[r.Name] = r
	}
	want := map[string]struct {
		status  [4]string
		onTime1 int
	}{
		"系统党支部":  {[4]string{"green", "green", "green", "grey"}, 1},
		"生态党支部":  {[4]string{"green", "green", "amber", "grey"}, 1},
		"光合党支部":  {[4]string{"green", "green", "amber", "grey"}, 0}, // topic 1 held late
		"文献党支部":  {[4]string{"green", "red", "amber", "grey"}, 1},
		"发育党支部":  {[4]string{"red", "red", "amber", "grey"}, 0}, // not started
		"中关村党支部": {[4]string{"green", "red", "amber", "grey"}, 0},
	}
	for name, w := range want {
		r, ok := byName[name]
		if !ok {
			t.Errorf("no progress row for %s", name)
			continue
		}
		if [4]string(r.Status) != w.status || r.TopicOnTime[0] != w.onTime1 {
			t.Errorf("%s: status %v on time %v; want %v, topic 1 on time %d", name, r.Status, r.TopicOnTime, w.status, w.onTime1)
		}
	}
	tot, err := a.Progress.Progress(actx, c.ID, unit.ID, progress.ByUnit)
	if err != nil || len(tot) != 1 {
		t.Fatalf("unit row: %+v %v", tot, err)
	}
	u := tot[0]
	if u.Excluded == 0 || u.Makeups == 0 || u.Reflections == 0 || u.AttendancePresent == 0 ||
		u.AttendancePresent >= u.AttendanceExpected || u.Participants >= u.Members {
		t.Errorf("unit figures do not show the mix the demo promises: %+v", u)
	}

	// The member account has read access to its own topic-1 reflection and
	// none yet on topic 2.
	me, err := a.Account.Login(ctx, "dangyuan", pw["dangyuan"], "")
	if err != nil {
		t.Fatal(err)
	}
	mctx := xuezuo.WithActor(ctx, me)
	for k, want := range []int{1, 0} {
		items, total, err := a.Reflection.List(mctx, reflection.Filter{OrgID: me.Grants[0].OrgID, TopicID: c.Topics[k].ID})
		if err != nil || total != want || len(items) != want {
			t.Errorf("dangyuan's reflections on topic %d: %d %v; want %d", k+1, total, err, want)
		}
	}
}
