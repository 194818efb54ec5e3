package meeting_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// lectureTree is the register's hand-computed fixture:
//
//	京区党委 R ─┬─ 植物所党委 U ─┬─ 生态党支部 B1: 王书记 (secretary of B1 from 2024), 马书记 (secretary of U), 李党员
//	           │               ├─ 系统党支部 B2: 张书记 (secretary of B2 from 2025-03-01), 陈党员
//	           │               └─ 离退休党总支 G ── 离退休第一党支部 B3: 周书记 (secretary of B3 2024-01-01 to 2025-05-01), 吴党员
//	           └─ 化学所党委 V ── 化学第一党支部 B4: 刘书记 (secretary of B4 from 2024)
//
// Campaign C (owned by R, 2025) sets its 七一 window to 06-20 … 07-10.
// The lectures, as lectures() records them:
//
//	L1  2025-02-10 U  leader    马书记            audience B1 B2 B3 (default)
//	L2  2025-03-15 B1 secretary 王书记            B1
//	L3  2025-04-10 B2 secretary 张书记            B2
//	L4  2025-04-20 B3 secretary 周书记            B3
//	L13 2025-05-05 B2 unknown   (recorded before the register)  B2
//	L5  2025-06-25 G  expert    刘教授（中央党校教授） B3 (default)
//	L6  2025-07-01 U  model     全国劳动模范       B1 only
//	L7  2025-07-12 B2 member    陈党员            B2
//	L8  2025-09-30 B1 case      香山革命纪念地现场教学 B1
//	L9  2025-10-08 B4 leader    刘书记            B4
//	L10 2025-12-31 U  secretary 马书记 (a unit's secretary: no branch)  B1 B2 B3
//	L11 2024-12-31 B4 secretary 刘书记            B4 (the year before)
type lectureTree struct {
	s                *storetest.Services
	r, u, v, g       *org.Org
	b1, b2, b3, b4   *org.Org
	campaign         *campaign.Campaign
	members          map[string]xuezuo.ID
	lectures         map[string]xuezuo.ID
	unitAdmin, b1Sec context.Context
}

func newLectureTree(t *testing.T) *lectureTree {
	t.Helper()
	s := storetest.OpenServices(t)
	sys := storetest.System()
	f := &lectureTree{s: s, members: map[string]xuezuo.ID{}, lectures: map[string]xuezuo.ID{}}
	f.r = storetest.MustCreateOrg(t, s, 0, "京区党委", org.KindCommittee)
	f.u = storetest.MustCreateUnit(t, s, f.r.ID, "植物所党委")
	f.b1 = storetest.MustCreateOrg(t, s, f.u.ID, "生态党支部", org.KindBranch)
	f.b2 = storetest.MustCreateOrg(t, s, f.u.ID, "系统党支部", org.KindBranch)
	f.g = storetest.MustCreateOrg(t, s, f.u.ID, "离退休党总支", org.KindGeneralBranch)
	f.b3 = storetest.MustCreateOrg(t, s, f.g.ID, "离退休第一党支部", org.KindBranch)
	f.v = storetest.MustCreateUnit(t, s, f.r.ID, "化学所党委")
	f.b4 = storetest.MustCreateOrg(t, s, f.v.ID, "化学第一党支部", org.KindBranch)
	for _, p := range []struct {
		org  *org.Org
		name string
	}{{f.b1, "王书记"}, {f.b1, "马书记"}, {f.b1, "李党员"}, {f.b2, "张书记"}, {f.b2, "陈党员"}, {f.b3, "周书记"}, {f.b3, "吴党员"}, {f.b4, "刘书记"}} {
		f.members[p.name] = storetest.MustCreateMember(t, s, p.org.ID, p.name).ID
	}
	for _, p := range []struct {
		name     string
		org      xuezuo.ID
		from, to xuezuo.Date
	}{
		{"王书记", f.b1.ID, xuezuo.NewDate(2024, 1, 1), xuezuo.Date{}},
		{"马书记", f.u.ID, xuezuo.NewDate(2024, 1, 1), xuezuo.Date{}},
		{"张书记", f.b2.ID, xuezuo.NewDate(2025, 3, 1), xuezuo.Date{}},
		{"周书记", f.b3.ID, xuezuo.NewDate(2024, 1, 1), xuezuo.NewDate(2025, 5, 1)},
		{"刘书记", f.b4.ID, xuezuo.NewDate(2024, 1, 1), xuezuo.Date{}},
	} {
		if _, err := s.Member.AddPost(sys, f.members[p.name], p.org, "secretary", p.from, p.to); err != nil {
			t.Fatal(err)
		}
	}
	c, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: f.r.ID, Title: "2025 学习教育", Start: xuezuo.NewDate(2025, 1, 1),
		End: xuezuo.NewDate(2025, 12, 31), QiyiFrom: "06-20", QiyiTo: "07-10"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Campaign.Publish(sys, c.ID); err != nil {
		t.Fatal(err)
	}
	f.campaign = c
	f.unitAdmin = storetest.MustUser(t, s, "unit_admin", xuezuo.RoleOrgAdmin, f.u.ID)
	f.b1Sec = storetest.MustUser(t, s, "b1_secretary", xuezuo.RoleSecretary, f.b1.ID)
	return f
}

