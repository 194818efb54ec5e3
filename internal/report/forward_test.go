package report_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// TestForwardChain walks a reflection from its branch to the unit, the
// region and the top, each hop with its own note: every level sees the item
// in its inbox of the quarter with the whole chain, oldest first, and the
// author sees where it was recommended to.
func TestForwardChain(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	r := f.reflect(t, 0, xuezuo.NewDate(2026, 5, 10))
	day := xuezuo.NewDate(2026, 5, 20)
	f1 := f.forward(t, f.secretary, day, report.ForwardInput{Kind: report.KindReflection, ItemID: r.ID, Note: "联系实际，真情实感"})
	f2 := f.forward(t, f.unitAdmin, day, report.ForwardInput{Kind: report.KindForward, ItemID: f1.ID, Note: "本所优秀心得"})
	f3 := f.forward(t, f.regionAdmin, day, report.ForwardInput{Kind: report.KindForward, ItemID: f2.ID, Note: "京区推荐"})
	levels := []struct {
		name  string
		fw    *report.Forward
		from  xuezuo.ID
		to    xuezuo.ID
		orgs  []xuezuo.ID
		notes []string
	}{
		{name: "branch to unit", fw: f1, from: f.b1.ID, to: f.unit.ID, orgs: []xuezuo.ID{f.b1.ID}, notes: []string{"联系实际，真情实感"}},
		{name: "unit to region", fw: f2, from: f.unit.ID, to: f.region.ID, orgs: []xuezuo.ID{f.b1.ID, f.unit.ID},
			notes: []string{"联系实际，真情实感", "本所优秀心得"}},
		{name: "region to top", fw: f3, from: f.region.ID, to: f.top.ID, orgs: []xuezuo.ID{f.b1.ID, f.unit.ID, f.region.ID},
			notes: []string{"联系实际，真情实感", "本所优秀心得", "京区推荐"}},
	}
	for _, tc := range levels {
		t.Run(tc.name, func(t *testing.T) {
			if tc.fw.FromOrgID != tc.from || tc.fw.ToOrgID != tc.to || tc.fw.Quarter != "2026Q2" || tc.fw.OriginID != r.ID {
				t.Errorf("got from %d to %d quarter %s origin %d, want %d %d 2026Q2 %d", tc.fw.FromOrgID, tc.fw.ToOrgID, tc.fw.Quarter,
					tc.fw.OriginID, tc.from, tc.to, r.ID)
			}
			// The receiving level reads it in its inbox, chain and all.
			ctx := storetest.System()
			items, total := must2(f.s.Report.Inbox(ctx, report.InboxFilter{OrgID: tc.to, Quarter: "2026Q2"}))(t)
			if total != 1 || len(items) != 1 || items[0].ID != tc.fw.ID {
				t.Fatalf("inbox of %d: got %d items %+v, want forward %d", tc.to, total, items, tc.fw.ID)
			}
			chain := items[0].Chain
			if len(chain) != len(tc.orgs) {
				t.Fatalf("chain: got %d hops, want %d", len(chain), len(tc.orgs))
			}
			for i, h := range chain {
				if h.OrgID != tc.orgs[i] || h.Note != tc.notes[i] || h.At.IsZero() || h.ByUserID == 0 {
					t.Errorf("hop %d: got %+v, want org %d note %q", i, h, tc.orgs[i], tc.notes[i])
				}
			}
		})
	}
	// The region's organiser reads the chain from its own inbox too.
	if got, err := f.s.Report.GetForward(f.regionAdmin, f2.ID); err != nil || len(got.Chain) != 2 {
		t.Errorf("region reads f2: %+v, %v", got, err)
	}
	// The author sees the recognition: recommended to the unit, the region, the top.
	hops, err := f.s.Report.Recognition(f.authors[0], r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var to []string
	for _, h := range hops {
		to = append(to, h.ToOrgName)
	}
	if got, want := strings.Join(to, ","), "甲所党委,京区党委,院党组"; got != want {
		t.Errorf("recognition: got %s, want %s", got, want)
	}
	// Another member of the branch is not told about it.
	if _, err := f.s.Report.Recognition(f.authors[1], r.ID); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("peer reads recognition: got %v, want not found", err)
	}
	// The top adopts it once.
	if fw, err := f.s.Report.Adopt(f.topAdmin, f3.ID); err != nil || !fw.Adopted {
		t.Fatalf("adopt: %+v, %v", fw, err)
	}
	if _, err := f.s.Report.Adopt(f.topAdmin, f3.ID); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("second adopt: got %v, want conflict", err)
	}
	// The region reads what it sent but may not adopt it for the top; the
	// other unit, which reads none of it, is told nothing.
	if _, err := f.s.Report.Adopt(f.regionAdmin, f3.ID); xuezuo.ErrorCode(err) != xuezuo.EForbidden {
		t.Errorf("region adopts the top's: got %v, want forbidden", err)
	}
	if _, err := f.s.Report.Adopt(f.otherAdmin, f3.ID); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("other unit adopts: got %v, want not found", err)
	}
}

