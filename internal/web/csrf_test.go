package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/alexedwards/scs/v2"

	"xuezuo"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// tokenOf returns the form token of the first post form on the page.
func tokenOf(t *testing.T, r result) string {
	t.Helper()
	tok := r.doc.Find(`form[method=post] input[name=csrf_token]`).First().AttrOr("value", "")
	if tok == "" {
		t.Fatalf("no form token on the page:\n%s", r.body)
	}
	return tok
}

// apiTokensListed counts the API tokens called 报表脚本 listed on /me.
func apiTokensListed(c *client) int {
	n := 0
	for _, row := range rowsOf(c.get("/me"), "#tokens table.tokens tbody tr") {
		if row[0] == "报表脚本" {
			n++
		}
	}
	return n
}

// TestTokenRequiredWithoutOriginHeaders: a post with neither Origin nor
// Sec-Fetch-Site (an old IE-mode browser) needs the token of its own
// session, in the form or the htmx header; a post with Sec-Fetch-Site goes
// on without one, as before.
func TestTokenRequiredWithoutOriginHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.user(t, "auditor", xuezuo.RoleAuditor, 0)
	other := e.user(t, "auditor2", xuezuo.RoleAuditor, 0)
	own, foreign := tokenOf(t, c.get("/me")), tokenOf(t, other.get("/me"))
	if own == foreign {
		t.Fatal("two sessions got the same token")
	}
	form := func(tok string) url.Values {
		v := url.Values{"name": {"报表脚本"}, "expires": {"30"}}
		if tok != "" {
			v.Set(csrfField, tok)
		}
		return v
	}
	cases := []struct {
		name    string
		legacy  bool
		form    url.Values
		headers []string
		want    int
	}{
		{"no headers, no token", true, form(""), nil, http.StatusForbidden},
		{"no headers, another session's token", true, form(foreign), nil, http.StatusForbidden},
		{"no headers, a forged token", true, form(strings.Repeat("A", len(own))), nil, http.StatusForbidden},
		{"no headers, another session's token in the header", true, form(""), []string{csrfHeader, foreign}, http.StatusForbidden},
		{"no headers, own token in the form", true, form(own), nil, http.StatusOK},
		{"no headers, own token in the htmx header", true, form(""), []string{csrfHeader, own, "HX-Request", "true"}, http.StatusOK},
		{"Sec-Fetch-Site same-origin, no token", false, form(""), []string{"Sec-Fetch-Site", "same-origin"}, http.StatusOK},
		{"Origin only, no token", false, form(""), []string{"Origin", e.srv.URL}, http.StatusOK},
	}
	made := 0
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.legacy = tc.legacy
			r := c.post("/me/tokens", tc.form, tc.headers...)
			c.legacy = false
			wantStatus(t, r, tc.want)
			if tc.want == http.StatusOK {
				made++
			} else if !strings.Contains(r.body, "页面已过期或请求来源无法确认，请刷新页面后重试") {
				t.Errorf("the refusal does not say what to do:\n%s", r.body)
			}
			if got := apiTokensListed(c); got != made {
				t.Errorf("tokens listed: got %d, want %d", got, made)
			}
		})
	}
}

// TestLogoutNeedsToken: without headers and token, logout is refused and
// the session stays; with the token it ends.
func TestLogoutNeedsToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.user(t, "auditor", xuezuo.RoleAuditor, 0)
	tok := tokenOf(t, c.get("/me"))
	c.legacy = true
	wantStatus(t, c.post("/logout", nil), http.StatusForbidden)
	wantStatus(t, c.get("/me"), http.StatusOK)
	wantStatus(t, c.post("/logout", url.Values{csrfField: {tok}}), http.StatusSeeOther)
	wantStatus(t, c.get("/me"), http.StatusSeeOther)
}

