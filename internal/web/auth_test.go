package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

func TestSafeNext(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"", "/"},
		{"/orgs/5?page=2", "/orgs/5?page=2"},
		{"//evil.example/x", "/"},
		{"/\\evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"orgs", "/"},
		{"/ok\r\nSet-Cookie: x", "/"},
	}
	for _, tc := range cases {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLoginRequired(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.anon(t)
	cases := []struct {
		name, path string
		headers    []string
		wantStatus int
		wantHeader string // Location or HX-Redirect
		header     string
	}{
		{"page", "/orgs?x=1", nil, http.StatusSeeOther, "/login?next=" + url.QueryEscape("/orgs?x=1"), "Location"},
		{"home", "/", nil, http.StatusSeeOther, "/login", "Location"},
		{"htmx fragment", "/orgs/1/children", []string{"HX-Request", "true", "HX-Current-URL", "http://x/orgs"},
			http.StatusUnauthorized, "/login?next=%2Forgs", "HX-Redirect"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.get(tc.path, tc.headers...)
			if r.status != tc.wantStatus || r.header.Get(tc.header) != tc.wantHeader {
				t.Fatalf("got %d %s=%q, want %d %q", r.status, tc.header, r.header.Get(tc.header), tc.wantStatus, tc.wantHeader)
			}
		})
	}
	// A POST without a session goes to the login page, never to its own URL.
	if r := c.post("/logout", nil); r.status != http.StatusSeeOther || r.header.Get("Location") != "/login" {
		t.Errorf("POST /logout anonymous: %d %q", r.status, r.header.Get("Location"))
	}
}

func TestLoginFormAndLockout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	storetest.MustUser(t, e.s, "wangwu", xuezuo.RoleAuditor, 0)
	c := e.anon(t)

	r := c.post("/login", url.Values{"username": {"wangwu"}, "password": {"wrong"}, "next": {"/audit"}})
	wantStatus(t, r, http.StatusUnauthorized)
	if got := r.text("#login-error"); got != "用户名或密码错误" {
		t.Errorf("message %q", got)
	}
	if v, _ := r.doc.Find(`input[name=username]`).Attr("value"); v != "wangwu" {
		t.Errorf("username not kept: %q", v)
	}
	if v, _ := r.doc.Find(`input[name=next]`).Attr("value"); v != "/audit" {
		t.Errorf("next not kept: %q", v)
	}
	for i := 0; i < 4; i++ {
		r = c.post("/login", url.Values{"username": {"wangwu"}, "password": {"wrong"}})
	}
	if got := r.text("#login-error"); got != "用户名或密码错误" {
		t.Errorf("after 5 failures: %q, want the same text as a wrong password", got)
	}
	// Even the right password is refused while locked.
	r = c.post("/login", url.Values{"username": {"wangwu"}, "password": {storetest.Password}})
	wantStatus(t, r, http.StatusUnauthorized)
}

func TestLoginRedirectsToNextAndLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	storetest.MustUser(t, e.s, "zhaoliu", xuezuo.RoleAuditor, 0)
	c := e.anon(t)
	r := c.post("/login", url.Values{"username": {"zhaoliu"}, "password": {storetest.Password}, "next": {"/audit?page=1"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/audit?page=1" {
		t.Fatalf("login: %d %q", r.status, r.header.Get("Location"))
	}
	r = c.post("/login", url.Values{"username": {"zhaoliu"}, "password": {storetest.Password}, "next": {"//evil.example"}})
	if r.header.Get("Location") != "/" {
		t.Errorf("foreign next followed: %q", r.header.Get("Location"))
	}
	wantStatus(t, c.get("/audit"), http.StatusOK)
	r = c.post("/logout", nil)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login" {
		t.Fatalf("logout: %d %q", r.status, r.header.Get("Location"))
	}
	if r := c.get("/audit"); r.status != http.StatusSeeOther {
		t.Errorf("after logout /audit: %d, want 303 to login", r.status)
	}
}

func TestDisabledAccountLosesSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := storetest.MustUser(t, e.s, "sunqi", xuezuo.RoleAuditor, 0)
	c := e.login(t, "sunqi")
	wantStatus(t, c.get("/audit"), http.StatusOK)
	if err := e.s.Account.SetDisabled(storetest.System(), xuezuo.ActorFrom(ctx).UserID, true); err != nil {
		t.Fatal(err)
	}
	if r := c.get("/audit"); r.status != http.StatusSeeOther {
		t.Errorf("disabled account: %d, want 303 to login", r.status)
	}
}

func TestHomeAndNavByRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := storetest.MustCreateUnit(t, e.s, 0, "某研究所党委")
	cases := []struct {
		user     string
		role     xuezuo.Role
		org      xuezuo.ID
		home     string
		nav      []string
		notInNav string
	}{
		{"r_auditor", xuezuo.RoleAuditor, 0, "/audit", []string{"审计日志", "我的账号"}, "组织与党员"},
		{"r_security", xuezuo.RoleSecurityAdmin, 0, "/accounts", []string{"账号与授权", "我的账号"}, "审计日志"},
		{"r_system", xuezuo.RoleSystemAdmin, 0, "/system", []string{"系统设置", "我的账号"}, "账号与授权"},
		{"r_orgadmin", xuezuo.RoleOrgAdmin, root.ID, "/orgs", []string{"组织与党员", "我的账号"}, "系统设置"},
	}
	for _, tc := range cases {
		t.Run(string(tc.role), func(t *testing.T) {
			c := e.user(t, tc.user, tc.role, tc.org)
			r := c.get("/")
			if r.status != http.StatusSeeOther || r.header.Get("Location") != tc.home {
				t.Fatalf("home: %d %q, want %s", r.status, r.header.Get("Location"), tc.home)
			}
			page := c.get(tc.home)
			wantStatus(t, page, http.StatusOK)
			nav := page.doc.Find("header nav").Text()
			for _, want := range tc.nav {
				if !strings.Contains(nav, want) {
					t.Errorf("nav lacks %s: %q", want, nav)
				}
			}
			if strings.Contains(nav, tc.notInNav) {
				t.Errorf("nav shows %s to %s", tc.notInNav, tc.role)
			}
			if !strings.Contains(nav, tc.role.Label()) {
				t.Errorf("header lacks role label %s", tc.role.Label())
			}
		})
	}
}

func TestSystemPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	unit := storetest.MustCreateUnit(t, e.s, 0, "某研究所党委")
	sys := e.user(t, "sysadmin", xuezuo.RoleSystemAdmin, 0)
	r := sys.get("/system")
	wantStatus(t, r, http.StatusOK)
	if got := r.text("#version"); got != "v1.2.3-test" {
		t.Errorf("version %q", got)
	}
	admin := e.user(t, "orgadmin", xuezuo.RoleOrgAdmin, unit.ID)
	wantStatus(t, admin.get("/system"), http.StatusForbidden)
}