func must2[A, B any](a A, b B, err error) func(t *testing.T) (A, B) {
	return func(t *testing.T) (A, B) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
}

// TestForwardRefusals: items outside the own subtree are not found, a
// second forward of one item from one org and a quota's excess are
// conflicts, and only accepted summaries and known kinds go up.
func TestForwardRefusals(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	day := xuezuo.NewDate(2026, 5, 20)
	r := f.reflect(t, 0, xuezuo.NewDate(2026, 5, 10))
	sm1 := f.acceptedSummary(t, f.b1.ID, xuezuo.NewDate(2026, 5, 12))
	sm2 := f.acceptedSummary(t, f.b2.ID, xuezuo.NewDate(2026, 5, 12))
	sm6 := f.acceptedSummary(t, f.b6.ID, xuezuo.NewDate(2026, 5, 12))
	f1 := f.forward(t, f.secretary, day, report.ForwardInput{Kind: report.KindReflection, ItemID: r.ID, Note: "好"})
	// The region caps each unit at one summary in the quarter.
	if err := f.s.Report.SetQuota(f.regionAdmin, report.Quota{ToOrgID: f.region.ID, Kind: report.KindSummary, Quarter: "2026Q2", Max: 1}); err != nil {
		t.Fatal(err)
	}
	first := f.forward(t, f.unitAdmin, day, report.ForwardInput{Kind: report.KindSummary, ItemID: sm1.ID, Note: "材料扎实"})
	if first.FromOrgID != f.unit.ID || first.ToOrgID != f.region.ID {
		t.Errorf("summary forward: got %d → %d, want unit → region", first.FromOrgID, first.ToOrgID)
	}
	cases := []struct {
		name string
		in   report.ForwardInput
	}{
		{"other unit's summary", report.ForwardInput{Kind: report.KindSummary, ItemID: sm1.ID, Note: "越权"}},
		{"other unit's reflection", report.ForwardInput{Kind: report.KindReflection, ItemID: r.ID, Note: "越权"}},
		{"other unit's forward", report.ForwardInput{Kind: report.KindForward, ItemID: f1.ID, Note: "越权"}},
		{"naming an org the item is outside", report.ForwardInput{Kind: report.KindSummary, ItemID: sm1.ID, Note: "越权",
			FromOrgID: f.other.ID}},
		{"no note either", report.ForwardInput{Kind: report.KindSummary, ItemID: sm1.ID}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.Report.Forward(f.otherAdmin, tc.in)
			if got := xuezuo.ErrorCode(err); got != xuezuo.ENotFound {
				t.Errorf("got %v, want not found", err)
			}
			for _, secret := range []string{"一支部", "甲所党委", "党员甲"} {
				if strings.Contains(xuezuo.ErrorMessage(err), secret) {
					t.Errorf("message leaks %q: %v", secret, err)
				}
			}
		})
	}
	steps := []struct {
		name string
		in   report.ForwardInput
		code string
		msg  string
	}{
		{"the same summary again", report.ForwardInput{Kind: report.KindSummary, ItemID: sm1.ID, Note: "再报"}, xuezuo.EConflict, "不能重复报送"},
		{"a second summary over the quota", report.ForwardInput{Kind: report.KindSummary, ItemID: sm2.ID, Note: "第二份"}, xuezuo.EConflict, "名额上限（1 件）"},
		{"an unknown kind", report.ForwardInput{Kind: "meeting", ItemID: 1, Note: "会议"}, xuezuo.EInvalid, "请选择报送的材料类型"},
		{"no note", report.ForwardInput{Kind: report.KindForward, ItemID: f1.ID, Note: "  "}, xuezuo.EInvalid, "请填写推荐理由"},
	}
	for _, tc := range steps {
		t.Run(tc.name, func(t *testing.T) {
			f.clk.on(day)
			_, err := f.s.Report.Forward(f.unitAdmin, tc.in)
			text := xuezuo.ErrorMessage(err) + fmt.Sprint(xuezuo.ErrorFields(err))
			if xuezuo.ErrorCode(err) != tc.code || !strings.Contains(text, tc.msg) {
				t.Errorf("got %v, want %s with %q", err, tc.code, tc.msg)
			}
		})
	}
	// A reflection quota counts reflections passed on as forwards: the
	// region takes one per unit, so the unit's second is refused.
	if err := f.s.Report.SetQuota(f.regionAdmin, report.Quota{ToOrgID: f.region.ID, Kind: report.KindReflection, Quarter: "2026Q2", Max: 1}); err != nil {
		t.Fatal(err)
	}
	f2 := f.forward(t, f.secretary, day, report.ForwardInput{Kind: report.KindReflection, ItemID: f.reflect(t, 1, day).ID, Note: "也好"})
	f.forward(t, f.unitAdmin, day, report.ForwardInput{Kind: report.KindForward, ItemID: f1.ID, Note: "推荐"})
	f.clk.on(day)
	if _, err := f.s.Report.Forward(f.unitAdmin, report.ForwardInput{Kind: report.KindForward, ItemID: f2.ID, Note: "也推荐"}); xuezuo.ErrorCode(err) != xuezuo.EConflict ||
		!strings.Contains(xuezuo.ErrorMessage(err), "心得体会已达名额上限（1 件）") {
		t.Errorf("second reflection over the quota: got %v", err)
	}
	if err := f.s.Report.SetQuota(f.regionAdmin, report.Quota{ToOrgID: f.region.ID, Kind: report.KindForward, Quarter: "2026Q2", Max: 1}); xuezuo.ErrorFields(err)["kind"] == "" {
		t.Errorf("a quota on forwards: got %v, want a kind field error", err)
	}
	if err := f.s.Report.SetQuota(f.unitAdmin, report.Quota{ToOrgID: f.region.ID, Kind: report.KindSummary, Quarter: "2026Q2", Max: 9}); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		// The region lies above the unit's subtree: not found, like any org outside it.
		t.Errorf("the unit sets the region's quota: got %v, want not found", err)
	}
	// The refused forwards left nothing behind: the region holds one
	// summary and one reflection.
	if _, total := must2(f.s.Report.Inbox(storetest.System(), report.InboxFilter{OrgID: f.region.ID, Quarter: "2026Q2"}))(t); total != 2 {
		t.Errorf("region inbox: got %d, want 2", total)
	}
	// The quota is per quarter: the next quarter takes the second summary.
	if fw := f.forward(t, f.unitAdmin, xuezuo.NewDate(2026, 7, 1), report.ForwardInput{Kind: report.KindSummary, ItemID: sm2.ID,
		Note: "第二份"}); fw.Quarter != "2026Q3" {
		t.Errorf("next quarter: got %s, want 2026Q3", fw.Quarter)
	}
	// B's unit sends its own branch's summary to the top, its level above.
	if fw := f.forward(t, f.otherAdmin, day, report.ForwardInput{Kind: report.KindSummary, ItemID: sm6.ID, Note: "乙所"}); fw.ToOrgID != f.top.ID {
		t.Errorf("unit under the top: got to %d, want %d", fw.ToOrgID, f.top.ID)
	}
	// A member cannot forward the own reflection.
	if _, err := f.s.Report.Forward(f.authors[0], report.ForwardInput{Kind: report.KindReflection, ItemID: r.ID, Note: "自荐"}); err == nil {
		t.Error("the author forwarded the own reflection")
	}
}

