package store_test

import (
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/progress"
	"xuezuo/internal/reflection"
	"xuezuo/internal/store/storetest"
)

// TestLeadersScopeCountsCadresOnly runs the same records through a
// campaign of all members and one of the leading cadres: the latter counts
// only cadres in every member figure, attendance and makeups included.
func TestLeadersScopeCountsCadresOnly(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	sys := storetest.System()
	unit := storetest.MustCreateUnit(t, s, 0, "植物所党委")
	branch := storetest.MustCreateOrg(t, s, unit.ID, "机关党支部", org.KindBranch)
	ids := map[string]xuezuo.ID{}
	for _, p := range []struct {
		name  string
		cadre bool
	}{{"甲所长", true}, {"乙书记", true}, {"丙", false}} {
		in := storetest.MemberInput(branch.ID, p.name)
		in.Cadre = p.cadre
		m, err := s.Member.Create(sys, in)
		must(t, err)
		ids[p.name] = m.ID
	}
	newCampaign := func(scope string) *campaign.Campaign {
		c, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: unit.ID, Title: "学习教育" + scope, Scope: scope,
			Start: xuezuo.NewDate(2026, 1, 1), Topics: []campaign.TopicInput{{Title: "专题", Deadline: xuezuo.NewDate(2026, 5, 31)}}})
		must(t, err)
		_, err = s.Campaign.Publish(sys, c.ID)
		must(t, err)
		c, err = s.Campaign.Get(sys, c.ID)
		must(t, err)
		return c
	}
	all, leaders := newCampaign(campaign.ScopeSubtree), newCampaign(campaign.ScopeLeaders)
	m, err := s.Meeting.Create(sys, meeting.Input{OrgID: branch.ID, Kind: "topic_study", TopicID: leaders.Topics[0].ID, HeldOn: xuezuo.NewDate(2026, 5, 20)})
	must(t, err)
	must(t, s.Meeting.RecordRegister(sys, m.ID, []meeting.Entry{{MemberID: ids["甲所长"], Status: meeting.Present},
		{MemberID: ids["乙书记"], Status: meeting.Leave, Reason: "出差"}, {MemberID: ids["丙"], Status: meeting.Present}}))
	_, err = s.Meeting.AddMakeup(sys, meeting.Makeup{MeetingID: m.ID, MemberID: ids["乙书记"], Kind: "self_study", HeldOn: xuezuo.NewDate(2026, 5, 25)})
	must(t, err)
	for _, c := range []*campaign.Campaign{all, leaders} {
		for _, who := range []string{"甲所长", "丙"} {
			self := xuezuo.WithActor(sys, &xuezuo.Actor{Username: "test", System: true, MemberID: ids[who]})
			_, err := s.Reflection.Submit(self, reflection.Input{TopicID: c.Topics[0].ID, Body: "学习体会"})
			must(t, err)
		}
	}
	row := func(c *campaign.Campaign) progress.Row {
		rows, err := s.Progress.Progress(sys, c.ID, unit.ID, progress.ByUnit)
		must(t, err)
		if len(rows) != 1 {
			t.Fatalf("rows: %+v", rows)
		}
		return rows[0]
	}
	type figs struct{ members, participants, present, expected, makeups, reflections int }
	got := func(r progress.Row) figs {
		return figs{r.Members, r.Participants, r.AttendancePresent, r.AttendanceExpected, r.Makeups, r.Reflections}
	}
	if g, want := got(row(all)), (figs{3, 3, 2, 3, 1, 2}); g != want {
		t.Errorf("all members: got %+v, want %+v", g, want)
	}
	if g, want := got(row(leaders)), (figs{2, 2, 1, 2, 1, 1}); g != want {
		t.Errorf("leaders only: got %+v, want %+v", g, want)
	}
	rep, err := s.Progress.Participation(sys, leaders.ID, unit.ID, meeting.ExclusionCategories)
	must(t, err)
	if rep.Roster != 2 || rep.Participants != 2 {
		t.Errorf("leaders participation report: roster %d participants %d, want 2 and 2", rep.Roster, rep.Participants)
	}
}
