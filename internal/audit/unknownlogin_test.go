package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"xuezuo/internal/audit"
	"xuezuo/internal/store/storetest"
)

// TestUnknownLoginsPerMinute: the counts of a minute are written when a
// try in a later minute finds it over (one row per address, with the
// count), and the current minute only by Flush.
func TestUnknownLoginsPerMinute(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	clock := &stepClock{}
	clock.ns.Store(storetest.Clock.T.Truncate(time.Minute).UnixNano())
	u := audit.NewUnknownLogins(s, clock)
	ctx := context.Background()
	rows := func() []string {
		t.Helper()
		return storetest.QueryStrings(t, s, "SELECT remote || ' ' || fields FROM audit_log WHERE action = 'login.unknown' ORDER BY remote, fields")
	}
	for range 40 {
		if err := u.Failed(ctx, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := u.Failed(ctx, "192.0.2.2"); err != nil {
		t.Fatal(err)
	}
	if got := rows(); len(got) != 0 {
		t.Fatalf("rows within the minute: %q, want none", got)
	}
	clock.add(time.Minute)
	if err := u.Failed(ctx, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	got := rows()
	if len(got) != 2 || !strings.HasPrefix(got[0], "192.0.2.1 count=40,minute=") || !strings.HasPrefix(got[1], "192.0.2.2 count=1,") {
		t.Fatalf("rows after the minute: %q, want 40 and 1", got)
	}
	if n, err := u.FlushEnded(ctx); err != nil || n != 0 {
		t.Fatalf("FlushEnded within the minute: %d rows, %v; want none", n, err)
	}
	if err := u.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := rows(); len(got) != 3 {
		t.Errorf("rows after the flush: %q, want the new minute's row too", got)
	}
	if err := u.Flush(ctx); err != nil || len(rows()) != 3 {
		t.Errorf("a second flush wrote again (%v)", err)
	}
	// The job's sweep writes a minute once it is over, without a new try.
	if err := u.Failed(ctx, "192.0.2.3"); err != nil {
		t.Fatal(err)
	}
	clock.add(time.Minute)
	if n, err := u.FlushEnded(ctx); err != nil || n != 1 || len(rows()) != 4 {
		t.Errorf("FlushEnded after the minute: %d rows, %v; want 1", n, err)
	}
}
