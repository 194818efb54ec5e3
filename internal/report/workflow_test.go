package report_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/meeting"
	"xuezuo/internal/reflection"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// TestPrefillFromRecords: a new summary's basics are the topic meeting's
// records (date, place, host, each attendance status apart, named speakers
// and the cadres among them) and the branch's submitted reflections.
func TestPrefillFromRecords(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := storetest.System()
	names := []string{"张书记", "李所长", "王党员", "赵党员", "钱党员", "孙党员", "周党员"}
	ids := make([]xuezuo.ID, len(names))
	for i, n := range names {
		in := storetest.MemberInput(f.b1.ID, n)
		in.Cadre = i < 2 // 张 and 李 are cadres
		ids[i] = must(f.s.Member.Create(ctx, in))(t).ID
	}
	m := f.topicMeeting(t, meeting.Input{OrgID: f.b1.ID, Kind: "topic_study", TopicID: f.topic, HeldOn: xuezuo.NewDate(2026, 4, 20),
		Place: "三楼会议室", HostID: ids[0], SpeakerIDs: []xuezuo.ID{ids[0], ids[1], ids[2]}},
		[]meeting.Entry{{MemberID: ids[0], Status: meeting.Present}, {MemberID: ids[1], Status: meeting.Remote},
			{MemberID: ids[2], Status: meeting.Present}, {MemberID: ids[3], Status: meeting.Leave, Reason: "illness"},
			{MemberID: ids[4], Status: meeting.Absent}, {MemberID: ids[5], Status: meeting.Excluded, Reason: "long_abroad"},
			{MemberID: ids[6], Status: meeting.Leave, Reason: "business_trip"}})
	// A later meeting on the same topic does not replace the one that fulfilled it.
	f.topicMeeting(t, meeting.Input{OrgID: f.b1.ID, Kind: "topic_study", TopicID: f.topic, HeldOn: xuezuo.NewDate(2026, 5, 20), Place: "别处"}, nil)
	for i, draft := range []bool{false, false, true} { // a draft is not counted
		mctx := storetest.MustLinkMember(t, f.s, f.as(t, fmt.Sprintf("m%d", i), xuezuo.RoleMember, f.b1.ID), ids[i+2])
		if _, err := f.s.Reflection.Submit(mctx, reflection.Input{TopicID: f.topic, Body: "心得", Draft: draft}); err != nil {
			t.Fatal(err)
		}
	}
	sm := must(f.s.Report.Create(ctx, f.b1.ID, f.topic))(t)
	want := report.Basics{MeetingID: m.ID, HeldOn: xuezuo.NewDate(2026, 4, 20), Place: "三楼会议室", Host: "张书记",
		Expected: 6, Present: 2, Remote: 1, Leave: 2, Absent: 1, Excluded: 1,
		Speakers:      []report.Speaker{{ids[0], "张书记", true}, {ids[1], "李所长", true}, {ids[2], "王党员", false}},
		CadreSpeakers: 2, Reflections: 2}
	if !reflect.DeepEqual(sm.Basics, want) {
		t.Errorf("basics:\n got %+v\nwant %+v", sm.Basics, want)
	}
	// The counts agree with the meeting's own.
	if c := m.Counts; sm.Basics.Expected != c.Expected() || sm.Basics.Leave != c.Leave || sm.Basics.Excluded != c.Excluded {
		t.Errorf("basics %+v disagree with the meeting's counts %+v", sm.Basics, c)
	}
	// Read back from the store, the snapshot is the same, and the state a fresh draft's.
	got := must(f.s.Report.Get(ctx, sm.ID))(t)
	if !reflect.DeepEqual(got.Basics, want) || got.State != report.Draft || got.Version != 0 || got.OrgName != "一支部" || got.DueOn != xuezuo.NewDate(2026, 5, 15) {
		t.Errorf("read back: %+v", got)
	}
	// The snapshot does not follow later records; the note corrects it.
	f.topicMeeting(t, meeting.Input{OrgID: f.b1.ID, Kind: "topic_study", TopicID: f.topic, HeldOn: xuezuo.NewDate(2026, 4, 1)}, nil)
	note := "另有 1 名党员事后补学"
	got = must(f.s.Report.Edit(ctx, sm.ID, report.Input{BasicsNote: &note}))(t)
	if got.Basics.MeetingID != m.ID || got.BasicsNote != note {
		t.Errorf("after edit: meeting %d note %q", got.Basics.MeetingID, got.BasicsNote)
	}
	// A second summary of the branch on the topic is a conflict.
	if _, err := f.s.Report.Create(ctx, f.b1.ID, f.topic); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("second summary: got %v, want conflict", err)
	}
}

