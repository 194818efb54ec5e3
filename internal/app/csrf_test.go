package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"xuezuo/internal/app"
	"xuezuo/internal/config"
	"xuezuo/internal/store/storetest"
)

// formToken finds the login form's token.
var formToken = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// browser is a cookie jar on srv that leaves redirects unfollowed.
func browser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// loginPage fetches /login with c and returns its form token.
func loginPage(t *testing.T, c *http.Client, base string) string {
	t.Helper()
	res, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := formToken.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("no token on the login page:\n%s", b)
	}
	return m[1]
}

// postLogin posts the organiser's credentials with tok (if any) and the
// headers given as name, value pairs.
func postLogin(t *testing.T, c *http.Client, base, tok string, headers ...string) (int, string) {
	t.Helper()
	v := url.Values{"username": {"organiser"}, "password": {storetest.Password}}
	if tok != "" {
		v.Set("csrf_token", tok)
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestCrossSiteLayers runs the whole front: the cross-origin check refuses
// what names another site, with or without a token; a post naming none
// needs the form token; a same-origin post needs none; the bearer-only API
// is left to its tokens. Two processes on one database accept each other's
// forms, since the key lives in the database.
func TestCrossSiteLayers(t *testing.T) {
	t.Parallel()
	dbURL := storetest.URL(t)
	open := func() (*app.App, *httptest.Server) {
		a, err := app.New(context.Background(), config.Config{DataDir: t.TempDir(), DB: dbURL, FastHash: true}, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		srv := httptest.NewServer(a.Handler())
		t.Cleanup(srv.Close)
		return a, srv
	}
	a, one := open()
	_, two := open()
	if _, err := a.Account.CreateUser(app.System(context.Background(), "test"), "organiser", "组织员", storetest.Password); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name     string
		withTok  bool
		headers  []string
		want     int
		wantText string
	}{
		{"old browser without token", false, nil, http.StatusForbidden, "页面已过期或请求来源无法确认"},
		{"old browser with the page's token", true, nil, http.StatusSeeOther, ""},
		{"same-origin without token", false, []string{"Sec-Fetch-Site", "same-origin"}, http.StatusSeeOther, ""},
		{"cross-site with a token", true, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden, "跨站提交已被拒绝"},
		{"foreign Origin with a token", true, []string{"Origin", "http://evil.example"}, http.StatusForbidden, "跨站提交已被拒绝"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := browser(t)
			tok := loginPage(t, c, one.URL)
			if !tc.withTok {
				tok = ""
			}
			code, body := postLogin(t, c, one.URL, tok, tc.headers...)
			if code != tc.want || !strings.Contains(body, tc.wantText) {
				t.Errorf("got %d, want %d with %q; body %.300s", code, tc.want, tc.wantText, body)
			}
		})
	}

	t.Run("a form of one process posted to another", func(t *testing.T) {
		c := browser(t)
		tok := loginPage(t, c, one.URL)
		// The cookie jar keys by host, and both servers listen on 127.0.0.1.
		if code, body := postLogin(t, c, two.URL, tok); code != http.StatusSeeOther {
			t.Errorf("got %d, want 303; body %.300s", code, body)
		}
	})

	t.Run("API without Origin headers is left to its bearer token", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, one.URL+"/api/v1/orgs", strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("got %d, want 401 (no bearer token)", res.StatusCode)
		}
	})
}
