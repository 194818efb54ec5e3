// Package app is the composition root: it opens the store, wires every
// feature service with the policy, and mounts the web and API front doors.
package app

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/api"
	"xuezuo/internal/attachment"
	"xuezuo/internal/audit"
	"xuezuo/internal/blob"
	"xuezuo/internal/campaign"
	"xuezuo/internal/config"
	"xuezuo/internal/dataset"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/progress"
	"xuezuo/internal/reflection"
	"xuezuo/internal/store"
	"xuezuo/internal/web"
)

// App is one running xuezuo.
type App struct {
	Config     config.Config
	Store      *store.Store
	Policy     *account.Policy
	Org        *org.Service
	Member     *member.Service
	Account    *account.Service
	Audit      *audit.Service
	Campaign   *campaign.Service
	Meeting    *meeting.Service
	Reflection *reflection.Service
	Attachment *attachment.Service
	Progress   *progress.Service
	Dataset    *dataset.Service
	Sessions   *scs.SessionManager
	blobs      *blob.Disk
	log        *slog.Logger
	handler    http.Handler
}

// New builds the app from cfg: it opens (and migrates) the database.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	clock := xuezuo.SystemClock{}
	s, err := store.Open(ctx, store.Options{URL: cfg.DBURL(), Clock: clock})
	if err != nil {
		return nil, err
	}
	params := account.DefaultParams
	if cfg.FastHash {
		params = account.TestParams
	}
	p := account.NewPolicy(s)
	a := &App{Config: cfg, Store: s, Policy: p, log: log,
		Org:     org.NewService(s, p, clock),
		Member:  member.NewService(s, p, clock),
		Account: account.NewService(s, account.NewHasher(params), p, clock),
		Audit:   audit.NewService(s),
	}
	a.Campaign = campaign.NewService(s, p, clock)
	a.Meeting = meeting.NewService(s, p, a.Campaign, clock)
	a.Reflection = reflection.NewService(s, p, a.Campaign, clock)
	a.Progress = progress.NewService(s, p, a.Campaign, clock)
	a.Dataset = dataset.NewService(s, clock)
	if a.blobs, err = blob.OpenDisk(cfg.BlobDir()); err != nil {
		s.Close()
		return nil, err
	}
	a.Attachment = attachment.NewService(s, a.blobs, a.Meeting, a.Reflection, clock)
	a.Sessions = scs.New()
	a.Sessions.Store = s.Sessions()
	a.Sessions.IdleTimeout = 30 * time.Minute
	a.Sessions.Lifetime = 12 * time.Hour
	a.Sessions.Cookie.Name = "xuezuo_session"
	a.Sessions.Cookie.HttpOnly = true
	a.Sessions.Cookie.SameSite = http.SameSiteLaxMode
	a.Sessions.Cookie.Secure = cfg.SecureCookies
	w, err := web.New(web.Deps{Org: a.Org, Member: a.Member, Account: a.Account, Audit: a.Audit,
		Campaign: a.Campaign, Meeting: a.Meeting, Reflection: a.Reflection, Progress: a.Progress, Attachment: a.Attachment,
		Sessions: a.Sessions, Logger: log, Version: cfg.Version})
	if err != nil {
		a.Close()
		return nil, err
	}
	apiH := api.New(api.Deps{Org: a.Org, Member: a.Member, Account: a.Account, Campaign: a.Campaign, Meeting: a.Meeting,
		Reflection: a.Reflection, Progress: a.Progress, Logger: log})
	mux := http.NewServeMux()
	mux.Handle("/api/", apiH)
	mux.Handle("/", w)
	// Cross-origin state-changing requests get 403; the API authenticates by
	// bearer token, so requests without Origin headers are still safe there.
	a.handler = securityHeaders(http.NewCrossOriginProtection().Handler(mux))
	return a, nil
}

// Handler returns the root HTTP handler.
func (a *App) Handler() http.Handler { return a.handler }

// Close releases the database and the blob directory.
func (a *App) Close() error {
	a.blobs.Close()
	return a.Store.Close()
}

// System returns ctx acting as the local operator named name.
func System(ctx context.Context, name string) context.Context {
	return xuezuo.WithActor(ctx, xuezuo.SystemActor(name))
}

// securityHeaders adds the headers a 等保 review expects on every response.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}
