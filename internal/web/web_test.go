package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/PuerkitoBio/goquery"
	"github.com/alexedwards/scs/v2"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

// testPassword is every fixture user's password.
const testPassword = storetest.Password

// env is a web handler on a fresh database, served by httptest.
type env struct {
	s   *storetest.Services
	h   *Handler
	srv *httptest.Server
	log *syncBuffer
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// newEnv builds the handler as app does, on its own database.
func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvOn(t, storetest.OpenServices(t))
}

// newEnvOn builds the handler on the services s.
func newEnvOn(t *testing.T, s *storetest.Services) *env {
	t.Helper()
	sm := scs.New()
	sm.Store = s.Store.Sessions()
	buf := &syncBuffer{}
	key, err := s.Store.AppSecret(context.Background(), "csrf")
	if err != nil {
		t.Fatalf("csrf key: %v", err)
	}
	h, err := New(Deps{Services: s.Services, Sessions: sm,
		Logger: slog.New(slog.NewTextHandler(buf, nil)), Version: "v1.2.3-test", CSRFKey: key})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	h.clock = storetest.Clock // the services' fixed time
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		if t.Failed() && buf.String() != "" {
			t.Logf("server log:\n%s", buf.String())
		}
	})
	return &env{s: s, h: h, srv: srv, log: buf}
}

// client is a browser stand-in: a cookie jar, and redirects left unfollowed
// so that tests see each 303. Like today's browsers it sends
// Sec-Fetch-Site: same-origin on its posts, unless legacy is set: then it
// is an old IE-mode browser that sends neither that nor Origin, and its
// posts need the form token (csrf_test.go).
type client struct {
	t      *testing.T
	base   string
	c      *http.Client
	legacy bool
}

