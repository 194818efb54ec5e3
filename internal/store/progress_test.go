package store_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/progress"
	"xuezuo/internal/reflection"
	"xuezuo/internal/store/storetest"
)

// fx is the hand-computed fixture of issue 4. Today is 2026-06-15.
//
//	党组 R ── U1 (unit) ── B1: a1 (cadre), a2, a3      [a4 moved to B3 on 04-01]
//	      │            └── G1 (总支) ── B2: b1, b2, b3
//	      └── U2 (unit) ── B3: c1, c2, a4
type fx struct {
	s            *storetest.Services
	root, u1, u2 *org.Org
	b1, b2, b3   *org.Org
	c            *campaign.Campaign
	m            map[string]xuezuo.ID // members by name
	meet         map[string]xuezuo.ID
	ctxOf        map[string]context.Context // member accounts
}

func d(m time.Month, day int) xuezuo.Date { return xuezuo.NewDate(2026, m, day) }

func newFx(t *testing.T) *fx {
	t.Helper()
	s := storetest.OpenServices(t)
	sys := storetest.System()
	f := &fx{s: s, m: map[string]xuezuo.ID{}, meet: map[string]xuezuo.ID{}, ctxOf: map[string]context.Context{}}
	f.root = storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	f.u1 = storetest.MustCreateUnit(t, s, f.root.ID, "甲所党委")
	f.u2 = storetest.MustCreateUnit(t, s, f.root.ID, "乙所党委")
	f.b1 = storetest.MustCreateOrg(t, s, f.u1.ID, "一支部", org.KindBranch)
	g1 := storetest.MustCreateOrg(t, s, f.u1.ID, "总支", org.KindGeneralBranch)
	f.b2 = storetest.MustCreateOrg(t, s, g1.ID, "二支部", org.KindBranch)
	f.b3 = storetest.MustCreateOrg(t, s, f.u2.ID, "三支部", org.KindBranch)
	for br, names := range map[*org.Org][]string{f.b1: {"a1", "a2", "a3", "a4"}, f.b2: {"b1", "b2", "b3"}, f.b3: {"c1", "c2"}} {
		for _, n := range names {
			in := storetest.MemberInput(br.ID, n)
			in.Cadre = n == "a1"
			mb, err := s.Member.Create(sys, in)
			if err != nil {
				t.Fatal(err)
			}
			f.m[n] = mb.ID
		}
	}
	must(t, s.Member.Transfer(sys, f.m["a4"], f.b3.ID, d(4, 1)))
	c, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: f.root.ID, Title: "学习教育", Start: d(1, 1), Topics: []campaign.TopicInput{
		{Title: "专题一", Deadline: d(3, 31)}, {Title: "专题二", Deadline: d(6, 30)}}})
	must(t, err)
	c, err = s.Campaign.Publish(sys, c.ID)
	must(t, err)
	f.c = c
	f.meeting(t, "M1", f.b1, "topic_study", c.Topics[0].ID, d(3, 31), map[string]string{"a1": "present", "a2": "remote", "a3": "leave", "a4": "absent"})
	f.meeting(t, "M2", f.b2, "topic_study", c.Topics[0].ID, d(4, 5), map[string]string{"b1": "present", "b2": "present", "b3": "excluded"})
	must(t, s.Meeting.Record(sys, f.meet["M2"], meeting.Entry{MemberID: f.m["c1"], Guest: true}))
	f.meeting(t, "M3", f.b3, "theme_day", 0, d(5, 10), map[string]string{"c1": "present", "c2": "absent", "a4": "present"})
	_, err = s.Meeting.AddMakeup(sys, meeting.Makeup{MeetingID: f.meet["M1"], MemberID: f.m["a3"], Kind: "self_study", HeldOn: d(4, 2)})
	must(t, err)
	_, err = s.Meeting.Exclude(sys, meeting.Exclusion{CampaignID: c.ID, MemberID: f.m["c2"], Category: "old_or_ill", DecidedOn: d(1, 10)})
	must(t, err)
	for _, n := range []string{"a2", "b1", "a4", "c1"} {
		f.ctxOf[n] = storetest.MustLinkMember(t, s, storetest.MustUser(t, s, "u"+n, xuezuo.RoleMember, orgOf(f, n)), f.m[n])
	}
	bodies := map[string]string{"a2": "学习党章，系列重要讲话。", "b1": "对照党章找差距。", "a4": "党员要有担当", "c1": "草稿：党章"}
	for _, n := range []string{"a2", "b1", "a4", "c1"} {
		_, err := s.Reflection.Submit(f.ctxOf[n], reflection.Input{TopicID: c.Topics[0].ID, Title: "心得", Body: bodies[n], Draft: n == "c1"})
		must(t, err)
	}
	return f
}

