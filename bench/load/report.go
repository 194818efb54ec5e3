package main

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// The targets the results are compared with.
const (
	targetImportSeconds = 45.0
	targetQ1MS          = 20.0
	targetQ2MS          = 3.0
	targetQ3MS          = 10.0
	targetW1PerSecond   = 6000.0
	targetRSSMiB        = 200.0
	targetQ4MS          = 20.0   // issue 13: the root's summary status by unit
	targetBulletinMS    = 1000.0 // issue 13: the root's bulletin in three formats
)

// passText renders a check outcome.
func passText(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}

// mark renders whether a target was met.
func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

// peakRSS reads the peak resident set size (VmHWM, in KiB) of a process.
func peakRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}

// markdown renders the results as the body of a results file: the reads,
// the checks, W1, the server's memory and the targets line.
func markdown(r *Results) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("## Reads (one keep-alive connection, 10 warm-ups, up to 200 requests or 60 s)\n\n")
	w("| operation | request | n | median ms | p95 ms | checks |\n|---|---|---:|---:|---:|---|\n")
	for _, q := range r.Queries {
		path := q.Path
		if p, err := url.PathUnescape(path); err == nil {
			path = p // show 党章, not %E5%85%9A%E7%AB%A0
		}
		w("| %s | `GET %s` | %d | %.2f | %.2f | %s |\n", q.Name, path, q.N, q.MedianMS, q.P95MS, passText(q.Pass))
	}
	w("\n- %s (%s, %s, %s: totals, bodies, order): %s\n", r.Words.Name, wordQualified, wordSpeeches, wordOrigin, passText(r.Words.Pass))
	w("- %s: %s", r.Liveness.Name, passText(r.Liveness.Pass))
	if r.Liveness.Detail != "" {
		w(" (%s)", r.Liveness.Detail)
	}
	w("\n\n")
	reportsMarkdown(w, r)
	w("## Check-in (W1)\n\n")
	if r.W1 == nil {
		w("Not run: %s\n", r.W1Problem)
	} else {
		x := r.W1
		w("| clients | seconds | creates | creates/s | p50 ms | p99 ms | errors |\n|---:|---:|---:|---:|---:|---:|---:|\n")
		w("| %d | %.1f | %d | %.0f | %.2f | %.2f | %d |\n\n", x.Clients, x.Elapsed, x.Creates, x.PerSecond, x.P50MS, x.P99MS, x.Errors)
		w("Set-up (not timed): %d meetings in branches outside the probe unit, %d fresh (meeting, member) pairs, %.1f s. "+
			"Every 10th check-in is a leave (因公出差), the rest present.\n", x.Meetings, x.Pairs, x.SetupSeconds)
		if x.SetupNote != "" {
			w("\n%s.\n", x.SetupNote)
		}
		if x.RanOut {
			w("\n**W1 ran out of fresh pairs before %.0f s**: the rate is over the %.1f s it ran.\n", x.Seconds, x.Elapsed)
		}
		if !x.Valid {
			w("\n**Not a result**: %d errors.\n", x.Errors)
		}
		for _, s := range x.ErrorSamples {
			w("- `%s`\n", strings.ReplaceAll(s, "`", "'"))
		}
	}
	w("\n## Server\n\n")
	if r.PeakRSSKiB > 0 {
		w("Peak RSS (VmHWM) of the server process at the end of the run: %.1f MiB\n", float64(r.PeakRSSKiB)/1024)
	} else {
		w("Peak RSS: not measured\n")
	}
	w("\n## Targets\n\n%s\n", targets(r))
	if len(r.Failures) > 0 {
		w("\n## Failed checks\n\n")
		for _, f := range r.Failures {
			w("- %s\n", f)
		}
	}
	return b.String()
}

