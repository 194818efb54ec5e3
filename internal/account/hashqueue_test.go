package account

import (
	"testing"
	"time"
)

// TestWaitQueueRoundRobin serves addresses in turn: a flood's 30 waiters
// put one other address's login second in line, not 31st.
func TestWaitQueueRoundRobin(t *testing.T) {
	t.Parallel()
	q := waitQueue{max: 64}
	for range 30 {
		q.push("flood")
	}
	me := q.push("owner")
	if got := q.pop().addr; got != "flood" {
		t.Fatalf("first served: got %q, want flood", got)
	}
	if got := q.pop(); got != me {
		t.Fatalf("second served: got %q, want the owner", got.addr)
	}
	gone := q.push("gone")
	if !q.remove(gone) || q.remove(gone) {
		t.Error("remove: want true once, then false")
	}
	if got := q.len(); got != 29 {
		t.Errorf("waiting: got %d, want 29", got)
	}
}

// TestAddrLimiterBounded refuses an address past its burst and keeps the
// map within its bound.
func TestAddrLimiterBounded(t *testing.T) {
	t.Parallel()
	var l addrLimiter
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	for i := range loginBurst {
		if _, ok := l.allow("a", now); !ok {
			t.Fatalf("attempt %d within the burst refused", i)
		}
	}
	if wait, ok := l.allow("a", now); ok || wait <= 0 {
		t.Errorf("past the burst: got ok=%v wait=%v, want refused with a wait", ok, wait)
	}
	for i := range maxTrackedAddrs + 10 {
		l.allow(string(rune(i+1000)), now)
	}
	if len(l.m) > maxTrackedAddrs {
		t.Errorf("tracked addresses: got %d, want <= %d", len(l.m), maxTrackedAddrs)
	}
}
