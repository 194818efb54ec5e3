package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ds := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	cases := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value", ds(7), 99, 7 * time.Millisecond},
		{"median of odd", ds(1, 2, 3, 4, 5), 50, 3 * time.Millisecond},
		{"median of even is the lower middle", ds(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p95 of 20", ds(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20), 95, 19 * time.Millisecond},
		{"p100 is the max", ds(1, 2, 3), 100, 3 * time.Millisecond},
		{"p99 of 200 is the 198th", func() []time.Duration {
			v := make([]int, 200)
			for i := range v {
				v[i] = i + 1
			}
			return ds(v...)
		}(), 99, 198 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := percentile(tc.sorted, tc.p); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// units returns a hand-written two-unit expected answer.
func units() []ExpectedUnit {
	return []ExpectedUnit{
		{UnitID: 4, Name: "植物研究所党委", Branches: 2, Members: 30, TopicOnTime: [4]int{2, 1, 2, 0},
			AttendanceExpected: 200, AttendancePresent: 170, AttendanceRate: 0.85, Reflections: 60, ReflectionRate: 0.5,
			KeywordHits: map[string]int{wordCharter: 3}},
		{UnitID: 9, Name: "动物研究所党委", Branches: 1, Members: 10, TopicOnTime: [4]int{1, 1, 1, 1},
			AttendanceExpected: 80, AttendancePresent: 60, AttendanceRate: 0.75, Reflections: 20, ReflectionRate: 0.5},
	}
}

// rowOf turns an expected line into the matching API row.
func rowOf(u ExpectedUnit) ProgressRow {
	return ProgressRow{OrgID: u.UnitID, Name: u.Name, Branches: u.Branches, Members: u.Members, TopicOnTime: u.TopicOnTime[:],
		AttendancePresent: u.AttendancePresent, AttendanceExpected: u.AttendanceExpected, AttendanceRate: u.AttendanceRate,
		Reflections: u.Reflections, ReflectionRate: u.ReflectionRate}
}

func TestCheckUnits(t *testing.T) {
	want := units()
	cases := []struct {
		name   string
		change func(rows []ProgressRow) []ProgressRow
		bad    string // substring of the first problem; "" means pass
	}{
		{"exact answer passes", func(r []ProgressRow) []ProgressRow { return r }, ""},
		{"rate within 1e-9 passes", func(r []ProgressRow) []ProgressRow { r[0].AttendanceRate += 5e-10; return r }, ""},
		{"rate off by 1e-8 fails", func(r []ProgressRow) []ProgressRow { r[0].AttendanceRate += 1e-8; return r }, "attendance_rate"},
		{"reflection rate checked", func(r []ProgressRow) []ProgressRow { r[1].ReflectionRate = 0.4; return r }, "reflection_rate"},
		{"members exact", func(r []ProgressRow) []ProgressRow { r[1].Members++; return r }, "members got 11, want 10"},
		{"present exact", func(r []ProgressRow) []ProgressRow { r[0].AttendancePresent--; return r }, "attendance_present"},
		{"expected exact", func(r []ProgressRow) []ProgressRow { r[0].AttendanceExpected++; return r }, "attendance_expected"},
		{"reflections exact", func(r []ProgressRow) []ProgressRow { r[0].Reflections++; return r }, "reflections got"},
		{"topic on time exact", func(r []ProgressRow) []ProgressRow { r[0].TopicOnTime = []int{2, 1, 2, 1}; return r }, "topic_on_time"},
		{"missing unit", func(r []ProgressRow) []ProgressRow { return r[:1] }, "got 1 rows, want 2"},
		{"extra row", func(r []ProgressRow) []ProgressRow { return append(r, ProgressRow{OrgID: 99}) }, "got 3 rows"},
		{"wrong org id", func(r []ProgressRow) []ProgressRow { r[1].OrgID = 10; return r }, "unit 9 (动物研究所党委): no row"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows := tc.change([]ProgressRow{rowOf(want[0]), rowOf(want[1])})
			got := checkUnits(rows, want)
			switch {
			case tc.bad == "" && len(got) > 0:
				t.Errorf("got problems %q, want none", got)
			case tc.bad != "" && (len(got) == 0 || !strings.Contains(got[0], tc.bad)):
				t.Errorf("got problems %q, want one containing %q", got, tc.bad)
			}
		})
	}
}

func TestCheckBranches(t *testing.T) {
	unit := units()[0]
	good := func() []ProgressRow {
		return []ProgressRow{
			{OrgID: 5, Members: 16, TopicOnTime: []int{1, 1, 1, 0}, AttendancePresent: 100, AttendanceExpected: 120, Reflections: 40},
			{OrgID: 6, Members: 14, TopicOnTime: []int{1, 0, 1, 0}, AttendancePresent: 70, AttendanceExpected: 80, Reflections: 20},
		}
	}
	cases := []struct {
		name   string
		change func(r []ProgressRow)
		bad    string
	}{
		{"sums match", func(r []ProgressRow) {}, ""},
		{"members sum", func(r []ProgressRow) { r[0].Members++ }, "sum of members"},
		{"present sum", func(r []ProgressRow) { r[1].AttendancePresent++ }, "sum of attendance_present"},
		{"topic entry must be 0 or 1", func(r []ProgressRow) { r[0].TopicOnTime = []int{2, 1, 1, 0}; r[1].TopicOnTime = []int{0, 0, 1, 0} }, "want 0 or 1"},
		{"topic sums", func(r []ProgressRow) { r[1].TopicOnTime = []int{1, 0, 1, 1} }, "sum of topic_on_time"},
		{"branch ids", func(r []ProgressRow) { r[1].OrgID = 7 }, "branch ids differ"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows := good()
			tc.change(rows)
			got := checkBranches(rows, unit, []int64{6, 5})
			switch {
			case tc.bad == "" && len(got) > 0:
				t.Errorf("got problems %q, want none", got)
			case tc.bad != "" && (len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), tc.bad)):
				t.Errorf("got problems %q, want one containing %q", got, tc.bad)
			}
		})
	}
	if got := checkBranchRow(good(), 5, 16, []int{1, 1, 1, 0}, 100, 120, 40); len(got) > 0 {
		t.Errorf("spot check: got %q, want none", got)
	}
	if got := checkBranchRow(good(), 5, 16, []int{1, 1, 1, 0}, 101, 120, 40); len(got) == 0 {
		t.Error("spot check with a wrong present count passed")
	}
}

