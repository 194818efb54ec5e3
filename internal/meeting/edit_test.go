package meeting_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// fixture is a unit with a branch of three members (王书记 a cadre) and a
// late joiner, a published campaign (2026-01-01 to 2026-09-30) with one
// topic, and contexts for the branch's secretary, a member of the branch,
// the unit's inspector and the secretary of a branch in another unit.
type fixture struct {
	s                          *storetest.Services
	unit, branch, other        *org.Org
	m                          []*member.Member // m[0] cadre, m[1], m[2]; m[3] joined 2026-06-01
	topic                      campaign.Topic
	secretary, reader, inspect context.Context
	foreign                    context.Context
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s := storetest.OpenServices(t)
	sys := storetest.System()
	f := &fixture{s: s}
	root := storetest.MustCreateOrg(t, s, 0, "京区党委", org.KindCommittee)
	f.unit = storetest.MustCreateUnit(t, s, root.ID, "植物所党委")
	f.branch = storetest.MustCreateOrg(t, s, f.unit.ID, "生态党支部", org.KindBranch)
	otherUnit := storetest.MustCreateUnit(t, s, root.ID, "化学所党委")
	f.other = storetest.MustCreateOrg(t, s, otherUnit.ID, "化学第一党支部", org.KindBranch)
	for i, name := range []string{"王书记", "李委员", "张党员", "赵新人"} {
		in := storetest.MemberInput(f.branch.ID, name)
		in.Cadre = i == 0
		if i == 3 {
			in.TransferIn = xuezuo.NewDate(2026, 6, 1)
		}
		m, err := s.Member.Create(sys, in)
		if err != nil {
			t.Fatal(err)
		}
		f.m = append(f.m, m)
	}
	c, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: f.unit.ID, Title: "测试学习教育", Start: xuezuo.NewDate(2026, 1, 1),
		End: xuezuo.NewDate(2026, 9, 30), Topics: []campaign.TopicInput{{No: 1, Title: "学党章", Deadline: xuezuo.NewDate(2026, 5, 31)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Campaign.Publish(sys, c.ID); err != nil {
		t.Fatal(err)
	}
	c, _ = s.Campaign.Get(sys, c.ID)
	f.topic = c.Topics[0]
	f.secretary = storetest.MustUser(t, s, "eco_secretary", xuezuo.RoleSecretary, f.branch.ID)
	f.reader = storetest.MustLinkMember(t, s, storetest.MustUser(t, s, "eco_member", xuezuo.RoleMember, f.branch.ID), f.m[2].ID)
	f.inspect = storetest.MustUser(t, s, "unit_inspector", xuezuo.RoleInspector, f.unit.ID)
	f.foreign = storetest.MustUser(t, s, "chem_secretary", xuezuo.RoleSecretary, f.other.ID)
	return f
}

// meeting creates a meeting of the branch as its secretary.
func (f *fixture) meeting(t *testing.T, in meeting.Input) *meeting.Meeting {
	t.Helper()
	in.OrgID = f.branch.ID
	if in.Kind == "" {
		in.Kind = "theme_day"
	}
	m, err := f.s.Meeting.Create(f.secretary, in)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// wantField fails unless err is a validation error whose field holds want.
func wantField(t *testing.T, err error, field, want string) {
	t.Helper()
	if xuezuo.ErrorCode(err) != xuezuo.EInvalid {
		t.Fatalf("got %v, want a validation error on %s", err, field)
	}
	if got := xuezuo.ErrorFields(err)[field]; !strings.Contains(got, want) {
		t.Fatalf("field %s: got %q, want it to contain %q", field, got, want)
	}
}

func TestListNewestFirstFilteredAndPaged(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	topicMeeting := f.meeting(t, meeting.Input{Kind: "topic_study", TopicID: f.topic.ID, HeldOn: xuezuo.NewDate(2026, 5, 20),
		SpeakerIDs: []xuezuo.ID{f.m[0].ID, f.m[1].ID}})
	f.meeting(t, meeting.Input{Kind: "lecture", Title: "七一党课", HeldOn: xuezuo.NewDate(2026, 6, 30),
		Lecture: meeting.LectureInput{Kind: meeting.LecturerExpert, Name: "刘教授", Title: "中央党校教授"}})
	f.meeting(t, meeting.Input{HeldOn: xuezuo.NewDate(2026, 3, 5)})
	f.meeting(t, meeting.Input{HeldOn: xuezuo.NewDate(2026, 4, 5)})
	dates := func(ms []meeting.Meeting) string {
		var out []string
		for _, m := range ms {
			out = append(out, m.HeldOn.String())
		}
		return strings.Join(out, " ")
	}
	cases := []struct {
		name  string
		f     meeting.Filter
		want  string
		total int
	}{
		{"all newest first", meeting.Filter{}, "2026-06-30 2026-05-20 2026-04-05 2026-03-05", 4},
		{"kind", meeting.Filter{Kind: "theme_day"}, "2026-04-05 2026-03-05", 2},
		{"topic", meeting.Filter{TopicID: f.topic.ID}, "2026-05-20", 1},
		{"date range inclusive", meeting.Filter{From: xuezuo.NewDate(2026, 4, 5), To: xuezuo.NewDate(2026, 5, 20)}, "2026-05-20 2026-04-05", 2},
		{"from only", meeting.Filter{From: xuezuo.NewDate(2026, 6, 1)}, "2026-06-30", 1},
		{"paged", meeting.Filter{Limit: 2, Offset: 1}, "2026-05-20 2026-04-05", 4},
		{"past the end", meeting.Filter{Offset: 10}, "", 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ms, total, err := f.s.Meeting.List(f.reader, f.branch.ID, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := dates(ms); got != tc.want || total != tc.total {
				t.Errorf("got %q (total %d), want %q (total %d)", got, total, tc.want, tc.total)
			}
		})
	}
	ms, _, _ := f.s.Meeting.List(f.secretary, f.branch.ID, meeting.Filter{TopicID: f.topic.ID})
	if len(ms) != 1 || ms[0].ID != topicMeeting.ID || ms[0].OrgName != "生态党支部" || ms[0].SpeakerTotal() != 2 {
		t.Errorf("topic meeting row: %+v", ms)
	}
	// The unit's list holds its own meetings only, none of its branches'.
	if ms, total, err := f.s.Meeting.List(f.inspect, f.unit.ID, meeting.Filter{}); err != nil || total != 0 || len(ms) != 0 {
		t.Errorf("unit list shows branch meetings: %d %v", total, err)
	}
}

func TestListScopeAndInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.meeting(t, meeting.Input{HeldOn: xuezuo.NewDate(2026, 3, 5)})
	if _, _, err := f.s.Meeting.List(f.foreign, f.branch.ID, meeting.Filter{}); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("foreign secretary: %v, want not found", err)
	}
	admin := storetest.MustUser(t, f.s, "sysadmin", xuezuo.RoleSystemAdmin, 0)
	if _, _, err := f.s.Meeting.List(admin, f.branch.ID, meeting.Filter{}); xuezuo.ErrorCode(err) != xuezuo.EForbidden {
		t.Errorf("system admin: %v, want forbidden", err)
	}
	_, _, err := f.s.Meeting.List(f.secretary, f.branch.ID, meeting.Filter{Kind: "party"})
	wantField(t, err, "kind", "会议类型不正确")
	_, _, err = f.s.Meeting.List(f.secretary, f.branch.ID, meeting.Filter{From: xuezuo.NewDate(2026, 5, 1), To: xuezuo.NewDate(2026, 4, 1)})
	wantField(t, err, "to", "结束日期不能早于开始日期")
}

func TestUpdateChangesDetailsWithAudit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.meeting(t, meeting.Input{Kind: "topic_study", TopicID: f.topic.ID, HeldOn: xuezuo.NewDate(2026, 5, 20), SpeakerIDs: []xuezuo.ID{f.m[1].ID}})
	from := time.Date(2026, 5, 21, 6, 0, 0, 0, time.UTC)
	got, err := f.s.Meeting.Update(f.secretary, m.ID, meeting.Edit{Title: "专题一学习讨论", HeldOn: xuezuo.NewDate(2026, 5, 21),
		Place: " 三楼会议室 ", HostID: f.m[0].ID, RecorderID: f.m[1].ID, Agenda: "1. 领学\n2. 发言", Minutes: "会议记录正文",
		SpeakerIDs: []xuezuo.ID{f.m[0].ID, f.m[2].ID}, SpeakerCount: 0, CheckinFrom: from, CheckinTo: from.Add(2 * time.Hour), CheckinCode: "123456"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "专题一学习讨论" || got.HeldOn != xuezuo.NewDate(2026, 5, 21) || got.Place != "三楼会议室" ||
		got.HostName != "王书记" || got.RecorderName != "李委员" || got.Agenda != "1. 领学\n2. 发言" || got.Minutes != "会议记录正文" ||
		!got.CheckinFrom.Equal(from) || got.CheckinCode != "123456" {
		t.Errorf("updated meeting: %+v", got)
	}
	if got.Kind != "topic_study" || got.OrgID != f.branch.ID || got.TopicID != f.topic.ID {
		t.Errorf("fixed fields changed: %+v", got)
	}
	if len(got.Speakers) != 2 || got.SpeakerTotal() != 2 {
		t.Fatalf("speakers %+v", got.Speakers)
	}
	cadres := 0
	for _, sp := range got.Speakers {
		if sp.Cadre {
			cadres++
		}
	}
	if cadres != 1 {
		t.Errorf("cadre speakers %d, want 1 (王书记)", cadres)
	}
	rows, _, err := f.s.Audit.List(storetest.System(), audit.Filter{Action: "meeting.update"})
	if err != nil || len(rows) != 1 || rows[0].TargetID != m.ID {
		t.Fatalf("audit rows %+v %v", rows, err)
	}
	if fl := rows[0].FieldList(); !strings.Contains(fl, "held_on") || !strings.Contains(fl, "speakers") || strings.Contains(fl, "speaker_count") {
		t.Errorf("audit fields %q", fl)
	}
}

func TestUpdateRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	topic := f.meeting(t, meeting.Input{Kind: "topic_study", TopicID: f.topic.ID, HeldOn: xuezuo.NewDate(2026, 5, 20)})
	recorded := f.meeting(t, meeting.Input{HeldOn: xuezuo.NewDate(2026, 5, 10)})
	if err := f.s.Meeting.Record(f.secretary, recorded.ID, meeting.Entry{MemberID: f.m[0].ID, Status: meeting.Present}); err != nil {
		t.Fatal(err)
	}
	edit := func(m *meeting.Meeting) meeting.Edit { return meeting.Edit{HeldOn: m.HeldOn, Title: m.Title} }
	cases := []struct {
		name    string
		ctx     context.Context
		m       *meeting.Meeting
		change  func(*meeting.Edit)
		code    string
		field   string
		message string
	}{
		{"before the campaign", f.secretary, topic, func(e *meeting.Edit) { e.HeldOn = xuezuo.NewDate(2025, 12, 31) }, xuezuo.EInvalid, "held_at", "时间范围内（2026-01-01 至 2026-09-30）"},
		{"after the campaign", f.secretary, topic, func(e *meeting.Edit) { e.HeldOn = xuezuo.NewDate(2026, 10, 1) }, xuezuo.EInvalid, "held_at", "须在“测试学习教育”的时间范围内"},
		{"attendance recorded", f.secretary, recorded, func(e *meeting.Edit) { e.HeldOn = xuezuo.NewDate(2026, 5, 11) }, xuezuo.EInvalid, "held_at", "已登记考勤，不能再修改会议日期"},
		{"no date", f.secretary, topic, func(e *meeting.Edit) { e.HeldOn = xuezuo.Date{} }, xuezuo.EInvalid, "held_at", "请填写会议日期"},
		{"speaker not in the branch that day", f.secretary, topic, func(e *meeting.Edit) { e.SpeakerIDs = []xuezuo.ID{f.m[3].ID} }, xuezuo.EInvalid, "speakers", "赵新人在会议当天不是本支部党员"},
		{"speaker twice", f.secretary, topic, func(e *meeting.Edit) { e.SpeakerIDs = []xuezuo.ID{f.m[1].ID, f.m[1].ID} }, xuezuo.EInvalid, "speakers", "同一发言人选了两次"},
		{"negative count", f.secretary, topic, func(e *meeting.Edit) { e.SpeakerCount = -1 }, xuezuo.EInvalid, "speaker_count", "不能为负数"},
		{"window without end", f.secretary, topic, func(e *meeting.Edit) { e.CheckinFrom = storetest.Clock.Now() }, xuezuo.EInvalid, "checkin_to", "同时填写"},
		{"window backwards", f.secretary, topic, func(e *meeting.Edit) {
			e.CheckinFrom, e.CheckinTo = storetest.Clock.Now(), storetest.Clock.Now().Add(-time.Hour)
		}, xuezuo.EInvalid, "checkin_to", "须晚于开始时间"},
		{"member of the branch", f.reader, topic, func(e *meeting.Edit) { e.Place = "改" }, xuezuo.ENotFound, "", ""},
		{"inspector", f.inspect, topic, func(e *meeting.Edit) { e.Place = "改" }, xuezuo.EForbidden, "", ""},
		{"foreign secretary", f.foreign, topic, func(e *meeting.Edit) { e.Place = "改" }, xuezuo.ENotFound, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := edit(tc.m)
			tc.change(&e)
			_, err := f.s.Meeting.Update(tc.ctx, tc.m.ID, e)
			if xuezuo.ErrorCode(err) != tc.code {
				t.Fatalf("got %v, want code %s", err, tc.code)
			}
			if tc.field != "" {
				wantField(t, err, tc.field, tc.message)
			}
			after, _ := f.s.Meeting.Get(storetest.System(), tc.m.ID)
			if after.HeldOn != tc.m.HeldOn || after.Place != tc.m.Place || len(after.Speakers) != 0 {
				t.Errorf("a refused edit changed the meeting: %+v", after)
			}
		})
	}
	// Inside the window and without attendance, the date moves; the other
	// fields of a recorded meeting still change.
	if _, err := f.s.Meeting.Update(f.secretary, topic.ID, meeting.Edit{HeldOn: xuezuo.NewDate(2026, 9, 30)}); err != nil {
		t.Errorf("date inside the window: %v", err)
	}
	if m, err := f.s.Meeting.Update(f.secretary, recorded.ID, meeting.Edit{HeldOn: recorded.HeldOn, Place: "活动室"}); err != nil || m.Place != "活动室" {
		t.Errorf("place of a recorded meeting: %+v %v", m, err)
	}
}

