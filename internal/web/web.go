// Package web is xuezuo's HTML front door: server-rendered pages with Pico
// CSS and htmx, sessions through scs, and one route table. It never decides
// permissions: every handler calls a feature service, which checks the Actor
// in ctx, and maps the service's error code to a status once (render.go).
package web

import (
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"

	"github.com/alexedwards/scs/v2"

	"xuezuo"
	"xuezuo/internal/office"
	"xuezuo/internal/server"
	"xuezuo/internal/service"
)

// files holds the templates, the vendored assets and our own small CSS/JS.
//
//go:embed templates static
var files embed.FS

// Deps are the web front door's dependencies.
type Deps struct {
	// Services are every feature service; handlers reach them as h.d.Org,
	// h.d.Meeting, ….
	*service.Services
	// Sessions is configured by app: store, IdleTimeout 30m, Lifetime 12h,
	// Cookie.HttpOnly, SameSite Lax, Secure.
	Sessions *scs.SessionManager
	Logger   *slog.Logger
	Version  string
	// LoginFailures counts failed logins per client address and minute;
	// nil counts nothing.
	LoginFailures *server.LoginFailures
	// CSRFKey signs the form tokens (csrf.go): at least 32 bytes, the same
	// in every process serving one database (app reads it from the store).
	CSRFKey []byte
}

// Handler is the web front door; it implements http.Handler.
type Handler struct {
	d      Deps
	log    *slog.Logger
	clock  xuezuo.Clock // for showing token and lock states; tests fix it
	views  *views
	assets *assets
	routes []Route
	byPat  map[string]Route
	mux    *http.ServeMux
	chain  http.Handler // mux inside Sessions.LoadAndSave
	// fonts parses the embedded PDF font on the first sign-in sheet, so that
	// tests and boots that never print pay nothing.
	fonts func() (*office.Fonts, error)
}

// New parses the templates and builds the routes. A broken template or a
// missing dependency makes it fail, so a bad build stops at boot.
func New(d Deps) (*Handler, error) {
	return newHandler(d, files)
}

// newHandler builds a handler from fsys; tests pass a broken file system.
func newHandler(d Deps, fsys fs.FS) (*Handler, error) {
	if d.Services == nil || d.Sessions == nil {
		return nil, errors.New("web: missing dependency")
	}
	if len(d.CSRFKey) < 32 {
		return nil, errors.New("web: CSRF key shorter than 32 bytes")
	}
	log := d.Logger
	if log == nil {
		log = slog.Default()
	}
	a, err := loadAssets(fsys)
	if err != nil {
		return nil, err
	}
	v, err := parseViews(fsys)
	if err != nil {
		return nil, err
	}
	h := &Handler{d: d, log: log, clock: xuezuo.SystemClock{}, views: v, assets: a, mux: http.NewServeMux(), byPat: map[string]Route{},
		fonts: sync.OnceValues(office.NewFonts)}
	// A session store failure would otherwise reach the user as scs's
	// English plain-text 500.
	d.Sessions.ErrorFunc = h.sessionError
	h.routes = h.table()
	for _, rt := range h.routes {
		h.mux.Handle(rt.Pattern, h.wrap(rt))
		h.byPat[rt.Pattern] = rt
	}
	h.chain = d.Sessions.LoadAndSave(h.mux)
	return h, nil
}

// ServeHTTP serves a request. Stateless routes (assets, health) skip the
// session so that they cost no database round trip.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pat := h.mux.Handler(r); h.byPat[pat].stateless {
		h.mux.ServeHTTP(w, r)
		return
	}
	h.chain.ServeHTTP(w, r)
}

// Routes returns the route table, for tests such as the scope matrix.
func (h *Handler) Routes() []Route {
	out := make([]Route, len(h.routes))
	copy(out, h.routes)
	return out
}