func orgOf(f *fx, n string) xuezuo.ID {
	switch n[0] {
	case 'a':
		if n == "a4" {
			return f.b3.ID
		}
		return f.b1.ID
	case 'b':
		return f.b2.ID
	}
	return f.b3.ID
}

func (f *fx) meeting(t *testing.T, name string, br *org.Org, kind string, topic xuezuo.ID, on xuezuo.Date, rows map[string]string) {
	t.Helper()
	m, err := f.s.Meeting.Create(storetest.System(), meeting.Input{OrgID: br.ID, Kind: kind, TopicID: topic, HeldOn: on, SpeakerCount: 3})
	must(t, err)
	f.meet[name] = m.ID
	var entries []meeting.Entry
	for n, st := range rows {
		reason := ""
		switch st {
		case "leave":
			reason = "business_trip"
		case "excluded":
			reason = "long_abroad"
		}
		entries = append(entries, meeting.Entry{MemberID: f.m[n], Status: st, Reason: reason})
	}
	must(t, f.s.Meeting.RecordRegister(storetest.System(), m.ID, entries))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestProgressFixture(t *testing.T) {
	t.Parallel()
	f := newFx(t)
	sys := storetest.System()
	rows, err := f.s.Progress.Progress(sys, f.c.ID, f.root.ID, progress.ByUnit)
	must(t, err)
	want := []progress.Row{
		{OrgID: f.u1.ID, Branches: 2, Members: 6, Excluded: 0, Participants: 5, TopicOnTime: []int{1, 0},
			AttendancePresent: 4, AttendanceExpected: 6, Makeups: 1, Reflections: 2, ReflectionRate: 2.0 / 12},
		{OrgID: f.u2.ID, Branches: 1, Members: 3, Excluded: 1, Participants: 2, TopicOnTime: []int{0, 0},
			AttendancePresent: 2, AttendanceExpected: 3, Makeups: 0, Reflections: 1, ReflectionRate: 1.0 / 4},
	}
	want[0].AttendanceRate, want[1].AttendanceRate = 4.0/6, 2.0/3
	checkRows(t, "by unit", rows, want)

	br, err := f.s.Progress.Progress(sys, f.c.ID, f.u1.ID, progress.ByBranch)
	must(t, err)
	if len(br) != 2 || br[0].OrgID != f.b1.ID || br[1].OrgID != f.b2.ID {
		t.Fatalf("by branch: got %+v", br)
	}
	if got := strings.Join(br[0].Status, ","); got != "green,grey" {
		t.Errorf("B1 status: got %s, want green,grey", got)
	}
	if br[0].TopicOnTime[0] != 1 || br[1].TopicOnTime[0] != 0 || br[1].Status[0] != progress.Green {
		t.Errorf("deadline day on time, late meeting held but not on time: got %+v %+v", br[0], br[1])
	}
	// The branch rows add up to the unit row, part by part.
	var sum progress.Row
	for _, r := range br {
		sum.Members += r.Members
		sum.AttendancePresent += r.AttendancePresent
		sum.AttendanceExpected += r.AttendanceExpected
		sum.Reflections += r.Reflections
		sum.Participants += r.Participants
	}
	if sum.Members != 6 || sum.AttendancePresent != 4 || sum.AttendanceExpected != 6 || sum.Reflections != 2 || sum.Participants != 5 {
		t.Errorf("branch sums: got %+v", sum)
	}
	child, err := f.s.Progress.Progress(sys, f.c.ID, f.root.ID, progress.ByChild)
	must(t, err)
	checkRows(t, "by child", child, want)
}

func checkRows(t *testing.T, name string, got, want []progress.Row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d rows, want %d: %+v", name, len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		g.Name, g.Status = "", nil
		if math.Abs(g.AttendanceRate-w.AttendanceRate) > 1e-12 || math.Abs(g.ReflectionRate-w.ReflectionRate) > 1e-12 {
			t.Errorf("%s row %d rates: got %v %v, want %v %v", name, i, g.AttendanceRate, g.ReflectionRate, w.AttendanceRate, w.ReflectionRate)
		}
		g.AttendanceRate, g.ReflectionRate, w.AttendanceRate, w.ReflectionRate = 0, 0, 0, 0
		if strings.TrimSpace(sprint(g)) != strings.TrimSpace(sprint(w)) {
			t.Errorf("%s row %d:\n got %s\nwant %s", name, i, sprint(g), sprint(w))
		}
	}
}
