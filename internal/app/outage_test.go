package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"xuezuo"
	"xuezuo/internal/app"
	"xuezuo/internal/config"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// lockedBuffer is a log sink the server's goroutines may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// lines returns the JSON log records written so far.
func (l *lockedBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, ln := range strings.Split(strings.TrimSpace(l.b.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(ln), &m); err == nil {
			out = append(out, m)
		}
	}
	return out
}

// errorLogged reports whether an ERROR record carries the request id.
func (l *lockedBuffer) errorLogged(t *testing.T, id string) bool {
	t.Helper()
	for _, m := range l.lines(t) {
		if m["level"] == "ERROR" && m["request_id"] == id {
			return true
		}
	}
	return false
}

// TestStoreOutageIsA500 closes the database under a running app: a page and
// an API call then answer 500 (never 404, never the login page or 401), show
// a request id, and the log carries the same id; /readyz answers 503.
func TestStoreOutageIsA500(t *testing.T) {
	t.Parallel()
	a, logs := newLoggedApp(t)
	sys := app.System(context.Background(), "test")
	o, err := a.Org.Create(sys, org.Input{Name: "植物所党委", Kind: org.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.Account.CreateUser(sys, "organiser", "组织员", storetest.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Account.Grant(sys, u.ID, xuezuo.RoleOrgAdmin, o.ID); err != nil {
		t.Fatal(err)
	}
	token, _, err := a.Account.CreateToken(xuezuo.WithActor(context.Background(), &xuezuo.Actor{UserID: u.ID, Username: u.Username}),
		u.ID, "test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	cookie := login(t, srv.URL, "organiser", storetest.Password)
	page := func() *http.Response {
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/orgs/%d", srv.URL, o.ID), nil)
		req.AddCookie(cookie)
		return send(t, req)
	}
	call := func() *http.Response {
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/orgs/%d", srv.URL, o.ID), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return send(t, req)
	}
	if r := page(); r.StatusCode != http.StatusOK {
		t.Fatalf("page before the outage: %d", r.StatusCode)
	}
	if r := call(); r.StatusCode != http.StatusOK {
		t.Fatalf("API before the outage: %d", r.StatusCode)
	}

	a.Store.Close()

	r := page()
	if r.StatusCode != http.StatusInternalServerError {
		t.Fatalf("page during the outage: got %d, want 500", r.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSpace(doc.Find("#request-id").Text())
	if id == "" || id != r.Header.Get("X-Request-ID") {
		t.Errorf("page request id %q, header %q", id, r.Header.Get("X-Request-ID"))
	}
	if !logs.errorLogged(t, id) {
		t.Errorf("no ERROR log line with request id %q:\n%v", id, logs.lines(t))
	}

	r = call()
	if r.StatusCode != http.StatusInternalServerError {
		t.Fatalf("API during the outage: got %d, want 500", r.StatusCode)
	}
	var body struct {
		Error struct {
			Code      string `json:"code"`
			RequestID string `json:"request_id"`
		} `json:"error"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body.Error.Code != xuezuo.EInternal || body.Error.RequestID == "" || body.Error.RequestID != r.Header.Get("X-Request-ID") {
		t.Errorf("API error %+v, header %q", body.Error, r.Header.Get("X-Request-ID"))
	}
	if !logs.errorLogged(t, body.Error.RequestID) {
		t.Errorf("no ERROR log line with request id %q", body.Error.RequestID)
	}

	if r := send(t, mustRequest(t, srv.URL+"/readyz")); r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the outage: got %d, want 503", r.StatusCode)
	}
	if r := send(t, mustRequest(t, srv.URL+"/healthz")); r.StatusCode != http.StatusOK {
		t.Errorf("/healthz during the outage: got %d, want 200 (the process lives)", r.StatusCode)
	}
}

// newLoggedApp builds an app whose log is JSON lines the test can read.
func newLoggedApp(t *testing.T) (*app.App, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	a, err := app.New(context.Background(), config.Config{DataDir: t.TempDir(), DB: storetest.URL(t), FastHash: true},
		slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, logs
}

// login posts the login form and returns the session cookie.
func login(t *testing.T, base, user, password string) *http.Cookie {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(url.Values{"username": {user}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin") // a browser of today; csrf_test.go plays an old one
	r := send(t, req)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: got %d, want 303", r.StatusCode)
	}
	for _, c := range r.Cookies() {
		if c.Name == "xuezuo_session" {
			return c
		}
	}
	t.Fatal("login set no session cookie")
	return nil
}

func mustRequest(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// send does one request without following redirects; the body stays
// readable.
func send(t *testing.T, req *http.Request) *http.Response {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Body.Close() })
	return r
}

// TestServicesReportOutagesAsThemselves: with the database closed, every
// read by id answers an internal error wrapped with its operation, never
// "not found" — the rule the 16 service sites used to break.
func TestServicesReportOutagesAsThemselves(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	sys := storetest.System()
	s.Store.Close()
	reads := []struct {
		name string
		read func() error
	}{
		{"org", func() error { _, err := s.Org.Get(sys, 1); return err }},
		{"member", func() error { _, err := s.Member.Get(sys, 1); return err }},
		{"campaign", func() error { _, err := s.Campaign.Get(sys, 1); return err }},
		{"topic", func() error { _, _, err := s.Campaign.Topic(sys, 1); return err }},
		{"meeting", func() error { _, err := s.Meeting.Get(sys, 1); return err }},
		{"attendance", func() error {
			return s.Meeting.Record(sys, 1, meeting.Entry{MemberID: 1, Status: meeting.Present})
		}},
		{"reflection", func() error { _, err := s.Reflection.Get(sys, 1); return err }},
		{"forward", func() error { _, err := s.Report.GetForward(sys, 1); return err }},
		{"forwarded reflection", func() error {
			_, err := s.Report.Forward(sys, report.ForwardInput{Kind: report.KindReflection, ItemID: 1, Note: "好"})
			return err
		}},
		{"recognition", func() error { _, err := s.Report.Recognition(sys, 1); return err }},
		{"attachment", func() error { _, _, err := s.Attachment.Open(sys, 1); return err }},
		{"token", func() error { return s.Account.RevokeToken(sys, 1) }},
		{"bearer token", func() error { _, err := s.Account.Authenticate(context.Background(), "xz_abc"); return err }},
		{"session user", func() error { _, err := s.Account.ActorFor(context.Background(), 1); return err }},
	}
	for _, tc := range reads {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.read()
			if code := xuezuo.ErrorCode(err); code != xuezuo.EInternal {
				t.Errorf("got %q (%v), want %q", code, err, xuezuo.EInternal)
			}
		})
	}
}