func TestCheckSearch(t *testing.T) {
	page := func() searchPage {
		return searchPage{Total: 3, Items: []searchItem{
			{ID: 30, SubmittedAt: "2016-12-14T08:02:27+08:00", Body: "认真学习党章"},
			{ID: 12, SubmittedAt: "2016-12-01T09:00:00+08:00", Body: "对照党章"},
			{ID: 11, SubmittedAt: "2016-12-01T09:00:00+08:00", Body: "党章党规"},
		}}
	}
	cases := []struct {
		name   string
		change func(p *searchPage)
		bad    string
	}{
		{"right page", func(p *searchPage) {}, ""},
		{"total", func(p *searchPage) { p.Total = 4 }, "total got 4, want 3"},
		{"body without the word", func(p *searchPage) { p.Items[1].Body = "学习讲话" }, "does not contain"},
		{"tie broken by id ascending", func(p *searchPage) { p.Items[1].ID, p.Items[2].ID = 11, 12 }, "out of order"},
		{"older first", func(p *searchPage) { p.Items[0], p.Items[1] = p.Items[1], p.Items[0] }, "out of order"},
		{"short page", func(p *searchPage) { p.Items = p.Items[:2] }, "got 2 items, want 3"},
		{"same order, other ids", func(p *searchPage) { p.Items[0].ID = 31 }, "ids got"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := page()
			tc.change(&p)
			got := checkSearch(p, wordCharter, 3, 20, []int64{30, 12, 11})
			switch {
			case tc.bad == "" && len(got) > 0:
				t.Errorf("got problems %q, want none", got)
			case tc.bad != "" && (len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), tc.bad)):
				t.Errorf("got problems %q, want one containing %q", got, tc.bad)
			}
		})
	}
}

func TestCheckLiveness(t *testing.T) {
	unit := units()[0]
	row := rowOf(unit)
	if got := checkLiveness([]ProgressRow{row}, unit); len(got) == 0 {
		t.Error("unchanged line passed: Q1 must show the new check-in")
	}
	row.AttendancePresent++
	row.AttendanceExpected++
	if got := checkLiveness([]ProgressRow{row}, unit); len(got) > 0 {
		t.Errorf("got %q, want none", got)
	}
}

