package report_test

import (
	"fmt"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// lecture records a lecture held by holder on a day of 2026Q2.
func (f *chainFixture) lecture(t *testing.T, holder *org.Org, title string) *meeting.Meeting {
	t.Helper()
	return must(f.s.Meeting.Create(storetest.System(), meeting.Input{OrgID: holder.ID, Kind: meeting.KindLecture, Title: title,
		HeldOn: xuezuo.NewDate(2026, 5, 8), Lecture: meeting.LectureInput{Kind: meeting.LecturerExpert, Name: "刘教授",
			Material: "党课讲稿"}}))(t)
}

// TestForwardLecture walks a branch's lecture from its secretary to the
// unit and on to the region, and the unit's own lecture from the unit's
// organiser: each chain carries the lecture, named by its holding org and
// title, and the readers of the lecture see where it was recommended.
func TestForwardLecture(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	branch := f.lecture(t, f.b1, "学党章守规矩")
	own := f.lecture(t, f.unit, "七一专题党课")
	day := xuezuo.NewDate(2026, 5, 20)
	f1 := f.forward(t, f.secretary, day, report.ForwardInput{Kind: report.KindLecture, ItemID: branch.ID, Note: "讲得生动"})
	f2 := f.forward(t, f.unitAdmin, day, report.ForwardInput{Kind: report.KindForward, ItemID: f1.ID, Note: "本所优秀党课"})
	f3 := f.forward(t, f.unitAdmin, day, report.ForwardInput{Kind: report.KindLecture, ItemID: own.ID, Note: "所党委书记讲"})
	cases := []struct {
		name       string
		fw         *report.Forward
		kind       string
		from, to   xuezuo.ID
		origin     xuezuo.ID
		hops       int
		title      string
		inboxTotal int
	}{
		{"secretary sends the branch's lecture to the unit", f1, report.KindLecture, f.b1.ID, f.unit.ID, branch.ID, 1,
			"一支部党课《学党章守规矩》", 1},
		{"the unit sends it on to the region", f2, report.KindForward, f.unit.ID, f.region.ID, branch.ID, 2,
			"一支部党课《学党章守规矩》", 2},
		{"the unit's organiser sends the unit's own lecture", f3, report.KindLecture, f.unit.ID, f.region.ID, own.ID, 1,
			"甲所党委党课《七一专题党课》", 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fw := tc.fw
			if fw.Kind != tc.kind || fw.OriginKind != report.KindLecture || fw.OriginID != tc.origin || fw.FromOrgID != tc.from ||
				fw.ToOrgID != tc.to || len(fw.Chain) != tc.hops || fw.Title != tc.title {
				t.Errorf("got %s/%s origin %d %d → %d, %d hops, title %q; want %s/lecture origin %d %d → %d, %d hops, %q",
					fw.Kind, fw.OriginKind, fw.OriginID, fw.FromOrgID, fw.ToOrgID, len(fw.Chain), fw.Title,
					tc.kind, tc.origin, tc.from, tc.to, tc.hops, tc.title)
			}
			// The receiving level's inbox names it the same way.
			items, total := must2(f.s.Report.Inbox(storetest.System(), report.InboxFilter{OrgID: tc.to, Quarter: "2026Q2"}))(t)
			found := false
			for _, it := range items {
				if it.ID == fw.ID {
					found = it.Title == tc.title && len(it.Chain) == tc.hops
				}
			}
			if total != tc.inboxTotal || !found {
				t.Errorf("inbox of %d: got %d items %+v, want %d with forward %d titled %q", tc.to, total, items, tc.inboxTotal, fw.ID, tc.title)
			}
		})
	}
	// The inbox filters by kind lecture.
	if _, total := must2(f.s.Report.Inbox(storetest.System(), report.InboxFilter{OrgID: f.region.ID, Quarter: "2026Q2",
		Kind: report.KindLecture}))(t); total != 1 {
		t.Errorf("region's lecture inbox: got %d, want 1", total)
	}
	// The secretary sees the branch's lecture recommended to the unit and the region.
	hops, err := f.s.Report.LectureRecognition(f.secretary, branch.ID)
	if err != nil {
		t.Fatal(err)
	}
	var to []string
	for _, h := range hops {
		to = append(to, h.ToOrgName)
	}
	if got, want := strings.Join(to, ","), "甲所党委,京区党委"; got != want {
		t.Errorf("recognition: got %s, want %s", got, want)
	}
	if _, err := f.s.Report.LectureRecognition(f.otherAdmin, branch.ID); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("other unit reads the recognition: got %v, want not found", err)
	}
	// The region adopts the unit's lecture: the bulletin's highlight names it.
	must(f.s.Report.Adopt(f.regionAdmin, f3.ID))(t)
	since, until, _ := report.ParseQuarter("2026Q2")
	hs := must(f.s.Store.AdoptedForwards(storetest.System(), f.region.ID, since, until))(t)
	if len(hs) != 1 || hs[0].Kind != report.KindLecture || hs[0].Title != "甲所党委党课《七一专题党课》" {
		t.Errorf("highlights: got %+v, want the unit's lecture", hs)
	}
}

