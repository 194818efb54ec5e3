package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/reflection"
	"xuezuo/internal/store/storetest"
)

// TestRollupsEqualRecomputation drives random interleavings of attendance
// writes and replacements (at lectures too, whose rows count for each
// member's branch on the day), makeups, exclusions and their withdrawal, member
// moves, meeting date changes and reflection submissions, and after every
// step compares the kept progress rollups with a computation from the
// records (Store.VerifyFigures). A broken hook fails on the first step that
// uses it.
func TestRollupsEqualRecomputation(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			f := newFx(t)
			p := &prop{fx: f, r: rand.New(rand.NewPCG(seed, 7)), ctx: storetest.System(), ok: map[string]int{}}
			p.branches = []*org.Org{f.b1, f.b2, f.b3}
			for _, id := range f.m {
				p.members = append(p.members, id)
			}
			slices.Sort(p.members)
			p.meetings = []xuezuo.ID{f.meet["M1"], f.meet["M2"], f.meet["M3"]}
			must(t, f.s.Store.VerifyFigures(p.ctx, f.c.ID))
			for step := range 150 {
				op := p.step(t)
				if err := f.s.Store.VerifyFigures(p.ctx, f.c.ID); err != nil {
					t.Fatalf("seed %d step %d (%s): %v", seed, step, op, err)
				}
			}
			t.Logf("successful operations: %v", p.ok)
			if p.writes < 20 {
				t.Fatalf("only %d writes succeeded; the test exercises too little", p.writes)
			}
		})
	}
}

type prop struct {
	*fx
	r        *rand.Rand
	ctx      context.Context
	branches []*org.Org
	members  []xuezuo.ID
	meetings []xuezuo.ID
	// unitLectures are the lectures the unit u1 held for its branches.
	unitLectures []xuezuo.ID
	moveDay      int
	writes       int
	ok           map[string]int // successful operations by kind
	drafts       []draft
}

var statuses = []meeting.Entry{
	{Status: meeting.Present}, {Status: meeting.Remote}, {Status: meeting.Leave, Reason: "因公出差"},
	{Status: meeting.Absent}, {Status: meeting.Excluded, Reason: "long_abroad"},
}

// step performs one random operation; rule refusals (a member not expected,
// a duplicate row) are part of the mix and must change nothing.
func (p *prop) step(t *testing.T) string {
	t.Helper()
	var err error
	var op string
	switch k := p.r.IntN(10); k {
	case 0:
		op = "create meeting"
		br := p.branches[p.r.IntN(len(p.branches))]
		in := meeting.Input{OrgID: br.ID, Kind: "theme_day", HeldOn: d(time.Month(1+p.r.IntN(6)), 1+p.r.IntN(28))}
		if p.r.IntN(2) == 0 {
			in.Kind, in.TopicID = "topic_study", p.c.Topics[p.r.IntN(2)].ID
		}
		if p.r.IntN(8) == 0 {
			in.HeldOn = xuezuo.NewDate(2025, 12, 20) // before the campaign window
		}
		if p.r.IntN(2) == 0 {
			// A lecture, now and then the unit's to all its branches, whose
			// rows count for each member's own branch.
			in.Kind, in.TopicID = meeting.KindLecture, 0
			in.Lecture = meeting.LectureInput{Kind: meeting.LecturerExpert, Name: "刘教授"}
			op = "create a lecture"
			if p.r.IntN(2) == 0 {
				in.OrgID = p.u1.ID
				op = "create a unit's lecture"
			}
		}
		var m *meeting.Meeting
		if m, err = p.s.Meeting.Create(p.ctx, in); err == nil {
			p.meetings = append(p.meetings, m.ID)
			if in.OrgID == p.u1.ID {
				p.unitLectures = append(p.unitLectures, m.ID)
			}
		}
	case 1, 2:
		op = "record a row"
		id := p.meetings[p.r.IntN(len(p.meetings))]
		if len(p.unitLectures) > 0 && p.r.IntN(3) == 0 {
			op, id = "record a row at a unit's lecture", p.unitLectures[p.r.IntN(len(p.unitLectures))]
		}
		e := statuses[p.r.IntN(len(statuses))]
		e.MemberID = p.attendee(id)
		err = p.s.Meeting.Record(p.ctx, id, e)
	case 3:
		op = "replace a row in the register"
		id := p.meetings[p.r.IntN(len(p.meetings))]
		e := statuses[p.r.IntN(len(statuses))]
		e.MemberID = p.attendee(id)
		err = p.s.Meeting.RecordRegister(p.ctx, id, []meeting.Entry{e})
	case 4:
		op = "makeup"
		err = p.makeup()
	case 5:
		op = "exclude"
		_, err = p.s.Meeting.Exclude(p.ctx, meeting.Exclusion{CampaignID: p.c.ID, MemberID: p.members[p.r.IntN(len(p.members))],
			Category: "old_or_ill", DecidedOn: d(2, 1)})
	case 6:
		op = "revoke an exclusion"
		var ex []meeting.Exclusion
		if ex, err = p.s.Meeting.Exclusions(p.ctx, p.c.ID, p.root.ID); err == nil && len(ex) > 0 {
			err = p.s.Meeting.RevokeExclusion(p.ctx, ex[p.r.IntN(len(ex))].ID)
		}
	case 7:
		op = "move a member"
		p.moveDay++
		err = p.s.Member.Transfer(p.ctx, p.members[p.r.IntN(len(p.members))], p.branches[p.r.IntN(len(p.branches))].ID,
			xuezuo.NewDate(2026, 4, 1).AddDays(p.moveDay))
	case 8:
		op = "reflection"
		err = p.reflection()
	case 9:
		op = "meeting date"
		err = p.moveMeeting()
	}
	if err == nil {
		p.writes++
		p.ok[op]++
	}
	return op
}

