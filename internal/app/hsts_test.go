package app_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHSTSOnlyOverTLS checks Strict-Transport-Security on every kind of
// response the site gives over TLS (pages, API errors, not-found, a refused
// cross-origin post) and on none of them over plain HTTP.
func TestHSTSOnlyOverTLS(t *testing.T) {
	t.Parallel()
	h := newApp(t).Handler()
	requests := []struct {
		name, method, path string
		crossSite          bool
	}{
		{"health", "GET", "/healthz", false},
		{"login page", "GET", "/login", false},
		{"api unauthenticated", "GET", "/api/v1/meetings", false},
		{"not found", "GET", "/no-such-page", false},
		{"cross-site post refused", "POST", "/login", true},
	}
	for _, srv := range []struct {
		name string
		s    *httptest.Server
		want string
	}{
		{"tls", httptest.NewTLSServer(h), "max-age=31536000"},
		{"plain http", httptest.NewServer(h), ""},
	} {
		t.Cleanup(srv.s.Close)
		for _, rq := range requests {
			t.Run(srv.name+"/"+rq.name, func(t *testing.T) {
				req, err := http.NewRequest(rq.method, srv.s.URL+rq.path, strings.NewReader("username=a&password=b"))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if rq.crossSite {
					req.Header.Set("Sec-Fetch-Site", "cross-site")
				}
				res, err := srv.s.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if got := res.Header.Get("Strict-Transport-Security"); got != srv.want {
					t.Errorf("status %d: Strict-Transport-Security got %q, want %q", res.StatusCode, got, srv.want)
				}
			})
		}
	}
}
