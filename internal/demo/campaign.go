package demo

import (
	"fmt"
	"slices"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
)

// The demo's 两学一做 runs on the calendar of the day it is seeded, so that a
// new user finds it half-way: topics 1 and 2 past their deadlines, topic 3
// due within a week (amber where not yet held), topic 4 later.
var demoDeadlines = []int{-100, -40, 7, 70}

// topicPlan says when a branch held each topic meeting, in days relative to
// the topic's deadline (negative: early, positive: late); a missing topic
// was not held. The mix gives the progress page branches that are done,
// late and not started.
var topicPlan = map[string][]struct{ topic, offset int }{
	"生态党支部":    {{1, -5}, {2, -3}},
	"系统党支部":    {{1, -10}, {2, -8}, {3, -9}},
	"光合党支部":    {{1, 12}, {2, -2}},
	"文献党支部":    {{1, -1}},
	"机关党支部":    {{1, -15}, {2, 5}},
	"研究生第一党支部": {{1, -6}, {2, -6}, {3, -8}},
	"二里沟党支部":   {{1, -3}, {2, -4}},
	"中关村党支部":   {{1, 20}},
	"离休党支部":    {{1, -2}},
	"质检中心党支部":  {{1, -7}, {2, -1}},
}

// campaign publishes the demo 两学一做 for the whole academy and records
// what each branch has done so far: topic meetings with full registers,
// campaign-wide exclusions, makeups and members' reflections.
func (g *seeder) campaign(root xuezuo.ID) {
	if g.err != nil {
		return
	}
	in, _ := campaign.TemplateInput("liangxue2016", root)
	in.Title = "“两学一做”学习教育（演示）"
	today := xuezuo.DateOf(time.Now())
	in.Start = today.AddDays(-150)
	for i := range in.Topics {
		in.Topics[i].Deadline = today.AddDays(demoDeadlines[i])
	}
	c, err := g.s.Campaign.Create(g.ctx, in)
	if err == nil {
		_, err = g.s.Campaign.Publish(g.ctx, c.ID)
	}
	if err != nil {
		g.err = fmt.Errorf("seed campaign: %w", err)
		return
	}
	// Walk the branches in seeding order (not map order) so that one seed
	// always gives the same demo.
	for _, b := range g.branches {
		plan, ok := topicPlan[b.name]
		if !ok || g.err != nil {
			continue
		}
		members := g.branchMembers(b.id)
		excluded := g.exclusions(c, members)
		for _, p := range plan {
			t := c.Topics[p.topic-1]
			speakers := 3 + p.topic%2
			if b.name == "光合党支部" && p.topic == 2 {
				speakers = 2 // one meeting short of speakers, to show the warning
			}
			g.topicMeeting(t, b.id, t.Deadline.AddDays(p.offset), excluded, pickSpeakers(members, speakers))
		}
	}
	g.lectures()
	g.summaries(c)
}

// branchMembers lists a branch's current members.
func (g *seeder) branchMembers(branch xuezuo.ID) []member.Member {
	if g.err != nil {
		return nil
	}
	p, err := g.s.Member.List(g.ctx, member.Filter{OrgID: branch, Limit: 200})
	if err != nil {
		g.err = fmt.Errorf("seed members: %w", err)
	}
	return p.Items
}

// pickSpeakers takes the first n members who are neither abroad nor ill.
func pickSpeakers(members []member.Member, n int) []xuezuo.ID {
	var out []xuezuo.ID
	for _, m := range members {
		if len(out) < n && m.Status == "normal" {
			out = append(out, m.ID)
		}
	}
	return out
}

// exclusions records the branch's campaign-wide decisions: members long
// abroad, and bedridden retirees. The decision is the branch's, taken from
// what it knows; the status field only suggests whom to consider.
func (g *seeder) exclusions(c *campaign.Campaign, members []member.Member) map[xuezuo.ID]string {
	out := map[xuezuo.ID]string{}
	for _, m := range members {
		cat := ""
		switch {
		case m.Status == "abroad":
			cat = "long_abroad"
		case m.Status == "ill" && m.Category == "retired":
			cat = "old_or_ill"
		}
		if cat == "" || g.err != nil {
			continue
		}
		_, err := g.s.Meeting.Exclude(g.ctx, meeting.Exclusion{CampaignID: c.ID, MemberID: m.ID, Category: cat,
			Reason: m.StatusReason, DecidedOn: c.Start.AddDays(10)})
		if err != nil {
			g.err = fmt.Errorf("seed exclusion: %w", err)
		}
		out[m.ID] = cat
	}
	return out
}

