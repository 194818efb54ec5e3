package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

func TestSecurityAdminCreatesAccountAndGrantsRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	c := e.user(t, "secadmin", xuezuo.RoleSecurityAdmin, 0)

	wantStatus(t, c.get("/accounts/new"), http.StatusOK)
	r := c.post("/accounts", url.Values{"username": {"Bad Name"}, "password": {"short"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#username-error"); !strings.Contains(got, "用户名须为") {
		t.Errorf("username message %q", got)
	}
	if got := r.text("#password-error"); !strings.Contains(got, "密码强度不足") {
		t.Errorf("password message %q", got)
	}
	r = c.post("/accounts", url.Values{"username": {"wangwu"}, "display_name": {"王\u200b五"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#display_name-error"); !strings.Contains(got, "显示名称") {
		t.Errorf("display name message %q", got)
	}
	r = c.post("/accounts", url.Values{"username": {"Bad Name"}, "password": {"short"}})
	if v, _ := r.doc.Find(`input[name=username]`).Attr("value"); v != "Bad Name" {
		t.Errorf("username not kept: %q", v)
	}

	// A blank password is generated and shown once.
	r = c.post("/accounts", url.Values{"username": {"zhangsan"}, "display_name": {"张三"}})
	wantStatus(t, r, http.StatusOK)
	password := r.text("#generated-password")
	if len(password) != 16 {
		t.Fatalf("generated password %q", password)
	}
	next, _ := r.doc.Find(`a[href^="/accounts/"]`).Last().Attr("href")
	if !strings.HasPrefix(next, "/accounts/") {
		t.Fatalf("no link to the new account: %s", r.body)
	}
	r = c.post("/accounts", url.Values{"username": {"zhangsan"}, "password": {"Another-Passw0rd"}})
	wantStatus(t, r, http.StatusConflict)
	if got := r.text("#username-error"); got != "用户名已存在" {
		t.Errorf("duplicate message %q", got)
	}

	// The org select lists the directory, indented.
	page := c.get(next)
	wantStatus(t, page, http.StatusOK)
	var opts []string
	page.doc.Find(`#grant-form select[name=org_id] option`).Each(func(_ int, s *goquery.Selection) { opts = append(opts, s.Text()) })
	if len(opts) != 4 || !strings.HasPrefix(opts[2], "　生态第一党支部") {
		t.Errorf("org options %q", opts)
	}
	r = c.post(next+"/grants", url.Values{"role": {"secretary"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#org_id-error"); got != "请选择授权的组织" {
		t.Errorf("org_id message %q", got)
	}
	r = c.post(next+"/grants", url.Values{"role": {"secretary"}, "org_id": {fmt.Sprint(tr.branch1.ID)}})
	wantStatus(t, r, http.StatusSeeOther)
	page = c.get(next)
	if got := rowsOf(page, "table.grants tbody tr"); len(got) != 1 || got[0][0] != "支部书记" || got[0][1] != "生态第一党支部" {
		t.Errorf("grants %v", got)
	}
	r = c.post(next+"/grants", url.Values{"role": {"auditor"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#role-error"); !strings.Contains(got, "三员分立") {
		t.Errorf("separation message %q", got)
	}
	list := c.get("/accounts")
	wantStatus(t, list, http.StatusOK)
	if !strings.Contains(list.text("table.accounts"), "支部书记（生态第一党支部）") {
		t.Errorf("accounts list %q", list.text("table.accounts"))
	}

	// The new user logs in with the generated password and sees the branch.
	u := e.anon(t)
	r = u.post("/login", url.Values{"username": {"zhangsan"}, "password": {password}})
	wantStatus(t, r, http.StatusSeeOther)
	wantStatus(t, u.get(fmt.Sprintf("/orgs/%d", tr.branch1.ID)), http.StatusOK)

	// Revoke, disable, reset, link.
	action, _ := page.doc.Find(`table.grants form`).Attr("action")
	r = c.post(action, url.Values{"next": {next}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != next {
		t.Fatalf("revoke: %d %q", r.status, r.header.Get("Location"))
	}
	wantStatus(t, c.post(next+"/disable", nil), http.StatusSeeOther)
	if got := c.get(next).text("#account-state"); got != "已停用" {
		t.Errorf("state %q", got)
	}
	if r := u.get("/me"); r.status != http.StatusSeeOther {
		t.Errorf("disabled user still served: %d", r.status)
	}
	wantStatus(t, c.post(next+"/enable", nil), http.StatusSeeOther)
	r = c.post(next+"/password", nil)
	wantStatus(t, r, http.StatusOK)
	if len(r.text("#generated-password")) != 16 {
		t.Errorf("reset password not shown")
	}
	r = c.post(next+"/link", url.Values{"member_id": {"abc"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	m := storetest.MustCreateMember(t, e.s, tr.branch1.ID, "张三")
	wantStatus(t, c.post(next+"/link", url.Values{"member_id": {fmt.Sprint(m.ID)}}), http.StatusSeeOther)
	linked := c.get(next)
	if got := linked.text("dl.facts"); !strings.Contains(got, fmt.Sprintf("党员编号 %d", m.ID)) {
		t.Errorf("link %q", got)
	}
	if got := linked.text("h1 small"); got != "张三" {
		t.Errorf("a blank display name changed it to %q", got)
	}

	// One account per member, none for an admin account: each refusal is
	// shown beside the member field.
	other, err := e.s.Account.CreateUser(storetest.System(), "lisi", "李四", storetest.Password)
	if err != nil {
		t.Fatal(err)
	}
	r = c.post(fmt.Sprintf("/accounts/%d/link", other.ID), url.Values{"member_id": {fmt.Sprint(m.ID)}})
	wantStatus(t, r, http.StatusConflict)
	if got := r.text("#member_id-error"); got != "该党员已关联账号 zhangsan，一名党员只能关联一个账号；请先解除原账号的关联" {
		t.Errorf("second account message %q", got)
	}
	admin, err := e.s.Account.UserByName(storetest.System(), "secadmin")
	if err != nil {
		t.Fatal(err)
	}
	r = c.post(fmt.Sprintf("/accounts/%d/link", admin.ID), url.Values{"member_id": {fmt.Sprint(m.ID)}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#member_id-error"); got != "拥有“安全管理员”角色的账号不能关联党员（三员分立）" {
		t.Errorf("admin account message %q", got)
	}
	r = c.post(fmt.Sprintf("/accounts/%d/link", other.ID), url.Values{"member_id": {""}, "display_name": {"李\u202e四"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#display_name-error"); !strings.Contains(got, "显示名称") {
		t.Errorf("display name message %q", got)
	}
}

func TestBusinessRolesCannotManageAccounts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	c := e.user(t, "orgadmin", xuezuo.RoleOrgAdmin, tr.unit.ID)
	for _, path := range []string{"/accounts", "/accounts/new"} {
		wantStatus(t, c.get(path), http.StatusForbidden)
	}
	r := c.post("/accounts", url.Values{"username": {"lisi"}, "password": {"Another-Passw0rd"}})
	wantStatus(t, r, http.StatusForbidden)
	if _, err := e.s.Account.UserByName(storetest.System(), "lisi"); err == nil {
		t.Errorf("forbidden create wrote an account")
	}
}
