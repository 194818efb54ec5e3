package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// W1 set-up and run constants.
const (
	setupWorkers   = 8  // concurrent meeting creators (set-up, not timed)
	w1Warmups      = 10 // warm-up check-ins before the timed run
	maxErrorSample = 5  // error bodies kept for the report
	leaveEvery     = 10 // every 10th check-in is a leave, the rest present
)

// pair is one fresh (meeting, member) check-in.
type pair struct {
	meeting, member int64
}

// W1Result is the check-in load test.
type W1Result struct {
	Clients      int      `json:"clients"`
	Seconds      float64  `json:"seconds"` // planned
	Elapsed      float64  `json:"elapsed_seconds"`
	Creates      int      `json:"creates"`
	PerSecond    float64  `json:"creates_per_second"`
	P50MS        float64  `json:"p50_ms"`
	P99MS        float64  `json:"p99_ms"`
	Errors       int      `json:"errors"`
	ErrorSamples []string `json:"error_samples,omitempty"`
	RanOut       bool     `json:"ran_out_of_pairs"`
	Pairs        int      `json:"pairs"`
	Meetings     int      `json:"meetings"`
	SetupSeconds float64  `json:"setup_seconds"`
	SetupNote    string   `json:"setup_note,omitempty"`
	Valid        bool     `json:"valid"` // no errors: a result
}

// w1Branches lists the branches that get the extra meetings: those of
// every unit but the probe (so Q1's probe line stays as expected), or all
// branches when the probe is the only unit.
func w1Branches(ds *Dataset) []int64 {
	var out []int64
	for _, pass := range []bool{false, true} {
		for _, u := range ds.unitOrder {
			if (u == ds.ProbeUnitID) != pass {
				continue
			}
			for _, b := range ds.branches[u] {
				if len(ds.members[b]) > 0 {
					out = append(out, b)
				}
			}
		}
		if len(out) > 0 {
			break
		}
	}
	return out
}

// setupW1 creates meetings round-robin over the W1 branches until they
// offer need fresh pairs, or until budget runs out. Every member of a
// branch is expected at its meetings, so each meeting gives one pair per
// member. Pairs are ordered member rank first, so that concurrent
// check-ins land on different meetings.
func setupW1(ctx context.Context, c *client, ds *Dataset, need int, budget time.Duration) (pairs []pair, meetings int, note string, err error) {
	brs := w1Branches(ds)
	if len(brs) == 0 {
		return nil, 0, "", errors.New("no branch with members for W1")
	}
	var plan []int64 // branch per planned meeting
	for total := 0; total < need; {
		b := brs[len(plan)%len(brs)]
		plan = append(plan, b)
		total += len(ds.members[b])
	}
	ids := make([]int64, len(plan))
	var next atomic.Int64
	var firstErr error
	var mu sync.Mutex
	deadline := time.Now().Add(budget)
	var wg sync.WaitGroup
	for range setupWorkers {
		wg.Go(func() {
			for time.Now().Before(deadline) && ctx.Err() == nil {
				k := int(next.Add(1) - 1)
				if k >= len(plan) {
					return
				}
				in := meetingIn{OrgID: plan[k], Kind: "theme_day", Title: "基准测试 W1",
					HeldAt: fmt.Sprintf("2016-12-%02dT10:00:00+08:00", 1+k%28)}
				id, err := createMeeting(ctx, c, in)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				stop := firstErr != nil
				ids[k] = id
				mu.Unlock()
				if stop {
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, 0, "", firstErr
	}
	pairs, meetings = orderPairs(plan, ids, ds.members)
	if meetings < len(plan) {
		note = fmt.Sprintf("set-up stopped after %s with %d of %d meetings", budget, meetings, len(plan))
	}
	return pairs, meetings, note, nil
}

// orderPairs lists the fresh pairs of the created meetings (ids[k] != 0,
// held by branch plan[k]) member rank first: the first member of every
// meeting, then the second, and so on.
func orderPairs(plan, ids []int64, members map[int64][]int64) (pairs []pair, meetings int) {
	var made []int // indices of created meetings
	for k, id := range ids {
		if id != 0 {
			made = append(made, k)
		}
	}
	for r := 0; ; r++ {
		added := false
		for _, k := range made {
			if mem := members[plan[k]]; r < len(mem) {
				pairs = append(pairs, pair{meeting: ids[k], member: mem[r]})
				added = true
			}
		}
		if !added {
			return pairs, len(made)
		}
	}
}

// checkIn is the body of the i-th check-in: mostly present, some on leave.
func checkIn(i int, p pair) attendanceIn {
	if i%leaveEvery == leaveEvery-1 {
		return attendanceIn{MemberID: p.member, Status: "leave", Reason: "因公出差"}
	}
	return attendanceIn{MemberID: p.member, Status: "present"}
}

// w1Recorder gathers outcomes from the concurrent clients.
type w1Recorder struct {
	mu      sync.Mutex
	errors  int
	samples []string
}

// fail records one error.
func (r *w1Recorder) fail(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors++
	if len(r.samples) < maxErrorSample {
		r.samples = append(r.samples, msg)
	}
}

// post sends one check-in and reports its latency, recording a failure.
// The latency runs from writing the request to reading the body's last byte.
func (r *w1Recorder) post(ctx context.Context, c *rawConn, i int, p pair) (time.Duration, bool) {
	path := "/api/v1/meetings/" + strconv.FormatInt(p.meeting, 10) + "/attendance"
	in, err := json.Marshal(checkIn(i, p))
	if err != nil {
		r.fail(err.Error())
		return 0, false
	}
	start := time.Now()
	status, body, err := c.post(ctx, path, in)
	d := time.Since(start)
	if err != nil || status != http.StatusCreated {
		r.fail(fmt.Sprintf("meeting %d member %d: status %d, error %v: %s", p.meeting, p.member, status, err, snippet(body)))
		return d, false
	}
	return d, true
}

// runW1 sends 10 warm-up check-ins, then runs clients concurrent
// keep-alive clients for dur, each taking the next fresh pair.
func runW1(ctx context.Context, base, token string, pairs []pair, clients int, dur time.Duration) W1Result {
	res := W1Result{Clients: clients, Seconds: dur.Seconds(), Pairs: len(pairs)}
	var rec w1Recorder
	warm, err := newRawConn(base, token)
	if err != nil {
		res.Errors, res.ErrorSamples = 1, []string{err.Error()}
		return res
	}
	for i := range min(w1Warmups, len(pairs)) {
		rec.post(ctx, warm, i, pairs[i])
	}
	warm.close()
	var next atomic.Int64
	next.Store(int64(min(w1Warmups, len(pairs))))
	lat := make([][]time.Duration, clients)
	var ranOut atomic.Bool
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(dur)
	for w := range clients {
		c, _ := newRawConn(base, token) // base parsed above
		wg.Go(func() {
			defer c.close()
			for time.Now().Before(deadline) && ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(pairs) {
					ranOut.Store(true)
					return
				}
				if d, ok := rec.post(ctx, c, i, pairs[i]); ok {
					lat[w] = append(lat[w], d)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(lat...)
	slices.Sort(all)
	res.Elapsed = elapsed.Seconds()
	res.Creates = len(all)
	res.PerSecond = float64(len(all)) / elapsed.Seconds()
	res.P50MS, res.P99MS = ms(percentile(all, 50)), ms(percentile(all, 99))
	res.Errors, res.ErrorSamples = rec.errors, rec.samples
	res.RanOut = ranOut.Load()
	res.Valid = res.Errors == 0 && res.Creates > 0
	return res
}
