// Package api is the JSON front door under /api/v1. It authenticates bearer
// tokens (never cookies), decodes input, calls the feature services (which
// decide every permission) and encodes results and errors.
package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/report"
	"xuezuo/internal/server"
	"xuezuo/internal/service"
)

// Deps are the API's dependencies.
type Deps struct {
	// Services are every feature service.
	*service.Services
	Logger *slog.Logger
	// LoginFailures counts failed token logins per client address and
	// minute; nil counts nothing.
	LoginFailures *server.LoginFailures
}

// Handler serves /api/v1.
type Handler struct {
	svc    *service.Services
	log    *slog.Logger
	logins *server.LoginFailures
	mux    *http.ServeMux
	routes []Route
}

// Route is one entry of the route table.
type Route struct {
	Pattern string // "GET /api/v1/orgs/{id}"
	IDKind  string // the kind of {id}: "org", "member", "campaign", "meeting", "summary", "forward", "bulletin", or ""
	Public  bool   // no token needed
	handle  handlerFunc
}

// handlerFunc is a handler of the route table: it writes its answer, or
// returns an error that the table's wrapper maps once to a status and the
// error body (and logs, with the request id, when it is internal).
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// New returns the API handler.
func New(d Deps) *Handler {
	h := &Handler{svc: d.Services, log: d.Logger, logins: d.LoginFailures, mux: http.NewServeMux()}
	if h.log == nil {
		h.log = slog.Default()
	}
	h.routes = h.table()
	for _, rt := range h.routes {
		h.mux.Handle(rt.Pattern, h.wrap(rt))
	}
	h.mux.Handle("/api/", h.wrap(Route{Pattern: "/api/", Public: true, handle: h.unknown}))
	return h
}

// table is the one route table of the JSON front door.
func (h *Handler) table() []Route {
	return []Route{
		{Pattern: "GET /api/v1/openapi.json", Public: true, handle: h.openAPIDoc},
		{Pattern: "POST /api/v1/auth/token", Public: true, handle: h.token},
		{Pattern: "GET /api/v1/orgs", handle: h.orgTops},
		{Pattern: "POST /api/v1/orgs", handle: h.orgCreate},
		{Pattern: "GET /api/v1/orgs/{id}", IDKind: "org", handle: h.orgGet},
		{Pattern: "GET /api/v1/orgs/{id}/children", IDKind: "org", handle: h.orgChildren},
		{Pattern: "GET /api/v1/orgs/{id}/subtree", IDKind: "org", handle: h.orgSubtree},
		{Pattern: "POST /api/v1/orgs/{id}/move", IDKind: "org", handle: h.orgMove},
		{Pattern: "PATCH /api/v1/orgs/{id}", IDKind: "org", handle: h.orgUpdate},
		{Pattern: "GET /api/v1/members", handle: h.memberList},
		{Pattern: "POST /api/v1/members", handle: h.memberCreate},
		{Pattern: "GET /api/v1/members/{id}", IDKind: "member", handle: h.memberGet},
		{Pattern: "PATCH /api/v1/members/{id}", IDKind: "member", handle: h.memberUpdate},
		{Pattern: "POST /api/v1/campaigns", handle: h.campaignCreate},
		{Pattern: "GET /api/v1/campaigns", handle: h.campaignList},
		{Pattern: "GET /api/v1/campaigns/{id}", IDKind: "campaign", handle: h.campaignGet},
		{Pattern: "PATCH /api/v1/campaigns/{id}", IDKind: "campaign", handle: h.campaignPatch},
		{Pattern: "POST /api/v1/campaigns/{id}/publish", IDKind: "campaign", handle: h.campaignPublish},
		{Pattern: "GET /api/v1/campaigns/{id}/progress", IDKind: "campaign", handle: h.progress},
		{Pattern: "GET /api/v1/campaigns/{id}/exclusions", IDKind: "campaign", handle: h.exclusionList},
		{Pattern: "POST /api/v1/campaigns/{id}/exclusions", IDKind: "campaign", handle: h.exclusionCreate},
		{Pattern: "DELETE /api/v1/exclusions/{id}", IDKind: "exclusion", handle: h.exclusionDelete},
		{Pattern: "POST /api/v1/meetings", handle: h.meetingCreate},
		{Pattern: "GET /api/v1/meetings", handle: h.meetingList},
		{Pattern: "GET /api/v1/meetings/{id}", IDKind: "meeting", handle: h.meetingGet},
		{Pattern: "POST /api/v1/meetings/{id}/attendance", IDKind: "meeting", handle: h.attendanceCreate},
		{Pattern: "POST /api/v1/reflections", handle: h.reflectionCreate},
		{Pattern: "GET /api/v1/reflections", handle: h.reflectionList},
		{Pattern: "POST /api/v1/summaries", handle: h.summaryCreate},
		{Pattern: "GET /api/v1/summaries", handle: h.summaryList},
		{Pattern: "GET /api/v1/summaries/status", handle: h.summaryStatus},
		{Pattern: "GET /api/v1/summaries/{id}", IDKind: "summary", handle: h.summaryGet},
		{Pattern: "PATCH /api/v1/summaries/{id}", IDKind: "summary", handle: h.summaryUpdate},
		{Pattern: "POST /api/v1/summaries/{id}/submit", IDKind: "summary", handle: h.summarySubmit},
		{Pattern: "POST /api/v1/summaries/{id}/accept", IDKind: "summary", handle: h.summaryAccept},
		{Pattern: "POST /api/v1/summaries/{id}/return", IDKind: "summary", handle: h.summaryReturn},
		{Pattern: "POST /api/v1/forwards", handle: h.forwardCreate},
		{Pattern: "GET /api/v1/forwards", handle: h.forwardList},
		{Pattern: "GET /api/v1/forwards/{id}", IDKind: "forward", handle: h.forwardGet},
		{Pattern: "POST /api/v1/forwards/{id}/adopt", IDKind: "forward", handle: h.forwardAdopt},
		{Pattern: "POST /api/v1/bulletins", handle: h.bulletinCreate},
		{Pattern: "GET /api/v1/bulletins", handle: h.bulletinList},
		{Pattern: "GET /api/v1/bulletins/{id}", IDKind: "bulletin", handle: h.bulletinGet},
		{Pattern: "PATCH /api/v1/bulletins/{id}", IDKind: "bulletin", handle: h.bulletinUpdate},
		{Pattern: "POST /api/v1/bulletins/{id}/publish", IDKind: "bulletin", handle: h.bulletinPublish},
		{Pattern: "GET /api/v1/bulletins/{id}/document.docx", IDKind: "bulletin", handle: h.bulletinDocument(report.FormatDOCX)},
		{Pattern: "GET /api/v1/bulletins/{id}/document.pdf", IDKind: "bulletin", handle: h.bulletinDocument(report.FormatPDF)},
		{Pattern: "GET /api/v1/bulletins/{id}/document.xlsx", IDKind: "bulletin", handle: h.bulletinDocument(report.FormatXLSX)},
	}
}

