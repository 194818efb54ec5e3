package crashtest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/store"
	"xuezuo/internal/store/storetest"
)

// Fixture sizes: enough fresh (meeting, member) pairs that 50 writers
// never run out within three rounds of up to 2 s each.
const (
	branches          = 3
	membersPerBranch  = 60
	meetingsPerBranch = 80 // 3 × 80 × 60 = 14,400 pairs
)

// fixture is the data the writers work on.
type fixture struct {
	token    string
	campaign xuezuo.ID
	branches []xuezuo.ID
	pairs    []pair // member rank first, so concurrent check-ins spread over meetings
}

// pair is one fresh check-in.
type pair struct{ meeting, member xuezuo.ID }

// setUp builds, through the services on the real database, an org tree
// (committee, unit, three branches with members), a published campaign,
// meetings in its window (half of them on a topic, so the topic rollups
// move too), and an org_admin of the root with an API token, as
// bench/run.sh does with `user add`, `user grant` and `token create`.
func setUp(ctx context.Context, t *testing.T, url string) *fixture {
	t.Helper()
	st, err := store.Open(ctx, store.Options{URL: url, Clock: xuezuo.SystemClock{}})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	defer st.Close()
	s := storetest.NewServices(st, xuezuo.SystemClock{})
	sys := storetest.System()
	root := storetest.MustCreateOrg(t, s, 0, "京区党委", org.KindCommittee)
	unit := storetest.MustCreateUnit(t, s, root.ID, "植物所党委")
	start := xuezuo.NewDate(2026, 1, 1)
	c, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: unit.ID, Title: "崩溃测试学习教育", Start: start,
		Topics: []campaign.TopicInput{{No: 1, Title: "学党章", Deadline: xuezuo.NewDate(2026, 3, 31)}}})
	must(t, err)
	_, err = s.Campaign.Publish(sys, c.ID)
	must(t, err)
	if c, err = s.Campaign.Get(sys, c.ID); err != nil {
		t.Fatal(err)
	}
	f := &fixture{campaign: c.ID}
	members := map[xuezuo.ID][]xuezuo.ID{}
	var meetings [][]pair // per meeting, its pairs in member order
	for b := range branches {
		br := storetest.MustCreateOrg(t, s, unit.ID, fmt.Sprintf("第%d党支部", b+1), org.KindBranch)
		f.branches = append(f.branches, br.ID)
		for i := range membersPerBranch {
			members[br.ID] = append(members[br.ID], storetest.MustCreateMember(t, s, br.ID, fmt.Sprintf("党员%d-%d", b+1, i+1)).ID)
		}
		for k := range meetingsPerBranch {
			in := meeting.Input{OrgID: br.ID, Kind: "theme_day", Title: fmt.Sprintf("主题党日 %d", k+1),
				HeldOn: start.AddDays(10 + k)}
			if k%2 == 0 {
				in.Kind, in.TopicID = "topic_study", c.Topics[0].ID
			}
			m, err := s.Meeting.Create(sys, in)
			must(t, err)
			var ps []pair
			for _, mem := range members[br.ID] {
				ps = append(ps, pair{meeting: m.ID, member: mem})
			}
			meetings = append(meetings, ps)
		}
	}
	for r := range membersPerBranch {
		for _, ps := range meetings {
			f.pairs = append(f.pairs, ps[r])
		}
	}
	admin := storetest.MustUser(t, s, "crash", xuezuo.RoleOrgAdmin, root.ID)
	f.token, _, err = s.Account.CreateToken(sys, xuezuo.ActorFrom(admin).UserID, "crash", time.Hour)
	must(t, err)
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
