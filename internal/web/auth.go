package web

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/server"
)

// LoginPage is the login form.
type LoginPage struct {
	Base
	Username string
	Next     string
	Message  string // the service's answer: wrong password, locked, …
	// PlainHTTP explains why a login cannot stick: the session cookie is
	// Secure, and the browser does not send it back over plain HTTP.
	PlainHTTP string
}

// msgPlainHTTP tells a user on plain HTTP why logging in would only bring
// the form back, and what to do about it.
const msgPlainHTTP = "您正通过 HTTP（未加密）访问本站，而登录状态只能通过 HTTPS 保存：登录后浏览器不会带回会话，页面会回到登录框。" +
	"请改用 https:// 开头的地址访问；若本站只在内网以 HTTP 提供，请管理员用 --insecure-cookies 启动服务。"

// loginPage is the login form with the plain-HTTP warning where it applies.
func (h *Handler) loginPage(r *http.Request) LoginPage {
	p := LoginPage{Base: h.base(r, "登录")}
	if h.d.Sessions.Cookie.Secure && !server.IsHTTPS(r) && !loopbackHost(r.Host) {
		p.PlainHTTP = msgPlainHTTP
	}
	return p
}

// loopbackHost reports whether the address the browser visits is this
// machine: browsers keep Secure cookies for http://localhost and 127.0.0.1.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// loginForm shows GET /login.
func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) error {
	p := h.loginPage(r)
	p.Next = safeNext(r.URL.Query().Get("next"))
	return h.render(w, r, http.StatusOK, "login.html", p)
}

// login checks the credentials with the account service, then starts a
// fresh session: RenewToken defeats session fixation.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) error {
	parseForm(w, r)
	username, next := formValue(r, "username"), safeNext(r.PostFormValue("next"))
	a, err := h.d.Account.Login(r.Context(), username, r.PostFormValue("password"), server.ClientIP(r))
	if xuezuo.ErrorCode(err) == xuezuo.EMustChangePassword {
		// A one-time password from a reset: the change page comes before
		// anything else, and no session starts until it is done.
		return h.render(w, r, http.StatusOK, "password_change.html",
			PasswordChangePage{Base: h.base(r, "设置新密码"), Username: username, Next: next})
	}
	if err != nil {
		status := http.StatusUnauthorized
		switch xuezuo.ErrorCode(err) {
		case xuezuo.EUnauthenticated, xuezuo.EInvalid:
		case xuezuo.ETooManyRequests:
			// Turned away before any check: answered at once, with the wait.
			status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", strconv.Itoa(account.RetryAfter(err)))
		default:
			return err
		}
		h.loginFailed(r, username, err)
		p := h.loginPage(r)
		p.Username, p.Next, p.Message = username, next, xuezuo.ErrorMessage(err)
		return h.render(w, r, status, "login.html", p)
	}
	return h.startSession(w, r, a, next)
}

// startSession starts a fresh session for a: RenewToken defeats session
// fixation.
func (h *Handler) startSession(w http.ResponseWriter, r *http.Request, a *xuezuo.Actor, next string) error {
	ctx := r.Context()
	if err := h.d.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	h.d.Sessions.Put(ctx, sessionUserKey, a.UserID)
	return h.seeOther(w, r, next)
}

// PasswordChangePage is the forced change of a one-time password, shown
// after a login with it and before anything else.
type PasswordChangePage struct {
	Base
	Username, Next string
	Errors         FormErrors
}

// loginPasswordChange handles POST /login/password: the one-time password
// is checked again like a login, the new one written, and the session
// starts.
func (h *Handler) loginPasswordChange(w http.ResponseWriter, r *http.Request) error {
	parseForm(w, r)
	p := PasswordChangePage{Base: h.base(r, "设置新密码"), Username: formValue(r, "username"), Next: safeNext(r.PostFormValue("next"))}
	current, next, again := r.PostFormValue("current_password"), r.PostFormValue("password"), r.PostFormValue("password2")
	var v xuezuo.Validation
	v.Check(current != "", "current_password", "请填写临时密码")
	v.Check(next != "", "password", "请填写新密码")
	v.Check(next == again, "password2", "两次输入的新密码不一致")
	err := v.Err()
	var a *xuezuo.Actor
	if err == nil {
		a, err = h.d.Account.ChangeResetPassword(r.Context(), p.Username, current, next, server.ClientIP(r))
	}
	switch xuezuo.ErrorCode(err) {
	case "":
		return h.startSession(w, r, a, p.Next)
	case xuezuo.ETooManyRequests:
		w.Header().Set("Retry-After", strconv.Itoa(account.RetryAfter(err)))
		lp := h.loginPage(r)
		lp.Username, lp.Next, lp.Message = p.Username, p.Next, xuezuo.ErrorMessage(err)
		return h.render(w, r, http.StatusTooManyRequests, "login.html", lp)
	case xuezuo.EUnauthenticated:
		h.loginFailed(r, p.Username, err)
		lp := h.loginPage(r)
		lp.Username, lp.Next, lp.Message = p.Username, p.Next, xuezuo.ErrorMessage(err)
		return h.render(w, r, http.StatusUnauthorized, "login.html", lp)
	}
	return formFailed(err, func(fe FormErrors, status int) error {
		p.Errors = fe
		return h.render(w, r, status, "password_change.html", p)
	}, "current_password", "password", "password2")
}

// loginFailed feeds the per-address failure log and logs a lockout once,
// when the failure that locks the account happens.
func (h *Handler) loginFailed(r *http.Request, username string, err error) {
	if xuezuo.ErrorCode(err) == xuezuo.EUnauthenticated {
		h.d.LoginFailures.Fail(server.ClientIP(r))
	}
	if errors.Is(err, account.ErrLockedNow) {
		h.log.WarnContext(r.Context(), "account locked", slog.String("username", username),
			slog.String("client", server.ClientIP(r)), slog.String("request_id", server.RequestID(r.Context())))
	}
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
