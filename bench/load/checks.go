package main

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// rateTolerance is how far a rate may differ from the expected one.
const rateTolerance = 1e-9

// maxProblems caps the problems kept per check, so a badly wrong answer
// does not flood the report.
const maxProblems = 12

// ProgressRow is one row of GET /api/v1/campaigns/{id}/progress.
type ProgressRow struct {
	OrgID              int64   `json:"org_id"`
	Name               string  `json:"name"`
	Branches           int     `json:"branches"`
	Members            int     `json:"members"`
	Excluded           int     `json:"excluded"`
	Participants       int     `json:"participants"`
	TopicOnTime        []int   `json:"topic_on_time"`
	AttendancePresent  int     `json:"attendance_present"`
	AttendanceExpected int     `json:"attendance_expected"`
	AttendanceRate     float64 `json:"attendance_rate"`
	Reflections        int     `json:"reflections"`
	ReflectionRate     float64 `json:"reflection_rate"`
}

// progressPage is the progress answer.
type progressPage struct {
	Items []ProgressRow `json:"items"`
}

// searchItem is one reflection of GET /api/v1/reflections.
type searchItem struct {
	ID          int64  `json:"id"`
	MemberID    int64  `json:"member_id"`
	TopicID     int64  `json:"topic_id"`
	Title       string `json:"title"`
	SubmittedAt string `json:"submitted_at"`
	Body        string `json:"body"`
}

// searchPage is the reflection search answer.
type searchPage struct {
	Total int          `json:"total"`
	Items []searchItem `json:"items"`
}

// problems collects check failures, keeping the first maxProblems.
type problems struct {
	list    []string
	dropped int
}

