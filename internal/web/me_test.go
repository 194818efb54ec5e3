package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xuezuo"
)

func TestMePasswordChange(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	c := e.user(t, "liuwei", xuezuo.RoleSecretary, tr.branch1.ID)
	page := c.get("/me")
	wantStatus(t, page, http.StatusOK)
	if got := page.text("dl.facts"); !strings.Contains(got, "支部书记（生态第一党支部）") {
		t.Errorf("own grants %q", got)
	}
	newPw := "Neues-Passw0rt-2026"
	cases := []struct {
		name  string
		form  url.Values
		field string
		want  string
	}{
		{"wrong current", url.Values{"current_password": {"nope"}, "password": {newPw}, "password2": {newPw}}, "current_password", "当前密码不正确"},
		{"mismatch", url.Values{"current_password": {"x"}, "password": {newPw}, "password2": {newPw + "x"}}, "password2", "两次输入的新密码不一致"},
		{"weak", url.Values{"current_password": {testPassword}, "password": {"weak"}, "password2": {"weak"}}, "password", "密码强度不足：至少 10 位，包含大写字母、小写字母、数字、符号中的三类，且不要使用常见单词、键盘序列或用户名"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.post("/me/password", tc.form)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if got := fieldError(r, tc.field); got != tc.want {
				t.Errorf("%s: %q, want %q", tc.field, got, tc.want)
			}
		})
	}
	r := c.post("/me/password", url.Values{"current_password": {testPassword}, "password": {newPw}, "password2": {newPw}})
	wantStatus(t, r, http.StatusOK)
	if r.doc.Find("#password-done").Length() != 1 {
		t.Errorf("no confirmation")
	}
	fresh := e.anon(t)
	wantStatus(t, fresh.post("/login", url.Values{"username": {"liuwei"}, "password": {newPw}}), http.StatusSeeOther)
}

func TestMeTokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.user(t, "auditor", xuezuo.RoleAuditor, 0)
	r := c.post("/me/tokens", url.Values{"name": {""}, "expires": {"9999"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := fieldError(r, "name"); got != "请填写令牌用途" {
		t.Errorf("name message %q", got)
	}
	if got := fieldError(r, "expires"); got != "有效期须在 1 小时到 366 天之间" {
		t.Errorf("expires message %q", got)
	}
	r = c.post("/me/tokens", url.Values{"name": {"报表\u202e脚本"}, "expires": {"30"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := fieldError(r, "name"); !strings.Contains(got, "令牌用途") {
		t.Errorf("bidi name message %q", got)
	}
	r = c.post("/me/tokens", url.Values{"name": {"报表脚本"}, "expires": {"30"}})
	wantStatus(t, r, http.StatusOK)
	raw := r.text("#new-token")
	if !strings.HasPrefix(raw, "xz_") {
		t.Fatalf("raw token %q", raw)
	}
	// Shown once: the next view of the page does not carry it.
	page := c.get("/me")
	if strings.Contains(page.body, raw) {
		t.Errorf("the raw token is shown again")
	}
	rows := rowsOf(page, "#tokens table.tokens tbody tr")
	if len(rows) != 1 || rows[0][0] != "报表脚本" || rows[0][3] != "有效" {
		t.Fatalf("tokens %v", rows)
	}
	action, _ := page.doc.Find("#tokens table.tokens form").Attr("action")
	r = c.post(action, url.Values{"next": {"/me"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/me" {
		t.Fatalf("revoke: %d %q", r.status, r.header.Get("Location"))
	}
	if rows := rowsOf(c.get("/me"), "#tokens table.tokens tbody tr"); rows[0][3] != "已吊销" {
		t.Errorf("after revoke %v", rows)
	}
}