// lecture records a lecture as the local operator.
func (f *lectureTree) lecture(t *testing.T, name string, holder *org.Org, on xuezuo.Date, l meeting.LectureInput) *meeting.Meeting {
	t.Helper()
	m, err := f.s.Meeting.Create(storetest.System(), meeting.Input{OrgID: holder.ID, Kind: meeting.KindLecture, Title: name, HeldOn: on, Lecture: l})
	if err != nil {
		t.Fatalf("lecture %s: %v", name, err)
	}
	f.lectures[name] = m.ID
	return m
}

// lectures records L1–L13 of the fixture.
func (f *lectureTree) recordLectures(t *testing.T) {
	t.Helper()
	d := func(y, m, day int) xuezuo.Date { return xuezuo.NewDate(y, timeMonth(m), day) }
	by := func(kind, who string) meeting.LectureInput {
		return meeting.LectureInput{Kind: kind, MemberID: f.members[who]}
	}
	f.lecture(t, "L1", f.u, d(2025, 2, 10), by(meeting.LecturerLeader, "马书记"))
	f.lecture(t, "L2", f.b1, d(2025, 3, 15), by(meeting.LecturerSecretary, "王书记"))
	f.lecture(t, "L3", f.b2, d(2025, 4, 10), by(meeting.LecturerSecretary, "张书记"))
	f.lecture(t, "L4", f.b3, d(2025, 4, 20), by(meeting.LecturerSecretary, "周书记"))
	f.lecture(t, "L13", f.b2, d(2025, 5, 5), by(meeting.LecturerMember, "陈党员"))
	makeUnknown(t, f.s, f.lectures["L13"])
	f.lecture(t, "L5", f.g, d(2025, 6, 25), meeting.LectureInput{Kind: meeting.LecturerExpert, Name: "刘教授", Title: "中央党校教授"})
	f.lecture(t, "L6", f.u, d(2025, 7, 1), meeting.LectureInput{Kind: meeting.LecturerModel, Name: "全国劳动模范", Audience: []xuezuo.ID{f.b1.ID}})
	f.lecture(t, "L7", f.b2, d(2025, 7, 12), by(meeting.LecturerMember, "陈党员"))
	f.lecture(t, "L8", f.b1, d(2025, 9, 30), meeting.LectureInput{Kind: meeting.LecturerCase, Name: "香山革命纪念地现场教学"})
	f.lecture(t, "L9", f.b4, d(2025, 10, 8), by(meeting.LecturerLeader, "刘书记"))
	f.lecture(t, "L10", f.u, d(2025, 12, 31), by(meeting.LecturerSecretary, "马书记"))
	f.lecture(t, "L11", f.b4, d(2024, 12, 31), by(meeting.LecturerSecretary, "刘书记"))
}

func timeMonth(m int) time.Month { return time.Month(m) }

// makeUnknown turns a lecture into one recorded before the register, as
// migration 20 left those: of unknown kind, without a lecturer.
func makeUnknown(t *testing.T, s *storetest.Services, id xuezuo.ID) {
	t.Helper()
	for _, q := range []string{fmt.Sprintf("UPDATE meetings SET lecturer_kind = 'unknown', lecturer_member_id = 0 WHERE id = %d", id),
		fmt.Sprintf("UPDATE lecture_audience SET lecturer_kind = 'unknown' WHERE meeting_id = %d", id)} {
		if err := storetest.Exec(t, s.Store, q); err != nil {
			t.Fatal(err)
		}
	}
}

