// Command load drives a running xuezuo server through the operations of the
// shared benchmark data kit: Q1 unit progress, Q2 branch drill-down, Q3
// reflection search, a liveness check (Q1 sees a new check-in at once),
// issue 13's Q4 summary status table (after creating summaries for about
// 90 % of the branches and topics), optionally (-bulletin) the root's
// bulletin in three formats, and W1 concurrent check-ins. It checks every answer against the data set,
// writes the figures as JSON (-out) and as a markdown fragment (-md), and
// exits non-zero when a check fails. bench/run.sh builds and runs it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// options are the command-line flags.
type options struct {
	url, token, data, out, md string
	campaign                  int64
	w1Seconds, w1Clients      int
	w1Rate                    int
	setupSeconds              int
	summarySeconds            int
	noReports                 bool // skip issue 13's set-up and reads: W1 on the kit's data alone, as before them
	bulletin                  bool
	pid                       int
	importSeconds             float64
}

// Results is everything one run measured; -out holds it as JSON.
type Results struct {
	Scale         int             `json:"scale"`
	Seed          uint64          `json:"seed"`
	ProbeUnitID   int64           `json:"probe_unit_id"`
	URL           string          `json:"url"`
	ImportSeconds float64         `json:"import_seconds"` // < 0: not given
	Queries       []QueryResult   `json:"queries"`
	Words         Check           `json:"other_words"`
	Liveness      Check           `json:"liveness"`
	Summaries     *SummaryResult  `json:"summaries,omitempty"`
	Bulletin      *BulletinResult `json:"bulletin,omitempty"`
	W1            *W1Result       `json:"w1,omitempty"`
	W1Problem     string          `json:"w1_problem,omitempty"`
	PeakRSSKiB    int64           `json:"peak_rss_kib,omitempty"`
	Failures      []string        `json:"failures"`
	Pass          bool            `json:"pass"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// parseFlags reads the options.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.url, "url", "http://127.0.0.1:18080", "server base `URL` (loopback only)")
	fs.StringVar(&o.token, "token", "", "API bearer `token` of an org_admin on the root org")
	fs.StringVar(&o.data, "data", "", "data set `DIR` written by benchgen")
	fs.StringVar(&o.out, "out", "results.json", "results as JSON `FILE`")
	fs.StringVar(&o.md, "md", "", "results as a markdown fragment `FILE` (optional)")
	fs.Int64Var(&o.campaign, "campaign", 1, "campaign `ID` of the imported campaign")
	fs.IntVar(&o.w1Seconds, "w1-seconds", 10, "W1 timed duration in `seconds`")
	fs.IntVar(&o.w1Clients, "w1-clients", 50, "W1 concurrent keep-alive `clients`")
	fs.IntVar(&o.w1Rate, "w1-rate", 15000, "upper bound of check-ins per second, to size the fresh pairs")
	fs.IntVar(&o.setupSeconds, "w1-setup-seconds", 300, "time budget for creating the W1 meetings (untimed set-up)")
	fs.IntVar(&o.summarySeconds, "summary-setup-seconds", 900, "time budget for creating the summaries before Q4 (untimed set-up)")
	fs.BoolVar(&o.noReports, "no-reports", false, "skip the summaries' set-up, Q4 and the bulletin, so that W1 runs on the data set alone (for comparing W1 with commits before issue 13)")
	fs.BoolVar(&o.bulletin, "bulletin", false, "also time the root's bulletin (POST /api/v1/bulletins and its three documents)")
	fs.IntVar(&o.pid, "pid", 0, "server `PID`: its peak RSS (VmHWM) is read at the end")
	fs.Float64Var(&o.importSeconds, "import-seconds", -1, "import wall-clock `seconds`, for the targets line")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.token == "" || o.data == "":
		return o, fmt.Errorf("-token and -data are required")
	case o.w1Seconds < 1 || o.w1Clients < 1 || o.w1Rate < 1 || o.setupSeconds < 1 || o.summarySeconds < 1:
		return o, fmt.Errorf("-w1-seconds, -w1-clients, -w1-rate, -w1-setup-seconds and -summary-setup-seconds must be positive")
	}
	return o, checkLoopback(o.url)
}

// run runs the benchmark and returns the exit code: 0 all checks passed,
// 1 a check failed (results still written), 2 the run could not start.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "load:", err)
		return 2
	}
	logf := func(format string, a ...any) {
		fmt.Fprintf(stderr, "%s load: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, a...))
	}
	ds, err := loadDataset(o.data)
	if err != nil {
		fmt.Fprintln(stderr, "load: data set:", err)
		return 2
	}
	res := Results{Scale: ds.Scale, Seed: ds.Seed, ProbeUnitID: ds.ProbeUnitID, URL: o.url, ImportSeconds: o.importSeconds}
	p := paths{campaign: o.campaign}
	q := newClient(o.url, o.token, 1) // one keep-alive connection for the reads
	logf("Q1–Q3 on S=%d seed=%d, probe unit %d", ds.Scale, ds.Seed, ds.ProbeUnitID)
	res.Queries, res.Words, err = runQueries(ctx, q, ds, p)
	if err != nil {
		fmt.Fprintln(stderr, "load:", err)
		return 2
	}
	for _, r := range res.Queries {
		logf("%s: n=%d median %.2f ms p95 %.2f ms, checks %s", r.Name, r.N, r.MedianMS, r.P95MS, passText(r.Pass))
	}
	if ctx.Err() == nil {
		logf("liveness check")
		res.Liveness = liveness(ctx, q, ds, p)
	}
	if ctx.Err() == nil && !o.noReports {
		runReports(ctx, o, q, ds, p, &res, logf)
	}
	q.close()
	if ctx.Err() != nil {
		// Interrupted: keep what was measured, skip W1.
		res.W1Problem = "interrupted"
		return finish(&res, o, stdout, stderr)
	}

	need := o.w1Seconds*o.w1Rate + w1Warmups
	logf("W1 set-up: meetings for %d fresh pairs (%d concurrent creators, budget %ds)", need, setupWorkers, o.setupSeconds)
	setupStart := time.Now()
	sc := newClient(o.url, o.token, setupWorkers)
	pairs, meetings, note, err := setupW1(ctx, sc, ds, need, time.Duration(o.setupSeconds)*time.Second)
	sc.close()
	setup := time.Since(setupStart)
	if err != nil {
		res.W1Problem = "set-up failed: " + err.Error()
	} else {
		logf("W1: %d meetings, %d pairs in %.1f s; %d clients for %d s", meetings, len(pairs), setup.Seconds(), o.w1Clients, o.w1Seconds)
		w := runW1(ctx, o.url, o.token, pairs, o.w1Clients, time.Duration(o.w1Seconds)*time.Second)
		w.Meetings, w.SetupSeconds, w.SetupNote = meetings, setup.Seconds(), note
		res.W1 = &w
		logf("W1: %d creates, %.0f/s, p50 %.2f ms, p99 %.2f ms, %d errors", w.Creates, w.PerSecond, w.P50MS, w.P99MS, w.Errors)
	}
	if o.pid > 0 {
		if res.PeakRSSKiB, err = peakRSS(o.pid); err != nil {
			logf("peak RSS: %v", err)
		}
	}
	return finish(&res, o, stdout, stderr)
}

// runReports runs issue 13's reads after the kit's: the summaries' set-up
// and Q4, then (with -bulletin) the bulletin. Both come before W1, whose
// rows change the figures a bulletin shows.
func runReports(ctx context.Context, o options, q *client, ds *Dataset, p paths, res *Results, logf func(string, ...any)) {
	logf("Q4 set-up: summaries for about 90%% of branches × topics (%d concurrent clients, budget %ds)", setupWorkers, o.summarySeconds)
	sc := newClient(o.url, o.token, setupWorkers)
	sr := runSummaries(ctx, q, sc, ds, p, time.Duration(o.summarySeconds)*time.Second)
	sc.close()
	res.Summaries = &sr
	su := sr.Setup
	logf("Q4 set-up: %d of %d summaries (%d pairs), %d requests in %.1f s %s", su.Created, su.Planned, su.Pairs, su.Requests, su.Seconds, sr.SetupProblem)
	if sr.Status != nil {
		logf("%s: n=%d median %.2f ms p95 %.2f ms, checks %s", sr.Status.Name, sr.Status.N, sr.Status.MedianMS, sr.Status.P95MS, passText(sr.Status.Pass))
	}
	if o.bulletin && ctx.Err() == nil {
		logf("bulletin: the root's, whole campaign, docx + pdf + xlsx")
		b := runBulletin(ctx, q, ds, p)
		res.Bulletin = &b
		logf("bulletin: %d runs, median %.0f ms, max %.0f ms, checks %s", b.Runs, b.MedianMS, b.MaxMS, passText(b.Pass))
	}
}

// finish judges the results, writes them and returns the exit code.
func finish(res *Results, o options, stdout, stderr io.Writer) int {
	res.Failures = failures(res)
	res.Pass = len(res.Failures) == 0
	if err := writeOutputs(res, o); err != nil {
		fmt.Fprintln(stderr, "load:", err)
		return 2
	}
	if !res.Pass {
		for _, f := range res.Failures {
			fmt.Fprintln(stderr, "load: FAILED", f)
		}
		return 1
	}
	fmt.Fprintln(stdout, "load: all checks passed")
	return 0
}

// failures lists every failed check with its first problems.
func failures(r *Results) []string {
	var out []string
	add := func(name string, problems []string) {
		for _, p := range problems {
			out = append(out, name+": "+p)
		}
		if len(problems) == 0 {
			out = append(out, name+": failed")
		}
	}
	for _, q := range r.Queries {
		if !q.Pass {
			add(q.Name, q.Problems)
		}
	}
	if s := r.Summaries; s != nil {
		switch {
		case s.SetupProblem != "":
			out = append(out, "Q4 set-up: "+s.SetupProblem)
		case !s.Status.Pass:
			add(s.Status.Name, s.Status.Problems)
		}
		if s.Status != nil && !s.OtherTopics.Pass {
			add(s.OtherTopics.Name, s.OtherTopics.Problems)
		}
	}
	if b := r.Bulletin; b != nil && !b.Pass {
		add("bulletin", b.Problems)
	}
	for _, c := range []Check{r.Words, r.Liveness} {
		if !c.Pass {
			add(c.Name, c.Problems)
		}
	}
	switch {
	case r.W1Problem != "":
		out = append(out, "W1: "+r.W1Problem)
	case r.W1.Errors > 0:
		out = append(out, fmt.Sprintf("W1 (not a result): %d errors, the first: %s", r.W1.Errors, r.W1.ErrorSamples[0]))
	case !r.W1.Valid:
		out = append(out, "W1 (not a result): no check-in succeeded")
	}
	return out
}

// writeOutputs writes the JSON results and, if asked, the markdown.
func writeOutputs(r *Results, o options) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(o.out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	if o.md == "" {
		return nil
	}
	return os.WriteFile(o.md, []byte(markdown(r)), 0o644)
}