// TestUpdateDateGuardedInTheStore checks the store's own guard: a date
// change written after attendance arrived (a concurrent register) is a
// conflict, whatever the service read before.
func TestUpdateDateGuardedInTheStore(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.meeting(t, meeting.Input{HeldOn: xuezuo.NewDate(2026, 5, 10)})
	if err := f.s.Meeting.Record(f.secretary, m.ID, meeting.Entry{MemberID: f.m[1].ID, Status: meeting.Leave, Reason: "出差"}); err != nil {
		t.Fatal(err)
	}
	stale := *m // read before the row
	stale.HeldOn = xuezuo.NewDate(2026, 5, 12)
	err := f.s.Store.UpdateMeeting(storetest.System(), &stale, audit.New(storetest.System(), "meeting.update", "meeting", m.ID, m.OrgID))
	if xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Fatalf("got %v, want conflict", err)
	}
	if got, _ := f.s.Meeting.Get(storetest.System(), m.ID); got.HeldOn != m.HeldOn {
		t.Errorf("date moved to %s", got.HeldOn)
	}
}

func TestRegisterReportsEveryBadLine(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.meeting(t, meeting.Input{HeldOn: xuezuo.NewDate(2026, 5, 10)})
	err := f.s.Meeting.RecordRegister(f.secretary, m.ID, []meeting.Entry{
		{MemberID: f.m[0].ID, Status: meeting.Present},
		{MemberID: f.m[1].ID, Status: meeting.Leave},
		{MemberID: f.m[2].ID, Status: meeting.Excluded},
		{MemberID: f.m[3].ID, Status: meeting.Present}, // joined after the meeting
	})
	if xuezuo.ErrorCode(err) != xuezuo.EInvalid {
		t.Fatalf("got %v, want invalid", err)
	}
	fields := xuezuo.ErrorFields(err)
	want := map[xuezuo.ID]string{
		f.m[1].ID: "李委员：请假须填写原因",
		f.m[2].ID: "张党员：不计入应到人数须选择类别",
		f.m[3].ID: "赵新人：赵新人在会议当天不是本支部党员",
	}
	if len(fields) != len(want) {
		t.Errorf("fields %v, want %d lines", fields, len(want))
	}
	for id, msg := range want {
		if got := fields[meeting.LineField(id)]; !strings.HasPrefix(got, msg) {
			t.Errorf("line of %d: got %q, want %q…", id, got, msg)
		}
	}
	if got := xuezuo.ErrorMessage(err); got != "登记表有 3 行需要修改，本次没有保存任何记录" {
		t.Errorf("message %q", got)
	}
	if got, _ := f.s.Meeting.Get(storetest.System(), m.ID); got.Counts.Present != 0 {
		t.Errorf("a refused register saved rows: %+v", got.Counts)
	}
	// A member outside the actor's scope fails the whole register as not
	// found, without a line naming them.
	stranger := storetest.MustCreateMember(t, f.s, f.other.ID, "外单位党员")
	err = f.s.Meeting.RecordRegister(f.secretary, m.ID, []meeting.Entry{{MemberID: f.m[1].ID, Status: meeting.Leave}, {MemberID: stranger.ID, Status: meeting.Present}})
	if xuezuo.ErrorCode(err) != xuezuo.ENotFound || strings.Contains(err.Error(), "外单位党员") {
		t.Errorf("stranger in a register: %v", err)
	}
}
