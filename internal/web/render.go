package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"xuezuo/internal/server"

	"xuezuo"
)

// msgNotFound is the one text of every 404: a missing record and one outside
// the actor's scope read the same, so no existence leaks.
const msgNotFound = "页面不存在或无权访问"

// views are the parsed templates: the layout and partials once, then one
// clone per page, so that each page's "content" stays its own.
type views struct {
	pages map[string]*template.Template // page file name → layout + partials + page
	frags *template.Template            // layout + partials, for fragments
}

// parseViews parses templates/layout.html and templates/partials.html once
// and clones them for each file in templates/pages/. Any error stops New.
func parseViews(fsys fs.FS) (*views, error) {
	base, err := template.New("layout").ParseFS(fsys, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	names, err := fs.Glob(fsys, "templates/pages/*.html")
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("web: no page templates: %v", err)
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, n := range names {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("web: clone layout: %w", err)
		}
		if t, err = t.ParseFS(fsys, n); err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("web: %s defines no \"content\"", n)
		}
		v.pages[path.Base(n)] = t
	}
	// The fragment set is cloned last: a template that has been executed can
	// no longer be cloned, and base itself is never executed.
	if v.frags, err = base.Clone(); err != nil {
		return nil, fmt.Errorf("web: clone partials: %w", err)
	}
	return v, nil
}

// render writes a whole page. It executes into a buffer first so that a
// template failure becomes a clean 500 rather than half a page.
// Nothing is written on failure: the error goes back to the route wrapper.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) error {
	t, ok := h.views.pages[page]
	if !ok {
		return fmt.Errorf("web: no page %q", page)
	}
	return h.write(w, r, status, t, "layout", data)
}

// fragment writes one named partial, for htmx swaps.
func (h *Handler) fragment(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	return h.write(w, r, status, h.views.frags, name, data)
}

func (h *Handler) write(w http.ResponseWriter, r *http.Request, status int, t *template.Template, name string, data any) error {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("web: execute %s: %w", name, err)
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	// Pages carry personal data: no shared or back-button cache.
	hd.Set("Cache-Control", "no-store")
	if status >= 400 && isHTMX(r) {
		// An error answer must not become the address bar's URL.
		hd.Set("HX-Push-Url", "false")
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

// ErrorPage is the page (or fragment) shown for a failed request.
type ErrorPage struct {
	Base
	Status    int
	Message   string
	RequestID string
}

// fail maps a service error to its status and page, once for the whole
// front door. Only internal errors are logged.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := xuezuo.ErrorCode(err)
	var status int
	msg := xuezuo.ErrorMessage(err)
	switch code {
	case xuezuo.EUnauthenticated, xuezuo.EMustChangePassword:
		h.toLogin(w, r)
		return
	case xuezuo.ETooManyRequests:
		status = http.StatusTooManyRequests
	case xuezuo.ENotFound:
		status, msg = http.StatusNotFound, msgNotFound
	case xuezuo.EForbidden:
		status = http.StatusForbidden
	case xuezuo.EConflict:
		status = http.StatusConflict
	case xuezuo.EInvalid:
		status = http.StatusUnprocessableEntity
	default:
		h.internal(w, r, err)
		return
	}
	h.errorPage(w, r, status, msg, "")
}

// internal logs err with a fresh request id and shows the generic 500.
func (h *Handler) internal(w http.ResponseWriter, r *http.Request, err error) {
	id := server.RequestID(r.Context())
	if id == "" {
		id = server.NewRequestID() // a handler tested without the server's layers
	}
	h.log.ErrorContext(r.Context(), "web internal error", slog.String("request_id", id),
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
	h.errorPage(w, r, http.StatusInternalServerError, "系统繁忙，请稍后再试", id)
}

func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, status int, msg, id string) {
	p := ErrorPage{Base: h.base(r, "出错了"), Status: status, Message: msg, RequestID: id}
	if status == http.StatusNotFound {
		p.Title = "页面不存在"
	}
	if isFragment(r) {
		if err := h.fragment(w, r, status, "error-fragment", p); err != nil {
			h.log.ErrorContext(r.Context(), "web error fragment failed", slog.Any("err", err))
			http.Error(w, msg, status)
		}
		return
	}
	t, ok := h.views.pages["error.html"]
	if !ok {
		// Only a broken build gets here; New checks the page exists.
		http.Error(w, msg, status)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		h.log.ErrorContext(r.Context(), "web error page failed", slog.Any("err", err))
		http.Error(w, msg, status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if isHTMX(r) {
		w.Header().Set("HX-Push-Url", "false")
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// seeOther redirects after a successful POST. Boosted htmx requests follow
// the 303 inside the XHR and push the final URL, so one answer serves both.
// It returns nil so that a handler can end with it.
func (h *Handler) seeOther(w http.ResponseWriter, r *http.Request, url string) error {
	http.Redirect(w, r, url, http.StatusSeeOther)
	return nil
}

// notFound answers every unknown path with 404, and a known path asked
// with another method with 405 and the methods it allows.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) error {
	if allow := server.Allowed(h.mux, r, "/"); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		h.errorPage(w, r, http.StatusMethodNotAllowed, "此页面不支持这种请求方式，请从页面上的链接或按钮进入", "")
		return nil
	}
	return xuezuo.NotFound("页面")
}

// CrossOriginRefused is the zh-CN answer to a state-changing request sent
// from another site (http.CrossOriginProtection's deny handler).
func (h *Handler) CrossOriginRefused(w http.ResponseWriter, r *http.Request) {
	h.errorPage(w, r, http.StatusForbidden, "跨站提交已被拒绝：请在本站的页面上操作，不要从其他网站、邮件或收藏的表单提交", "")
}

// healthz answers load balancers: the process is alive. Whether it can
// reach its database is /readyz's question.
func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write([]byte("ok"))
	return err
}

// errBadID is the answer to a path id that is not a positive number.
var errBadID = xuezuo.NotFound("页面")

// pathID returns the {id} of the request.
func pathID(r *http.Request) (xuezuo.ID, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errBadID
	}
	return id, nil
}

// load reads the record the path's {id} names through get, which answers
// not found for a missing record and one outside the actor's scope alike.
func load[T any](r *http.Request, get func(context.Context, xuezuo.ID) (T, error)) (T, error) {
	id, err := pathID(r)
	if err != nil {
		var zero T
		return zero, err
	}
	return get(r.Context(), id)
}

// optional reports whether an optional part of a page may use its
// look-up's answer. Not found (missing, or outside the actor's scope) leaves
// the part out by design; any other error also leaves it out, but is logged
// with the request id, so an outage never hides silently.
func (h *Handler) optional(ctx context.Context, what string, err error) bool {
	if err == nil {
		return true
	}
	if !isCode(err, xuezuo.ENotFound) {
		h.log.WarnContext(ctx, "web optional look-up failed", slog.String("what", what),
			slog.String("request_id", server.RequestID(ctx)), slog.Any("err", err))
	}
	return false
}

// isCode reports whether err carries the xuezuo error code.
func isCode(err error, code string) bool {
	var e *xuezuo.Error
	return errors.As(err, &e) && e.Code == code
}