// TestForwardLectureRefusals: a lecture outside the actor's reach is not
// found, a meeting of another kind is refused as such when the actor reads
// it, an audience branch's secretary reads the unit's lecture but may not
// forward it, a second forward is a conflict and the lecture quota refuses
// the excess.
func TestForwardLectureRefusals(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	branch := f.lecture(t, f.b1, "一支部党课")
	own := f.lecture(t, f.unit, "甲所党课")
	foreign := f.lecture(t, f.b6, "六支部机密党课")
	study := must(f.s.Meeting.Create(storetest.System(), meeting.Input{OrgID: f.b1.ID, Kind: "branch_assembly",
		HeldOn: xuezuo.NewDate(2026, 5, 8), Title: "支部党员大会"}))(t)
	day := xuezuo.NewDate(2026, 5, 20)
	f1 := f.forward(t, f.secretary, day, report.ForwardInput{Kind: report.KindLecture, ItemID: branch.ID, Note: "好"})
	if err := f.s.Report.SetQuota(f.regionAdmin, report.Quota{ToOrgID: f.region.ID, Kind: report.KindLecture, Quarter: "2026Q2", Max: 1}); err != nil {
		t.Fatal(err)
	}
	f.forward(t, f.unitAdmin, day, report.ForwardInput{Kind: report.KindLecture, ItemID: own.ID, Note: "好"})
	cases := []struct {
		name  string
		actor string
		in    report.ForwardInput
		code  string
		msg   string
	}{
		{"a foreign lecture", "unit", report.ForwardInput{Kind: report.KindLecture, ItemID: foreign.ID, Note: "越权"}, xuezuo.ENotFound, "党课不存在"},
		{"a foreign meeting of another kind", "other", report.ForwardInput{Kind: report.KindLecture, ItemID: study.ID, Note: "越权"},
			xuezuo.ENotFound, "党课不存在"},
		{"a readable meeting that is no lecture", "unit", report.ForwardInput{Kind: report.KindLecture, ItemID: study.ID, Note: "会议"},
			xuezuo.EInvalid, "只能推荐党课"},
		{"an audience branch's secretary and the unit's lecture", "secretary",
			report.ForwardInput{Kind: report.KindLecture, ItemID: own.ID, Note: "好"}, xuezuo.EForbidden, "无权"},
		{"naming an org outside the lecture's holder", "unit",
			report.ForwardInput{Kind: report.KindLecture, ItemID: branch.ID, Note: "好", FromOrgID: f.other.ID}, xuezuo.EForbidden, "无权"},
		{"the same lecture again", "secretary", report.ForwardInput{Kind: report.KindLecture, ItemID: branch.ID, Note: "再报"},
			xuezuo.EConflict, "不能重复报送"},
		{"a second lecture over the region's quota", "unit", report.ForwardInput{Kind: report.KindForward, ItemID: f1.ID, Note: "推荐"},
			xuezuo.EConflict, "党课已达名额上限（1 件）"},
		{"no note", "unit", report.ForwardInput{Kind: report.KindLecture, ItemID: branch.ID}, xuezuo.EInvalid, "请填写推荐理由"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			actor := f.unitAdmin
			switch tc.actor {
			case "other":
				actor = f.otherAdmin
			case "secretary":
				actor = f.secretary
			}
			f.clk.on(day)
			_, err := f.s.Report.Forward(actor, tc.in)
			text := xuezuo.ErrorMessage(err) + fmt.Sprint(xuezuo.ErrorFields(err))
			if xuezuo.ErrorCode(err) != tc.code || !strings.Contains(text, tc.msg) {
				t.Errorf("got %v, want %s with %q", err, tc.code, tc.msg)
			}
			for _, secret := range []string{"六支部", "乙所党委", "支部党员大会"} {
				if strings.Contains(text, secret) {
					t.Errorf("message leaks %q: %v", secret, err)
				}
			}
		})
	}
	// The refusals left the region one lecture and the unit one.
	for _, c := range []struct {
		org  xuezuo.ID
		want int
	}{{f.region.ID, 1}, {f.unit.ID, 1}} {
		if _, total := must2(f.s.Report.Inbox(storetest.System(), report.InboxFilter{OrgID: c.org, Quarter: "2026Q2"}))(t); total != c.want {
			t.Errorf("inbox of %d: got %d, want %d", c.org, total, c.want)
		}
	}
	// The page's question agrees with Forward.
	for _, c := range []struct {
		name string
		ok   bool
		got  bool
	}{
		{"secretary, own branch's lecture (sent already, still offered: the 409 explains)", true,
			f.s.Report.CanForwardItem(f.secretary, report.KindLecture, branch.ID)},
		{"secretary, the unit's lecture", false, f.s.Report.CanForwardItem(f.secretary, report.KindLecture, own.ID)},
		{"unit, a foreign lecture", false, f.s.Report.CanForwardItem(f.unitAdmin, report.KindLecture, foreign.ID)},
		{"unit, a meeting of another kind", false, f.s.Report.CanForwardItem(f.unitAdmin, report.KindLecture, study.ID)},
		{"top, nowhere to send", false, f.s.Report.CanForwardItem(f.topAdmin, report.KindLecture, own.ID)},
	} {
		if c.got != c.ok {
			t.Errorf("CanForwardItem %s: got %v, want %v", c.name, c.got, c.ok)
		}
	}
}

