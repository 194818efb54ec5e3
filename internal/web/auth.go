package web

import (
	"net/http"

	"xuezuo"
	"xuezuo/internal/account"
)

// LoginPage is the login form.
type LoginPage struct {
	Base
	Username string
	Next     string
	Message  string // the service's answer: wrong password, locked, …
}

// loginForm shows GET /login.
func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) error {
	p := LoginPage{Base: h.base(r, "登录"), Next: safeNext(r.URL.Query().Get("next"))}
	return h.render(w, r, http.StatusOK, "login.html", p)
}

// login checks the credentials with the account service, then starts a
// fresh session: RenewToken defeats session fixation.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) error {
	parseForm(w, r)
	username, next := formValue(r, "username"), safeNext(r.PostFormValue("next"))
	a, err := h.d.Account.Login(r.Context(), username, r.PostFormValue("password"), clientIP(r))
	if err != nil {
		if code := xuezuo.ErrorCode(err); code != xuezuo.EUnauthenticated && code != xuezuo.EInvalid {
			return err
		}
		p := LoginPage{Base: h.base(r, "登录"), Username: username, Next: next, Message: xuezuo.ErrorMessage(err)}
		return h.render(w, r, http.StatusUnauthorized, "login.html", p)
	}
	ctx := r.Context()
	if err := h.d.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	h.d.Sessions.Put(ctx, sessionUserKey, a.UserID)
	return h.seeOther(w, r, next)
}

// logout records the logout and destroys the session.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := h.d.Account.Logout(ctx); err != nil {
		h.log.WarnContext(ctx, "web logout audit failed", "err", err)
	}
	if err := h.d.Sessions.Destroy(ctx); err != nil {
		return err
	}
	return h.seeOther(w, r, "/login")
}

// home sends each role to its main page.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	a := actor(r.Context())
	target := "/orgs"
	switch {
	case a.Has(xuezuo.RoleAuditor):
		target = "/audit"
	case a.Has(xuezuo.RoleSecurityAdmin):
		target = "/accounts"
	case a.Has(xuezuo.RoleSystemAdmin):
		target = "/system"
	}
	return h.seeOther(w, r, target)
}

// SystemPage is the system admin's page; settings come later.
type SystemPage struct {
	Base
	Version string
}

// system shows GET /system. No settings service exists yet, so the account
// policy's role check answers who may see it.
func (h *Handler) system(w http.ResponseWriter, r *http.Request) error {
	if _, err := account.RequireRole(r.Context(), xuezuo.RoleSystemAdmin); err != nil {
		return err
	}
	version := h.d.Version
	if version == "" {
		version = "开发版"
	}
	return h.render(w, r, http.StatusOK, "system.html", SystemPage{Base: h.base(r, "系统设置"), Version: version})
}
