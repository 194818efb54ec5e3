package report_test

import (
	"reflect"
	"testing"

	"xuezuo"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// TestLate: a summary first submitted after its due date is flagged, never
// refused; the due date is the deadline plus 15 days unless a level above
// set another, and the first submit fixes it.
func TestLate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		topic    func(f *fixture) xuezuo.ID
		override xuezuo.Date // set by unit A; zero: none
		on       xuezuo.Date
		due      xuezuo.Date
		late     bool
	}{
		{"on the due day", func(f *fixture) xuezuo.ID { return f.topic }, xuezuo.Date{}, xuezuo.NewDate(2026, 5, 15), xuezuo.NewDate(2026, 5, 15), false},
		{"a day after", func(f *fixture) xuezuo.ID { return f.topic }, xuezuo.Date{}, xuezuo.NewDate(2026, 5, 16), xuezuo.NewDate(2026, 5, 15), true},
		{"later topic", func(f *fixture) xuezuo.ID { return f.laterTopic }, xuezuo.Date{}, xuezuo.NewDate(2026, 6, 15), xuezuo.NewDate(2026, 6, 25), false},
		{"unit's later date", func(f *fixture) xuezuo.ID { return f.topic }, xuezuo.NewDate(2026, 6, 30), xuezuo.NewDate(2026, 6, 15), xuezuo.NewDate(2026, 6, 30), false},
		{"unit's earlier date", func(f *fixture) xuezuo.ID { return f.topic }, xuezuo.NewDate(2026, 5, 5), xuezuo.NewDate(2026, 5, 10), xuezuo.NewDate(2026, 5, 5), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			topic := tc.topic(f)
			if !tc.override.IsZero() {
				unit := f.as(t, "unitadm", xuezuo.RoleOrgAdmin, f.unitA.ID)
				if err := f.s.Report.SetDue(unit, f.unitA.ID, topic, tc.override); err != nil {
					t.Fatal(err)
				}
			}
			sm := f.draft(t, f.b1.ID, topic, "观点")
			got := f.submitOn(t, sm.ID, tc.on)
			if got.Late != tc.late || got.DueOn != tc.due || got.State != report.Submitted {
				t.Errorf("got late %v due %s state %s, want late %v due %s", got.Late, got.DueOn, got.State, tc.late, tc.due)
			}
			// A later change of the due date does not re-judge the submission.
			if err := f.s.Report.SetDue(storetest.System(), f.root.ID, topic, xuezuo.NewDate(2026, 12, 31)); err != nil {
				t.Fatal(err)
			}
			if again := must(f.s.Report.Get(storetest.System(), sm.ID))(t); again.Late != tc.late || again.DueOn != tc.due {
				t.Errorf("after a new due date: late %v due %s", again.Late, again.DueOn)
			}
		})
	}
}

// TestSetDueRules: only a committee's organisers set a due date, and never
// before the topic's deadline.
func TestSetDueRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sec := f.as(t, "sec1", xuezuo.RoleSecretary, f.b1.ID)
	unitB := f.as(t, "unitB", xuezuo.RoleOrgAdmin, f.unitB.ID)
	day := xuezuo.NewDate(2026, 6, 1)
	if err := f.s.Report.SetDue(sec, f.b1.ID, f.topic, day); xuezuo.ErrorCode(err) != xuezuo.EForbidden {
		t.Errorf("secretary sets a due date: got %v, want forbidden", err)
	}
	if err := f.s.Report.SetDue(unitB, f.unitA.ID, f.topic, day); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("foreign unit sets a due date: got %v, want not found", err)
	}
	if err := f.s.Report.SetDue(storetest.System(), f.unitA.ID, f.topic, xuezuo.NewDate(2026, 4, 1)); xuezuo.ErrorFields(err)["due_on"] == "" {
		t.Errorf("due before the deadline: got %v, want invalid due_on", err)
	}
}