// TestForwardFigures checks §5.7 on a hand-computed fixture at the unit in
// 2026Q2: two summaries accepted, one forwarded (1/2); three reflections
// submitted in the unit's subtree, none forwarded by the unit itself (0/3);
// one forward received from the branch and sent on (1/1). The branch
// forwarded one of its three reflections (1/3). A forward made on 1 July
// (Q3 in Beijing) and a summary accepted in Q3 count in Q3 only.
func TestForwardFigures(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	q2 := xuezuo.NewDate(2026, 5, 20)
	var rs []xuezuo.ID
	for i := range 3 {
		rs = append(rs, f.reflect(t, i, xuezuo.NewDate(2026, 5, 10)).ID)
	}
	sm1 := f.acceptedSummary(t, f.b1.ID, xuezuo.NewDate(2026, 5, 12))
	f.acceptedSummary(t, f.b2.ID, xuezuo.NewDate(2026, 6, 30))
	f.forward(t, f.unitAdmin, q2, report.ForwardInput{Kind: report.KindSummary, ItemID: sm1.ID, Note: "好"})
	f1 := f.forward(t, f.secretary, q2, report.ForwardInput{Kind: report.KindReflection, ItemID: rs[0], Note: "好"})
	f.forward(t, f.unitAdmin, q2, report.ForwardInput{Kind: report.KindForward, ItemID: f1.ID, Note: "好"})
	// Q3: the second reflection goes up on 1 July, 00:30 Beijing.
	f.clk.mu.Lock()
	f.clk.t = time.Date(2026, 7, 1, 0, 30, 0, 0, xuezuo.Beijing)
	f.clk.mu.Unlock()
	if _, err := f.s.Report.Forward(f.secretary, report.ForwardInput{Kind: report.KindReflection, ItemID: rs[1], Note: "好"}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		org     xuezuo.ID
		quarter string
		want    [4][2]int // summary, reflection, lecture, forward: forwarded, base
	}{
		{"unit Q2", f.unit.ID, "2026Q2", [4][2]int{{1, 2}, {0, 3}, {0, 0}, {1, 1}}},
		{"branch Q2", f.b1.ID, "2026Q2", [4][2]int{{0, 1}, {1, 3}, {0, 0}, {0, 0}}},
		{"branch Q3", f.b1.ID, "2026Q3", [4][2]int{{0, 0}, {1, 0}, {0, 0}, {0, 0}}},
		{"region Q2", f.region.ID, "2026Q2", [4][2]int{{0, 2}, {0, 3}, {0, 0}, {0, 2}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			figs, err := f.s.Report.ForwardFigures(storetest.System(), tc.org, tc.quarter)
			if err != nil {
				t.Fatal(err)
			}
			for i, kind := range report.Kinds {
				if figs[i].Kind != kind || figs[i].Forwarded != tc.want[i][0] || figs[i].Base != tc.want[i][1] {
					t.Errorf("%s: got %+v, want %v", kind, figs[i], tc.want[i])
				}
			}
		})
	}
}

