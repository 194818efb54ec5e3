package server

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// at returns 2026-05-01 at hh:mm:ss China Standard Time.
func at(hh, mm, ss int) time.Time {
	return time.Date(2026, 5, 1, hh, mm, ss, 0, time.FixedZone("CST", 8*60*60))
}

// loginLine is one "login failures" record, decoded.
type loginLine struct {
	addr, minute string
	count        float64
}

// loginLines returns the "login failures" records in buf.
func loginLines(t *testing.T, buf *logBuffer) []loginLine {
	t.Helper()
	var out []loginLine
	for _, l := range buf.lines(t) {
		if l["msg"] != "login failures" || l["level"] != "WARN" {
			t.Fatalf("got line %v, want only Warn login failures", l)
		}
		out = append(out, loginLine{l["addr"].(string), l["minute"].(string), l["count"].(float64)})
	}
	return out
}

func TestLoginFailuresPerAddressAndMinute(t *testing.T) {
	t.Parallel()
	log, buf := newLog()
	clock := &fakeClock{t: at(10, 0, 5)}
	f := NewLoginFailures(log, clock.now)
	for _, addr := range []string{"198.51.100.7", "198.51.100.7", "203.0.113.5", "198.51.100.7"} {
		f.Fail(addr)
	}
	clock.set(at(10, 0, 59))
	f.Flush()
	if got := loginLines(t, buf); len(got) != 0 {
		t.Fatalf("minute not over: got %v, want no line", got)
	}
	clock.set(at(10, 1, 2))
	f.Fail("198.51.100.7")
	f.Flush()
	want := []loginLine{{"198.51.100.7", "2026-05-01T10:00:00+08:00", 3}, {"203.0.113.5", "2026-05-01T10:00:00+08:00", 1}}
	if got := loginLines(t, buf); !equalLines(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	f.Flush() // a flushed minute is forgotten
	if got := loginLines(t, buf); len(got) != 2 {
		t.Fatalf("got %d lines after a second flush, want still 2", len(got))
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f.Run(ctx) // returns at once and flushes the current minute too
	want = append(want, loginLine{"198.51.100.7", "2026-05-01T10:01:00+08:00", 1})
	if got := loginLines(t, buf); !equalLines(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestLoginFailuresBound(t *testing.T) {
	t.Parallel()
	log, buf := newLog()
	clock := &fakeClock{t: at(3, 0, 0)}
	f := NewLoginFailures(log, clock.now)
	for i := range maxAddrs + 500 {
		f.Fail("10.0." + strconv.Itoa(i/256) + "." + strconv.Itoa(i%256))
	}
	f.Fail("10.0.0.0") // known addresses keep their own count
	f.Fail(string(make([]byte, maxAddrLen+1)))
	clock.set(at(3, 1, 0))
	f.Flush()
	got := loginLines(t, buf)
	if len(got) != maxAddrs+1 {
		t.Fatalf("got %d lines, want %d (the bound plus other)", len(got), maxAddrs+1)
	}
	counts := map[string]float64{}
	for _, l := range got {
		counts[l.addr] = l.count
	}
	if counts[otherAddr] != 501 || counts["10.0.0.0"] != 2 {
		t.Errorf("got other %v and 10.0.0.0 %v, want 501 and 2", counts[otherAddr], counts["10.0.0.0"])
	}
}

func TestLoginFailuresConcurrent(t *testing.T) {
	t.Parallel()
	log, buf := newLog()
	clock := &fakeClock{t: at(8, 30, 0)}
	f := NewLoginFailures(log, clock.now)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				f.Fail("192.0.2.1")
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			f.Flush()
		}
	})
	wg.Wait()
	clock.set(at(8, 31, 0))
	f.Flush()
	got := loginLines(t, buf)
	if len(got) != 1 || got[0].count != 800 {
		t.Errorf("got %v, want one line counting 800", got)
	}
}

func TestNilLoginFailures(t *testing.T) {
	t.Parallel()
	var f *LoginFailures
	f.Fail("192.0.2.1")
	f.Flush()
	f.Run(context.Background())
}

// equalLines reports whether a and b hold the same lines in the same order.
func equalLines(a, b []loginLine) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
