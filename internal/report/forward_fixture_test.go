package report_test

import (
	"context"
	"fmt"
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/org"
	"xuezuo/internal/reflection"
	"xuezuo/internal/report"
	"xuezuo/internal/store"
	"xuezuo/internal/store/storetest"
)

// chainFixture is a four-level tree for forwards:
//
//	院党组 (top) ─ 京区党委 (region) ─ 甲所党委 (unit) ─ 一支部, 二支部
//	            └ 乙所党委 (other unit) ─ 六支部
//
// with an organiser on each committee, the secretary of 一支部, and three
// members of 一支部 whose accounts are linked.
type chainFixture struct {
	s                        *storetest.Services
	clk                      *clock
	top, region, unit, other *org.Org
	b1, b2, b6               *org.Org
	topic                    xuezuo.ID
	topAdmin, regionAdmin    context.Context
	unitAdmin, otherAdmin    context.Context
	secretary                context.Context
	authors                  []context.Context // members of 一支部
}

func newChainFixture(t *testing.T) *chainFixture {
	t.Helper()
	clk := &clock{}
	clk.on(xuezuo.NewDate(2026, 5, 10))
	st, err := store.Open(context.Background(), store.Options{URL: storetest.URL(t), Clock: clk})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	s := storetest.NewServices(st, clk)
	f := &chainFixture{s: s, clk: clk}
	f.top = storetest.MustCreateOrg(t, s, 0, "院党组", org.KindCommittee)
	f.region = storetest.MustCreateOrg(t, s, f.top.ID, "京区党委", org.KindCommittee)
	f.unit = storetest.MustCreateUnit(t, s, f.region.ID, "甲所党委")
	f.b1 = storetest.MustCreateOrg(t, s, f.unit.ID, "一支部", org.KindBranch)
	f.b2 = storetest.MustCreateOrg(t, s, f.unit.ID, "二支部", org.KindBranch)
	f.other = storetest.MustCreateUnit(t, s, f.top.ID, "乙所党委")
	f.b6 = storetest.MustCreateOrg(t, s, f.other.ID, "六支部", org.KindBranch)
	ctx := storetest.System()
	c, err := s.Campaign.Create(ctx, campaign.Input{OwnerOrgID: f.top.ID, Title: "两学一做", Start: xuezuo.NewDate(2026, 1, 1),
		Topics: []campaign.TopicInput{{Title: "学党章", Deadline: xuezuo.NewDate(2026, 4, 30)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Campaign.Publish(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	f.topic = c.Topics[0].ID
	f.topAdmin = storetest.MustUser(t, s, "top-admin", xuezuo.RoleOrgAdmin, f.top.ID)
	f.regionAdmin = storetest.MustUser(t, s, "region-admin", xuezuo.RoleOrgAdmin, f.region.ID)
	f.unitAdmin = storetest.MustUser(t, s, "unit-admin", xuezuo.RoleOrgAdmin, f.unit.ID)
	f.otherAdmin = storetest.MustUser(t, s, "other-admin", xuezuo.RoleOrgAdmin, f.other.ID)
	f.secretary = storetest.MustUser(t, s, "b1-secretary", xuezuo.RoleSecretary, f.b1.ID)
	for i, name := range []string{"甲", "乙", "丙"} {
		m := storetest.MustCreateMember(t, s, f.b1.ID, "党员"+name)
		u := storetest.MustUser(t, s, fmt.Sprintf("author-%d", i), xuezuo.RoleMember, f.b1.ID)
		f.authors = append(f.authors, storetest.MustLinkMember(t, s, u, m.ID))
	}
	return f
}

// reflect submits a reflection as the i-th author on the clock's day.
func (f *chainFixture) reflect(t *testing.T, i int, d xuezuo.Date) *reflection.Reflection {
	t.Helper()
	f.clk.on(d)
	return must(f.s.Reflection.Submit(f.authors[i], reflection.Input{TopicID: f.topic, Title: "心得", Body: "学习体会正文"}))(t)
}

// acceptedSummary drafts, submits and accepts branch's summary on a day.
func (f *chainFixture) acceptedSummary(t *testing.T, branch xuezuo.ID, d xuezuo.Date) *report.Summary {
	t.Helper()
	f.clk.on(d)
	ctx := storetest.System()
	sm := must(f.s.Report.Create(ctx, branch, f.topic))(t)
	views := "支部的主要观点"
	must(f.s.Report.Edit(ctx, sm.ID, report.Input{Views: &views}))(t)
	must(f.s.Report.Submit(ctx, sm.ID))(t)
	return must(f.s.Report.Accept(ctx, sm.ID))(t)
}

// forward forwards an item on a day and fails the test on an error.
func (f *chainFixture) forward(t *testing.T, ctx context.Context, d xuezuo.Date, in report.ForwardInput) *report.Forward {
	t.Helper()
	f.clk.on(d)
	fw, err := f.s.Report.Forward(ctx, in)
	if err != nil {
		t.Fatalf("forward %+v: %v", in, err)
	}
	return fw
}