// TestLoginNeedsPreSessionToken: the login page sets the pre-session
// cookie and carries its token; a legacy login needs that token, and the
// token of another browser's cookie does not do. After login the session's
// token replaces it.
func TestLoginNeedsPreSessionToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	storetest.MustUser(t, e.s, "auditor", xuezuo.RoleAuditor, 0)
	creds := func(tok string) url.Values {
		v := url.Values{"username": {"auditor"}, "password": {testPassword}}
		if tok != "" {
			v.Set(csrfField, tok)
		}
		return v
	}
	c := e.anon(t)
	c.legacy = true
	page := c.get("/login")
	tok := tokenOf(t, page)
	var cookie *http.Cookie
	for _, ck := range (&http.Response{Header: page.header}).Cookies() {
		if ck.Name == preSessionCookie {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" {
		t.Fatalf("pre-session cookie %+v, want HttpOnly, SameSite=Lax, Path=/", cookie)
	}
	if again := tokenOf(t, c.get("/login")); again != tok {
		t.Errorf("a second visit got another token: the cookie should be reused")
	}

	stranger := e.anon(t)
	stranger.legacy = true
	strangerTok := tokenOf(t, stranger.get("/login"))
	wantStatus(t, stranger.post("/login", creds(tok)), http.StatusForbidden)

	wantStatus(t, c.post("/login", creds("")), http.StatusForbidden)
	wantStatus(t, c.post("/login", creds(strangerTok)), http.StatusForbidden)
	wantStatus(t, c.get("/me"), http.StatusSeeOther) // still logged out
	wantStatus(t, c.post("/login", creds(tok)), http.StatusSeeOther)
	me := wantStatusOf(t, c.get("/me"), http.StatusOK)
	if tokenOf(t, me) == tok {
		t.Errorf("the logged-in page still carries the pre-session token")
	}
	if !strings.Contains(me.doc.Find("body").AttrOr("hx-headers", ""), tokenOf(t, me)) {
		t.Errorf("body hx-headers %q does not carry the token", me.doc.Find("body").AttrOr("hx-headers", ""))
	}
	// The pre-session token opens nothing once a session exists.
	wantStatus(t, c.post("/me/tokens", url.Values{"name": {"脚本"}, "expires": {"30"}, csrfField: {tok}}), http.StatusForbidden)
}

// legacyUpload posts file as the import form does, with the token as the
// first part when tok is not empty, and no Origin headers.
func (c *client) legacyUpload(path, tok string, file []byte) result {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if tok != "" {
		mw.WriteField(csrfField, tok)
	}
	fw, err := mw.CreateFormFile("file", "党员名单.xlsx")
	if err != nil {
		c.t.Fatal(err)
	}
	fw.Write(file)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+path, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	legacy := c.legacy
	c.legacy = true
	defer func() { c.legacy = legacy }()
	return c.do(req)
}

// TestUploadNeedsToken: the XLSX import without headers needs the token as
// the first multipart part; the upload after it is read in full.
func TestUploadNeedsToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := storetest.MustCreateOrg(t, e.s, 0, "京区党委", org.KindCommittee)
	branch := storetest.MustCreateOrg(t, e.s, root.ID, "生态党支部", org.KindBranch)
	c := e.user(t, "admin", xuezuo.RoleOrgAdmin, root.ID)
	path := fmt.Sprintf("/orgs/%d/import", root.ID)
	tok := tokenOf(t, c.get(path))
	file := xlsx(t, []string{"钱一", "男", "1980-01-01", "2005-07-01", "2006-07-01", "在职", "生态党支部"})
	wantStatus(t, c.legacyUpload(path, "", file), http.StatusForbidden)
	if n := memberCount(t, e, branch.ID); n != 0 {
		t.Fatalf("members after a refused import: %d", n)
	}
	r := c.legacyUpload(path, tok, file)
	if r.status != http.StatusOK && r.status != http.StatusSeeOther {
		t.Fatalf("import with token: status %d\n%s", r.status, r.body)
	}
	if n := memberCount(t, e, branch.ID); n != 1 {
		t.Errorf("members after the import: got %d, want 1\n%s", n, r.body)
	}
}

func TestNewNeedsCSRFKey(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	if _, err := New(Deps{Services: s.Services, Sessions: scs.New(), CSRFKey: make([]byte, 16)}); err == nil {
		t.Fatal("New accepted a 16-byte key")
	}
}
