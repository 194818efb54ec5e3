package storetest

import (
	"context"
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
)

// The private texts of PrivacyFixture. Peer* belong to the viewer's peers
// and must never reach the viewer; Own* are the viewer's own and must.
const (
	PeerLeaveReason   = "住院化疗秘密原因"
	PeerAbsentNote    = "缺席秘密备注"
	PeerExclusionText = "晚期肝癌秘密说明"
	PeerCategory      = "serious_illness"
	PeerCategoryLabel = "患有严重疾病"
	OwnLeaveReason    = "本人出差柏林"
	OwnExclusionText  = "本人驻外秘密说明"
	OwnCategoryLabel  = "长期出国（境）"
)

// PrivacyFixture is a branch whose members hold private records, and an
// account for every business role over it:
//
//	植物所党委 (unit: org_admin, inspector) ── 生态党支部 (secretary):
//	    张自己 (the member's own account), 李同事, 王同事, 赵出席
//
// Campaign 隐私学习教育 (2026-01-01, topic 1 due 06-30) excludes 王同事 as
// seriously ill (PeerExclusionText) and 张自己 as long abroad
// (OwnExclusionText). Meetings[0], 2026-04-20, fulfils topic 1: 张自己 on
// leave (OwnLeaveReason), 李同事 on leave (PeerLeaveReason), 赵出席 present,
// 王同事 not recorded (the register proposes the exclusion). Meetings[1],
// a 主题党日 on 2026-05-20: 张自己 present, 赵出席 remote, 李同事 absent
// (PeerAbsentNote), 王同事 excluded (PeerCategory).
type PrivacyFixture struct {
	Unit, Branch *org.Org
	Campaign     *campaign.Campaign
	Self, Peer   xuezuo.ID // 张自己 and 李同事
	Excluded     xuezuo.ID // 王同事
	Meetings     []xuezuo.ID
	// Roles holds a context for "member" (linked to Self), "secretary",
	// "org_admin" and "inspector"; Users holds their usernames.
	Roles map[string]context.Context
	Users map[string]string
}

// MustPrivacyFixture builds the PrivacyFixture on s through the services;
// prefix keeps its usernames apart from others in the same database.
func MustPrivacyFixture(t testing.TB, s *Services, prefix string) *PrivacyFixture {
	t.Helper()
	sys := System()
	f := &PrivacyFixture{Roles: map[string]context.Context{}, Users: map[string]string{}}
	root := MustCreateOrg(t, s, 0, "京区党委", org.KindCommittee)
	f.Unit = MustCreateUnit(t, s, root.ID, "植物所党委")
	f.Branch = MustCreateOrg(t, s, f.Unit.ID, "生态党支部", org.KindBranch)
	f.Self = MustCreateMember(t, s, f.Branch.ID, "张自己").ID
	f.Peer = MustCreateMember(t, s, f.Branch.ID, "李同事").ID
	f.Excluded = MustCreateMember(t, s, f.Branch.ID, "王同事").ID
	present := MustCreateMember(t, s, f.Branch.ID, "赵出席").ID
	c, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: f.Unit.ID, Title: "隐私学习教育", Start: xuezuo.NewDate(2026, 1, 1),
		Topics: []campaign.TopicInput{{No: 1, Title: "学党章", Deadline: xuezuo.NewDate(2026, 6, 30)}}})
	fixtureOK(t, err)
	_, err = s.Campaign.Publish(sys, c.ID)
	fixtureOK(t, err)
	f.Campaign, err = s.Campaign.Get(sys, c.ID)
	fixtureOK(t, err)
	for _, ex := range []meeting.Exclusion{
		{CampaignID: c.ID, MemberID: f.Excluded, Category: PeerCategory, Reason: PeerExclusionText, DecidedOn: xuezuo.NewDate(2026, 2, 1)},
		{CampaignID: c.ID, MemberID: f.Self, Category: "long_abroad", Reason: OwnExclusionText, DecidedOn: xuezuo.NewDate(2026, 2, 2)},
	} {
		_, err := s.Meeting.Exclude(sys, ex)
		fixtureOK(t, err)
	}
	topic, err := s.Meeting.Create(sys, meeting.Input{OrgID: f.Branch.ID, Kind: "topic_study", TopicID: f.Campaign.Topics[0].ID,
		HeldOn: xuezuo.NewDate(2026, 4, 20)})
	fixtureOK(t, err)
	fixtureOK(t, s.Meeting.RecordRegister(sys, topic.ID, []meeting.Entry{
		{MemberID: f.Self, Status: meeting.Leave, Reason: OwnLeaveReason},
		{MemberID: f.Peer, Status: meeting.Leave, Reason: PeerLeaveReason},
		{MemberID: present, Status: meeting.Present},
	}))
	day, err := s.Meeting.Create(sys, meeting.Input{OrgID: f.Branch.ID, Kind: "theme_day", Title: "五月主题党日", HeldOn: xuezuo.NewDate(2026, 5, 20)})
	fixtureOK(t, err)
	fixtureOK(t, s.Meeting.RecordRegister(sys, day.ID, []meeting.Entry{
		{MemberID: f.Self, Status: meeting.Present}, {MemberID: present, Status: meeting.Remote},
		{MemberID: f.Peer, Status: meeting.Absent, Reason: PeerAbsentNote},
		{MemberID: f.Excluded, Status: meeting.Excluded, Reason: PeerCategory},
	}))
	f.Meetings = []xuezuo.ID{topic.ID, day.ID}
	for _, r := range []struct {
		name string
		role xuezuo.Role
		org  xuezuo.ID
	}{
		{"member", xuezuo.RoleMember, f.Branch.ID}, {"secretary", xuezuo.RoleSecretary, f.Branch.ID},
		{"org_admin", xuezuo.RoleOrgAdmin, f.Unit.ID}, {"inspector", xuezuo.RoleInspector, f.Unit.ID},
	} {
		user := prefix + r.name
		ctx := MustUser(t, s, user, r.role, r.org)
		if r.role == xuezuo.RoleMember {
			ctx = MustLinkMember(t, s, ctx, f.Self)
		}
		f.Roles[r.name], f.Users[r.name] = ctx, user
	}
	return f
}
