package report_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
	"xuezuo/internal/store"
	"xuezuo/internal/store/storetest"
)

// clock is a test clock the store and the services share, so that a
// submit's stored time and its lateness are judged on the same day.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// on sets the clock to 10:00 Beijing of a date.
func (c *clock) on(d xuezuo.Date) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = d.Time().Add(10 * time.Hour).UTC()
}

// fixture is a tree with a campaign owned by the root:
//
//	党组 (root) ─ 甲所党委 (unit A) ─ 甲总支 (general branch) ─ 一支部, 二支部
//	                               └ 三支部
//	          └ 乙所党委 (unit B) ─ 六支部
type fixture struct {
	s          *storetest.Services
	clk        *clock
	root       *org.Org
	unitA, gb  *org.Org
	b1, b2, b3 *org.Org
	unitB, b6  *org.Org
	topic      xuezuo.ID // deadline 2026-04-30, so due 2026-05-15 by default
	laterTopic xuezuo.ID // deadline 2026-06-10, due 2026-06-25
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clk := &clock{}
	clk.on(xuezuo.NewDate(2026, 6, 15))
	st, err := store.Open(context.Background(), store.Options{URL: storetest.URL(t), Clock: clk})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	s := storetest.NewServices(st, clk)
	f := &fixture{s: s, clk: clk}
	f.root = storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	f.unitA = storetest.MustCreateUnit(t, s, f.root.ID, "甲所党委")
	f.gb = storetest.MustCreateOrg(t, s, f.unitA.ID, "甲总支", org.KindGeneralBranch)
	f.b1 = storetest.MustCreateOrg(t, s, f.gb.ID, "一支部", org.KindBranch)
	f.b2 = storetest.MustCreateOrg(t, s, f.gb.ID, "二支部", org.KindBranch)
	f.b3 = storetest.MustCreateOrg(t, s, f.unitA.ID, "三支部", org.KindBranch)
	f.unitB = storetest.MustCreateUnit(t, s, f.root.ID, "乙所党委")
	f.b6 = storetest.MustCreateOrg(t, s, f.unitB.ID, "六支部", org.KindBranch)
	ctx := storetest.System()
	c, err := s.Campaign.Create(ctx, campaign.Input{OwnerOrgID: f.root.ID, Title: "两学一做", Start: xuezuo.NewDate(2026, 1, 1),
		Topics: []campaign.TopicInput{{Title: "学党章", Deadline: xuezuo.NewDate(2026, 4, 30)},
			{Title: "学党规", Deadline: xuezuo.NewDate(2026, 6, 10)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Campaign.Publish(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	f.topic, f.laterTopic = c.Topics[0].ID, c.Topics[1].ID
	return f
}

// as returns a context acting as a new user holding role on org.
func (f *fixture) as(t *testing.T, name string, role xuezuo.Role, orgID xuezuo.ID) context.Context {
	t.Helper()
	return storetest.MustUser(t, f.s, name, role, orgID)
}

// draft creates a summary with views, as the local operator.
func (f *fixture) draft(t *testing.T, branch, topic xuezuo.ID, views string) *report.Summary {
	t.Helper()
	ctx := storetest.System()
	sm, err := f.s.Report.Create(ctx, branch, topic)
	if err != nil {
		t.Fatalf("create summary: %v", err)
	}
	if views != "" {
		if sm, err = f.s.Report.Edit(ctx, sm.ID, report.Input{Views: &views}); err != nil {
			t.Fatalf("edit summary: %v", err)
		}
	}
	return sm
}

// submitOn submits a summary on a date.
func (f *fixture) submitOn(t *testing.T, id xuezuo.ID, d xuezuo.Date) *report.Summary {
	t.Helper()
	f.clk.on(d)
	sm, err := f.s.Report.Submit(storetest.System(), id)
	if err != nil {
		t.Fatalf("submit summary %d: %v", id, err)
	}
	return sm
}

// must returns v, failing the test on err: must(call())(t).
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// topicMeeting holds the branch's topic meeting on date with attendance.
func (f *fixture) topicMeeting(t *testing.T, in meeting.Input, rows []meeting.Entry) *meeting.Meeting {
	t.Helper()
	ctx := storetest.System()
	m := must(f.s.Meeting.Create(ctx, in))(t)
	for _, r := range rows {
		if err := f.s.Meeting.Record(ctx, m.ID, r); err != nil {
			t.Fatalf("record %+v: %v", r, err)
		}
	}
	return must(f.s.Meeting.Get(ctx, m.ID))(t)
}