// addf records one failure.
func (p *problems) addf(format string, args ...any) {
	if len(p.list) >= maxProblems {
		p.dropped++
		return
	}
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

// result returns the failures, with a note of how many were dropped.
func (p *problems) result() []string {
	if p.dropped > 0 {
		return append(p.list, fmt.Sprintf("… and %d more", p.dropped))
	}
	return p.list
}

// compareUnit compares a Q1 row with its expected line, field by field.
func compareUnit(p *problems, got ProgressRow, want ExpectedUnit) {
	at := fmt.Sprintf("unit %d (%s)", want.UnitID, want.Name)
	ints := []struct {
		name      string
		got, want int
	}{
		{"branches", got.Branches, want.Branches},
		{"members", got.Members, want.Members},
		{"attendance_expected", got.AttendanceExpected, want.AttendanceExpected},
		{"attendance_present", got.AttendancePresent, want.AttendancePresent},
		{"reflections", got.Reflections, want.Reflections},
	}
	for _, f := range ints {
		if f.got != f.want {
			p.addf("%s: %s got %d, want %d", at, f.name, f.got, f.want)
		}
	}
	if !slices.Equal(got.TopicOnTime, want.TopicOnTime[:]) {
		p.addf("%s: topic_on_time got %v, want %v", at, got.TopicOnTime, want.TopicOnTime)
	}
	if math.Abs(got.AttendanceRate-want.AttendanceRate) > rateTolerance {
		p.addf("%s: attendance_rate got %.12f, want %.12f", at, got.AttendanceRate, want.AttendanceRate)
	}
	if math.Abs(got.ReflectionRate-want.ReflectionRate) > rateTolerance {
		p.addf("%s: reflection_rate got %.12f, want %.12f", at, got.ReflectionRate, want.ReflectionRate)
	}
}

// checkUnits checks Q1: exactly one row per unit, each equal to its line.
func checkUnits(rows []ProgressRow, want []ExpectedUnit) []string {
	var p problems
	if len(rows) != len(want) {
		p.addf("got %d rows, want %d (one per unit)", len(rows), len(want))
	}
	byID := map[int64]ProgressRow{}
	for _, r := range rows {
		byID[r.OrgID] = r
	}
	for _, w := range want {
		r, ok := byID[w.UnitID]
		if !ok {
			p.addf("unit %d (%s): no row", w.UnitID, w.Name)
			continue
		}
		compareUnit(&p, r, w)
	}
	return p.result()
}

// checkBranches checks Q2: one row per branch of the unit, each topic
// figure 0 or 1, and the sums equal to the unit's line.
func checkBranches(rows []ProgressRow, unit ExpectedUnit, branchIDs []int64) []string {
	var p problems
	if len(rows) != unit.Branches {
		p.addf("got %d rows, want %d (one per branch)", len(rows), unit.Branches)
	}
	var got []int64
	var members, present, expected, reflections int
	var onTime [4]int
	for _, r := range rows {
		got = append(got, r.OrgID)
		members += r.Members
		present += r.AttendancePresent
		expected += r.AttendanceExpected
		reflections += r.Reflections
		if len(r.TopicOnTime) != 4 {
			p.addf("branch %d: topic_on_time has %d entries, want 4", r.OrgID, len(r.TopicOnTime))
			continue
		}
		for k, v := range r.TopicOnTime {
			if v != 0 && v != 1 {
				p.addf("branch %d: topic_on_time[%d] = %d, want 0 or 1", r.OrgID, k, v)
			}
			onTime[k] += v
		}
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(branchIDs))
	if !slices.Equal(got, want) {
		p.addf("branch ids differ from the data set's branches of unit %d", unit.UnitID)
	}
	sums := []struct {
		name      string
		got, want int
	}{
		{"members", members, unit.Members},
		{"attendance_present", present, unit.AttendancePresent},
		{"attendance_expected", expected, unit.AttendanceExpected},
		{"reflections", reflections, unit.Reflections},
	}
	for _, s := range sums {
		if s.got != s.want {
			p.addf("sum of %s got %d, want %d", s.name, s.got, s.want)
		}
	}
	if onTime != unit.TopicOnTime {
		p.addf("sum of topic_on_time got %v, want %v", onTime, unit.TopicOnTime)
	}
	return p.result()
}

// checkBranchRow checks one branch row against known figures (the data
// kit's spot check for S=10, seed 1).
func checkBranchRow(rows []ProgressRow, id int64, members int, onTime []int, present, expected, reflections int) []string {
	var p problems
	for _, r := range rows {
		if r.OrgID != id {
			continue
		}
		if r.Members != members || !slices.Equal(r.TopicOnTime, onTime) || r.AttendancePresent != present ||
			r.AttendanceExpected != expected || r.Reflections != reflections {
			p.addf("branch %d got members %d, on time %v, attendance %d/%d, reflections %d; want %d, %v, %d/%d, %d",
				id, r.Members, r.TopicOnTime, r.AttendancePresent, r.AttendanceExpected, r.Reflections,
				members, onTime, present, expected, reflections)
		}
		return p.result()
	}
	p.addf("branch %d: no row", id)
	return p.result()
}

// checkSearch checks a Q3 page: the total, every body holding the word,
// the order (newest first, id descending) and, when wantIDs is given, the
// exact ids of the page.
func checkSearch(page searchPage, word string, wantTotal, limit int, wantIDs []int64) []string {
	var p problems
	if page.Total != wantTotal {
		p.addf("%s: total got %d, want %d", word, page.Total, wantTotal)
	}
	if n := min(wantTotal, limit); len(page.Items) != n {
		p.addf("%s: got %d items, want %d", word, len(page.Items), n)
	}
	var prev time.Time
	for i, it := range page.Items {
		if !strings.Contains(it.Body, word) {
			p.addf("%s: reflection %d does not contain the word", word, it.ID)
		}
		t, err := time.Parse(time.RFC3339, it.SubmittedAt)
		if err != nil {
			p.addf("%s: reflection %d: submitted_at %q is not RFC 3339", word, it.ID, it.SubmittedAt)
			continue
		}
		if i > 0 && (t.After(prev) || t.Equal(prev) && it.ID > page.Items[i-1].ID) {
			p.addf("%s: item %d (id %d) is out of order (newest first, then id descending)", word, i+1, it.ID)
		}
		prev = t
	}
	if wantIDs != nil {
		got := make([]int64, len(page.Items))
		for i, it := range page.Items {
			got[i] = it.ID
		}
		if !slices.Equal(got, wantIDs) {
			p.addf("%s: ids got %v, want %v", word, got, wantIDs)
		}
	}
	return p.result()
}

// checkLiveness checks that the unit's line moved by exactly one present
// row after one present check-in.
func checkLiveness(rows []ProgressRow, unit ExpectedUnit) []string {
	var p problems
	for _, r := range rows {
		if r.OrgID != unit.UnitID {
			continue
		}
		if r.AttendancePresent != unit.AttendancePresent+1 || r.AttendanceExpected != unit.AttendanceExpected+1 {
			p.addf("unit %d attendance got %d/%d, want %d/%d right after the check-in", unit.UnitID,
				r.AttendancePresent, r.AttendanceExpected, unit.AttendancePresent+1, unit.AttendanceExpected+1)
		}
		return p.result()
	}
	p.addf("unit %d: no row", unit.UnitID)
	return p.result()
}

// decodeProgress decodes a progress answer, or reports why it could not.
func decodeProgress(body []byte) ([]ProgressRow, []string) {
	var pg progressPage
	if err := json.Unmarshal(body, &pg); err != nil {
		return nil, []string{"progress answer is not the expected JSON: " + err.Error()}
	}
	return pg.Items, nil
}

// decodeSearch decodes a reflection search answer.
func decodeSearch(body []byte) (searchPage, []string) {
	var pg searchPage
	if err := json.Unmarshal(body, &pg); err != nil {
		return pg, []string{"search answer is not the expected JSON: " + err.Error()}
	}
	return pg, nil
}
