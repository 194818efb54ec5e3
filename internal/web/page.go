package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"xuezuo"
)

// Base is what every whole page carries: its title, the nav for the actor's
// roles and the asset URLs.
type Base struct {
	Title   string
	Viewer  *UserBadge // nil when nobody is logged in
	Nav     []NavItem
	Assets  Assets
	Version string
	// token makes the request's form token on first use (csrf.go), so a
	// page without forms sets no pre-session cookie.
	token func() string
}

// CSRFToken is the token every post form and htmx request of the page
// carries.
func (b Base) CSRFToken() string {
	if b.token == nil {
		return ""
	}
	return b.token()
}

// UserBadge names the logged-in user in the header.
type UserBadge struct {
	Username string
	Roles    string // role labels, joined
}

// NavItem is one link of the main navigation.
type NavItem struct {
	Label, URL string
	Active     bool
}

// base builds the Base of a page for the request's actor.
func (h *Handler) base(r *http.Request, title string) Base {
	b := Base{Title: title, Assets: h.assets.urls, Version: h.d.Version, token: func() string { return h.formToken(r) }}
	a := xuezuo.ActorFrom(r.Context())
	if a == nil {
		return b
	}
	b.Viewer = &UserBadge{Username: a.Username, Roles: roleLabels(a)}
	for _, it := range navFor(a) {
		it.Active = r.URL.Path == it.URL || strings.HasPrefix(r.URL.Path, it.URL+"/")
		b.Nav = append(b.Nav, it)
	}
	return b
}

// navFor lists the sections the actor's roles use. It is a convenience, not
// a permission: every page asks its service again.
func navFor(a *xuezuo.Actor) []NavItem {
	var nav []NavItem
	if a.Has(xuezuo.RoleOrgAdmin) || a.Has(xuezuo.RoleSecretary) || a.Has(xuezuo.RoleMember) || a.Has(xuezuo.RoleInspector) {
		nav = append(nav, NavItem{Label: "组织与党员", URL: "/orgs"}, NavItem{Label: "学习教育", URL: "/campaigns"})
	}
	if a.Has(xuezuo.RoleSecurityAdmin) {
		nav = append(nav, NavItem{Label: "账号与授权", URL: "/accounts"})
	}
	if a.Has(xuezuo.RoleAuditor) {
		nav = append(nav, NavItem{Label: "审计日志", URL: "/audit"})
	}
	if a.Has(xuezuo.RoleSystemAdmin) {
		nav = append(nav, NavItem{Label: "系统设置", URL: "/system"})
	}
	return append(nav, NavItem{Label: "我的账号", URL: "/me"})
}

// roleLabels joins the distinct role labels of the actor.
func roleLabels(a *xuezuo.Actor) string {
	var out []string
	for _, role := range xuezuo.Roles {
		if a.Has(role) {
			out = append(out, role.Label())
		}
	}
	return strings.Join(out, "、")
}

// isWriter reports whether the actor holds a role that may plausibly change
// members somewhere; buttons use it, services decide.
func isWriter(a *xuezuo.Actor) bool {
	return a.Has(xuezuo.RoleOrgAdmin) || a.Has(xuezuo.RoleSecretary)
}

// FormErrors are a failed submission's messages: a headline, one message
// per field shown beside it, and those for fields the form does not show.
type FormErrors struct {
	Message string
	Fields  map[string]string
	Other   []string
}

// Any reports whether there is anything to show.
func (e FormErrors) Any() bool { return e.Message != "" || len(e.Fields) > 0 }

// Get returns the message of field, or "".
func (e FormErrors) Get(field string) string { return e.Fields[field] }

// formErrors turns a service error into FormErrors for a form showing the
// fields named in shown. ok is false for errors a form cannot show (not
// found, forbidden, internal), which go to fail instead.
func formErrors(err error, shown ...string) (FormErrors, int, bool) {
	var status int
	switch xuezuo.ErrorCode(err) {
	case xuezuo.EInvalid:
		status = http.StatusUnprocessableEntity
	case xuezuo.EConflict:
		status = http.StatusConflict
	default:
		return FormErrors{}, 0, false
	}
	fe := FormErrors{Message: xuezuo.ErrorMessage(err), Fields: map[string]string{}}
	for k, v := range xuezuo.ErrorFields(err) {
		fe.Fields[k] = v
		if !contains(shown, k) && v != fe.Message {
			fe.Other = append(fe.Other, v)
		}
	}
	return fe, status, true
}

// fieldErrors wraps locally found field errors (dates that do not parse)
// like a service's validation error.
func fieldErrors(v *xuezuo.Validation, shown ...string) (FormErrors, bool) {
	err := v.Err()
	if err == nil {
		return FormErrors{}, false
	}
	fe, _, _ := formErrors(err, shown...)
	return fe, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Option is a value with its zh-CN label for a select.
type Option struct {
	Value, Label string
}

// OrgOption is an org in a select, indented by its depth in the tree.
type OrgOption struct {
	ID    xuezuo.ID
	Label string
}

// Pager links the pages of a list.
type Pager struct {
	Page, Pages, Total int
	PrevURL, NextURL   string
	Target             string // htmx target of the links, "" for plain links
}

// newPager builds the pager of a list of total rows, size per page, keeping
// the query q in its links.
func newPager(base string, q url.Values, page, size, total int) Pager {
	pages := (total + size - 1) / size
	if pages == 0 {
		pages = 1
	}
	p := Pager{Page: page, Pages: pages, Total: total}
	link := func(n int) string {
		v := url.Values{}
		for k, vals := range q {
			if k != "page" && len(vals) > 0 && vals[0] != "" {
				v.Set(k, vals[0])
			}
		}
		if n > 1 {
			v.Set("page", fmt.Sprint(n))
		}
		if len(v) == 0 {
			return base
		}
		return base + "?" + v.Encode()
	}
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if page < pages {
		p.NextURL = link(page + 1)
	}
	return p
}

// pageNumber reads ?page=, 1 when absent or bad.
func pageNumber(r *http.Request) int {
	var n int
	if _, err := fmt.Sscan(r.URL.Query().Get("page"), &n); err != nil || n < 1 || n > 1_000_000 {
		return 1
	}
	return n
}
