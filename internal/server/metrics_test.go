package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// scrape returns the metrics text m serves.
func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("scrape: got %d, want 200", rec.Code)
	}
	return rec.Body.String()
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	m := NewMetrics()
	h := Wrap(routed("GET /orgs/{id}", false, 1, func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "0" {
			http.Error(w, "no", http.StatusNotFound)
		}
	}), Options{Metrics: m})
	for _, path := range []string{"/orgs/1", "/orgs/2", "/orgs/0", "/elsewhere"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("BREW", "/orgs/1", nil))
	for _, n := range []int{1, 3, 64} {
		m.ObserveGroup(n)
	}
	m.AddPools(func() map[string]PoolStat {
		return map[string]PoolStat{
			"read":  {MaxOpen: 8, Open: 5, InUse: 2, Idle: 3, WaitCount: 7, WaitDuration: 1500 * time.Millisecond},
			"write": {MaxOpen: 1, Open: 1, InUse: 1},
		}
	})
	text := scrape(t, m)
	for _, want := range []string{
		`xuezuo_http_requests_total{method="GET",route="GET /orgs/{id}",status="200"} 2`,
		`xuezuo_http_requests_total{method="GET",route="GET /orgs/{id}",status="404"} 1`,
		`xuezuo_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`xuezuo_http_requests_total{method="other",route="unmatched",status="405"} 1`,
		`xuezuo_http_request_duration_seconds_count{route="GET /orgs/{id}"} 3`,
		`xuezuo_http_request_duration_seconds_bucket{route="GET /orgs/{id}",le="10"} 3`,
		`xuezuo_store_group_commit_size_bucket{le="1"} 1`,
		`xuezuo_store_group_commit_size_bucket{le="4"} 2`,
		`xuezuo_store_group_commit_size_bucket{le="64"} 3`,
		`xuezuo_store_group_commit_size_sum 68`,
		`xuezuo_db_open_connections{pool="read"} 5`,
		`xuezuo_db_in_use_connections{pool="read"} 2`,
		`xuezuo_db_idle_connections{pool="read"} 3`,
		`xuezuo_db_wait_count_total{pool="read"} 7`,
		`xuezuo_db_wait_duration_seconds_total{pool="read"} 1.5`,
		`xuezuo_db_max_open_connections{pool="write"} 1`,
		`go_goroutines `,
		`process_resident_memory_bytes `,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(text, "BREW") {
		t.Error("a client's method became a label value")
	}
}

func TestMetricsConcurrent(t *testing.T) {
	t.Parallel()
	m := NewMetrics()
	h := Wrap(routed("GET /x", false, 0, func(w http.ResponseWriter, r *http.Request) {}), Options{Metrics: m})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
			}
		})
	}
	wg.Wait()
	if want := `xuezuo_http_requests_total{method="GET",route="GET /x",status="200"} 400`; !strings.Contains(scrape(t, m), want) {
		t.Errorf("metrics lack %q", want)
	}
}

func TestNilMetrics(t *testing.T) {
	t.Parallel()
	var m *Metrics
	m.ObserveGroup(3)
	m.AddPools(func() map[string]PoolStat { return nil })
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("got %d, want 404", rec.Code)
	}
}

func TestMetricsRegistriesAreSeparate(t *testing.T) {
	t.Parallel()
	a, b := NewMetrics(), NewMetrics()
	a.ObserveGroup(2)
	if strings.Contains(scrape(t, b), "xuezuo_store_group_commit_size_count 1") {
		t.Error("one Metrics' observation shows in another's")
	}
	io.WriteString(io.Discard, scrape(t, a))
}