// TestQuarter pins the Beijing calendar quarter and its parsing.
func TestQuarter(t *testing.T) {
	t.Parallel()
	cases := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2016, 3, 31, 15, 59, 0, 0, time.UTC), "2016Q1"},
		{time.Date(2016, 3, 31, 16, 0, 0, 0, time.UTC), "2016Q2"}, // 1 April 00:00 in Beijing
		{time.Date(2016, 12, 31, 16, 30, 0, 0, time.UTC), "2017Q1"},
	}
	for _, tc := range cases {
		if got := report.QuarterOf(tc.at); got != tc.want {
			t.Errorf("QuarterOf(%v): got %s, want %s", tc.at, got, tc.want)
		}
	}
	since, until, err := report.ParseQuarter("2016Q2")
	if err != nil || !since.Equal(time.Date(2016, 4, 1, 0, 0, 0, 0, xuezuo.Beijing)) || !until.Equal(time.Date(2016, 7, 1, 0, 0, 0, 0, xuezuo.Beijing)) {
		t.Errorf("ParseQuarter: got %v %v %v", since, until, err)
	}
	for _, bad := range []string{"", "2016Q5", "2016Q0", "2016-Q2", "16Q2", "2016Q2x", "２016Q2"} {
		if _, _, err := report.ParseQuarter(bad); xuezuo.ErrorFields(err)["quarter"] == "" {
			t.Errorf("ParseQuarter(%q): got %v, want a quarter field error", bad, err)
		}
	}
}
