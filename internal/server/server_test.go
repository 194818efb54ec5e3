package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

var hexID = regexp.MustCompile(`^[0-9a-f]{16}$`)

func TestRequestID(t *testing.T) {
	t.Parallel()
	log, buf := newLog()
	var seen []string
	h := Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, RequestID(r.Context()))
	}), Options{Logger: log})

	var headers []string
	for range 2 {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("X-Request-ID", "chosen-by-client")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		headers = append(headers, rec.Header().Get("X-Request-ID"))
	}
	lines := buf.lines(t)
	if len(lines) != 2 {
		t.Fatalf("got %d log lines, want 2", len(lines))
	}
	for i, id := range seen {
		if !hexID.MatchString(id) {
			t.Errorf("request %d: got id %q, want 16 hex characters", i, id)
		}
		if headers[i] != id {
			t.Errorf("request %d: got header %q, want %q", i, headers[i], id)
		}
		if got := lines[i]["request_id"]; got != id {
			t.Errorf("request %d: got log request_id %v, want %q", i, got, id)
		}
	}
	if seen[0] == seen[1] {
		t.Errorf("got the same id %q twice", seen[0])
	}
}

func TestAccessLog(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		pattern   string
		public    bool
		user      int64
		path      string
		handler   http.HandlerFunc
		wantRoute string
		status    float64
		bytes     float64
		wantUser  any // nil: no user_id attribute
	}{
		{name: "private route names the user", pattern: "GET /orgs/{id}", user: 42, path: "/orgs/7",
			handler:   func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello") },
			wantRoute: "GET /orgs/{id}", status: 200, bytes: 5, wantUser: float64(42)},
		{name: "public route hides the user", pattern: "POST /login", public: true, user: 42, path: "/login",
			handler:   func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusSeeOther) },
			wantRoute: "POST /login", status: 303},
		{name: "anonymous private route has no user", pattern: "GET /orgs", path: "/orgs",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusCreated)
				w.WriteHeader(http.StatusConflict) // superfluous: the first status counts
			},
			wantRoute: "GET /orgs", status: 201},
		{name: "no write is 200", pattern: "GET /quiet", user: 3, path: "/quiet",
			handler:   func(w http.ResponseWriter, r *http.Request) {},
			wantRoute: "GET /quiet", status: 200, wantUser: float64(3)},
		{name: "early hints are not the status", pattern: "GET /hints", path: "/hints",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusEarlyHints)
				w.WriteHeader(http.StatusAccepted)
			},
			wantRoute: "GET /hints", status: 202},
		{name: "unmatched path", pattern: "GET /orgs", path: "/nowhere",
			handler:   func(w http.ResponseWriter, r *http.Request) {},
			wantRoute: "unmatched", status: 404, bytes: 19},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			log, buf := newLog()
			h := Wrap(routed(tc.pattern, tc.public, tc.user, tc.handler), Options{Logger: log})
			method, _, _ := strings.Cut(tc.pattern, " ")
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(method, tc.path, nil))
			l := only(t, buf.lines(t), "request")
			want := map[string]any{"level": "INFO", "method": method, "route": tc.wantRoute,
				"status": tc.status, "bytes": tc.bytes, "client": "192.0.2.1", "user_id": tc.wantUser}
			for k, v := range want {
				if l[k] != v {
					t.Errorf("%s: got %v (%T), want %v (%T)", k, l[k], l[k], v, v)
				}
			}
			if d, ok := l["duration"].(float64); !ok || d <= 0 {
				t.Errorf("duration: got %v, want a positive number of nanoseconds", l["duration"])
			}
		})
	}
}

func TestPanicIsLoggedAs500(t *testing.T) {
	t.Parallel()
	log, buf := newLog()
	h := Wrap(routed("GET /boom", false, 0, func(w http.ResponseWriter, r *http.Request) {
		panic(http.ErrAbortHandler)
	}), Options{Logger: log})
	func() {
		defer func() {
			if p := recover(); p != http.ErrAbortHandler {
				t.Errorf("got panic %v, want it passed on", p)
			}
		}()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/boom", nil))
	}()
	if got := only(t, buf.lines(t), "request")["status"]; got != float64(500) {
		t.Errorf("got status %v, want 500", got)
	}
}

func TestNilLoggerWritesNothing(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	Wrap(http.NotFoundHandler(), Options{}).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 404 || rec.Header().Get("X-Request-ID") == "" {
		t.Errorf("got %d with id %q, want 404 with an id", rec.Code, rec.Header().Get("X-Request-ID"))
	}
}

func TestWriterInterfaces(t *testing.T) {
	t.Parallel()
	for _, compress := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "gzip"}[compress], func(t *testing.T) {
			t.Parallel()
			h := Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rc := http.NewResponseController(w)
				if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
					t.Errorf("SetWriteDeadline through Unwrap: %v", err)
				}
				w.Header().Set("Content-Type", "text/plain")
				io.WriteString(w, "first ")
				f, ok := w.(http.Flusher)
				if !ok {
					t.Errorf("got %T, want an http.Flusher", w)
					return
				}
				f.Flush()
				if err := rc.Flush(); err != nil {
					t.Errorf("ResponseController.Flush: %v", err)
				}
				io.WriteString(w, "second")
			}), Options{Compress: compress})
			srv := httptest.NewServer(h)
			defer srv.Close()
			res, err := srv.Client().Get(srv.URL) // the client asks for gzip
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if string(body) != "first second" {
				t.Errorf("got body %q, want %q", body, "first second")
			}
		})
	}
}

func TestFlushRecordsStatus(t *testing.T) {
	t.Parallel()
	log, buf := newLog()
	rec := httptest.NewRecorder()
	Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.(http.Flusher).Flush()
	}), Options{Logger: log}).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !rec.Flushed {
		t.Error("got no flush, want it passed to the writer below")
	}
	if got := only(t, buf.lines(t), "request")["status"]; got != float64(200) {
		t.Errorf("got status %v, want 200", got)
	}
}

// nopWriter is a ResponseWriter that keeps nothing, so that the benchmark
// measures the layers and not httptest.
type nopWriter struct{ h http.Header }

func (w *nopWriter) Header() http.Header         { return w.h }
func (w *nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *nopWriter) WriteHeader(int)             {}

func BenchmarkWrap(b *testing.B) {
	body := []byte(`{"id":12345,"member_id":678,"status":"present"}`)
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		SetRoute(r.Context(), "POST /api/v1/meetings/{id}/attendance", false)
		SetUser(r.Context(), 77)
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	cases := []struct {
		name string
		h    http.Handler
		ae   string
	}{
		{"bare", app, ""},
		{"wrapped", Wrap(app, Options{Logger: log, Metrics: NewMetrics(), Compress: true}), ""},
		{"wrapped-no-log", Wrap(app, Options{Metrics: NewMetrics(), Compress: true}), ""},
		{"wrapped-accepts-gzip", Wrap(app, Options{Logger: log, Metrics: NewMetrics(), Compress: true}), "gzip"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest("POST", "/api/v1/meetings/9/attendance", nil)
			req = req.WithContext(context.Background())
			if c.ae != "" {
				req.Header.Set("Accept-Encoding", c.ae)
			}
			w := &nopWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				c.h.ServeHTTP(w, req)
			}
		})
	}
}