// makeup records a makeup for a leave or absent row when one exists.
func (p *prop) makeup() error {
	id := p.meetings[p.r.IntN(len(p.meetings))]
	_, _, rows, err := p.s.Meeting.Roster(p.ctx, id)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.Status == meeting.Leave || r.Status == meeting.Absent {
			m, err := p.s.Meeting.Get(p.ctx, id)
			if err != nil {
				return err
			}
			_, err = p.s.Meeting.AddMakeup(p.ctx, meeting.Makeup{MeetingID: id, MemberID: r.MemberID, Kind: "session", HeldOn: m.HeldOn.AddDays(3)})
			return err
		}
	}
	return nil
}

// attendee picks a member on the meeting's roster, or now and then anyone.
func (p *prop) attendee(meetingID xuezuo.ID) xuezuo.ID {
	if _, roster, _, err := p.s.Meeting.Roster(p.ctx, meetingID); err == nil && len(roster) > 0 && p.r.IntN(8) != 0 {
		return roster[p.r.IntN(len(roster))].ID
	}
	return p.members[p.r.IntN(len(p.members))]
}

// reflection submits a member's earlier draft or writes a new reflection
// (draft or submitted) on a random topic.
func (p *prop) reflection() error {
	if len(p.drafts) > 0 && p.r.IntN(2) == 0 {
		d := p.drafts[0]
		p.drafts = p.drafts[1:]
		_, err := p.s.Reflection.Update(d.ctx, d.id, reflection.Input{TopicID: d.topic, Title: "心得", Body: "党章"})
		return err
	}
	names := []string{"a2", "b1", "a4", "c1"}
	ctx := p.ctxOf[names[p.r.IntN(len(names))]]
	in := reflection.Input{TopicID: p.c.Topics[p.r.IntN(2)].ID, Title: "二", Body: "学习", Draft: p.r.IntN(2) == 0}
	x, err := p.s.Reflection.Submit(ctx, in)
	if err == nil && in.Draft {
		p.drafts = append(p.drafts, draft{ctx, x.ID, in.TopicID})
	}
	return err
}

// draft is a reflection saved as a draft by its author.
type draft struct {
	ctx       context.Context
	id, topic xuezuo.ID
}

// errNothing marks an operation that found nothing to do.
var errNothing = errors.New("nothing to do")

// moveMeeting moves a meeting without rows to another date, across a
// topic deadline too.
func (p *prop) moveMeeting() error {
	id := p.meetings[len(p.meetings)-1] // the newest is the likeliest to have no rows

	m, err := p.s.Meeting.Get(p.ctx, id)
	if err != nil {
		return err
	}
	_, err = p.s.Meeting.Update(p.ctx, id, meeting.Edit{Title: m.Title, HeldOn: d(3, 20+p.r.IntN(20)), Place: m.Place, SpeakerCount: m.SpeakerCount})
	return err
}

// TestNoRowsForMeetingsNotYetHeld: a register records what happened, so a
// meeting dated after today takes no row, register, check-in or makeup, and
// no makeup is dated after today (the rollups count the whole window).
func TestNoRowsForMeetingsNotYetHeld(t *testing.T) {
	t.Parallel()
	f := newFx(t)
	sys := storetest.System()
	later, err := f.s.Meeting.Create(sys, meeting.Input{OrgID: f.b1.ID, Kind: "theme_day", HeldOn: d(6, 16)})
	must(t, err)
	e := meeting.Entry{MemberID: f.m["a1"], Status: meeting.Present}
	if err := f.s.Meeting.Record(sys, later.ID, e); xuezuo.ErrorCode(err) != xuezuo.EInvalid || !strings.Contains(xuezuo.ErrorMessage(err), "尚未举行") {
		t.Errorf("row for tomorrow's meeting: got %v", err)
	}
	if err := f.s.Meeting.RecordRegister(sys, later.ID, []meeting.Entry{e}); xuezuo.ErrorCode(err) != xuezuo.EInvalid {
		t.Errorf("register for tomorrow's meeting: got %v", err)
	}
	if _, err := f.s.Meeting.CloseRegister(sys, later.ID); xuezuo.ErrorCode(err) != xuezuo.EInvalid {
		t.Errorf("closing tomorrow's register: got %v", err)
	}
	if _, err := f.s.Meeting.AddMakeup(sys, meeting.Makeup{MeetingID: f.meet["M1"], MemberID: f.m["a3"], Kind: "session", HeldOn: d(6, 16)}); xuezuo.ErrorCode(err) != xuezuo.EInvalid {
		t.Errorf("makeup dated tomorrow: got %v", err)
	}
	today, err := f.s.Meeting.Create(sys, meeting.Input{OrgID: f.b1.ID, Kind: "theme_day", HeldOn: d(6, 15)})
	must(t, err)
	must(t, f.s.Meeting.Record(sys, today.ID, e))
	must(t, f.s.Store.VerifyFigures(sys, f.c.ID))
}

// TestTopicNumbersFitTheMasks: progress folds topics into 64-bit masks by
// number, so a campaign refuses topic numbers outside 1–60.
func TestTopicNumbersFitTheMasks(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	for _, no := range []int{campaign.MaxTopics + 1, -1} {
		_, err := s.Campaign.Create(storetest.System(), campaign.Input{OwnerOrgID: root.ID, Title: "学习教育", Start: d(1, 1),
			Topics: []campaign.TopicInput{{No: no, Title: "专题", Deadline: d(3, 31)}}})
		if xuezuo.ErrorCode(err) != xuezuo.EInvalid || !strings.Contains(xuezuo.ErrorMessage(err)+fmt.Sprint(err), "1 到 60") {
			t.Errorf("topic no %d: got %v", no, err)
		}
	}
}
