package storetest

import (
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
)

// LedgerFixture is a branch with every kind of attendance record, for the
// attendance register and the sign-in sheets. Names, dates and the clock
// are fixed, so exports read the same on SQLite and PostgreSQL.
//
//	京区党委 ── 植物所党委 (unit) ─┬─ 生态党支部: 张一 王二 李三 赵四 (+ 周七 from 05-01)
//	                            │    └─ 第一党小组: 孙六
//	                            └─ 系统党支部: 钱五 (周七 until 05-01)
//
// Campaign 测试学习教育 starts 2026-01-01 with no end, so its window runs to
// today, 2026-06-15. In the window, in date order:
//   - Meetings[0] 2026-04-20 topic 1 专题学习讨论 of the branch, register
//     closed: 张一 present, 孙六 remote, 王二 leave (出差) made up on
//     04-25, 赵四 absent made up by self-study on 04-28, 李三 excluded
//     (年老体弱), 钱五 a guest; 周七 not yet a member.
//   - Meetings[1] 2026-05-20 主题党日 of the branch, register open: 张一
//     and 周七 present, 王二 absent, the rest not recorded.
//   - Meetings[2] 2026-06-01 党小组会 of the group: 孙六 present.
//
// Outside the window: a 2025-12-20 主题党日 (张一 present) and a meeting
// planned for 2026-06-20. 赵四 is excluded for the whole campaign as long
// abroad (赴德国访学, decided 2026-03-01).
type LedgerFixture struct {
	Unit, Branch, Group, Other *org.Org
	Campaign                   *campaign.Campaign
	Members                    map[string]xuezuo.ID
	Meetings                   []xuezuo.ID // in the window, by date
	Outside                    []xuezuo.ID // before the start and after today
}

// MustLedgerFixture builds the LedgerFixture on s through the services.
func MustLedgerFixture(t testing.TB, s *Services) *LedgerFixture {
	t.Helper()
	sys := System()
	f := &LedgerFixture{Members: map[string]xuezuo.ID{}}
	root := MustCreateOrg(t, s, 0, "京区党委", org.KindCommittee)
	f.Unit = MustCreateUnit(t, s, root.ID, "植物所党委")
	f.Branch = MustCreateOrg(t, s, f.Unit.ID, "生态党支部", org.KindBranch)
	f.Group = MustCreateOrg(t, s, f.Branch.ID, "第一党小组", org.KindGroup)
	f.Other = MustCreateOrg(t, s, f.Unit.ID, "系统党支部", org.KindBranch)
	for _, p := range []struct {
		org  *org.Org
		name string
	}{{f.Branch, "张一"}, {f.Branch, "王二"}, {f.Branch, "李三"}, {f.Branch, "赵四"}, {f.Group, "孙六"}, {f.Other, "钱五"}, {f.Other, "周七"}} {
		f.Members[p.name] = MustCreateMember(t, s, p.org.ID, p.name).ID
	}
	fixtureOK(t, s.Member.Transfer(sys, f.Members["周七"], f.Branch.ID, xuezuo.NewDate(2026, 5, 1)))
	c, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: f.Unit.ID, Title: "测试学习教育", Start: xuezuo.NewDate(2026, 1, 1),
		Topics: []campaign.TopicInput{
			{No: 1, Title: "学党章，坚定理想信念", Deadline: xuezuo.NewDate(2026, 5, 31)},
			{No: 2, Title: "学党规", Deadline: xuezuo.NewDate(2026, 6, 30)},
		}})
	fixtureOK(t, err)
	_, err = s.Campaign.Publish(sys, c.ID)
	fixtureOK(t, err)
	f.Campaign, err = s.Campaign.Get(sys, c.ID)
	fixtureOK(t, err)

	newMeeting := func(in meeting.Input) xuezuo.ID {
		t.Helper()
		m, err := s.Meeting.Create(sys, in)
		fixtureOK(t, err)
		return m.ID
	}
	id := f.Members
	outside := newMeeting(meeting.Input{OrgID: f.Branch.ID, Kind: "theme_day", Title: "年前主题党日", HeldOn: xuezuo.NewDate(2025, 12, 20)})
	fixtureOK(t, s.Meeting.RecordRegister(sys, outside, []meeting.Entry{{MemberID: id["张一"], Status: meeting.Present}}))
	topic := newMeeting(meeting.Input{OrgID: f.Branch.ID, Kind: "topic_study", Title: "学党章专题学习讨论", TopicID: f.Campaign.Topics[0].ID,
		HeldOn: xuezuo.NewDate(2026, 4, 20), Place: "三楼会议室", HostID: id["张一"], RecorderID: id["王二"],
		PlannedAt: time.Date(2026, 4, 20, 14, 30, 0, 0, xuezuo.Beijing)})
	fixtureOK(t, s.Meeting.RecordRegister(sys, topic, []meeting.Entry{
		{MemberID: id["张一"], Status: meeting.Present}, {MemberID: id["孙六"], Status: meeting.Remote},
		{MemberID: id["王二"], Status: meeting.Leave, Reason: "出差"}, {MemberID: id["李三"], Status: meeting.Excluded, Reason: "old_or_ill"},
		{MemberID: id["钱五"], Guest: true},
	}))
	_, err = s.Meeting.CloseRegister(sys, topic) // 赵四 absent
	fixtureOK(t, err)
	_, err = s.Meeting.AddMakeup(sys, meeting.Makeup{MeetingID: topic, MemberID: id["王二"], Kind: "session", HeldOn: xuezuo.NewDate(2026, 4, 25)})
	fixtureOK(t, err)
	_, err = s.Meeting.AddMakeup(sys, meeting.Makeup{MeetingID: topic, MemberID: id["赵四"], Kind: "self_study", HeldOn: xuezuo.NewDate(2026, 4, 28),
		Note: "自学党章并交读书笔记"})
	fixtureOK(t, err)
	day := newMeeting(meeting.Input{OrgID: f.Branch.ID, Kind: "theme_day", Title: "五月主题党日：重温入党誓词", HeldOn: xuezuo.NewDate(2026, 5, 20)})
	fixtureOK(t, s.Meeting.RecordRegister(sys, day, []meeting.Entry{
		{MemberID: id["张一"], Status: meeting.Present}, {MemberID: id["周七"], Status: meeting.Present}, {MemberID: id["王二"], Status: meeting.Absent},
	}))
	group := newMeeting(meeting.Input{OrgID: f.Group.ID, Kind: "group_meeting", HeldOn: xuezuo.NewDate(2026, 6, 1)})
	fixtureOK(t, s.Meeting.RecordRegister(sys, group, []meeting.Entry{{MemberID: id["孙六"], Status: meeting.Present}}))
	planned := newMeeting(meeting.Input{OrgID: f.Branch.ID, Kind: "branch_assembly", HeldOn: xuezuo.NewDate(2026, 6, 20)})
	_, err = s.Meeting.Exclude(sys, meeting.Exclusion{CampaignID: f.Campaign.ID, MemberID: id["赵四"], Category: "long_abroad",
		Reason: "赴德国访学", DecidedOn: xuezuo.NewDate(2026, 3, 1)})
	fixtureOK(t, err)
	f.Meetings = []xuezuo.ID{topic, day, group}
	f.Outside = []xuezuo.ID{outside, planned}
	return f
}

func fixtureOK(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
