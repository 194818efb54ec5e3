package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// The bulletin timing: the root's bulletin over the whole campaign, created
// and fetched in its three formats, bulletinRuns times after one warm-up.
// It runs only with -bulletin, against the documented paths of
// POST /api/v1/bulletins and GET /api/v1/bulletins/{id}/document.{docx,pdf,xlsx}.
const bulletinRuns = 5

// bulletinFormats are the documents and the bytes each must start with.
var bulletinFormats = []struct{ ext, magic string }{{"docx", "PK\x03\x04"}, {"pdf", "%PDF-"}, {"xlsx", "PK\x03\x04"}}

// bulletinIn is the body of POST /api/v1/bulletins.
type bulletinIn struct {
	OrgID      int64  `json:"org_id"`
	CampaignID int64  `json:"campaign_id"`
	From       string `json:"from"`
	To         string `json:"to"`
}

// BulletinResult is the timed bulletin generation.
type BulletinResult struct {
	Runs     int      `json:"runs"`
	MedianMS float64  `json:"median_ms"` // create + the three documents
	MaxMS    float64  `json:"max_ms"`
	Bytes    []int    `json:"bytes"` // of the last run's docx, pdf, xlsx
	Problems []string `json:"problems,omitempty"`
	Pass     bool     `json:"pass"`
}

// campaignWindow is the campaign's start to its end, or to its last topic's
// deadline when it has no end.
func campaignWindow(cp campaignRef) (from, to string) {
	to = cp.Topics[len(cp.Topics)-1].Deadline
	for _, t := range cp.Topics {
		to = max(to, t.Deadline)
	}
	if cp.End != nil {
		to = *cp.End
	}
	return cp.Start, to
}

// oneBulletin creates the root's bulletin, publishes it and fetches its
// three documents, returning the time spent in the five requests, and the
// documents' sizes.
func oneBulletin(ctx context.Context, c *client, ds *Dataset, in bulletinIn) (time.Duration, []int, error) {
	status, body, d, err := c.do(ctx, http.MethodPost, "/api/v1/bulletins", in)
	if err != nil || status != http.StatusCreated {
		return 0, nil, fmt.Errorf("create bulletin: status %d, error %v: %s", status, err, snippet(body))
	}
	var b struct {
		ID   int64             `json:"id"`
		Rows []json.RawMessage `json:"rows"`
	}
	if err := json.Unmarshal(body, &b); err != nil || b.ID == 0 {
		return 0, nil, fmt.Errorf("create bulletin: no id in %s", snippet(body))
	}
	if len(b.Rows) != len(ds.unitOrder) {
		return 0, nil, fmt.Errorf("bulletin %d: %d rows, want one per unit (%d)", b.ID, len(b.Rows), len(ds.unitOrder))
	}
	// Documents are issued after 印发: publishing freezes the figures once,
	// and the three documents are drawn from that frozen content (a
	// draft's documents recompute the live figures on every download).
	status, body, dp, err := c.do(ctx, http.MethodPost, fmt.Sprintf("/api/v1/bulletins/%d/publish", b.ID), nil)
	d += dp
	if err != nil || status != http.StatusOK {
		return 0, nil, fmt.Errorf("publish bulletin %d: status %d, error %v: %s", b.ID, status, err, snippet(body))
	}
	var sizes []int
	for _, f := range bulletinFormats {
		status, doc, dd, err := c.do(ctx, http.MethodGet, fmt.Sprintf("/api/v1/bulletins/%d/document.%s", b.ID, f.ext), nil)
		d += dd
		if err != nil || status != http.StatusOK || !bytes.HasPrefix(doc, []byte(f.magic)) {
			return 0, nil, fmt.Errorf("bulletin %d document.%s: status %d, error %v, %d bytes starting %q", b.ID, f.ext, status, err, len(doc), snippet(doc[:min(len(doc), 8)]))
		}
		sizes = append(sizes, len(doc))
	}
	return d, sizes, nil
}

// runBulletin times the root's bulletin: one warm-up, then bulletinRuns
// sequential runs of create + three documents.
func runBulletin(ctx context.Context, c *client, ds *Dataset, p paths) BulletinResult {
	var res BulletinResult
	cp, err := getCampaign(ctx, c, p.campaign)
	if err != nil {
		res.Problems = []string{err.Error()}
		return res
	}
	from, to := campaignWindow(cp)
	in := bulletinIn{OrgID: 1, CampaignID: p.campaign, From: from, To: to}
	if _, _, err := oneBulletin(ctx, c, ds, in); err != nil {
		res.Problems = []string{"warm-up: " + err.Error()}
		return res
	}
	var durs []time.Duration
	for range bulletinRuns {
		d, sizes, err := oneBulletin(ctx, c, ds, in)
		if err != nil {
			res.Problems = append(res.Problems, err.Error())
			break
		}
		durs, res.Bytes = append(durs, d), sizes
	}
	slices.Sort(durs)
	res.Runs = len(durs)
	if len(durs) > 0 {
		res.MedianMS, res.MaxMS = ms(percentile(durs, 50)), ms(durs[len(durs)-1])
	}
	res.Pass = len(res.Problems) == 0 && res.Runs > 0
	return res
}
