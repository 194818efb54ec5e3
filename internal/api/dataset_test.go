package api_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/api"
	"xuezuo/internal/store/storetest"
)

// fixture is the committed scale-1 seed-1 benchmark data set.
const fixture = "../dataset/testdata/s1"

type expectedUnit struct {
	UnitID             xuezuo.ID      `json:"unit_id"`
	Branches           int            `json:"branches"`
	Members            int            `json:"members"`
	TopicOnTime        []int          `json:"topic_on_time"`
	AttendanceExpected int            `json:"attendance_expected"`
	AttendancePresent  int            `json:"attendance_present"`
	AttendanceRate     float64        `json:"attendance_rate"`
	Reflections        int            `json:"reflections"`
	ReflectionRate     float64        `json:"reflection_rate"`
	KeywordHits        map[string]int `json:"keyword_hits"`
}

type progressRow struct {
	OrgID              xuezuo.ID `json:"org_id"`
	Branches           int       `json:"branches"`
	Members            int       `json:"members"`
	TopicOnTime        []int     `json:"topic_on_time"`
	AttendancePresent  int       `json:"attendance_present"`
	AttendanceExpected int       `json:"attendance_expected"`
	AttendanceRate     float64   `json:"attendance_rate"`
	Reflections        int       `json:"reflections"`
	ReflectionRate     float64   `json:"reflection_rate"`
}