// TestStatusCounts checks the §5.6 counts against a hand-computed fixture:
//
//	一支部 accepted (submitted 05-10, on time)      二支部 returned (first submitted 06-15, late)
//	三支部 draft only (missing)                      四支部 set up 05-01, after the deadline: not expected
//	五支部 dissolved 04-01, before it: not expected  六支部 (unit B) submitted 05-10, resubmitted after nothing
//	七支部 (unit B) nothing at all (missing)
func TestStatusCounts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := storetest.System()
	b4 := must(f.s.Org.Create(ctx, org.Input{ParentID: f.unitA.ID, Name: "四支部", Kind: org.KindBranch, Established: xuezuo.NewDate(2026, 5, 1)}))(t)
	b5 := storetest.MustCreateOrg(t, f.s, f.unitA.ID, "五支部", org.KindBranch)
	b7 := storetest.MustCreateOrg(t, f.s, f.unitB.ID, "七支部", org.KindBranch)
	s1, s2 := f.draft(t, f.b1.ID, f.topic, "一"), f.draft(t, f.b2.ID, f.topic, "二")
	f.draft(t, f.b3.ID, f.topic, "三")
	s4, s6 := f.draft(t, b4.ID, f.topic, "四"), f.draft(t, f.b6.ID, f.topic, "六")
	if err := f.s.Org.Dissolve(ctx, b5.ID, xuezuo.NewDate(2026, 4, 1)); err != nil {
		t.Fatal(err)
	}
	f.submitOn(t, s1.ID, xuezuo.NewDate(2026, 5, 10))
	must(f.s.Report.Accept(ctx, s1.ID))(t)
	f.submitOn(t, s2.ID, xuezuo.NewDate(2026, 6, 15))
	must(f.s.Report.Return(ctx, s2.ID, "重写"))(t)
	f.submitOn(t, s4.ID, xuezuo.NewDate(2026, 6, 15))
	f.submitOn(t, s6.ID, xuezuo.NewDate(2026, 5, 10))
	// A summary on the other topic never counts for this one.
	f.submitOn(t, f.draft(t, b7.ID, f.laterTopic, "七").ID, xuezuo.NewDate(2026, 6, 15))

	row := func(o *org.Org, exp, sub, ret, acc, miss, late int) report.StatusRow {
		return report.StatusRow{OrgID: o.ID, Name: o.Name, Kind: o.Kind, Expected: exp, Submitted: sub, Returned: ret, Accepted: acc, Missing: miss, Late: late}
	}
	tests := []struct {
		name  string
		at    *org.Org
		rows  []report.StatusRow
		total report.StatusRow
	}{
		{"root", f.root, []report.StatusRow{row(f.unitA, 3, 0, 1, 1, 1, 1), row(f.unitB, 2, 1, 0, 0, 1, 0)}, row(f.root, 5, 1, 1, 1, 2, 1)},
		{"unit A", f.unitA, []report.StatusRow{row(f.gb, 2, 0, 1, 1, 0, 1), row(f.b3, 1, 0, 0, 0, 1, 0)}, row(f.unitA, 3, 0, 1, 1, 1, 1)},
		{"general branch", f.gb, []report.StatusRow{row(f.b1, 1, 0, 0, 1, 0, 0), row(f.b2, 1, 0, 1, 0, 0, 1)}, row(f.gb, 2, 0, 1, 1, 0, 1)},
		{"a branch itself", f.b2, []report.StatusRow{row(f.b2, 1, 0, 1, 0, 0, 1)}, row(f.b2, 1, 0, 1, 0, 0, 1)},
	}
	for _, tc := range tests {
		st, err := f.s.Report.Status(ctx, tc.at.ID, f.topic)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !reflect.DeepEqual(st.Rows, tc.rows) || st.Total != tc.total {
			t.Errorf("%s:\n got %+v total %+v\nwant %+v total %+v", tc.name, st.Rows, st.Total, tc.rows, tc.total)
		}
	}
	// Each level reads only its own subtree.
	unitB := f.as(t, "unitB", xuezuo.RoleOrgAdmin, f.unitB.ID)
	if _, err := f.s.Report.Status(unitB, f.unitA.ID, f.topic); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("unit B reads unit A's status: got %v, want not found", err)
	}
	// The drill-down lists the summaries behind a row, by state.
	list, total, err := f.s.Report.List(ctx, report.Filter{OrgID: f.gb.ID, TopicID: f.topic, State: report.Returned})
	if err != nil || total != 1 || len(list) != 1 || list[0].ID != s2.ID {
		t.Errorf("returned under the general branch: %d %+v %v", total, list, err)
	}
}