// TestNoMeetingYet: a branch without a topic meeting gets empty basics.
func TestNoMeetingYet(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sm := f.draft(t, f.b2.ID, f.topic, "")
	if sm.Basics.MeetingID != 0 || !sm.Basics.HeldOn.IsZero() || sm.Basics.Expected != 0 || len(sm.Basics.Speakers) != 0 {
		t.Errorf("basics without a meeting: %+v", sm.Basics)
	}
}

// TestReturnEditResubmit: a returned summary is edited and submitted again;
// both versions stay readable, the reviewer sees what changed, and every
// step from a wrong state is a conflict.
func TestReturnEditResubmit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sec := f.as(t, "sec1", xuezuo.RoleSecretary, f.b1.ID)
	unit := f.as(t, "unitadm", xuezuo.RoleOrgAdmin, f.unitA.ID)
	sm := must(f.s.Report.Create(sec, f.b1.ID, f.topic))(t)
	if _, err := f.s.Report.Submit(sec, sm.ID); xuezuo.ErrorCode(err) != xuezuo.EInvalid || xuezuo.ErrorFields(err)["views"] == "" {
		t.Errorf("submit without views: got %v, want invalid views", err)
	}
	v1 := "学习了党章\n讨论了义务"
	must(f.s.Report.Edit(sec, sm.ID, report.Input{Views: &v1}))(t)
	if _, err := f.s.Report.Accept(unit, sm.ID); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("accept a draft: got %v, want conflict", err)
	}
	got := must(f.s.Report.Submit(sec, sm.ID))(t)
	if got.State != report.Submitted || got.Version != 1 {
		t.Fatalf("after submit: %s v%d", got.State, got.Version)
	}
	if _, err := f.s.Report.Edit(sec, sm.ID, report.Input{Views: &v1}); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("edit a submitted summary: got %v, want conflict", err)
	}
	if _, err := f.s.Report.Return(unit, sm.ID, " "); xuezuo.ErrorCode(err) != xuezuo.EInvalid {
		t.Errorf("return without a reason: got %v, want invalid", err)
	}
	got = must(f.s.Report.Return(unit, sm.ID, "请补充联系实际的内容"))(t)
	if got.State != report.Returned || got.Reason != "请补充联系实际的内容" {
		t.Fatalf("after return: %+v", got)
	}
	v2 := "学习了党章\n联系科研实际谈体会"
	must(f.s.Report.Edit(sec, sm.ID, report.Input{Views: &v2}))(t)
	got = must(f.s.Report.Submit(sec, sm.ID))(t)
	if got.Version != 2 || len(got.Versions) != 2 {
		t.Fatalf("after resubmit: v%d with %d versions", got.Version, len(got.Versions))
	}
	first, second := got.Versions[0], got.Versions[1]
	if first.Version != 1 || first.State != report.Returned || first.Views != v1 || first.Reason != "请补充联系实际的内容" || first.DecidedAt.IsZero() {
		t.Errorf("version 1: %+v", first)
	}
	if second.Version != 2 || second.State != report.Submitted || second.Views != v2 {
		t.Errorf("version 2: %+v", second)
	}
	ch := got.SinceReturn()
	if ch == nil || ch.Since != 1 || ch.BasicsNote != nil {
		t.Fatalf("changes since return: %+v", ch)
	}
	want := []report.Line{{' ', "学习了党章"}, {'-', "讨论了义务"}, {'+', "联系科研实际谈体会"}}
	if !reflect.DeepEqual(ch.Views, want) {
		t.Errorf("views diff: got %q, want %q", ch.Views, want)
	}
	got = must(f.s.Report.Accept(unit, sm.ID))(t)
	if got.State != report.Accepted || got.Versions[1].State != report.Accepted || got.Versions[0].State != report.Returned {
		t.Errorf("after accept: %s, versions %+v", got.State, got.Versions)
	}
	for name, step := range map[string]func() error{
		"submit": func() error { _, err := f.s.Report.Submit(sec, sm.ID); return err },
		"accept": func() error { _, err := f.s.Report.Accept(unit, sm.ID); return err },
		"return": func() error { _, err := f.s.Report.Return(unit, sm.ID, "再改"); return err },
	} {
		if err := step(); xuezuo.ErrorCode(err) != xuezuo.EConflict {
			t.Errorf("%s an accepted summary: got %v, want conflict", name, err)
		}
	}
	// Every state change left an audit row.
	entries, _, err := f.s.Audit.List(storetest.MustUser(t, f.s, "aud", xuezuo.RoleAuditor, 0), audit.Filter{Action: "summary.", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range entries {
		counts[e.Action]++
	}
	wantCounts := map[string]int{"summary.create": 1, "summary.update": 2, "summary.submit": 2, "summary.return": 1, "summary.accept": 1}
	if !reflect.DeepEqual(counts, wantCounts) {
		t.Errorf("audit rows: got %v, want %v", counts, wantCounts)
	}
}

// TestReach: who may draft, submit, accept and return, and what the
// others are told: 404 outside their reach, 403 within it.
func TestReach(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sm := f.draft(t, f.b1.ID, f.topic, "观点")
	other := f.draft(t, f.b6.ID, f.topic, "观点")
	f.submitOn(t, other.ID, xuezuo.NewDate(2026, 6, 1))
	actors := map[string]context.Context{
		"secretary":       f.as(t, "sec1", xuezuo.RoleSecretary, f.b1.ID),
		"other secretary": f.as(t, "sec6", xuezuo.RoleSecretary, f.b6.ID),
		"general branch":  f.as(t, "gbadm", xuezuo.RoleOrgAdmin, f.gb.ID),
		"unit":            f.as(t, "unitA", xuezuo.RoleOrgAdmin, f.unitA.ID),
		"other unit":      f.as(t, "unitB", xuezuo.RoleOrgAdmin, f.unitB.ID),
		"root":            f.as(t, "rootadm", xuezuo.RoleOrgAdmin, f.root.ID),
		"inspector":       f.as(t, "insp", xuezuo.RoleInspector, f.unitA.ID),
		"member":          f.as(t, "mem", xuezuo.RoleMember, f.b1.ID),
	}
	submit := func(ctx context.Context) error { _, err := f.s.Report.Submit(ctx, sm.ID); return err }
	accept := func(ctx context.Context) error { _, err := f.s.Report.Accept(ctx, sm.ID); return err }
	ret := func(ctx context.Context) error { _, err := f.s.Report.Return(ctx, sm.ID, "退回"); return err }
	get := func(ctx context.Context) error { _, err := f.s.Report.Get(ctx, sm.ID); return err }
	tests := []struct {
		actor, step string
		do          func(context.Context) error
		want        string // error code, "" for success
	}{
		{"other secretary", "get", get, xuezuo.ENotFound},
		{"other secretary", "submit", submit, xuezuo.ENotFound},
		{"member", "get", get, xuezuo.ENotFound},
		{"inspector", "submit", submit, xuezuo.EForbidden},
		{"secretary", "submit", submit, ""},
		{"secretary", "accept", accept, xuezuo.EForbidden},
		{"other unit", "accept", accept, xuezuo.ENotFound},
		{"other unit", "return", ret, xuezuo.ENotFound},
		{"general branch", "get", get, ""},
		{"general branch", "accept", accept, xuezuo.EForbidden},
		{"inspector", "accept", accept, xuezuo.EForbidden},
		{"unit", "return", ret, ""},
		{"general branch", "submit", submit, ""}, // an organiser above the branch drafts and submits too
		{"root", "accept", accept, ""},           // a committee above the level above approves
		{"unit", "get", get, ""},
	}
	for _, tc := range tests {
		err := tc.do(actors[tc.actor])
		if got := xuezuo.ErrorCode(err); (tc.want == "" && err != nil) || (tc.want != "" && got != tc.want) {
			t.Errorf("%s %s: got %v, want %q", tc.actor, tc.step, err, tc.want)
		}
	}
	// Outside its reach a unit cannot even learn that a summary exists.
	if _, err := f.s.Report.Create(actors["other secretary"], f.b1.ID, f.topic); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("create for a foreign branch: got %v, want not found", err)
	}
	if _, err := f.s.Report.Accept(actors["unit"], other.ID); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("unit A accepts unit B's summary: got %v, want not found", err)
	}
	// The offered steps follow the same checks.
	sub := must(f.s.Report.Get(storetest.System(), other.ID))(t)
	if a := f.s.Report.Can(actors["other secretary"], sub); a != (report.Allowed{}) {
		t.Errorf("secretary on own submitted summary may: %+v", a)
	}
	if a := f.s.Report.Can(actors["root"], sub); a != (report.Allowed{Accept: true, Return: true}) {
		t.Errorf("root on a submitted summary may: %+v", a)
	}
}
