// Package server holds the layers every HTTP request passes through before
// the web or API front door: a request id, the client's address behind
// trusted proxies, one access-log line, Prometheus metrics and gzip. It also
// serves readiness and aggregates failed logins. It knows no feature: the
// front doors tell it the matched route and the user through SetRoute and
// SetUser.
package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"time"
)

// Options configures Wrap.
type Options struct {
	// Logger receives one Info line "request" per request; nil writes none.
	Logger *slog.Logger
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed. Empty: the TCP peer is the client.
	TrustedProxies []netip.Prefix
	// Metrics counts requests and their durations; nil counts nothing.
	Metrics *Metrics
	// Compress gzips HTML, JSON, CSS, JavaScript, SVG and plain text for
	// clients that accept it.
	Compress bool
}

// unmatched is the route of requests no front door claimed through SetRoute
// (404s, and paths a front door rejects before routing).
const unmatched = "unmatched"

// Wrap returns next behind, outermost first: the client address, the
// request info (id, X-Request-ID header), the access log and metrics, and
// gzip. The layers share one function and one per-request struct rather
// than four nested handlers each allocating its own, since this runs on
// every request.
func Wrap(next http.Handler, o Options) http.Handler {
	s := &wrapped{next: next, log: o.Logger, metrics: o.Metrics, proxies: slices.Clone(o.TrustedProxies)}
	if o.Compress {
		s.gzip = newGzip(next)
	}
	return s
}

// wrapped is the handler Wrap returns.
type wrapped struct {
	next    http.Handler
	gzip    http.Handler // next behind gzhttp; nil without Options.Compress
	log     *slog.Logger
	metrics *Metrics
	proxies proxies
}

// ServeHTTP runs the layers around s.next.
func (s *wrapped) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	e := &exchange{w: w}
	ip, https, remote := s.proxies.client(r)
	e.info = Info{RequestID: NewRequestID(), ClientIP: ip, HTTPS: https}
	e.idHeader[0] = e.info.RequestID
	// Assigned directly: the key is already canonical, and the value slice
	// lives in e, so setting the header allocates nothing.
	w.Header()["X-Request-Id"] = e.idHeader[:]

	// WithContext copies the request, so rewriting RemoteAddr on the copy
	// leaves the caller's request untouched, as a handler must.
	r = r.WithContext(withInfo(r.Context(), &e.info))
	r.RemoteAddr = remote

	finished := false
	defer func() {
		// A panicking handler that wrote nothing leaves the client without
		// an answer; count it as the server error it is.
		if !finished && e.status == 0 {
			e.status = http.StatusInternalServerError
		}
		s.finish(r.Context(), r.Method, e, time.Since(start))
	}()
	switch {
	case s.gzip != nil && wantsGzip(r):
		s.gzip.ServeHTTP(e, r)
	case s.gzip != nil:
		// gzhttp adds Vary itself; without it, a cache could hand this plain
		// answer to a client that asked for gzip.
		e.addVary()
		s.next.ServeHTTP(e, r)
	default:
		s.next.ServeHTTP(e, r)
	}
	if e.status == 0 {
		e.status = http.StatusOK // net/http sends 200 for a handler that wrote nothing
	}
	finished = true
}

// finish writes the access-log line and the metrics of one request.
func (s *wrapped) finish(ctx context.Context, method string, e *exchange, d time.Duration) {
	route := e.info.Route
	if route == "" {
		route = unmatched
	}
	if s.metrics != nil {
		s.metrics.observe(route, method, e.status, d)
	}
	if s.log == nil {
		return
	}
	attrs := [...]slog.Attr{
		slog.String("method", method),
		slog.String("route", route),
		slog.Int("status", e.status),
		slog.Duration("duration", d),
		slog.Int64("bytes", e.bytes),
		slog.String("request_id", e.info.RequestID),
		slog.String("client", e.info.ClientIP),
		{},
	}
	n := len(attrs) - 1
	// A public route takes anonymous input (the login form, for one); naming
	// a logged-in user there would tie that input to them.
	if e.info.UserID != 0 && !e.info.Public {
		attrs[n] = slog.Int64("user_id", e.info.UserID)
		n++
	}
	s.log.LogAttrs(ctx, slog.LevelInfo, "request", attrs[:n]...)
}

// exchange is one request's state, allocated once: its Info, and the
// ResponseWriter that records the status and size for the access log.
type exchange struct {
	info   Info
	w      http.ResponseWriter
	status int   // the final status; 0 until written
	bytes  int64 // body bytes written, after compression
	// idHeader and vary back the header values the layers set, so that
	// neither costs an allocation of its own.
	idHeader [1]string
	vary     [1]string
}

// addVary adds Accept-Encoding to the response's Vary header.
func (e *exchange) addVary() {
	h := e.w.Header()
	if len(h["Vary"]) > 0 {
		h.Add("Vary", "Accept-Encoding")
		return
	}
	e.vary[0] = "Accept-Encoding"
	h["Vary"] = e.vary[:]
}

// Header returns the response headers.
func (e *exchange) Header() http.Header { return e.w.Header() }

// WriteHeader records the first final status; 1xx answers are interim.
func (e *exchange) WriteHeader(code int) {
	if e.status == 0 && code >= 200 {
		e.status = code
	}
	e.w.WriteHeader(code)
}

// Write counts the body bytes.
func (e *exchange) Write(b []byte) (int, error) {
	if e.status == 0 {
		e.status = http.StatusOK
	}
	n, err := e.w.Write(b)
	e.bytes += int64(n)
	return n, err
}

// WriteString spares io.WriteString a copy of s when the writer below
// supports it, as net/http's does.
func (e *exchange) WriteString(s string) (int, error) {
	sw, ok := e.w.(io.StringWriter)
	if !ok {
		return e.Write([]byte(s))
	}
	if e.status == 0 {
		e.status = http.StatusOK
	}
	n, err := sw.WriteString(s)
	e.bytes += int64(n)
	return n, err
}

// ReadFrom keeps net/http's sendfile path for files served without gzip.
func (e *exchange) ReadFrom(src io.Reader) (int64, error) {
	if e.status == 0 {
		e.status = http.StatusOK
	}
	var n int64
	var err error
	if rf, ok := e.w.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(src)
	} else {
		// The anonymous struct hides e's own ReadFrom from io.Copy.
		n, err = io.Copy(struct{ io.Writer }{e.w}, src)
	}
	e.bytes += n
	return n, err
}

// Flush sends what was written so far, for code that asserts http.Flusher.
func (e *exchange) Flush() { _ = e.FlushError() }

// FlushError is Flush with the error, which http.ResponseController prefers.
func (e *exchange) FlushError() error {
	if e.status == 0 {
		e.status = http.StatusOK
	}
	return http.NewResponseController(e.w).Flush()
}

// Unwrap gives http.ResponseController the writer below, for Hijack,
// deadlines and the like.
func (e *exchange) Unwrap() http.ResponseWriter { return e.w }
