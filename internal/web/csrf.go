package web

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
)

// The form token is our second line against cross-site requests.
// http.CrossOriginProtection (mounted by app) refuses a state-changing
// request whose Origin or Sec-Fetch-Site names another site, but lets one
// with neither header through: older IE-mode browsers, still common in
// government offices, send neither. Such a request must carry the token of
// the page it came from, which another site cannot read.

const (
	// csrfField is the hidden form field that carries the token; every
	// <form method="post"> starts with it (templates' "csrf" partial).
	csrfField = "csrf_token"
	// csrfHeader carries the token on htmx requests (hx-headers on <body>).
	csrfHeader = "X-CSRF-Token"
	// preSessionCookie binds the token of a visitor who has no session yet:
	// the login form and the one-time password change.
	preSessionCookie = "xuezuo_presession"
	// csrfPeekBytes bounds how much of a multipart body is read to find the
	// token, which the templates put before any file.
	csrfPeekBytes = 8 << 10
)

// msgCSRF is the answer to a request without a valid token.
const msgCSRF = "页面已过期或请求来源无法确认，请刷新页面后重试。如果问题仍然存在，请从本站首页重新进入后再提交"

// csrfState is one request's token, made when a template first asks for it.
type csrfState struct {
	w     http.ResponseWriter
	token string
}

type csrfCtxKey struct{}

// withCSRF lets the pages of this request ask for their token; w is kept
// to set the pre-session cookie when a form is rendered for a visitor
// without one.
func withCSRF(r *http.Request, w http.ResponseWriter) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), csrfCtxKey{}, &csrfState{w: w}))
}

// formToken returns the request's token for its forms, or "" on a route
// without a session (assets), which renders none.
func (h *Handler) formToken(r *http.Request) string {
	st, _ := r.Context().Value(csrfCtxKey{}).(*csrfState)
	if st == nil {
		return ""
	}
	if st.token == "" {
		st.token = h.issueToken(st.w, r)
	}
	return st.token
}

// issueToken returns the token the request's forms carry (expectedToken);
// a visitor with neither session nor pre-session cookie gets the cookie.
func (h *Handler) issueToken(w http.ResponseWriter, r *http.Request) string {
	if tok := h.expectedToken(r); tok != "" {
		return tok
	}
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	v := base64.RawURLEncoding.EncodeToString(b)
	// Like the session cookie it precedes: unreadable by scripts, not sent
	// on cross-site posts, and Secure wherever the session cookie is.
	http.SetCookie(w, &http.Cookie{Name: preSessionCookie, Value: v, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.d.Sessions.Cookie.Secure})
	return h.mac("pre-session", v)
}

// validPreSession reports whether v looks like a cookie value we set, so a
// huge or odd cookie is replaced rather than signed.
func validPreSession(v string) bool {
	b, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil && len(b) == 32
}

// expectedToken is the token a request must carry: bound to its session
// when it has one, else to its pre-session cookie; "" when it has neither,
// which no token matches. A logged-in user's forms accept only the
// session's token, so a pre-session cookie planted by a sibling site does
// not open them.
func (h *Handler) expectedToken(r *http.Request) string {
	if tok := h.d.Sessions.Token(r.Context()); tok != "" {
		return h.mac("session", tok)
	}
	if c, err := r.Cookie(preSessionCookie); err == nil && validPreSession(c.Value) {
		return h.mac("pre-session", c.Value)
	}
	return ""
}

// mac is HMAC-SHA256 under the installation's key over the binding's kind
// and value; the kind keeps a session token and a cookie value of equal
// bytes from sharing a token.
func (h *Handler) mac(kind, value string) string {
	m := hmac.New(sha256.New, h.d.CSRFKey)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// needsToken reports whether the request must prove it comes from our own
// page: a state-changing method with neither Origin nor Sec-Fetch-Site.
// Requests with either header were judged by http.CrossOriginProtection
// and go on unchanged.
func needsToken(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return r.Header.Get("Origin") == "" && r.Header.Get("Sec-Fetch-Site") == ""
}

// checkToken reports whether the request carries the token it must, in the
// header or in the form. Reading an urlencoded form here bounds it like
// parseForm, whose later call then finds the form parsed.
func (h *Handler) checkToken(w http.ResponseWriter, r *http.Request) bool {
	want := h.expectedToken(r)
	if want == "" {
		return false
	}
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = h.formTokenOf(w, r)
	}
	return hmac.Equal([]byte(got), []byte(want))
}

// formTokenOf reads the csrf_token field of a urlencoded or multipart body.
func (h *Handler) formTokenOf(w http.ResponseWriter, r *http.Request) string {
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	switch ct {
	case "application/x-www-form-urlencoded":
		parseForm(w, r)
		return r.PostFormValue(csrfField)
	case "multipart/form-data":
		return peekMultipartToken(r, params["boundary"])
	}
	return ""
}

// peekMultipartToken reads the token from the first part of a multipart
// body and puts back what it read, so the upload handler streams the body
// from its start as before. The token must be the first part (the
// templates put it there), so that a large file is never buffered to find it.
func peekMultipartToken(r *http.Request, boundary string) string {
	if boundary == "" || r.Body == nil {
		return ""
	}
	var seen bytes.Buffer
	mr := multipart.NewReader(io.TeeReader(io.LimitReader(r.Body, csrfPeekBytes), &seen), boundary)
	token := ""
	if p, err := mr.NextPart(); err == nil && p.FormName() == csrfField {
		if b, err := io.ReadAll(io.LimitReader(p, 256)); err == nil {
			token = string(b)
		}
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(&seen, r.Body), r.Body}
	return token
}

// csrfRefused answers a request without a valid token: 403 with a page
// that tells the user what to do.
func (h *Handler) csrfRefused(w http.ResponseWriter, r *http.Request) {
	h.errorPage(w, r, http.StatusForbidden, msgCSRF, "")
}
