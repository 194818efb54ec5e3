package meeting_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// liveTree is lectureTree with a campaign of 2026, the fixtures' year
// (today is 2026-06-15), and accounts of members in and out of the unit.
func liveTree(t *testing.T) (*lectureTree, *campaign.Campaign, map[string]context.Context) {
	t.Helper()
	f := newLectureTree(t)
	sys := storetest.System()
	c, err := f.s.Campaign.Create(sys, campaign.Input{OwnerOrgID: f.r.ID, Title: "2026 学习教育", Start: xuezuo.NewDate(2026, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Campaign.Publish(sys, c.ID); err != nil {
		t.Fatal(err)
	}
	users := map[string]context.Context{}
	for _, p := range []struct {
		name string
		org  *org.Org
	}{{"王书记", f.b1}, {"陈党员", f.b2}, {"吴党员", f.b3}, {"刘书记", f.b4}} {
		users[p.name] = storetest.MustLinkMember(t, f.s, storetest.MustUser(t, f.s, "m"+fmt.Sprint(f.members[p.name]), xuezuo.RoleMember, p.org.ID), f.members[p.name])
	}
	users["b2_secretary"] = storetest.MustUser(t, f.s, "b2_secretary", xuezuo.RoleSecretary, f.b2.ID)
	return f, c, users
}

// TestLectureAudience: a unit's lecture is held by default for every branch
// under it; a member of an audience branch reads it and checks in, a
// member outside the audience is told it does not exist; the branch
// secretary of an audience branch reads it with the own branch's lines.
func TestLectureAudience(t *testing.T) {
	t.Parallel()
	f, _, users := liveTree(t)
	in := openWindow(meeting.Input{OrgID: f.u.ID, Kind: meeting.KindLecture, Title: "七一党课",
		Lecture: meeting.LectureInput{Kind: meeting.LecturerLeader, MemberID: f.members["马书记"], Material: "党课讲稿"}})
	all, err := f.s.Meeting.Create(f.unitAdmin, in)
	if err != nil {
		t.Fatal(err)
	}
	aud := func(m *meeting.Meeting) string {
		var out []string
		for _, a := range m.Lecture.Audience {
			out = append(out, a.Name)
		}
		slices.Sort(out)
		return strings.Join(out, " ")
	}
	got, err := f.s.Meeting.Get(f.unitAdmin, all.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a := aud(got); a != "生态党支部 离退休第一党支部 系统党支部" {
		t.Errorf("default audience: got %q, want every branch under the unit", a)
	}
	if got.Lecture.Name != "马书记" || got.Lecture.Material != "党课讲稿" || got.Lecture.KindLabel() != "领导讲" {
		t.Errorf("lecture read back: %+v", got.Lecture)
	}
	in.Lecture.Audience = []xuezuo.ID{f.b1.ID}
	only, err := f.s.Meeting.Create(f.unitAdmin, in)
	if err != nil {
		t.Fatal(err)
	}
	code := func(id xuezuo.ID) string {
		m, err := f.s.Meeting.Get(f.unitAdmin, id)
		if err != nil {
			t.Fatal(err)
		}
		return m.CheckinCode
	}
	cases := []struct {
		name    string
		who     string
		meeting *meeting.Meeting
		want    string // "" reads and checks in
	}{
		{"a member of an audience branch", "陈党员", all, ""},
		{"a member of an audience branch under the general branch", "吴党员", all, ""},
		{"a member of another unit", "刘书记", all, xuezuo.ENotFound},
		{"a member of a branch left out of the audience", "陈党员", only, xuezuo.ENotFound},
		{"a member of the only audience branch", "王书记", only, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := users[tc.who]
			_, err := f.s.Meeting.Get(ctx, tc.meeting.ID)
			if xuezuo.ErrorCode(err) != tc.want {
				t.Fatalf("read: got %v, want %q", err, tc.want)
			}
			err = f.s.Meeting.CheckIn(ctx, tc.meeting.ID, code(tc.meeting.ID))
			if xuezuo.ErrorCode(err) != tc.want {
				t.Fatalf("check in: got %v, want %q", err, tc.want)
			}
			if tc.want != "" {
				return
			}
			_, roster, _, err := f.s.Meeting.Roster(ctx, tc.meeting.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, rm := range roster {
				if rm.ID == f.members[tc.who] && (rm.Row == nil || rm.Row.Status != meeting.Present) {
					t.Errorf("own line %+v, want present", rm.Row)
				}
			}
		})
	}
	// The secretary of an audience branch reads the lecture, with the
	// lines of the own branch only; the unit's organiser sees every line.
	_, roster, _, err := f.s.Meeting.Roster(users["b2_secretary"], all.ID)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, rm := range roster {
		lines = append(lines, rm.Name)
	}
	if got := strings.Join(lines, " "); got != "张书记 陈党员" {
		t.Errorf("b2 secretary's register: got %q", got)
	}
	if _, roster, _, err = f.s.Meeting.Roster(f.unitAdmin, all.ID); err != nil || len(roster) != 7 {
		t.Errorf("unit organiser's register: %d lines, %v; want the 7 members of the three branches", len(roster), err)
	}
	// The audience branch lists the lecture among its meetings.
	ms, _, err := f.s.Meeting.List(users["b2_secretary"], f.b2.ID, meeting.Filter{Kind: meeting.KindLecture})
	if err != nil || len(ms) != 1 || ms[0].ID != all.ID || ms[0].CheckinCode != "" {
		t.Errorf("b2's lectures: %+v, %v; want the unit's lecture without its code", ms, err)
	}
}

// TestLectureAttendanceByBranch: each row of a unit's lecture counts for
// the member's own branch in the campaign's figures, live and as rebuilt
// from the records.
func TestLectureAttendanceByBranch(t *testing.T) {
	t.Parallel()
	f, c, users := liveTree(t)
	m, err := f.s.Meeting.Create(f.unitAdmin, openWindow(meeting.Input{OrgID: f.u.ID, Kind: meeting.KindLecture,
		Lecture: meeting.LectureInput{Kind: meeting.LecturerExpert, Name: "刘教授", Title: "中央党校教授"}}))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.s.Meeting.Get(f.unitAdmin, m.ID)
	for _, who := range []string{"陈党员", "王书记"} {
		if err := f.s.Meeting.CheckIn(users[who], m.ID, got.CheckinCode); err != nil {
			t.Fatalf("%s checks in: %v", who, err)
		}
	}
	if err := f.s.Meeting.RecordRegister(f.unitAdmin, m.ID, []meeting.Entry{
		{MemberID: f.members["李党员"], Status: meeting.Leave, Reason: "出差"},
		{MemberID: f.members["吴党员"], Status: meeting.Remote},
	}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.Meeting.Record(f.unitAdmin, m.ID, meeting.Entry{MemberID: f.members["张书记"], Status: meeting.Absent}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Meeting.AddMakeup(f.unitAdmin, meeting.Makeup{MeetingID: m.ID, MemberID: f.members["李党员"], Kind: "self_study",
		HeldOn: got.HeldOn}); err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T) {
		t.Helper()
		table, err := f.s.Progress.Table(storetest.System(), c.ID, f.u.ID, "branch")
		if err != nil {
			t.Fatal(err)
		}
		want := map[xuezuo.ID][3]int{f.b1.ID: {1, 2, 1}, f.b2.ID: {1, 2, 0}, f.b3.ID: {1, 1, 0}} // present, expected, makeups
		for _, row := range table.Rows {
			w := want[row.OrgID]
			if row.AttendancePresent != w[0] || row.AttendanceExpected != w[1] || row.Makeups != w[2] {
				t.Errorf("%s: present %d / expected %d, makeups %d; want %v", row.Name, row.AttendancePresent, row.AttendanceExpected, row.Makeups, w)
			}
		}
		if table.Totals.AttendancePresent != 3 || table.Totals.AttendanceExpected != 5 {
			t.Errorf("unit totals %d / %d, want 3 / 5", table.Totals.AttendancePresent, table.Totals.AttendanceExpected)
		}
	}
	check(t)
	if err := f.s.Store.VerifyFigures(context.Background(), c.ID); err != nil {
		t.Errorf("kept figures differ from the records: %v", err)
	}
	// A member who moves later leaves the row where it happened.
	if err := f.s.Member.Transfer(storetest.System(), f.members["陈党员"], f.b1.ID, xuezuo.NewDate(2026, 6, 15).AddDays(0)); err != nil {
		t.Fatal(err)
	}
	if err := f.s.Store.VerifyFigures(context.Background(), c.ID); err != nil {
		t.Errorf("after a transfer: %v", err)
	}
}
