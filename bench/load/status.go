package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// StatusRow is one row of GET /api/v1/summaries/status.
type StatusRow struct {
	OrgID     int64  `json:"org_id"`
	Name      string `json:"name"`
	Expected  int    `json:"expected"`
	Submitted int    `json:"submitted"`
	Returned  int    `json:"returned"`
	Accepted  int    `json:"accepted"`
	Missing   int    `json:"missing"`
	Late      int    `json:"late"`
}

// statusPage is the status table answer.
type statusPage struct {
	Total  int         `json:"total"`
	Items  []StatusRow `json:"items"`
	Totals StatusRow   `json:"totals"`
}

// statusPath is the path of the root's status table by unit on a topic.
func statusPath(topic int64) string {
	v := url.Values{"org": {"1"}, "topic": {fmt.Sprint(topic)}, "by": {"unit"}}
	return "/api/v1/summaries/status?" + v.Encode()
}

// checkStatus holds a status table to the data set and the set-up: one row
// per unit, each expecting the unit's branches; the sums of expected equal
// the data set's branches; the states add up to the summaries the set-up
// took to each state on the topic, and missing to the rest.
func checkStatus(body []byte, ds *Dataset, made map[string]int) []string {
	var pg statusPage
	if err := json.Unmarshal(body, &pg); err != nil {
		return []string{fmt.Sprintf("decode status: %v: %s", err, snippet(body))}
	}
	var p problems
	if pg.Total != len(ds.unitOrder) || len(pg.Items) != len(ds.unitOrder) {
		p.addf("rows: total %d, %d items, want one per unit (%d)", pg.Total, len(pg.Items), len(ds.unitOrder))
	}
	var sum StatusRow
	for _, r := range pg.Items {
		if want := len(ds.branches[r.OrgID]); r.Expected != want {
			p.addf("unit %d (%s): expected %d, want its %d branches", r.OrgID, r.Name, r.Expected, want)
		}
		if r.Submitted+r.Returned+r.Accepted+r.Missing != r.Expected {
			p.addf("unit %d: submitted+returned+accepted+missing = %d, want expected %d", r.OrgID,
				r.Submitted+r.Returned+r.Accepted+r.Missing, r.Expected)
		}
		sum.Expected += r.Expected
		sum.Submitted += r.Submitted
		sum.Returned += r.Returned
		sum.Accepted += r.Accepted
	}
	sent := made["submitted"] + made["returned"] + made["accepted"]
	want := StatusRow{Expected: branchCount(ds), Submitted: made["submitted"], Returned: made["returned"], Accepted: made["accepted"],
		Missing: branchCount(ds) - sent}
	for _, c := range []struct {
		name      string
		rows, tot int
		want      int
	}{
		{"expected", sum.Expected, pg.Totals.Expected, want.Expected},
		{"submitted", sum.Submitted, pg.Totals.Submitted, want.Submitted},
		{"returned", sum.Returned, pg.Totals.Returned, want.Returned},
		{"accepted", sum.Accepted, pg.Totals.Accepted, want.Accepted},
		{"missing", pg.Totals.Missing, pg.Totals.Missing, want.Missing},
	} {
		if c.rows != c.want || c.tot != c.want {
			p.addf("%s: rows sum to %d, totals say %d, want %d", c.name, c.rows, c.tot, c.want)
		}
	}
	return p.result()
}

// SummaryResult is the summary set-up and the timed status read.
type SummaryResult struct {
	Setup        SummarySetup `json:"setup"`
	SetupProblem string       `json:"setup_problem,omitempty"`
	Status       *QueryResult `json:"status,omitempty"`
	OtherTopics  Check        `json:"other_topics"`
}

// runSummaries makes the summaries (untimed), then times the root's status
// table by unit on the first topic like Q1 and checks the other topics'
// tables once, untimed.
func runSummaries(ctx context.Context, q, setup *client, ds *Dataset, p paths, budget time.Duration) SummaryResult {
	var res SummaryResult
	cp, err := getCampaign(ctx, q, p.campaign)
	if err != nil {
		res.SetupProblem = err.Error()
		return res
	}
	res.Setup, err = setupSummaries(ctx, setup, ds, cp.Topics, budget)
	if err != nil {
		res.SetupProblem = err.Error()
		return res
	}
	first := cp.Topics[0]
	st := measure(ctx, q, "Q4 summary status by unit", statusPath(first.ID), func(b []byte) []string {
		return checkStatus(b, ds, res.Setup.ByTopic[first.No])
	})
	res.Status = &st
	res.OtherTopics = Check{Name: "Q4 other topics (untimed)"}
	for _, t := range cp.Topics[1:] {
		status, body, _, err := q.do(ctx, http.MethodGet, statusPath(t.ID), nil)
		if err != nil || status != http.StatusOK {
			res.OtherTopics.Problems = append(res.OtherTopics.Problems, fmt.Sprintf("topic %d: status %d, error %v: %s", t.No, status, err, snippet(body)))
			continue
		}
		for _, bad := range checkStatus(body, ds, res.Setup.ByTopic[t.No]) {
			res.OtherTopics.Problems = append(res.OtherTopics.Problems, fmt.Sprintf("topic %d: %s", t.No, bad))
		}
	}
	res.OtherTopics.Pass = len(res.OtherTopics.Problems) == 0
	return res
}
