package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// The query rules of the data kit.
const (
	warmups      = 10
	maxRequests  = 200
	queryTimeCap = 60 * time.Second
	searchLimit  = 20
)

// QueryResult is one timed read operation.
type QueryResult struct {
	Name     string   `json:"name"`
	Path     string   `json:"path"`
	N        int      `json:"n"`
	MedianMS float64  `json:"median_ms"`
	P95MS    float64  `json:"p95_ms"`
	Problems []string `json:"problems,omitempty"`
	Pass     bool     `json:"pass"`
}

// measure sends 10 warm-ups and checks the last answer, then times up to
// 200 sequential requests on one keep-alive connection, stopping after 60 s.
func measure(ctx context.Context, c *client, name, path string, check func(body []byte) []string) QueryResult {
	res := QueryResult{Name: name, Path: path}
	var last []byte
	for range warmups {
		status, body, _, err := c.do(ctx, http.MethodGet, path, nil)
		if err != nil || status != http.StatusOK {
			res.Problems = append(res.Problems, fmt.Sprintf("warm-up: status %d, error %v: %s", status, err, snippet(body)))
			return res
		}
		last = body
	}
	res.Problems = append(res.Problems, check(last)...)
	durs := make([]time.Duration, 0, maxRequests)
	deadline := time.Now().Add(queryTimeCap)
	for len(durs) < maxRequests && time.Now().Before(deadline) && ctx.Err() == nil {
		status, body, d, err := c.do(ctx, http.MethodGet, path, nil)
		if err != nil || status != http.StatusOK {
			res.Problems = append(res.Problems, fmt.Sprintf("request %d: status %d, error %v: %s", len(durs)+1, status, err, snippet(body)))
			break
		}
		durs = append(durs, d)
	}
	slices.Sort(durs)
	res.N = len(durs)
	res.MedianMS, res.P95MS = ms(percentile(durs, 50)), ms(percentile(durs, 95))
	res.Pass = len(res.Problems) == 0
	return res
}

// paths builds the request paths of the three queries.
type paths struct {
	campaign int64
}

// progress is the Q1/Q2 path.
func (p paths) progress(org int64, by string) string {
	return fmt.Sprintf("/api/v1/campaigns/%d/progress?%s", p.campaign, url.Values{"org": {fmt.Sprint(org)}, "by": {by}}.Encode())
}

// search is the Q3 path.
func (p paths) search(org int64, word string) string {
	v := url.Values{"org": {fmt.Sprint(org)}, "q": {word}, "limit": {fmt.Sprint(searchLimit)}}
	return "/api/v1/reflections?" + v.Encode()
}

// runQueries measures Q1, Q2 and Q3 and runs the untimed search checks for
// the other three words.
func runQueries(ctx context.Context, c *client, ds *Dataset, p paths) ([]QueryResult, Check, error) {
	probe, _ := ds.expected(ds.ProbeUnitID)
	hits, err := ds.probeHits(ds.ProbeUnitID)
	if err != nil {
		return nil, Check{}, err
	}
	var out []QueryResult
	out = append(out, measure(ctx, c, "Q1 unit progress", p.progress(1, "unit"), func(b []byte) []string {
		rows, bad := decodeProgress(b)
		if bad != nil {
			return bad
		}
		return checkUnits(rows, ds.Units)
	}))
	out = append(out, measure(ctx, c, "Q2 branch drill-down", p.progress(ds.ProbeUnitID, "branch"), func(b []byte) []string {
		rows, bad := decodeProgress(b)
		if bad != nil {
			return bad
		}
		bad = checkBranches(rows, probe, ds.branches[ds.ProbeUnitID])
		// The kit's spot check: at S=10, seed 1, 机关第一党支部 (id 5).
		if ds.Scale == 10 && ds.Seed == 1 {
			bad = append(bad, checkBranchRow(rows, 5, 16, []int{1, 1, 1, 0}, 301, 304, 41)...)
		}
		return bad
	}))
	out = append(out, measure(ctx, c, "Q3 search "+wordCharter, p.search(ds.ProbeUnitID, wordCharter), func(b []byte) []string {
		pg, bad := decodeSearch(b)
		if bad != nil {
			return bad
		}
		return checkSearch(pg, wordCharter, probe.KeywordHits[wordCharter], searchLimit, topIDs(hits[wordCharter], searchLimit))
	}))
	// The other words are checked once, untimed: totals, bodies, order.
	words := Check{Name: "Q3 other words (untimed)"}
	for _, w := range searchWords() {
		if len(hits[w]) != probe.KeywordHits[w] {
			words.Problems = append(words.Problems, fmt.Sprintf("%s: reflections.jsonl gives %d hits but expected_units says %d (harness or data problem)",
				w, len(hits[w]), probe.KeywordHits[w]))
		}
		if w == wordCharter {
			continue
		}
		status, body, _, err := c.do(ctx, http.MethodGet, p.search(ds.ProbeUnitID, w), nil)
		if err != nil || status != http.StatusOK {
			words.Problems = append(words.Problems, fmt.Sprintf("%s: status %d, error %v: %s", w, status, err, snippet(body)))
			continue
		}
		pg, bad := decodeSearch(body)
		if bad == nil {
			bad = checkSearch(pg, w, probe.KeywordHits[w], searchLimit, nil)
		}
		words.Problems = append(words.Problems, bad...)
	}
	words.Pass = len(words.Problems) == 0
	return out, words, nil
}