func (e *env) anon(t *testing.T) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{t: t, base: e.srv.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login logs username in through the real form and returns its client.
func (e *env) login(t *testing.T, username string) *client {
	t.Helper()
	c := e.anon(t)
	res := c.post("/login", url.Values{"username": {username}, "password": {storetest.Password}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("login %s: status %d, want 303; body: %s", username, res.status, res.body)
	}
	return c
}

// user creates an account holding role on orgID and logs it in.
func (e *env) user(t *testing.T, name string, role xuezuo.Role, orgID xuezuo.ID) *client {
	t.Helper()
	storetest.MustUser(t, e.s, name, role, orgID)
	return e.login(t, name)
}

// result is an answered request.
type result struct {
	status int
	header http.Header
	body   string
	doc    *goquery.Document
}

func (c *client) do(req *http.Request) result {
	c.t.Helper()
	if !c.legacy && req.Method != http.MethodGet && req.Header.Get("Origin") == "" && req.Header.Get("Sec-Fetch-Site") == "" {
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	res, err := c.c.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("read body: %v", err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		c.t.Fatalf("parse html: %v", err)
	}
	return result{status: res.StatusCode, header: res.Header, body: string(b), doc: doc}
}

func (c *client) get(path string, headers ...string) result {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(req)
}

func (c *client) post(path string, form url.Values, headers ...string) result {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(req)
}

// text returns the trimmed text of the first match of sel.
func (r result) text(sel string) string {
	return strings.TrimSpace(r.doc.Find(sel).First().Text())
}

// rowsOf returns the cell texts of the rows matched by sel.
func rowsOf(r result, sel string) [][]string {
	var out [][]string
	r.doc.Find(sel).Each(func(_ int, tr *goquery.Selection) {
		var row []string
		tr.Find("td").Each(func(_ int, td *goquery.Selection) { row = append(row, strings.TrimSpace(td.Text())) })
		out = append(out, row)
	})
	return out
}

// wantStatus fails the test when the status differs.
func wantStatus(t *testing.T, r result, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d; body:\n%s", r.status, want, r.body)
	}
}

func TestNewParsesEveryPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, name := range []string{"login.html", "error.html", "orgs.html", "org.html", "members.html", "org_form.html",
		"member.html", "member_form.html", "import.html", "accounts.html", "account.html", "account_new.html",
		"me.html", "audit.html", "system.html", "campaigns.html", "campaign.html", "campaign_form.html", "progress.html",
		"participation.html", "meeting.html", "meeting_form.html", "meetings.html", "checkin.html", "reflection.html",
		"reflection_form.html", "reflections.html", "bulletins.html", "bulletin.html"} {
		if e.h.views.pages[name] == nil {
			t.Errorf("page %s not parsed", name)
		}
	}
}

func TestNewFailsOnBrokenTemplate(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	good := fstest.MapFS{}
	for _, p := range assetFiles {
		good[p] = &fstest.MapFile{Data: []byte("x")}
	}
	good["templates/layout.html"] = &fstest.MapFile{Data: []byte(`{{define "layout"}}{{template "content" .}}{{end}}`)}
	good["templates/partials.html"] = &fstest.MapFile{Data: []byte(`{{define "p"}}{{end}}`)}
	good["templates/pages/error.html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}ok{{end}}`)}
	deps := Deps{Services: s.Services, Sessions: scs.New(), CSRFKey: make([]byte, 32)}
	if _, err := newHandler(deps, good); err != nil {
		t.Fatalf("good templates: %v", err)
	}
	cases := []struct {
		name, path, body string
	}{
		{"unclosed action", "templates/pages/broken.html", `{{define "content"}}{{if .X}}{{end}`},
		{"page without content", "templates/pages/empty.html", `<p>no define</p>`},
		{"broken partial", "templates/partials.html", `{{define "p"}}{{range}}{{end}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range good {
				fsys[k] = v
			}
			fsys[tc.path] = &fstest.MapFile{Data: []byte(tc.body)}
			if _, err := newHandler(deps, fsys); err == nil {
				t.Fatalf("newHandler succeeded, want a parse error")
			}
		})
	}
}

func TestEveryIDRouteNamesItsKind(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	kinds := map[string]bool{"org": true, "member": true, "user": true, "grant": true, "token": true, "post": true,
		"campaign": true, "meeting": true, "reflection": true, "attachment": true, "summary": true, "forward": true,
		"bulletin": true}
	for _, rt := range e.h.Routes() {
		hasID := strings.Contains(rt.Pattern, "{id}")
		switch {
		case hasID && rt.IDKind == "":
			t.Errorf("%s has {id} but no IDKind", rt.Pattern)
		case hasID && !kinds[rt.IDKind]:
			t.Errorf("%s: unknown IDKind %q", rt.Pattern, rt.IDKind)
		case !hasID && rt.IDKind != "":
			t.Errorf("%s has IDKind %q but no {id}", rt.Pattern, rt.IDKind)
		}
	}
}

func TestAssets(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.anon(t)
	page := c.get("/login")
	wantStatus(t, page, http.StatusOK)
	if v, _ := page.doc.Find(`meta[name=viewport]`).Attr("content"); v != "width=device-width, initial-scale=1" {
		t.Errorf("viewport %q", v)
	}
	if v, _ := page.doc.Find(`meta[name=htmx-config]`).Attr("content"); !strings.Contains(v, `{"code":"422","swap":true}`) {
		t.Errorf("htmx-config does not swap 422: %s", v)
	}
	hashed := regexp.MustCompile(`^/static/(pico|app|htmx)\.[0-9a-f]{8}\.(min\.)?(css|js)$`)
	var urls []string
	page.doc.Find(`link[rel=stylesheet]`).Each(func(_ int, s *goquery.Selection) { urls = append(urls, s.AttrOr("href", "")) })
	page.doc.Find(`script[src]`).Each(func(_ int, s *goquery.Selection) { urls = append(urls, s.AttrOr("src", "")) })
	if len(urls) != 4 {
		t.Fatalf("assets linked: %v, want pico, app.css, htmx, app.js", urls)
	}
	for _, u := range urls {
		if !hashed.MatchString(u) {
			t.Errorf("asset URL %q is not content-hashed", u)
		}
		r := c.get(u)
		wantStatus(t, r, http.StatusOK)
		if got := r.header.Get("Cache-Control"); got != "max-age=31536000, immutable" {
			t.Errorf("%s Cache-Control %q", u, got)
		}
		if strings.Contains(u, "/app.") && strings.HasSuffix(u, ".css") {
			for _, want := range []string{"--pico-font-family", `"PingFang SC"`, `"Microsoft YaHei"`} {
				if !strings.Contains(r.body, want) {
					t.Errorf("app.css lacks %s", want)
				}
			}
		}
	}
	for _, bad := range []string{"/static/pico.min.css", "/static/pico.00000000.min.css", "/static/app.css"} {
		if r := c.get(bad); r.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", bad, r.status)
		}
	}
}

func TestHealthzAndNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.anon(t)
	r := c.get("/healthz")
	if r.status != http.StatusOK || r.body != "ok" {
		t.Errorf("healthz: %d %q", r.status, r.body)
	}
	r = c.get("/no/such/page")
	wantStatus(t, r, http.StatusNotFound)
	if got := r.text("#error-message"); got != msgNotFound {
		t.Errorf("404 text %q, want %q", got, msgNotFound)
	}
}

// TestFavicon: the icon the pages link to is served, and so is the
// /favicon.ico browsers ask for on their own.
func TestFavicon(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, path := range []string{"/favicon.ico", e.h.assets.urls.Favicon} {
		r := e.anon(t).get(path)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(r.body, "<svg") {
			t.Errorf("%s: %d %q", path, r.status, r.header.Get("Content-Type"))
		}
	}
}
