// Package api is the JSON front door under /api/v1. It authenticates bearer
// tokens (never cookies), decodes input, calls the feature services (which
// decide every permission) and encodes results and errors.
package api

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/progress"
	"xuezuo/internal/reflection"
)

// Deps are the API's dependencies.
type Deps struct {
	Org        *org.Service
	Member     *member.Service
	Account    *account.Service
	Campaign   *campaign.Service
	Meeting    *meeting.Service
	Reflection *reflection.Service
	Progress   *progress.Service
	Logger     *slog.Logger
}

// Handler serves /api/v1.
type Handler struct {
	org         *org.Service
	member      *member.Service
	account     *account.Service
	campaign    *campaign.Service
	meeting     *meeting.Service
	reflection  *reflection.Service
	progressSvc *progress.Service
	log         *slog.Logger
	mux         *http.ServeMux
	routes      []Route
}

// Route is one entry of the route table.
type Route struct {
	Pattern string // "GET /api/v1/orgs/{id}"
	IDKind  string // the kind of {id}: "org", "member", "campaign", "meeting", or ""
	Public  bool   // no token needed
	handle  http.HandlerFunc
}

// New returns the API handler.
func New(d Deps) *Handler {
	h := &Handler{org: d.Org, member: d.Member, account: d.Account, campaign: d.Campaign, meeting: d.Meeting,
		reflection: d.Reflection, progressSvc: d.Progress, log: d.Logger, mux: http.NewServeMux()}
	if h.log == nil {
		h.log = slog.Default()
	}
	h.routes = []Route{
		{Pattern: "POST /api/v1/auth/token", Public: true, handle: h.token},
		{Pattern: "GET /api/v1/orgs", handle: h.orgTops},
		{Pattern: "POST /api/v1/orgs", handle: h.orgCreate},
		{Pattern: "GET /api/v1/orgs/{id}", IDKind: "org", handle: h.orgGet},
		{Pattern: "GET /api/v1/orgs/{id}/children", IDKind: "org", handle: h.orgChildren},
		{Pattern: "GET /api/v1/orgs/{id}/subtree", IDKind: "org", handle: h.orgSubtree},
		{Pattern: "POST /api/v1/orgs/{id}/move", IDKind: "org", handle: h.orgMove},
		{Pattern: "GET /api/v1/members", handle: h.memberList},
		{Pattern: "POST /api/v1/members", handle: h.memberCreate},
		{Pattern: "GET /api/v1/members/{id}", IDKind: "member", handle: h.memberGet},
		{Pattern: "PATCH /api/v1/members/{id}", IDKind: "member", handle: h.memberUpdate},
		{Pattern: "POST /api/v1/campaigns", handle: h.campaignCreate},
		{Pattern: "GET /api/v1/campaigns", handle: h.campaignList},
		{Pattern: "GET /api/v1/campaigns/{id}", IDKind: "campaign", handle: h.campaignGet},
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
	}
	for _, rt := range h.routes {
		handle := rt.handle
		if !rt.Public {
			handle = h.authenticated(handle)
		}
		h.mux.HandleFunc(rt.Pattern, handle)
	}
	h.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		h.writeErr(w, r, xuezuo.Errorf(xuezuo.ENotFound, "接口不存在"))
	})
	return h
}

// Routes returns the route table (for the scope-matrix test).
func (h *Handler) Routes() []Route { return h.routes }

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// authenticated resolves the bearer token to the actor, or answers 401.
func (h *Handler) authenticated(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="xuezuo"`)
			h.writeErr(w, r, xuezuo.Errorf(xuezuo.EUnauthenticated, "缺少访问令牌：请在 Authorization 头中提供 Bearer 令牌"))
			return
		}
		a, err := h.account.Authenticate(r.Context(), strings.TrimSpace(raw))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="xuezuo", error="invalid_token"`)
			h.writeErr(w, r, err)
			return
		}
		a.Remote = r.RemoteAddr
		next(w, r.WithContext(xuezuo.WithActor(r.Context(), a)))
	}
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
		return 0, &xuezuo.Error{Code: xuezuo.EInvalid, Message: name + " 须为非负整数", Fields: map[string]string{name: "须为非负整数"}}
	}
	return n, nil
}
