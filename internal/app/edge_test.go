package app_test

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"xuezuo/internal/app"
	"xuezuo/internal/audit"
	"xuezuo/internal/config"
	"xuezuo/internal/store/storetest"
)

// TestEdgeOfEveryRequest checks what the layers around both front doors
// add, through the app's own handler: gzip when asked for, 405 with Allow on
// the web, the Chinese cross-origin refusal, and one access-log line per
// request carrying the route pattern and the request id.
func TestEdgeOfEveryRequest(t *testing.T) {
	t.Parallel()
	a, logs := newLoggedApp(t)
	h := a.Handler()
	serve := func(req *http.Request) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}

	t.Run("gzip only when asked", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodGet, "/login", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := serve(req)
		if rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("Content-Encoding %q with Accept-Encoding: gzip", rec.Header().Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		if page, _ := io.ReadAll(zr); !strings.Contains(string(page), "登录学做") {
			t.Errorf("the gzipped login page does not decode to itself")
		}
		rec = serve(httptest.NewRequest(http.MethodGet, "/login", nil))
		if rec.Header().Get("Content-Encoding") != "" || !strings.Contains(rec.Body.String(), "登录学做") {
			t.Errorf("compressed without Accept-Encoding: %q", rec.Header().Get("Content-Encoding"))
		}
	})

	t.Run("web 405 with Allow", func(t *testing.T) {
		rec := serve(httptest.NewRequest(http.MethodDelete, "/login", nil))
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD, POST" {
			t.Errorf("got %d Allow %q", rec.Code, rec.Header().Get("Allow"))
		}
	})

	t.Run("cross-origin refusal in Chinese", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader("username=a&password=b"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		rec := serve(req)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "跨站提交已被拒绝") {
			t.Errorf("got %d %.200s", rec.Code, rec.Body.String())
		}
		req = httptest.NewRequest(http.MethodPost, "/api/v1/orgs", strings.NewReader("{}"))
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		rec = serve(req)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), `"code":"forbidden"`) {
			t.Errorf("API: got %d %s", rec.Code, rec.Body.String())
		}
	})

	t.Run("access log", func(t *testing.T) {
		rec := serve(httptest.NewRequest(http.MethodGet, "/api/v1/orgs/12", nil))
		id := rec.Header().Get("X-Request-ID")
		var line map[string]any
		for _, m := range logs.lines(t) {
			if m["msg"] == "request" && m["request_id"] == id {
				line = m
			}
		}
		if line == nil {
			t.Fatalf("no access-log line with request id %q", id)
		}
		if line["route"] != "GET /api/v1/orgs/{id}" || line["status"] != float64(401) || line["method"] != "GET" {
			t.Errorf("access-log line %v", line)
		}
		if _, ok := line["user_id"]; ok {
			t.Errorf("an anonymous request logged a user: %v", line)
		}
	})
}

// TestAuditRecordsTheClientBehindATrustedProxy: behind a proxy named with
// --trusted-proxy, the audit log records the address the proxy forwards;
// from any other peer the forwarding header is ignored.
func TestAuditRecordsTheClientBehindATrustedProxy(t *testing.T) {
	t.Parallel()
	a, err := app.New(context.Background(), config.Config{DataDir: t.TempDir(), DB: storetest.URL(t), FastHash: true,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.2/32")}}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	sys := app.System(context.Background(), "test")
	if _, err := a.Account.CreateUser(sys, "organiser", "组织员", storetest.Password); err != nil {
		t.Fatal(err)
	}
	failedLogin := func(peer string) {
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader("username=organiser&password=wrong"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "203.0.113.9")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.RemoteAddr = peer
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Fatalf("failed login from %s: %d", peer, rec.Code)
		}
	}
	failedLogin("10.0.0.2:51000")     // the trusted proxy
	failedLogin("198.51.100.7:40000") // anyone else, spoofing the header
	rows, _, err := a.Audit.List(sys, audit.Filter{Action: "login.failed", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var remotes []string
	for _, e := range rows {
		remotes = append(remotes, e.Remote)
	}
	slices.Sort(remotes)
	if want := []string{"198.51.100.7", "203.0.113.9"}; !slices.Equal(remotes, want) {
		t.Errorf("audit remotes: got %v, want %v", remotes, want)
	}
}