// writeFixture writes a tiny data set: one region, two units, three
// branches (one under a general branch), five members, four reflections.
func writeFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"stats.json": `{"dataset_version":1,"scale":2,"seed":7,"probe_unit_id":3,"counts":{"members":5}}`,
		"expected_units.jsonl": `{"unit_id":3,"name":"甲所党委","branches":2,"members":3,"topic_on_time":[1,1,0,0],"keyword_hits":{"党章":2,"初心":1,"合格党员":0,"系列重要讲话":0}}
{"unit_id":7,"name":"乙所党委","branches":1,"members":2,"topic_on_time":[0,0,0,0],"keyword_hits":{}}
`,
		"orgs.jsonl": `{"id":1,"parent_id":null,"name":"根","kind":"root"}
{"id":2,"parent_id":1,"name":"京区","kind":"region"}
{"id":3,"parent_id":2,"name":"甲所党委","kind":"unit"}
{"id":4,"parent_id":3,"name":"机关第一党支部","kind":"branch"}
{"id":5,"parent_id":3,"name":"研究生党总支","kind":"general_branch"}
{"id":6,"parent_id":5,"name":"研究生第一党支部","kind":"branch"}
{"id":7,"parent_id":2,"name":"乙所党委","kind":"unit"}
{"id":8,"parent_id":7,"name":"机关第一党支部","kind":"branch"}
`,
		"members.jsonl": `{"id":1,"org_id":4}
{"id":2,"org_id":4}
{"id":3,"org_id":6}
{"id":4,"org_id":8}
{"id":5,"org_id":8}
`,
		"reflections.jsonl": `{"id":1,"member_id":1,"submitted_at":"2016-04-01T08:00:00+08:00","body":"学习党章，不忘初心"}
{"id":2,"member_id":3,"submitted_at":"2016-04-02T08:00:00+08:00","body":"党章"}
{"id":3,"member_id":4,"submitted_at":"2016-04-03T08:00:00+08:00","body":"党章"}
{"id":4,"member_id":2,"submitted_at":"2016-04-03T08:00:00+08:00","body":"讲规矩"}
`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDataset(t *testing.T) {
	ds, err := loadDataset(writeFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	if ds.Scale != 2 || ds.Seed != 7 || ds.ProbeUnitID != 3 || len(ds.Units) != 2 {
		t.Fatalf("got scale %d seed %d probe %d units %d, want 2 7 3 2", ds.Scale, ds.Seed, ds.ProbeUnitID, len(ds.Units))
	}
	if got := ds.branches[3]; !slices.Equal(got, []int64{4, 6}) {
		t.Errorf("branches of unit 3: got %v, want [4 6] (a branch under a general branch counts)", got)
	}
	hits, err := ds.probeHits(3)
	if err != nil {
		t.Fatal(err)
	}
	// Member 4 belongs to the other unit, so reflection 3 is not a hit.
	if got := topIDs(hits[wordCharter], 20); !slices.Equal(got, []int64{2, 1}) {
		t.Errorf("党章 hits: got %v, want [2 1] (newest first, own unit only)", got)
	}
	if got := len(hits[wordOrigin]); got != 1 {
		t.Errorf("初心 hits: got %d, want 1", got)
	}
	if got := w1Branches(ds); !slices.Equal(got, []int64{8}) {
		t.Errorf("W1 branches: got %v, want [8] (outside the probe unit)", got)
	}
}

func TestOrderPairs(t *testing.T) {
	members := map[int64][]int64{4: {1, 2}, 8: {4, 5, 6}}
	// Meeting 11 was not created (id 0): its branch's members give no pairs.
	pairs, n := orderPairs([]int64{4, 8, 4}, []int64{10, 11, 0}, members)
	want := []pair{{10, 1}, {11, 4}, {10, 2}, {11, 5}, {11, 6}}
	if n != 2 || !slices.Equal(pairs, want) {
		t.Errorf("got %v (%d meetings), want %v (2 meetings)", pairs, n, want)
	}
}

func TestCheckLoopback(t *testing.T) {
	for raw, ok := range map[string]bool{
		"http://127.0.0.1:18080": true, "http://localhost:8080": true, "http://[::1]:80": true,
		"http://10.0.0.1:80": false, "https://127.0.0.1:80": false, "http://example.com": false,
	} {
		if err := checkLoopback(raw); (err == nil) != ok {
			t.Errorf("%s: got error %v, want ok=%v", raw, err, ok)
		}
	}
}

func TestTargets(t *testing.T) {
	r := &Results{ImportSeconds: 30,
		Queries: []QueryResult{{Name: "Q1 unit progress", N: 200, MedianMS: 12, Pass: true},
			{Name: "Q2 branch drill-down", N: 200, MedianMS: 4, Pass: true},
			{Name: "Q3 search 党章", N: 200, MedianMS: 5, Pass: false}},
		W1: &W1Result{PerSecond: 7000, Valid: true}, PeakRSSKiB: 100 * 1024}
	got := targets(r)
	for _, want := range []string{"import 30.0 s ≤ 45 s ✓", "Q2 4.00 ms ≤ 3 ms ✗", "Q3 5.00 ms ≤ 10 ms ✗", "W1 7000/s ≥ 6000/s with 0 errors ✓", "4 of 6 met"} {
		if !strings.Contains(got, want) {
			t.Errorf("targets %q lacks %q", got, want)
		}
	}
}
