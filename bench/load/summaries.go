package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Summary set-up constants: about 90 % of the (branch, topic) pairs get a
// summary, and of those about 20 % stay drafts, 30 % are submitted, 35 %
// accepted and 15 % returned.
const (
	summaryShareTenths = 9
	returnReason       = "请补充学习讨论中的具体事例"
)

// Summary fates, in the order the set-up takes the steps.
const (
	fateDraft = iota
	fateSubmitted
	fateAccepted
	fateReturned
	fates
)

// fateNames are the states the fates leave a summary in.
var fateNames = [fates]string{"draft", "submitted", "accepted", "returned"}

// mix scrambles a pair's key into a well-spread number, so that the chosen
// pairs and their fates do not follow the tree's order.
func mix(branch int64, topicNo int) uint64 {
	x := uint64(branch)*4 + uint64(topicNo)
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	return x ^ x>>33
}

// summaryFate tells whether the pair gets a summary and what becomes of it.
func summaryFate(branch int64, topicNo int) (int, bool) {
	h := mix(branch, topicNo)
	if h%10 >= summaryShareTenths {
		return 0, false
	}
	switch r := (h / 10) % 20; {
	case r < 4:
		return fateDraft, true
	case r < 10:
		return fateSubmitted, true
	case r < 17:
		return fateAccepted, true
	default:
		return fateReturned, true
	}
}

// topicRef is a campaign topic as the API names it.
type topicRef struct {
	ID       int64  `json:"id"`
	No       int    `json:"no"`
	Deadline string `json:"deadline"`
}

// campaignRef is the part of GET /api/v1/campaigns/{id} the client reads.
type campaignRef struct {
	Start  string     `json:"start"`
	End    *string    `json:"end"`
	Topics []topicRef `json:"topics"`
}

// getCampaign reads the campaign's topics and window.
func getCampaign(ctx context.Context, c *client, id int64) (campaignRef, error) {
	var cp campaignRef
	status, body, _, err := c.do(ctx, http.MethodGet, fmt.Sprintf("/api/v1/campaigns/%d", id), nil)
	if err != nil || status != http.StatusOK {
		return cp, fmt.Errorf("campaign %d: status %d, error %v: %s", id, status, err, snippet(body))
	}
	if err := json.Unmarshal(body, &cp); err != nil || len(cp.Topics) == 0 {
		return cp, fmt.Errorf("campaign %d: no topics in %s", id, snippet(body))
	}
	return cp, nil
}

// summaryJob is one summary to create and take to its fate.
type summaryJob struct {
	branch, topic int64
	topicNo, fate int
}

// SummarySetup is what the untimed set-up made.
type SummarySetup struct {
	Pairs    int                    `json:"pairs"`   // branches × topics
	Planned  int                    `json:"planned"` // about 90 % of them
	Created  int                    `json:"created"`
	Requests int                    `json:"requests"`
	Seconds  float64                `json:"seconds"`
	ByTopic  map[int]map[string]int `json:"by_topic"` // topic no → state → summaries that reached it
	Note     string                 `json:"note,omitempty"`
}

// planSummaries lists the summaries to make, topic by topic.
func planSummaries(ds *Dataset, topics []topicRef) []summaryJob {
	var jobs []summaryJob
	for _, t := range topics {
		for _, u := range ds.unitOrder {
			for _, b := range ds.branches[u] {
				if fate, ok := summaryFate(b, t.No); ok {
					jobs = append(jobs, summaryJob{branch: b, topic: t.ID, topicNo: t.No, fate: fate})
				}
			}
		}
	}
	return jobs
}

// post sends one step of the set-up and wants the given status.
func post(ctx context.Context, c *client, method, path string, in any, want int) ([]byte, error) {
	status, body, _, err := c.do(ctx, method, path, in)
	if err != nil || status != want {
		return nil, fmt.Errorf("%s %s: status %d, error %v: %s", method, path, status, err, snippet(body))
	}
	return body, nil
}

// step is one request of a summary's way to its fate.
type step struct {
	method, path string
	in           any
}

// makeSummary creates one summary through the API and takes it to its
// fate: views, submit, then accept or return. It returns the requests sent.
func makeSummary(ctx context.Context, c *client, j summaryJob) (int, error) {
	body, err := post(ctx, c, http.MethodPost, "/api/v1/summaries", map[string]int64{"org_id": j.branch, "topic_id": j.topic}, http.StatusCreated)
	if err != nil {
		return 1, err
	}
	var sm struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(body, &sm); err != nil || sm.ID == 0 {
		return 1, fmt.Errorf("create summary: no id in %s", snippet(body))
	}
	if j.fate == fateDraft {
		return 1, nil
	}
	path := fmt.Sprintf("/api/v1/summaries/%d", sm.ID)
	steps := []step{
		{http.MethodPatch, path, map[string]string{"views": "全体党员学习了党章，结合本职工作交流了体会。"}},
		{http.MethodPost, path + "/submit", nil},
	}
	switch j.fate {
	case fateAccepted:
		steps = append(steps, step{http.MethodPost, path + "/accept", nil})
	case fateReturned:
		steps = append(steps, step{http.MethodPost, path + "/return", map[string]string{"reason": returnReason}})
	}
	for i, s := range steps {
		if _, err := post(ctx, c, s.method, s.path, s.in, http.StatusOK); err != nil {
			return 2 + i, err
		}
	}
	return 1 + len(steps), nil
}

// setupSummaries creates the planned summaries with setupWorkers
// concurrent clients, each taking the next job, until done or budget.
func setupSummaries(ctx context.Context, c *client, ds *Dataset, topics []topicRef, budget time.Duration) (SummarySetup, error) {
	jobs := planSummaries(ds, topics)
	res := SummarySetup{Pairs: branchCount(ds) * len(topics), Planned: len(jobs), ByTopic: map[int]map[string]int{}}
	for _, t := range topics {
		res.ByTopic[t.No] = map[string]int{}
	}
	var next atomic.Int64
	var mu sync.Mutex
	var firstErr error
	deadline := time.Now().Add(budget)
	start := time.Now()
	var wg sync.WaitGroup
	for range setupWorkers {
		wg.Go(func() {
			for time.Now().Before(deadline) && ctx.Err() == nil {
				k := int(next.Add(1) - 1)
				if k >= len(jobs) {
					return
				}
				n, err := makeSummary(ctx, c, jobs[k])
				mu.Lock()
				res.Requests += n
				if err == nil {
					res.Created++
					res.ByTopic[jobs[k].topicNo][fateNames[jobs[k].fate]]++
				} else if firstErr == nil {
					firstErr = err
				}
				stop := firstErr != nil
				mu.Unlock()
				if stop {
					return
				}
			}
		})
	}
	wg.Wait()
	res.Seconds = time.Since(start).Seconds()
	if firstErr == nil && res.Created < res.Planned {
		res.Note = fmt.Sprintf("set-up stopped after %s with %d of %d summaries", budget, res.Created, res.Planned)
	}
	return res, firstErr
}

// branchCount is the number of branches in the data set.
func branchCount(ds *Dataset) int {
	n := 0
	for _, brs := range ds.branches {
		n += len(brs)
	}
	return n
}