// TestForwardLectureFigures: §5.7 for lectures at the unit in 2026Q2 is
// what the unit forwarded of kind lecture over the lectures its subtree
// held in the quarter; a lecture held on 1 July counts in Q3.
func TestForwardLectureFigures(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	branch := f.lecture(t, f.b1, "一支部党课")
	own := f.lecture(t, f.unit, "甲所党课")
	f.lecture(t, f.b2, "二支部党课")
	f.clk.on(xuezuo.NewDate(2026, 7, 2))
	must(f.s.Meeting.Create(storetest.System(), meeting.Input{OrgID: f.b2.ID, Kind: meeting.KindLecture, Title: "七月党课",
		HeldOn: xuezuo.NewDate(2026, 7, 1), Lecture: meeting.LectureInput{Kind: meeting.LecturerExpert, Name: "王教授"}}))(t)
	day := xuezuo.NewDate(2026, 5, 20)
	f.forward(t, f.secretary, day, report.ForwardInput{Kind: report.KindLecture, ItemID: branch.ID, Note: "好"})
	f.forward(t, f.unitAdmin, day, report.ForwardInput{Kind: report.KindLecture, ItemID: own.ID, Note: "好"})
	cases := []struct {
		name            string
		org             xuezuo.ID
		quarter         string
		forwarded, base int
	}{
		{"unit Q2", f.unit.ID, "2026Q2", 1, 3},
		{"branch Q2", f.b1.ID, "2026Q2", 1, 1},
		{"unit Q3", f.unit.ID, "2026Q3", 0, 1},
		{"region Q2", f.region.ID, "2026Q2", 0, 3},
		{"other unit Q2", f.other.ID, "2026Q2", 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			figs := must(f.s.Report.ForwardFigures(storetest.System(), tc.org, tc.quarter))(t)
			var got *report.ForwardFigure
			for i := range figs {
				if figs[i].Kind == report.KindLecture {
					got = &figs[i]
				}
			}
			if got == nil || got.Forwarded != tc.forwarded || got.Base != tc.base {
				t.Errorf("got %+v, want %d of %d", got, tc.forwarded, tc.base)
			}
		})
	}
}