// kinds writes a ByKind map as "case:1 leader:2" for comparison.
func kinds(m map[string]int) string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] != 0 {
			out = append(out, fmt.Sprintf("%s:%d", k, m[k]))
		}
	}
	return strings.Join(out, " ")
}

// TestLectureFigures checks the register's figures on the hand-computed
// fixture: counts by kind and quarter (a unit's lecture to several branches
// counts once per row org), secretary lectures for the branch of the
// lecturer's post on the day, and the campaign's 七一 window.
func TestLectureFigures(t *testing.T) {
	t.Parallel()
	f := newLectureTree(t)
	f.recordLectures(t)
	ctx := context.Background()
	quarter := func(q int) (xuezuo.Date, xuezuo.Date) {
		return xuezuo.NewDate(2025, timeMonth(3*q-2), 1), xuezuo.NewDate(2025, timeMonth(3*q+1), 0)
	}
	orgs := map[string]xuezuo.ID{"R": f.r.ID, "U": f.u.ID, "G": f.g.ID, "V": f.v.ID, "B1": f.b1.ID, "B2": f.b2.ID, "B3": f.b3.ID, "B4": f.b4.ID}
	ids := slices.Collect(maps.Values(orgs))
	// want[org][quarter-1] is ByKind; computed by hand from the table above.
	want := map[string][4]string{
		"R":  {"leader:1 secretary:1", "expert:1 secretary:2 unknown:1", "case:1 member:1 model:1", "leader:1 secretary:1"},
		"U":  {"leader:1 secretary:1", "expert:1 secretary:2 unknown:1", "case:1 member:1 model:1", "secretary:1"},
		"G":  {"leader:1", "expert:1 secretary:1", "", "secretary:1"},
		"V":  {"", "", "", "leader:1"},
		"B1": {"leader:1 secretary:1", "", "case:1 model:1", "secretary:1"},
		"B2": {"leader:1", "secretary:1 unknown:1", "member:1", "secretary:1"},
		"B3": {"leader:1", "expert:1 secretary:1", "", "secretary:1"},
		"B4": {"", "", "", "leader:1"},
	}
	for q := 1; q <= 4; q++ {
		from, to := quarter(q)
		got, err := f.s.Store.LectureFigures(ctx, f.campaign.ID, ids, from, to)
		if err != nil {
			t.Fatal(err)
		}
		for name, id := range orgs {
			if g := kinds(got[id].ByKind); g != want[name][q-1] {
				t.Errorf("%s Q%d: got %q, want %q", name, q, g, want[name][q-1])
			}
		}
	}
	// The year: secretary lectures per branch (L10's lecturer holds the
	// unit's post, L11 is of 2024) and the campaign's 七一 window 06-20 …
	// 07-10 (L5 for B3, L6 for B1; L7 on 07-12 is outside).
	year, err := f.s.Store.LectureFigures(ctx, f.campaign.ID, ids, xuezuo.NewDate(2025, 1, 1), xuezuo.NewDate(2025, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	branches := map[string][2]int{"R": {3, 2}, "U": {3, 2}, "G": {1, 1}, "V": {0, 0}, "B1": {1, 1}, "B2": {1, 0}, "B3": {1, 1}, "B4": {0, 0}}
	for name, w := range branches {
		if g := year[orgs[name]]; g.SecretaryBranches != w[0] || g.QiyiBranches != w[1] {
			t.Errorf("%s 2025: got secretary %d, 七一 %d; want %d, %d", name, g.SecretaryBranches, g.QiyiBranches, w[0], w[1])
		}
	}
	if g := kinds(year[f.u.ID].ByKind); g != "case:1 expert:1 leader:1 member:1 model:1 secretary:4 unknown:1" {
		t.Errorf("U 2025 by kind: got %q", g)
	}
	// Without a campaign the default window 06-15 … 07-15 also takes L7 (B2).
	def, err := f.s.Store.LectureFigures(ctx, 0, []xuezuo.ID{f.u.ID, f.b2.ID}, xuezuo.NewDate(2025, 1, 1), xuezuo.NewDate(2025, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	if def[f.u.ID].QiyiBranches != 3 || def[f.b2.ID].QiyiBranches != 1 {
		t.Errorf("default window: got U %d, B2 %d; want 3, 1", def[f.u.ID].QiyiBranches, def[f.b2.ID].QiyiBranches)
	}
	// B4's secretary lecture of 2024 counts in 2024 only.
	y24, err := f.s.Store.LectureFigures(ctx, f.campaign.ID, []xuezuo.ID{f.b4.ID}, xuezuo.NewDate(2024, 1, 1), xuezuo.NewDate(2024, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	if y24[f.b4.ID].SecretaryBranches != 1 || kinds(y24[f.b4.ID].ByKind) != "secretary:1" {
		t.Errorf("B4 2024: got %+v", y24[f.b4.ID])
	}
	// Moving the window changes which lectures are 七一 lectures.
	if _, err := f.s.Campaign.SetQiyi(storetest.System(), f.campaign.ID, "07-01", "07-31"); err != nil {
		t.Fatal(err)
	}
	moved, err := f.s.Store.LectureFigures(ctx, f.campaign.ID, []xuezuo.ID{f.u.ID}, xuezuo.NewDate(2025, 1, 1), xuezuo.NewDate(2025, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	if moved[f.u.ID].QiyiBranches != 2 { // L6 (B1) and L7 (B2)
		t.Errorf("window 07-01 … 07-31: got %d 七一 branches, want 2", moved[f.u.ID].QiyiBranches)
	}
}

// TestLectureValidation: the messages a lecture's form shows.
func TestLectureValidation(t *testing.T) {
	t.Parallel()
	f := newLectureTree(t)
	on := xuezuo.NewDate(2026, 6, 1)
	cases := []struct {
		name   string
		in     meeting.Input
		field  string
		want   string
		actor  context.Context
		status string
	}{
		{"lecturer kind required", meeting.Input{OrgID: f.b1.ID, Kind: meeting.KindLecture, Lecture: meeting.LectureInput{Name: "刘教授"}},
			"lecturer_kind", "请选择党课类别", nil, ""},
		{"unknown is not chosen", meeting.Input{OrgID: f.b1.ID, Kind: meeting.KindLecture, Lecture: meeting.LectureInput{Kind: "unknown", Name: "刘教授"}},
			"lecturer_kind", "党课类别不正确", nil, ""},
		{"a lecturer is named", meeting.Input{OrgID: f.b1.ID, Kind: meeting.KindLecture, Lecture: meeting.LectureInput{Kind: "expert"}},
			"lecturer_member_id", "请选择主讲的党员，或填写外请主讲人的姓名和职务", nil, ""},
		{"member or outside name, not both", meeting.Input{OrgID: f.b1.ID, Kind: meeting.KindLecture,
			Lecture: meeting.LectureInput{Kind: "member", MemberID: f.members["李党员"], Name: "刘教授"}},
			"lecturer_member_id", "主讲人请二选一", nil, ""},
		{"audience under the holding org", meeting.Input{OrgID: f.u.ID, Kind: meeting.KindLecture,
			Lecture: meeting.LectureInput{Kind: "expert", Name: "刘教授", Audience: []xuezuo.ID{f.b1.ID, f.b4.ID}}},
			"audience_org_ids", "听课的党支部须是植物所党委下属的党支部", nil, ""},
		{"audience of branches only", meeting.Input{OrgID: f.u.ID, Kind: meeting.KindLecture,
			Lecture: meeting.LectureInput{Kind: "expert", Name: "刘教授", Audience: []xuezuo.ID{f.g.ID}}},
			"audience_org_ids", "须是植物所党委下属的党支部", nil, ""},
		{"a region does not hold lectures", meeting.Input{OrgID: f.r.ID, Kind: meeting.KindLecture,
			Lecture: meeting.LectureInput{Kind: "expert", Name: "刘教授"}},
			"org_id", "党课只能由现有的党支部、党总支或基层党委组织", nil, ""},
		{"a unit holds lectures only", meeting.Input{OrgID: f.u.ID, Kind: "theme_day"},
			"org_id", "党总支和基层党委可以登记党课", nil, ""},
		{"lecture fields on another kind", meeting.Input{OrgID: f.b1.ID, Kind: "theme_day", Lecture: meeting.LectureInput{Kind: "expert"}},
			"lecturer_kind", "只有党课需要填写主讲人", nil, ""},
		{"a secretary lecture needs a member", meeting.Input{OrgID: f.b1.ID, Kind: meeting.KindLecture,
			Lecture: meeting.LectureInput{Kind: "secretary", Name: "某书记"}},
			"lecturer_member_id", "书记讲党课须选择主讲的书记", nil, ""},
		{"a secretary lecture needs the post on the day", meeting.Input{OrgID: f.b3.ID, Kind: meeting.KindLecture,
			Lecture: meeting.LectureInput{Kind: "secretary", MemberID: f.members["周书记"]}},
			"lecturer_member_id", "周书记在 2026-06-01 未担任党组织书记", nil, ""},
		{"a lecturer outside the actor's scope", meeting.Input{OrgID: f.b1.ID, Kind: meeting.KindLecture,
			Lecture: meeting.LectureInput{Kind: "leader", MemberID: f.members["刘书记"]}},
			"lecturer_member_id", "主讲人须为您管理范围内的党员", f.b1Sec, ""},
		{"another unit's lecture is not found", meeting.Input{OrgID: f.v.ID, Kind: meeting.KindLecture,
			Lecture: meeting.LectureInput{Kind: "expert", Name: "刘教授"}}, "", "", f.unitAdmin, xuezuo.ENotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := tc.actor
			if ctx == nil {
				ctx = storetest.System()
			}
			tc.in.HeldOn = on
			_, err := f.s.Meeting.Create(ctx, tc.in)
			if tc.status != "" {
				if xuezuo.ErrorCode(err) != tc.status {
					t.Fatalf("got %v, want %s", err, tc.status)
				}
				return
			}
			wantField(t, err, tc.field, tc.want)
		})
	}
}

// TestLectureEdit: a lecture's lecturer and material change, its audience
// stays; a lecture recorded before the register keeps its unknown kind
// until a lecturer is named.
func TestLectureEdit(t *testing.T) {
	t.Parallel()
	f := newLectureTree(t)
	sys := storetest.System()
	m := f.lecture(t, "党课", f.u, xuezuo.NewDate(2026, 5, 10), meeting.LectureInput{Kind: "expert", Name: "刘教授", Audience: []xuezuo.ID{f.b2.ID}})
	edit := meeting.Edit{Title: "党课", HeldOn: m.HeldOn, Lecture: meeting.LectureInput{Kind: "leader", MemberID: f.members["马书记"], Material: "讲稿"}}
	got, err := f.s.Meeting.Update(sys, m.ID, edit)
	if err != nil {
		t.Fatal(err)
	}
	if l := got.Lecture; l.Kind != "leader" || l.Name != "马书记" || l.MemberID != f.members["马书记"] || l.Material != "讲稿" ||
		len(l.Audience) != 1 || l.Audience[0].ID != f.b2.ID {
		t.Errorf("after edit: %+v", l)
	}
	// The register counts the edited kind and date.
	edit.HeldOn, edit.Lecture.Kind = xuezuo.NewDate(2026, 4, 30), meeting.LecturerSecretary
	edit.Lecture.MemberID = f.members["张书记"]
	if _, err := f.s.Meeting.Update(sys, m.ID, edit); err != nil {
		t.Fatal(err)
	}
	fig, err := f.s.Store.LectureFigures(context.Background(), 0, []xuezuo.ID{f.b2.ID}, xuezuo.NewDate(2026, 4, 1), xuezuo.NewDate(2026, 4, 30))
	if err != nil {
		t.Fatal(err)
	}
	if g := fig[f.b2.ID]; kinds(g.ByKind) != "secretary:1" || g.SecretaryBranches != 1 {
		t.Errorf("figures after the edit: %+v", g)
	}
	old := f.lecture(t, "旧党课", f.b1, xuezuo.NewDate(2026, 5, 11), meeting.LectureInput{Kind: "member", MemberID: f.members["李党员"]})
	makeUnknown(t, f.s, old.ID)
	got, err = f.s.Meeting.Update(sys, old.ID, meeting.Edit{Title: "旧党课（改名）", HeldOn: old.HeldOn})
	if err != nil {
		t.Fatal(err)
	}
	if got.Lecture.Kind != meeting.LecturerUnknown || got.Title != "旧党课（改名）" {
		t.Errorf("old lecture after a rename: %+v", got.Lecture)
	}
	_, err = f.s.Meeting.Update(sys, old.ID, meeting.Edit{Title: "旧党课", HeldOn: old.HeldOn, Lecture: meeting.LectureInput{Name: "刘教授"}})
	wantField(t, err, "lecturer_kind", "请选择党课类别")
}
