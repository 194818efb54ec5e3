package e2e

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xuezuo/internal/app"
	"xuezuo/internal/config"
	"xuezuo/internal/demo"
	"xuezuo/internal/store/storetest"
)

const chromium = "/usr/bin/chromium"

// browser is the one browser of this package; each test opens a tab in it.
var browser context.Context

func TestMain(m *testing.M) {
	if _, err := os.Stat(chromium); err != nil {
		os.Exit(m.Run()) // tests skip themselves
	}
	dir, _ := os.MkdirTemp("", "xuezuo-chromium-")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dir), chromedp.WindowSize(375, 812))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx); err != nil { // start the browser once
		cancel()
		cancelAlloc()
		os.RemoveAll(dir)
		panic("start chromium: " + err.Error())
	}
	browser = ctx
	code := m.Run()
	cancel()
	cancelAlloc()
	os.RemoveAll(dir)
	os.Exit(code)
}

// site is a running xuezuo with the demo seeded.
type site struct {
	URL      string
	App      *app.App
	Accounts map[string]demo.Account
}

// start runs the real program on a fresh SQLite database.
func start(t *testing.T) *site {
	t.Helper()
	if browser == nil {
		t.Skip("chromium not installed at " + chromium)
	}
	cfg := config.Config{DataDir: t.TempDir(), DB: storetest.URL(t), FastHash: true, SecureCookies: true, Version: "e2e"} // Secure as in production: Chromium accepts it on 127.0.0.1
	ctx := context.Background()
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := a.SeedIfEmpty(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	s := &site{URL: "http://" + ln.Addr().String(), App: a, Accounts: map[string]demo.Account{}}
	for _, acc := range accounts {
		s.Accounts[acc.Username] = acc
	}
	return s
}

// tab opens a new tab with its own 60 s budget; on failure it saves a
// screenshot and the page HTML and logs their paths.
func tab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 812)); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			saveEvidence(t, ctx)
		}
		cancelTimeout()
		cancel()
	})
	return ctx
}

func saveEvidence(t *testing.T, ctx context.Context) {
	dir := filepath.Join(os.TempDir(), "xuezuo-e2e", strings.ReplaceAll(t.Name(), "/", "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	shot, ctxCancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer ctxCancel()
	if png, err := chromedp.Run(shot, chromedp.FullScreenshot(90)); err == nil {
		os.WriteFile(filepath.Join(dir, "page.png"), png, 0o644)
	}
	if html, err := chromedp.Run(shot, chromedp.OuterHTML(chromedp.CSS("html"))); err == nil {
		os.WriteFile(filepath.Join(dir, "page.html"), []byte(html), 0o644)
	}
	// The server runs in this process: its goroutines tell a stuck request
	// from a slow browser.
	if f, err := os.Create(filepath.Join(dir, "goroutines.txt")); err == nil {
		pprof.Lookup("goroutine").WriteTo(f, 2)
		f.Close()
	}
	t.Logf("browser evidence saved in %s", dir)
}

// login signs in through the real login form.
func (s *site) login(t *testing.T, ctx context.Context, user string) {
	t.Helper()
	acc, ok := s.Accounts[user]
	if !ok {
		t.Fatalf("no demo account %q", user)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(s.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="username"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), acc.Username),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), acc.Password),
		chromedp.Submit(chromedp.CSS(`input[name="password"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`input[name="password"]`)),
	)
	if err != nil {
		t.Fatalf("login as %s: %v", user, err)
	}
}

var errNoText = errors.New("text not found")

// bodyText returns the visible text of the page.
func bodyText(t *testing.T, ctx context.Context) string {
	t.Helper()
	txt, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		t.Fatalf("read page text: %v", err)
	}
	return txt
}

// shot saves a full-page screenshot to $XUEZUO_E2E_SHOTS/name.png when that
// variable is set, so a person can look at the pages a test visits.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("XUEZUO_E2E_SHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}
