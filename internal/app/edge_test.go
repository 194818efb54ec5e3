package app_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
