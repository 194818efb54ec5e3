package app_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"xuezuo/internal/app"
	"xuezuo/internal/audit"
	"xuezuo/internal/config"
	"xuezuo/internal/store/storetest"
)

// TestCloseWritesUnknownLoginCounts: failed logins for unknown usernames
// counted in the current minute reach the audit log when the server stops.
func TestCloseWritesUnknownLoginCounts(t *testing.T) {
	t.Parallel()
	cfg := config.Config{DataDir: t.TempDir(), DB: storetest.URL(t), FastHash: true}
	a, err := app.New(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader("username=nobody&password=wrong"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin") // a browser of today; csrf_test.go plays an old one
		req.RemoteAddr = "198.51.100.7:40000"
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Fatalf("login for an unknown name: %d", rec.Code)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	a, err = app.New(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	rows, _, err := a.Audit.List(app.System(context.Background(), "test"), audit.Filter{Action: "login.unknown"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Remote != "198.51.100.7" || !strings.HasPrefix(rows[0].FieldList(), "count=3,") {
		t.Errorf("rows after Close: %+v, want one with count=3", rows)
	}
}
