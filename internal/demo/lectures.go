package demo

import (
	"fmt"
	"time"

	"xuezuo"
	"xuezuo/internal/meeting"
)

// lecturePlan is one 党课 of the demo's register: who holds it (a branch by
// name, or the unit or the 离退休党总支), the lecturer and when, in days
// before today (0: on the last 1 July, the 七一 lecture).
type lecturePlan struct {
	holder, kind, title, place string
	lecturer                   int // a member of the holder's first branch by seeding order, or -1
	name, lecturerTitle        string
	daysAgo                    int
}

var lecturePlans = []lecturePlan{
	{"unit", meeting.LecturerLeader, "坚定理想信念，做新时代合格党员", "所报告厅", -1, "王建国", "所长、党委副书记", 0},
	{"生态党支部", meeting.LecturerSecretary, "学党章，守规矩，做合格党员", "支部活动室", 0, "", "", 30},
	{"系统党支部", meeting.LecturerExpert, "科学家精神与科技报国", "所图书馆", -1, "李明远", "中国科学院大学教授", 60},
	{"研究生第一党支部", meeting.LecturerMember, "我身边的共产党员", "研究生活动室", 2, "", "", 20},
	{"retired", meeting.LecturerCase, "现场教学：重温香山革命历史", "香山革命纪念馆", -1, "赵红", "纪念馆讲解员", 45},
}

// lectures records the 党课 register of 植物研究所党委: lectures of several
// kinds, by the unit for all its branches on the last 七一, by branches,
// and a 现场教学 of the 离退休党总支 for its branches.
func (g *seeder) lectures() {
	today := xuezuo.DateOf(time.Now())
	qiyi := xuezuo.NewDate(today.Y, 7, 1)
	if qiyi.After(today) {
		qiyi = xuezuo.NewDate(today.Y-1, 7, 1)
	}
	for _, p := range lecturePlans {
		if g.err != nil {
			return
		}
		org, host := g.lectureHolder(p.holder)
		on := today.AddDays(-p.daysAgo)
		if p.daysAgo == 0 {
			on = qiyi
		}
		in := meeting.Input{OrgID: org, Kind: meeting.KindLecture, Title: p.title, HeldOn: on, Place: p.place, HostID: host,
			Agenda: "1. 主讲人授课\n2. 交流讨论", Minutes: "党员认真听讲并做了笔记，会后进行了交流。",
			Lecture: meeting.LectureInput{Kind: p.kind, Name: p.name, Title: p.lecturerTitle,
				Material: "讲稿：《" + p.title + "》，共分三个部分。"}}
		if p.lecturer >= 0 {
			in.Lecture.MemberID = g.firstMembers[host0(g, p.holder)][p.lecturer]
			in.Lecture.Name, in.Lecture.Title = "", ""
		}
		m, err := g.s.Meeting.Create(g.ctx, in)
		if err != nil {
			g.err = fmt.Errorf("seed lecture %s: %w", p.title, err)
			return
		}
		g.lectureRegister(m)
	}
}

// lectureHolder returns the holding org of a plan and a member to host.
func (g *seeder) lectureHolder(holder string) (org, host xuezuo.ID) {
	b := host0(g, holder)
	switch holder {
	case "unit":
		return g.unit, g.firstMembers[b][0]
	case "retired":
		return g.retired, g.firstMembers[b][0]
	}
	return b, g.firstMembers[b][0]
}

// host0 is the branch whose members host and give a plan's lecture: the
// named branch, the unit's first branch, or the general branch's first.
func host0(g *seeder, holder string) xuezuo.ID {
	want := holder
	switch holder {
	case "unit":
		want = "生态党支部"
	case "retired":
		want = "二里沟党支部"
	}
	for _, b := range g.branches {
		if b.name == want {
			return b.id
		}
	}
	return 0
}

// lectureRegister records who of the audience came.
func (g *seeder) lectureRegister(m *meeting.Meeting) {
	_, roster, _, err := g.s.Meeting.Roster(g.ctx, m.ID)
	if err != nil {
		g.err = err
		return
	}
	entries := make([]meeting.Entry, 0, len(roster))
	for _, rm := range roster {
		entries = append(entries, g.entry(rm, "", false))
	}
	if err := g.s.Meeting.RecordRegister(g.ctx, m.ID, entries); err != nil {
		g.err = fmt.Errorf("seed lecture register: %w", err)
	}
}
