package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/server"
)

// sessionUserKey is the session key holding the logged-in user's id.
const sessionUserKey = "user_id"

// wrap puts the session's actor into ctx, sends visitors without one to
// the login page unless the route is public, and maps the handler's error
// once: this is the only place a route's failure becomes a status and page.
func (h *Handler) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		server.SetRoute(r.Context(), rt.Pattern, rt.Public)
		if err := h.serveRoute(w, r, rt); err != nil {
			h.fail(w, r, err)
		}
	})
}

func (h *Handler) serveRoute(w http.ResponseWriter, r *http.Request, rt Route) error {
	if rt.stateless {
		return rt.handle(w, r)
	}
	a, err := h.loadActor(r)
	if err != nil {
		return err
	}
	if a != nil {
		server.SetUser(r.Context(), a.UserID)
		r = r.WithContext(xuezuo.WithActor(r.Context(), a))
	} else if !rt.Public {
		h.toLogin(w, r)
		return nil
	}
	r = withCSRF(r, w)
	// The catch-all (a pattern without a method) changes nothing: it
	// answers 404 or 405 whatever the method.
	if strings.Contains(rt.Pattern, " ") && needsToken(r) && !h.checkToken(w, r) {
		h.csrfRefused(w, r)
		return nil
	}
	err = rt.handle(w, r)
	h.refused(r, rt.Pattern, rt.IDKind, err)
	return err
}

// refused audits a 403 or 404 on a route that names a target (once, here,
// for every handler); the refusal is answered whether or not the row is
// written.
func (h *Handler) refused(r *http.Request, pattern, kind string, err error) {
	code := xuezuo.ErrorCode(err)
	if kind == "" || (code != xuezuo.EForbidden && code != xuezuo.ENotFound) {
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	f := audit.Refusal{Route: pattern, Kind: kind, TargetID: id, NotFound: code == xuezuo.ENotFound}
	if aerr := h.d.Refusals.Refused(r.Context(), f); aerr != nil {
		h.log.ErrorContext(r.Context(), "audit refusal", slog.String("route", pattern), slog.Any("err", aerr))
	}
}

// loadActor returns the session's actor, or nil when nobody is logged in or
// the account has since been disabled or removed.
func (h *Handler) loadActor(r *http.Request) (*xuezuo.Actor, error) {
	ctx := r.Context()
	uid := h.d.Sessions.GetInt64(ctx, sessionUserKey)
	if uid == 0 {
		return nil, nil
	}
	a, err := h.d.Account.ActorFor(ctx, uid)
	switch xuezuo.ErrorCode(err) {
	case "":
		a.Remote = server.ClientIP(r)
		return a, nil
	case xuezuo.EUnauthenticated:
		// A disabled account loses its session at once, not at expiry.
		h.d.Sessions.Remove(ctx, sessionUserKey)
		return nil, nil
	}
	return nil, err
}

// toLogin sends the visitor to the login page, remembering where they were.
// htmx requests get HX-Redirect so that the whole page navigates rather than
// a login form being swapped into a fragment.
func (h *Handler) toLogin(w http.ResponseWriter, r *http.Request) {
	next := ""
	switch {
	case isHTMX(r):
		if u, err := url.Parse(r.Header.Get("HX-Current-URL")); err == nil {
			next = u.RequestURI()
		}
	case r.Method == http.MethodGet:
		next = r.URL.RequestURI()
	}
	target := "/login"
	if next = safeNext(next); next != "/" {
		target += "?next=" + url.QueryEscape(next)
	}
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// safeNext returns next when it is a local path, else "/": a login link
// must never send a user to another site.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// isHTMX reports whether htmx sent the request.
func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// isFragment reports whether the request wants a page fragment rather than
// a whole page: an htmx request that is neither boosted navigation nor a
// history restore.
func isFragment(r *http.Request) bool {
	return isHTMX(r) && r.Header.Get("HX-Boosted") != "true" && r.Header.Get("HX-History-Restore-Request") != "true"
}

// actor returns the actor of the request; wrap guarantees one on every
// non-public route.
func actor(ctx context.Context) *xuezuo.Actor {
	if a := xuezuo.ActorFrom(ctx); a != nil {
		return a
	}
	return &xuezuo.Actor{}
}

// sessionError renders a session store failure as the zh-CN 500 page.
func (h *Handler) sessionError(w http.ResponseWriter, r *http.Request, err error) {
	h.fail(w, r, &xuezuo.Error{Code: xuezuo.EInternal, Err: err})
}
