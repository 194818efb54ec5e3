package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestLoginOverPlainHTTPExplains: with Secure session cookies, a login page
// reached over plain HTTP from another host says why logging in would only
// bring the form back, and what to do; on loopback (where browsers keep
// Secure cookies) and without Secure cookies it says nothing.
func TestLoginOverPlainHTTPExplains(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.h.d.Sessions.Cookie.Secure = true
	cases := []struct {
		name, method, host string
		secure, want       bool
	}{
		{"intranet host", http.MethodGet, "192.168.10.5:8080", true, true},
		{"domain name", http.MethodGet, "dangjian.example.cn", true, true},
		{"failed login from the intranet", http.MethodPost, "192.168.10.5:8080", true, true},
		{"loopback", http.MethodGet, "127.0.0.1:8080", true, false},
		{"localhost", http.MethodGet, "localhost:8080", true, false},
		{"insecure cookies", http.MethodGet, "192.168.10.5:8080", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.h.d.Sessions.Cookie.Secure = tc.secure
			var req *http.Request
			if tc.method == http.MethodPost {
				req = httptest.NewRequest(tc.method, "/login", strings.NewReader(url.Values{"username": {"nobody"}, "password": {"x"}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Sec-Fetch-Site", "same-origin") // a browser of today
			} else {
				req = httptest.NewRequest(tc.method, "/login", nil)
			}
			req.Host = tc.host
			rec := httptest.NewRecorder()
			e.h.ServeHTTP(rec, req)
			doc, err := goquery.NewDocumentFromReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			msg := doc.Find("#login-plain-http").Text()
			if got := msg != ""; got != tc.want {
				t.Fatalf("explanation shown: got %v (%q), want %v", got, msg, tc.want)
			}
			if tc.want && (!strings.Contains(msg, "HTTPS") || !strings.Contains(msg, "https://") || !strings.Contains(msg, "--insecure-cookies")) {
				t.Errorf("the explanation does not say what to do: %q", msg)
			}
		})
	}
}