// targets renders the one-line comparison with the targets (medians for
// the reads).
func targets(r *Results) string {
	var parts []string
	met, total := 0, 0
	add := func(text string, ok bool) {
		total++
		if ok {
			met++
		}
		parts = append(parts, text+" "+mark(ok))
	}
	if r.ImportSeconds >= 0 {
		add(fmt.Sprintf("import %.1f s ≤ %.0f s", r.ImportSeconds, targetImportSeconds), r.ImportSeconds <= targetImportSeconds)
	}
	limits := []float64{targetQ1MS, targetQ2MS, targetQ3MS}
	for i, q := range r.Queries {
		if i < len(limits) {
			add(fmt.Sprintf("%s %.2f ms ≤ %.0f ms", strings.Fields(q.Name)[0], q.MedianMS, limits[i]), q.Pass && q.N > 0 && q.MedianMS <= limits[i])
		}
	}
	if q := r.Summaries; q != nil && q.Status != nil {
		add(fmt.Sprintf("Q4 %.2f ms ≤ %.0f ms", q.Status.MedianMS, targetQ4MS), q.Status.Pass && q.Status.N > 0 && q.Status.MedianMS <= targetQ4MS)
	}
	if b := r.Bulletin; b != nil {
		add(fmt.Sprintf("bulletin %.0f ms ≤ %.0f ms", b.MedianMS, targetBulletinMS), b.Pass && b.MedianMS <= targetBulletinMS)
	}
	if r.W1 != nil {
		add(fmt.Sprintf("W1 %.0f/s ≥ %.0f/s with %d errors", r.W1.PerSecond, targetW1PerSecond, r.W1.Errors),
			r.W1.Valid && r.W1.PerSecond >= targetW1PerSecond)
	} else {
		add("W1 not run", false)
	}
	if r.PeakRSSKiB > 0 {
		mib := float64(r.PeakRSSKiB) / 1024
		add(fmt.Sprintf("RSS %.0f MiB ≤ %.0f MiB", mib, targetRSSMiB), mib <= targetRSSMiB)
	}
	return fmt.Sprintf("%s — %d of %d met", strings.Join(parts, " · "), met, total)
}

// reportsMarkdown renders issue 13's part: the summaries' set-up, Q4 and
// the bulletin (or that it was not run).
func reportsMarkdown(w func(string, ...any), r *Results) {
	w("## Summaries and bulletin (issue 13)\n\n")
	s := r.Summaries
	if s == nil {
		w("Not run.\n\n")
		return
	}
	su := s.Setup
	w("Set-up (not timed, %d concurrent clients, through `POST /api/v1/summaries`, `PATCH`, `/submit`, `/accept`, `/return`): "+
		"%d of %d planned summaries for %d (branch, topic) pairs, %d requests, %.1f s.", setupWorkers, su.Created, su.Planned, su.Pairs, su.Requests, su.Seconds)
	if su.Note != "" {
		w(" %s.", su.Note)
	}
	w("\n\n| topic | draft | submitted | accepted | returned |\n|---:|---:|---:|---:|---:|\n")
	for no := 1; no <= len(su.ByTopic); no++ {
		m := su.ByTopic[no]
		w("| %d | %d | %d | %d | %d |\n", no, m["draft"], m["submitted"], m["accepted"], m["returned"])
	}
	w("\n")
	if s.SetupProblem != "" {
		w("**Set-up failed**: %s\n\n", s.SetupProblem)
	}
	if q := s.Status; q != nil {
		path, _ := url.PathUnescape(q.Path)
		w("| operation | request | n | median ms | p95 ms | checks |\n|---|---|---:|---:|---:|---|\n")
		w("| %s | `GET %s` | %d | %.2f | %.2f | %s |\n\n", q.Name, path, q.N, q.MedianMS, q.P95MS, passText(q.Pass))
		w("- %s (rows per unit, sums, states against the set-up): %s\n\n", s.OtherTopics.Name, passText(s.OtherTopics.Pass))
	}
	b := r.Bulletin
	if b == nil {
		w("Bulletin: not run (`-bulletin` is off).\n\n")
		return
	}
	w("Bulletin: the root's over the whole campaign, `POST /api/v1/bulletins` then `GET …/document.docx`, `.pdf`, `.xlsx`; "+
		"1 warm-up, %d runs: median %.0f ms, max %.0f ms (create + 3 documents); last sizes %v bytes; checks %s\n\n",
		b.Runs, b.MedianMS, b.MaxMS, b.Bytes, passText(b.Pass))
}
