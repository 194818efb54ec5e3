package app_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/app"
	"xuezuo/internal/config"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

func newApp(t *testing.T) *app.App {
	t.Helper()
	a, err := app.New(context.Background(), config.Config{DataDir: t.TempDir(), DB: storetest.URL(t), FastHash: true}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func TestHandlerSecurity(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	h := a.Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != 200 {
		t.Fatalf("healthz: %d", rec.Code)
	}
	for _, hd := range []string{"X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy"} {
		if rec.Header().Get(hd) == "" {
			t.Errorf("missing header %s", hd)
		}
	}
	// A cross-site form post is refused before any handler runs.
	req := httptest.NewRequest("POST", "/login", strings.NewReader("username=admin&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site POST: got %d, want 403", rec.Code)
	}
	req = httptest.NewRequest("POST", "/login", strings.NewReader("username=admin&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code == http.StatusForbidden {
		t.Errorf("same-origin POST refused")
	}
	// The API answers JSON 404 for unknown paths and 401 without a token.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/orgs", nil))
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Header().Get("Content-Type"), "json") {
		t.Errorf("api without token: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// TestDemoSeed checks the demo the README promises: the trees, the
// 质检中心 branch of 30 with 22 under 35, and working accounts.
func TestDemoSeed(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	accounts, err := a.SeedIfEmpty(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(accounts) != 8 {
		t.Fatalf("accounts: got %d, want 8", len(accounts))
	}
	again, err := a.SeedIfEmpty(ctx)
	if err != nil || len(again) != 0 {
		t.Fatalf("second seed: got %d accounts, %v; want nothing seeded", len(again), err)
	}
	pw := map[string]string{}
	for _, acc := range accounts {
		pw[acc.Username] = acc.Password
	}
	admin, err := a.Account.Login(ctx, "admin", pw["admin"], "")
	if err != nil {
		t.Fatalf("demo admin login: %v", err)
	}
	actx := xuezuo.WithActor(ctx, admin)
	tops, err := a.Org.Tops(actx)
	if err != nil || len(tops) != 1 || tops[0].Name != "中国科学院党组" {
		t.Fatalf("admin tops: %+v, %v", tops, err)
	}
	sub, err := a.Org.Subtree(actx, tops[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]org.Org{}
	for _, o := range sub {
		names[o.Name] = o
	}
	for _, n := range []string{"京区党委", "植物研究所党委", "生态党支部", "系统党支部", "光合党支部", "文献党支部", "发育党支部",
		"机关党支部", "研究生第一党支部", "离退休党总支", "二里沟党支部", "中关村党支部", "植物园党支部", "离休党支部", "质检中心党支部"} {
		if _, ok := names[n]; !ok {
			t.Errorf("demo lacks %s", n)
		}
	}
	if !names["植物研究所党委"].IsUnit {
		t.Error("植物研究所党委 is not flagged as a unit")
	}
	qc, err := a.Member.List(actx, member.Filter{OrgID: names["质检中心党支部"].ID, Limit: 200})
	if err != nil || qc.Total != 30 {
		t.Fatalf("质检中心: got %d members, %v; want 30", qc.Total, err)
	}
	young := 0
	today := xuezuo.DateOf(time.Now())
	for _, m := range qc.Items {
		if today.Y-m.Birth.Y < 35 || today.Y-m.Birth.Y == 35 && m.Birth.String()[4:] > today.String()[4:] {
			young++
		}
	}
	if young != 22 {
		t.Errorf("质检中心 under 35: got %d, want 22", young)
	}
	abroadOrIll := 0
	all, _ := a.Member.List(actx, member.Filter{OrgID: tops[0].ID, Limit: 200})
	for _, st := range []string{"abroad", "ill"} {
		p, _ := a.Member.List(actx, member.Filter{OrgID: tops[0].ID, Status: st})
		abroadOrIll += p.Total
	}
	if abroadOrIll == 0 || abroadOrIll > all.Total/5 {
		t.Errorf("members abroad or ill: got %d of %d, want a few", abroadOrIll, all.Total)
	}
	shuji, err := a.Account.Login(ctx, "shuji", pw["shuji"], "")
	if err != nil {
		t.Fatal(err)
	}
	stops, err := a.Org.Tops(xuezuo.WithActor(ctx, shuji))
	if err != nil || len(stops) != 1 || stops[0].Name != "生态党支部" {
		t.Errorf("secretary tops: %+v, %v", stops, err)
	}
}