// topicMeeting records one topic meeting with its register, makeups for
// some who missed it, and reflections by most who attended.
func (g *seeder) topicMeeting(t campaign.Topic, branch xuezuo.ID, on xuezuo.Date, excluded map[xuezuo.ID]string, speakers []xuezuo.ID) {
	if g.err != nil {
		return
	}
	firsts := g.firstMembers[branch]
	in := meeting.Input{OrgID: branch, Kind: t.MeetingKind, Title: fmt.Sprintf("专题%d：%s", t.No, t.Title), TopicID: t.ID,
		HeldOn: on, Place: "支部活动室", HostID: firsts[0], SpeakerIDs: speakers,
		Agenda:  "1. 领学" + t.Theme + "\n2. 重点发言\n3. 交流讨论",
		Minutes: "书记领学后，党员结合岗位实际逐一发言，支部对下一步学习作了安排。"}
	if len(firsts) > 1 {
		in.RecorderID = firsts[1]
	}
	m, err := g.s.Meeting.Create(g.ctx, in)
	if err != nil {
		g.err = fmt.Errorf("seed meeting: %w", err)
		return
	}
	_, roster, _, err := g.s.Meeting.Roster(g.ctx, m.ID)
	if err != nil {
		g.err = err
		return
	}
	entries := make([]meeting.Entry, 0, len(roster))
	var attended, missed []xuezuo.ID
	for _, rm := range roster {
		e := g.entry(rm, excluded[rm.ID], slices.Contains(speakers, rm.ID))
		entries = append(entries, e)
		switch e.Status {
		case meeting.Present, meeting.Remote:
			attended = append(attended, rm.ID)
		case meeting.Leave, meeting.Absent:
			missed = append(missed, rm.ID)
		}
	}
	if err := g.s.Meeting.RecordRegister(g.ctx, m.ID, entries); err != nil {
		g.err = fmt.Errorf("seed register: %w", err)
		return
	}
	if _, err := g.s.Meeting.CloseRegister(g.ctx, m.ID); err != nil {
		g.err = fmt.Errorf("seed close register: %w", err)
		return
	}
	g.makeups(m, missed)
	g.reflections(t, attended, firsts)
}

// entry decides one roster member's row: excluded members get an excluded
// row with the campaign category, speakers attend, the rest mostly do.
func (g *seeder) entry(rm meeting.RosterMember, category string, speaker bool) meeting.Entry {
	e := meeting.Entry{MemberID: rm.ID}
	switch n := g.rnd.IntN(100); {
	case category != "":
		e.Status, e.Reason = meeting.Excluded, category
	case speaker:
		e.Status = meeting.Present
	case rm.Status == "ill":
		e.Status, e.Reason = meeting.Leave, "illness"
	case n < 78:
		e.Status = meeting.Present
	case n < 84:
		e.Status = meeting.Remote
	case n < 90:
		e.Status, e.Reason = meeting.Leave, "business_trip"
	case n < 95:
		e.Status, e.Reason = meeting.Leave, "field_work"
	default:
		e.Status = meeting.Absent
	}
	return e
}

// makeups has about half of those who missed the meeting study the
// material on their own within two weeks (never later than today).
func (g *seeder) makeups(m *meeting.Meeting, missed []xuezuo.ID) {
	today := xuezuo.DateOf(time.Now())
	for i, id := range missed {
		if i%2 == 1 || g.err != nil {
			continue
		}
		on := m.HeldOn.AddDays(3 + g.rnd.IntN(10))
		if on.After(today) {
			on = today
		}
		_, err := g.s.Meeting.AddMakeup(g.ctx, meeting.Makeup{MeetingID: m.ID, MemberID: id, Kind: "self_study", HeldOn: on,
			Note: "自学会议材料并向支部书记交流学习体会"})
		if err != nil {
			g.err = fmt.Errorf("seed makeup: %w", err)
		}
	}
}