// TestDatasetAnswersThroughAPI imports the scale-1 fixture and checks the
// benchmark's Q1, Q2, Q3 and the liveness of Q1 through the API, as a user
// granted org_admin on the root: every unit line equals expected_units.jsonl
// (counts exact, rates within 1e-9), the probe unit's branch rows add up to
// its unit line, and the search total equals the unit's keyword hits.
func TestDatasetAnswersThroughAPI(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	if _, err := s.Dataset.Import(storetest.System(), fixture, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Store.VerifyFigures(storetest.System(), 1); err != nil {
		t.Fatal(err)
	}
	ctx := storetest.MustUser(t, s, "bench", xuezuo.RoleOrgAdmin, 1)
	tok, _, err := s.Account.CreateToken(ctx, xuezuo.ActorFrom(ctx).UserID, "bench", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{s: s, h: api.New(api.Deps{Services: s.Services}), tokens: map[string]string{"bench": tok}}
	want := readExpected(t)
	var stats struct {
		Probe xuezuo.ID `json:"probe_unit_id"`
	}
	readJSON(t, "stats.json", &stats)

	var probe progressRow
	// Both plans: the subtree join, and the whole rollup filtered in Go.
	for _, wide := range []int64{500, 0} {
		s.Store.SetWideScope(wide)
		units := w.progress(t, "?org=1&by=unit")
		if len(units) != len(want) {
			t.Fatalf("Q1: %d rows, want %d", len(units), len(want))
		}
		for i, u := range units {
			checkUnit(t, u, want[i])
			if u.OrgID == stats.Probe {
				probe = u
			}
		}
	}
	branches := w.progress(t, fmt.Sprintf("?org=%d&by=branch", stats.Probe))
	sum := progressRow{OrgID: probe.OrgID, Branches: probe.Branches, TopicOnTime: make([]int, 4)}
	for _, b := range branches {
		sum.Members += b.Members
		sum.AttendancePresent += b.AttendancePresent
		sum.AttendanceExpected += b.AttendanceExpected
		sum.Reflections += b.Reflections
		for k, v := range b.TopicOnTime {
			if v != 0 && v != 1 {
				t.Errorf("Q2 branch %d topic %d: on time %d, want 0 or 1", b.OrgID, k+1, v)
			}
			sum.TopicOnTime[k] += v
		}
	}
	sum.AttendanceRate, sum.ReflectionRate = probe.AttendanceRate, probe.ReflectionRate
	if len(branches) != probe.Branches || fmt.Sprint(sum) != fmt.Sprint(probe) {
		t.Errorf("Q2: %d rows summing to %+v, want the unit line %+v", len(branches), sum, probe)
	}
	// Both plans again: reading the unit's reflections, and the index the
	// import built after its load.
	for _, scan := range []int64{5000, 0} {
		s.Store.SetScopeScan(scan)
		for word, hits := range want[slices.IndexFunc(want, func(u expectedUnit) bool { return u.UnitID == stats.Probe })].KeywordHits {
			checkSearch(t, w, stats.Probe, word, hits)
		}
	}
	checkLive(t, w, stats.Probe, probe)
}

func checkUnit(t *testing.T, got progressRow, want expectedUnit) {
	t.Helper()
	if got.OrgID != want.UnitID || got.Branches != want.Branches || got.Members != want.Members ||
		!slices.Equal(got.TopicOnTime, want.TopicOnTime) || got.AttendancePresent != want.AttendancePresent ||
		got.AttendanceExpected != want.AttendanceExpected || got.Reflections != want.Reflections ||
		math.Abs(got.AttendanceRate-want.AttendanceRate) > 1e-9 || math.Abs(got.ReflectionRate-want.ReflectionRate) > 1e-9 {
		t.Errorf("Q1 unit %d: got %+v, want %+v", want.UnitID, got, want)
	}
}

// checkSearch asks Q3 for a word: the total equals the unit's hits and the
// first page is newest first, each body holding the word.
func checkSearch(t *testing.T, w *world, unit xuezuo.ID, word string, hits int) {
	t.Helper()
	code, body := w.do(t, "bench", "GET", fmt.Sprintf("/api/v1/reflections?org=%d&q=%s&limit=20", unit, word), "")
	var page struct {
		Total int `json:"total"`
		Items []struct {
			ID          xuezuo.ID `json:"id"`
			SubmittedAt string    `json:"submitted_at"`
			Body        string    `json:"body"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &page); code != http.StatusOK || err != nil {
		t.Fatalf("Q3 %s: %d %s", word, code, body)
	}
	if page.Total != hits || len(page.Items) != min(20, hits) {
		t.Errorf("Q3 %s: total %d with %d items, want %d", word, page.Total, len(page.Items), hits)
	}
	for i, x := range page.Items {
		if !strings.Contains(x.Body, word) {
			t.Errorf("Q3 %s: item %d lacks the word", word, x.ID)
		}
		if i > 0 && (x.SubmittedAt > page.Items[i-1].SubmittedAt || x.SubmittedAt == page.Items[i-1].SubmittedAt && x.ID > page.Items[i-1].ID) {
			t.Errorf("Q3 %s: item %d out of order", word, x.ID)
		}
	}
}

// checkLive records one present row at a new meeting of a probe branch and
// expects the unit line to move by one at once.
func checkLive(t *testing.T, w *world, unit xuezuo.ID, before progressRow) {
	t.Helper()
	branches := w.progress(t, fmt.Sprintf("?org=%d&by=branch", unit))
	code, body := w.do(t, "bench", "POST", "/api/v1/meetings", fmt.Sprintf(`{"org_id":%d,"kind":"theme_day","title":"基准","held_at":"2016-12-20T10:00:00+08:00"}`, branches[0].OrgID))
	id := created(t, "meeting", code, body)
	page, err := w.s.Member.List(storetest.System(), memberFilter(branches[0].OrgID))
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("members of branch %d: %v", branches[0].OrgID, err)
	}
	code, body = w.do(t, "bench", "POST", fmt.Sprintf("/api/v1/meetings/%d/attendance", id), fmt.Sprintf(`{"member_id":%d,"status":"present"}`, page.Items[0].ID))
	if code != http.StatusCreated {
		t.Fatalf("attendance: %d %s", code, body)
	}
	for _, u := range w.progress(t, "?org=1&by=unit") {
		if u.OrgID == unit && (u.AttendancePresent != before.AttendancePresent+1 || u.AttendanceExpected != before.AttendanceExpected+1) {
			t.Errorf("live: %d/%d after one present row, before %d/%d", u.AttendancePresent, u.AttendanceExpected,
				before.AttendancePresent, before.AttendanceExpected)
		}
	}
}

func (w *world) progress(t *testing.T, query string) []progressRow {
	t.Helper()
	code, body := w.do(t, "bench", "GET", "/api/v1/campaigns/1/progress"+query, "")
	var p struct {
		Items []progressRow `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &p); code != http.StatusOK || err != nil {
		t.Fatalf("progress %s: %d %s", query, code, body)
	}
	return p.Items
}

func readExpected(t *testing.T) []expectedUnit {
	t.Helper()
	f, err := os.Open(filepath.Join(fixture, "expected_units.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []expectedUnit
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var u expectedUnit
		if err := json.Unmarshal(sc.Bytes(), &u); err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixture, name))
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		t.Fatal(err)
	}
}
