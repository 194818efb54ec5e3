package audit_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/store/storetest"
)

// stepClock is a clock the test moves on.
type stepClock struct{ ns atomic.Int64 }

func (c *stepClock) Now() time.Time      { return time.Unix(0, c.ns.Load()).UTC() }
func (c *stepClock) add(d time.Duration) { c.ns.Add(int64(d)) }

func TestRefusalsBounded(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	clock := &stepClock{}
	clock.ns.Store(storetest.Clock.T.Truncate(time.Minute).UnixNano())
	r := audit.NewRefusals(s, clock, 5)
	crawler := xuezuo.WithActor(context.Background(), &xuezuo.Actor{UserID: 42, Username: "crawler", Remote: "192.0.2.7"})
	other := xuezuo.WithActor(context.Background(), &xuezuo.Actor{UserID: 43, Username: "other"})
	count := func(q string) string {
		t.Helper()
		return storetest.QueryStrings(t, s, q)[0]
	}
	// 100 probes in one minute, from 4 goroutines at once.
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 25 {
				id := xuezuo.ID(1000 + g*25 + i)
				if err := r.Refused(crawler, audit.Refusal{Route: "GET /meetings/{id}", Kind: "meeting", TargetID: id, NotFound: true}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if err := r.Refused(other, audit.Refusal{Route: "GET /members/{id}", Kind: "member", TargetID: 7}); err != nil {
		t.Fatal(err)
	}
	if got := count("SELECT COUNT(*) FROM audit_log WHERE action = 'access.refused' AND username = 'crawler'"); got != "5" {
		t.Errorf("crawler's rows in the minute: %s, want 5", got)
	}
	if got := count("SELECT COUNT(*) FROM audit_log WHERE action = 'access.refused' AND username = 'other' AND outcome = 'denied'"); got != "1" {
		t.Errorf("another user's 403: %s rows, want 1", got)
	}
	// The next minute: the summary of the omitted 95 is written, and the
	// crawler's next refusal has its own row again.
	clock.add(time.Minute)
	if err := r.Refused(crawler, audit.Refusal{Route: "GET /meetings/{id}", Kind: "meeting", TargetID: 5000, NotFound: true}); err != nil {
		t.Fatal(err)
	}
	got := storetest.QueryStrings(t, s, "SELECT fields FROM audit_log WHERE action = 'access.refused.summary' AND username = 'crawler'")
	if len(got) != 1 || !strings.Contains(got[0], "omitted=95") {
		t.Errorf("summary rows %q, want one with omitted=95", got)
	}
	if got := count("SELECT COUNT(*) FROM audit_log WHERE action = 'access.refused' AND username = 'crawler'"); got != "6" {
		t.Errorf("crawler's rows after the minute: %s, want 6", got)
	}
	row := storetest.QueryStrings(t, s, "SELECT target_type || ' ' || CAST(target_id AS TEXT) || ' ' || outcome || ' ' || fields || ' ' || remote FROM audit_log WHERE action = 'access.refused' AND target_id = 5000")
	if want := "meeting 5000 not_found route=GET /meetings/{id} 192.0.2.7"; len(row) != 1 || row[0] != want {
		t.Errorf("row %q, want %q", row, want)
	}
	if err := r.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := count("SELECT COUNT(*) FROM audit_log"); got != fmt.Sprint(5+1+1+1) {
		t.Errorf("audit rows %s, want 8 (5 + other's 1 + summary + 1)", got)
	}
}
