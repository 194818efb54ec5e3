package server

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the program's Prometheus metrics in a registry of its own,
// so that tests and several App instances never share counters. A nil
// *Metrics records nothing.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	group    prometheus.Histogram
	pools    *poolCollector

	// series caches the children of requests and duration per route, method
	// and status: WithLabelValues hashes and looks up its labels, and its
	// variadic slice escapes, on every call. Routes come from the front
	// doors' tables and methods are normalised, so the cache is bounded.
	mu     sync.RWMutex
	series map[seriesKey]series
}

// seriesKey names one request series.
type seriesKey struct {
	route, method string
	status        int
}

// series are the metric children of one seriesKey.
type series struct {
	count    prometheus.Counter
	duration prometheus.Observer
}

// NewMetrics returns metrics registered with a new registry, together with
// the Go runtime and process collectors.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "xuezuo_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "xuezuo_http_request_duration_seconds",
			Help: "Time from the request reaching the server to the handler's return, by route pattern.",
			// From a cached JSON read (about 1 ms) to a large export (seconds).
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		group: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "xuezuo_store_group_commit_size",
			Help: "Writes committed together in one SQLite transaction (at most 64).",
			// Powers of two up to the store's group limit of 64.
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64},
		}),
		pools:  newPoolCollector(),
		series: map[seriesKey]series{},
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.group, m.pools,
	)
	return m
}

// Handler serves the metrics in the Prometheus text format. It belongs on
// a separate listener, never on the public one.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		// A failing pool callback should not blank the whole scrape.
		ErrorHandling: promhttp.ContinueOnError,
	})
}

// ObserveGroup records how many queued writes one store transaction
// committed together.
func (m *Metrics) ObserveGroup(size int) {
	if m == nil {
		return
	}
	m.group.Observe(float64(size))
}

// PoolStat is one database pool's figures at a scrape. It is our own
// struct, so that no package but the store imports database/sql.
type PoolStat struct {
	MaxOpen, Open, InUse, Idle int
	WaitCount                  int64
	WaitDuration               time.Duration
}

// AddPools exports, at every scrape, the statistics of the database pools f
// returns, one series per pool name. Names must be distinct across calls.
func (m *Metrics) AddPools(f func() map[string]PoolStat) {
	if m == nil || f == nil {
		return
	}
	m.pools.add(f)
}

// observe counts one answered request.
func (m *Metrics) observe(route, method string, status int, d time.Duration) {
	key := seriesKey{route: route, method: metricMethod(method), status: status}
	m.mu.RLock()
	s, ok := m.series[key]
	m.mu.RUnlock()
	if !ok {
		s = m.newSeries(key)
	}
	s.count.Inc()
	s.duration.Observe(d.Seconds())
}

// newSeries creates and caches the children of key.
func (m *Metrics) newSeries(key seriesKey) series {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.series[key]; ok {
		return s
	}
	s := series{
		count:    m.requests.WithLabelValues(key.route, key.method, strconv.Itoa(key.status)),
		duration: m.duration.WithLabelValues(key.route),
	}
	m.series[key] = s
	return s
}

// metricMethod returns method when it is a standard one, else "other": the
// method is the client's to choose, and each new label value would be a new
// series kept for the life of the process.
func metricMethod(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	}
	return "other"
}

// poolCollector reads the pools' figures at scrape time; the pools keep the
// figures themselves, so there is nothing to update between scrapes.
type poolCollector struct {
	open, inUse, idle, waitCount, waitDuration, maxOpen *prometheus.Desc

	mu      sync.Mutex
	sources []func() map[string]PoolStat
}

// newPoolCollector returns a collector with no pools yet.
func newPoolCollector() *poolCollector {
	desc := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("xuezuo_db_"+name, help, []string{"pool"}, nil)
	}
	return &poolCollector{
		open:         desc("open_connections", "Connections open, in use or idle."),
		inUse:        desc("in_use_connections", "Connections in use."),
		idle:         desc("idle_connections", "Idle connections."),
		waitCount:    desc("wait_count_total", "Times a caller waited for a connection."),
		waitDuration: desc("wait_duration_seconds_total", "Time callers spent waiting for a connection."),
		maxOpen:      desc("max_open_connections", "The pool's limit of open connections (0: none)."),
	}
}

// add registers another source of pool statistics.
func (c *poolCollector) add(f func() map[string]PoolStat) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sources = append(c.sources, f)
}

// Describe sends the descriptors of every pool metric.
func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.open, c.inUse, c.idle, c.waitCount, c.waitDuration, c.maxOpen} {
		ch <- d
	}
}

// Collect sends the current figures of every pool.
func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	sources := c.sources[:len(c.sources):len(c.sources)]
	c.mu.Unlock()
	gauge, counter := prometheus.GaugeValue, prometheus.CounterValue
	for _, f := range sources {
		for name, st := range f() {
			ch <- prometheus.MustNewConstMetric(c.open, gauge, float64(st.Open), name)
			ch <- prometheus.MustNewConstMetric(c.inUse, gauge, float64(st.InUse), name)
			ch <- prometheus.MustNewConstMetric(c.idle, gauge, float64(st.Idle), name)
			ch <- prometheus.MustNewConstMetric(c.waitCount, counter, float64(st.WaitCount), name)
			ch <- prometheus.MustNewConstMetric(c.waitDuration, counter, st.WaitDuration.Seconds(), name)
			ch <- prometheus.MustNewConstMetric(c.maxOpen, gauge, float64(st.MaxOpen), name)
		}
	}
}
