package server

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestReady(t *testing.T) {
	t.Parallel()
	stuck := make(chan struct{})
	t.Cleanup(func() { close(stuck) })
	tests := []struct {
		name     string
		ping     func(context.Context) error
		status   int
		body     string
		wantLine bool
	}{
		{name: "database answers", ping: func(context.Context) error { return nil },
			status: 200, body: "ok\n"},
		{name: "database fails", ping: func(context.Context) error { return errors.New("disk I/O error") },
			status: 503, body: "数据库不可用\n", wantLine: true},
		{name: "ping honours the deadline", ping: func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() },
			status: 503, body: "数据库不可用\n", wantLine: true},
		{name: "ping ignores the deadline", ping: func(context.Context) error { <-stuck; return nil },
			status: 503, body: "数据库不可用\n", wantLine: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			log, buf := newLog()
			rec := httptest.NewRecorder()
			start := time.Now()
			Ready(tc.ping, 50*time.Millisecond, log).ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v, want about the 50 ms timeout", took)
			}
			if rec.Code != tc.status || rec.Body.String() != tc.body {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body.String(), tc.status, tc.body)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control: got %q, want no-store", got)
			}
			if got := rec.Header().Get("Content-Type"); got != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type: got %q, want text/plain", got)
			}
			lines := buf.lines(t)
			if tc.wantLine {
				if l := only(t, lines, "not ready"); l["err"] == nil || l["err"] == "" {
					t.Errorf("got line %v, want the error", l)
				}
			} else if len(lines) != 0 {
				t.Errorf("got %v, want no log line", lines)
			}
		})
	}
}

func TestReadyJoinsPingInFlight(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var calls atomic.Int32
	h := Ready(func(context.Context) error {
		calls.Add(1)
		<-release
		return nil
	}, 20*time.Millisecond, nil)
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
			if rec.Code != http.StatusServiceUnavailable {
				t.Errorf("got %d, want 503", rec.Code)
			}
		})
	}
	wg.Wait()
	if got := calls.Load(); got != 1 {
		t.Errorf("got %d pings, want 1 shared by the probes", got)
	}
	close(release)
	// Once the hung ping returns, the next probe starts a fresh one.
	deadline := time.Now().Add(5 * time.Second)
	for {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		if rec.Code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %d after the ping returned", rec.Code)
		}
	}
}