// topIDs returns the ids of the first n hits.
func topIDs(hs []Hit, n int) []int64 {
	ids := []int64{}
	for _, h := range hs[:min(n, len(hs))] {
		ids = append(ids, h.ID)
	}
	return ids
}

// Check is a pass/fail check with its failures.
type Check struct {
	Name     string   `json:"name"`
	Pass     bool     `json:"pass"`
	Detail   string   `json:"detail,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

// meetingIn is the body of POST /api/v1/meetings.
type meetingIn struct {
	OrgID  int64  `json:"org_id"`
	Kind   string `json:"kind"`
	Title  string `json:"title"`
	HeldAt string `json:"held_at"`
}

// attendanceIn is the body of POST /api/v1/meetings/{id}/attendance.
type attendanceIn struct {
	MemberID int64  `json:"member_id"`
	Status   string `json:"status"`
	Reason   string `json:"reason,omitempty"`
}

// createMeeting creates one meeting and returns its id.
func createMeeting(ctx context.Context, c *client, in meetingIn) (int64, error) {
	status, body, _, err := c.do(ctx, http.MethodPost, "/api/v1/meetings", in)
	if err != nil {
		return 0, err
	}
	if status != http.StatusCreated {
		return 0, fmt.Errorf("create meeting in org %d: status %d: %s", in.OrgID, status, snippet(body))
	}
	var m struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(body, &m); err != nil || m.ID == 0 {
		return 0, fmt.Errorf("create meeting: no id in %s", snippet(body))
	}
	return m.ID, nil
}

// liveness records one present check-in at a new meeting of the probe
// unit's first branch and checks that Q1 shows it at once.
func liveness(ctx context.Context, c *client, ds *Dataset, p paths) Check {
	ck := Check{Name: "Q1 sees a new check-in at once"}
	fail := func(format string, args ...any) Check {
		ck.Problems = append(ck.Problems, fmt.Sprintf(format, args...))
		return ck
	}
	probe, _ := ds.expected(ds.ProbeUnitID)
	brs := ds.branches[ds.ProbeUnitID]
	if len(brs) == 0 || len(ds.members[brs[0]]) == 0 {
		return fail("probe unit %d has no branch with members", ds.ProbeUnitID)
	}
	branch, member := brs[0], ds.members[brs[0]][0]
	id, err := createMeeting(ctx, c, meetingIn{OrgID: branch, Kind: "theme_day", Title: "基准测试", HeldAt: "2016-12-20T10:00:00+08:00"})
	if err != nil {
		return fail("%v", err)
	}
	status, body, _, err := c.do(ctx, http.MethodPost, fmt.Sprintf("/api/v1/meetings/%d/attendance", id), attendanceIn{MemberID: member, Status: "present"})
	if err != nil || status != http.StatusCreated {
		return fail("check-in of member %d at meeting %d: status %d, error %v: %s", member, id, status, err, snippet(body))
	}
	status, body, _, err = c.do(ctx, http.MethodGet, p.progress(1, "unit"), nil)
	if err != nil || status != http.StatusOK {
		return fail("Q1 after the check-in: status %d, error %v: %s", status, err, snippet(body))
	}
	rows, bad := decodeProgress(body)
	if bad == nil {
		bad = checkLiveness(rows, probe)
	}
	ck.Problems = bad
	ck.Pass = len(bad) == 0
	ck.Detail = fmt.Sprintf("meeting %d in branch %d, member %d present; unit %d expected at %d/%d", id, branch, member,
		probe.UnitID, probe.AttendancePresent+1, probe.AttendanceExpected+1)
	return ck
}