// Routes returns the route table (for the scope-matrix test).
func (h *Handler) Routes() []Route { return h.routes }

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// wrap authenticates the route's requests unless it is public and maps
// the handler's error once: this is the only place a route's failure
// becomes a status and error body.
func (h *Handler) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		server.SetRoute(r.Context(), rt.Pattern, rt.Public)
		if !rt.Public {
			a, err := h.authenticate(w, r)
			if err != nil {
				h.writeErr(w, r, err)
				return
			}
			server.SetUser(r.Context(), a.UserID)
			r = r.WithContext(xuezuo.WithActor(r.Context(), a))
		}
		if err := rt.handle(w, r); err != nil {
			h.refused(r, rt, err)
			h.writeErr(w, r, err)
		}
	})
}

// refused audits a 403 or 404 on a route that names a target; the answer
// goes out whether or not the row is written.
func (h *Handler) refused(r *http.Request, rt Route, err error) {
	code := xuezuo.ErrorCode(err)
	if rt.IDKind == "" || (code != xuezuo.EForbidden && code != xuezuo.ENotFound) {
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	f := audit.Refusal{Route: rt.Pattern, Kind: rt.IDKind, TargetID: id, NotFound: code == xuezuo.ENotFound}
	if aerr := h.svc.Refusals.Refused(r.Context(), f); aerr != nil {
		h.log.ErrorContext(r.Context(), "audit refusal", slog.String("route", rt.Pattern), slog.Any("err", aerr))
	}
}

// authenticate resolves the bearer token to the actor; a missing or bad
// token is unauthenticated, with the challenge header RFC 6750 asks for.
func (h *Handler) authenticate(w http.ResponseWriter, r *http.Request) (*xuezuo.Actor, error) {
	raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="xuezuo"`)
		return nil, xuezuo.Errorf(xuezuo.EUnauthenticated, "缺少访问令牌：请在 Authorization 头中提供 Bearer 令牌")
	}
	a, err := h.svc.Account.Authenticate(r.Context(), strings.TrimSpace(raw))
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="xuezuo", error="invalid_token"`)
		return nil, err
	}
	a.Remote = server.ClientIP(r)
	return a, nil
}

// unknown answers a path no route has with 404, and a known path asked
// with another method with 405 and the methods it allows.
func (h *Handler) unknown(w http.ResponseWriter, r *http.Request) error {
	if allow := server.Allowed(h.mux, r, "/api/"); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return xuezuo.Errorf(codeMethod, "此接口不支持 %s 方法，可用：%s", r.Method, strings.Join(allow, "、"))
	}
	return xuezuo.Errorf(xuezuo.ENotFound, "接口不存在")
}

// pathID reads {id}; a malformed id is simply not found.
func pathID(r *http.Request) (xuezuo.ID, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, xuezuo.Errorf(xuezuo.ENotFound, "记录不存在或无权访问")
	}
	return id, nil
}

// queryInt reads a non-negative integer query parameter.
func queryInt(r *http.Request, name string, def int) (int, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fieldError(name, name+" 须为非负整数")
	}
	return n, nil
}

// maxOffset bounds offset: deeper pages are a crawl, not a reader.
const maxOffset = 1_000_000

// paging reads ?limit (1…max, default 20) and ?offset (0…1,000,000); a value
// outside is a 422 naming the parameter, never silently replaced.
func paging(r *http.Request, max int) (limit, offset int, err error) {
	var v xuezuo.Validation
	limit, errL := queryInt(r, "limit", 20)
	v.Check(errL == nil && limit >= 1 && limit <= max, "limit", fmt.Sprintf("limit 须为 1 至 %d 的整数", max))
	offset, errO := queryInt(r, "offset", 0)
	v.Check(errO == nil && offset <= maxOffset, "offset", fmt.Sprintf("offset 须为 0 至 %d 的整数", maxOffset))
	return limit, offset, v.Err()
}
