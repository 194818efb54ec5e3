// Package app is the composition root: it opens the store, wires every
// feature service with the policy, and mounts the web and API front doors.
package app

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/api"
	"xuezuo/internal/blob"
	"xuezuo/internal/config"
	"xuezuo/internal/server"
	"xuezuo/internal/service"
	"xuezuo/internal/store"
	"xuezuo/internal/web"
)

// App is one running xuezuo: the store, every feature service (promoted
// from the one service list) and the two front doors.
type App struct {
	*service.Services
	Config   config.Config
	Store    *store.Store
	Sessions *scs.SessionManager
	blobs    *blob.Disk
	log      *slog.Logger
	handler  http.Handler
	metrics  http.Handler
	logins   *server.LoginFailures
}

// New builds the app from cfg: it opens (and migrates) the database.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	key, err := loadFieldKey(cfg)
	if err != nil {
		return nil, err
	}
	so := store.Options{URL: cfg.DBURL(), Clock: xuezuo.SystemClock{}, Sync: cfg.Sync, FieldKey: key}
	var metrics *server.Metrics
	if cfg.MetricsAddr != "" {
		metrics = server.NewMetrics()
		so.ObserveGroup = metrics.ObserveGroup
	}
	s, err := store.Open(ctx, so)
	if err != nil {
		return nil, err
	}
	if on, n := s.FieldEncryption(); on && key != nil && n > 0 {
		log.Warn("field key enabled: phone numbers encrypted in place; from now on every start needs --field-key", slog.Int("phones", n))
	}
	a := &App{Config: cfg, Store: s, log: log, logins: server.NewLoginFailures(log, time.Now)}
	if a.blobs, err = blob.OpenDisk(cfg.BlobDir()); err != nil {
		s.Close()
		return nil, err
	}
	params := account.DefaultParams
	if cfg.FastHash {
		params = account.TestParams
	}
	a.Services = service.New(service.Deps{Store: s, Clock: xuezuo.SystemClock{}, Hasher: account.NewHasher(params), Blobs: a.blobs})
	a.Sessions = scs.New()
	a.Sessions.Store = s.Sessions()
	a.Sessions.IdleTimeout = 30 * time.Minute
	a.Sessions.Lifetime = 12 * time.Hour
	a.Sessions.Cookie.Name = "xuezuo_session"
	a.Sessions.Cookie.HttpOnly = true
	a.Sessions.Cookie.SameSite = http.SameSiteLaxMode
	a.Sessions.Cookie.Secure = cfg.SecureCookies
	// The form tokens' key lives in the database, so every process serving
	// it accepts the forms the others rendered.
	csrfKey, err := s.AppSecret(ctx, "csrf")
	if err != nil {
		a.Close()
		return nil, err
	}
	w, err := web.New(web.Deps{Services: a.Services, Sessions: a.Sessions, Logger: log, Version: cfg.Version,
		LoginFailures: a.logins, CSRFKey: csrfKey})
	if err != nil {
		a.Close()
		return nil, err
	}
	apiH := api.New(api.Deps{Services: a.Services, Logger: log, LoginFailures: a.logins})
	if metrics != nil {
		metrics.AddPools(a.poolStats)
		a.metrics = metrics.Handler()
	}
	a.handler = a.root(w, apiH, metrics)
	return a, nil
}

// root mounts the two front doors and /readyz under the layers every
// request passes: request id, client address, access log and metrics, gzip
// (server.Wrap, outermost, so refused requests are logged too), then the
// security headers and the cross-origin refusal.
func (a *App) root(w *web.Handler, apiH *api.Handler, metrics *server.Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/api/", apiH)
	mux.Handle("GET /readyz", a.readyz())
	mux.Handle("/", w)
	// Cross-origin state-changing requests get 403, in Chinese. Requests
	// with neither Origin nor Sec-Fetch-Site pass this layer: the API
	// authenticates by bearer token only, so they are safe there, and the
	// web front door asks them for its form token (web/csrf.go).
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			apiH.CrossOriginRefused(rw, r)
			return
		}
		w.CrossOriginRefused(rw, r)
	}))
	return server.Wrap(securityHeaders(cop.Handler(mux)), server.Options{Logger: a.log,
		TrustedProxies: a.Config.TrustedProxies, Metrics: metrics, Compress: true})
}

// readyz answers whether this process can serve: the database must answer
// within two seconds (503 otherwise). /healthz only says the process lives.
func (a *App) readyz() http.Handler {
	ready := server.Ready(a.Store.Ping, 2*time.Second, a.log)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		server.SetRoute(r.Context(), "GET /readyz", true)
		ready.ServeHTTP(w, r)
	})
}

// poolStats reports the store's connection pools to the metrics.
func (a *App) poolStats() map[string]server.PoolStat {
	out := map[string]server.PoolStat{}
	for name, p := range a.Store.PoolStats() {
		out[name] = server.PoolStat{MaxOpen: p.MaxOpen, Open: p.Open, InUse: p.InUse, Idle: p.Idle,
			WaitCount: p.WaitCount, WaitDuration: p.WaitDuration}
	}
	return out
}

// LogLoginFailures writes the aggregated failed-login lines once a minute
// until ctx ends.
func (a *App) LogLoginFailures(ctx context.Context) { a.logins.Run(ctx) }

// Handler returns the root HTTP handler.
func (a *App) Handler() http.Handler { return a.handler }

// MetricsHandler returns the Prometheus scrape handler, or nil when
// Config.MetricsAddr is empty: metrics are served only on their own listener.
func (a *App) MetricsHandler() http.Handler { return a.metrics }

// Close releases the database and the blob directory.
// Pending refusal summaries and unknown-login counts are written first, so
// a crawl's or a flood's last minute is not lost when the server stops.
func (a *App) Close() error {
	if a.Services != nil && a.Refusals != nil {
		ctx, cancel := context.WithTimeout(System(context.Background(), "shutdown"), 5*time.Second)
		if err := a.Refusals.Flush(ctx); err != nil {
			a.log.Warn("flush refusal summaries", slog.Any("err", err))
		}
		if err := a.Account.FlushUnknownLogins(ctx); err != nil {
			a.log.Warn("flush unknown-login counts", slog.Any("err", err))
		}
		cancel()
	}
	a.blobs.Close()
	return a.Store.Close()
}

// System returns ctx acting as the local operator named name.
func System(ctx context.Context, name string) context.Context {
	return xuezuo.WithActor(ctx, xuezuo.SystemActor(name))
}

// securityHeaders adds the headers a 等保 review expects on every response,
// and HSTS on every response this process serves over TLS itself (serve
// with --tls-cert): browsers then refuse plain HTTP to the site for a year.
// Never over plain HTTP, where browsers ignore it (RFC 6797) and where,
// behind a TLS-terminating proxy, sending it is the proxy's decision.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}
