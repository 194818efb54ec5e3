package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

// TestLoginLockAndUnlockThroughPages: five wrong passwords from one
// address lock the pair, after which the right password answers exactly
// like a wrong one; the security admin's account page then offers 解除登录
// 锁定, and after it the right password logs in again.
func TestLoginLockAndUnlockThroughPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	uctx := storetest.MustUser(t, e.s, "zhaolei", xuezuo.RoleMember, tr.branch1.ID)
	admin := e.user(t, "secadmin", xuezuo.RoleSecurityAdmin, 0)
	account := fmt.Sprintf("/accounts/%d", actorID(uctx))

	if got := admin.get(account); got.doc.Find("#unlock-form").Length() != 0 {
		t.Fatal("an account that is not locked offers 解除登录锁定")
	}
	var wrong result
	for range 5 {
		wrong = e.anon(t).post("/login", url.Values{"username": {"zhaolei"}, "password": {"Falsch-2026-x"}})
		if wrong.status != http.StatusUnauthorized {
			t.Fatalf("wrong password: status %d, want 401", wrong.status)
		}
	}
	right := e.anon(t).post("/login", url.Values{"username": {"zhaolei"}, "password": {testPassword}})
	if wrong.text("#login-error") == "" {
		t.Fatal("a wrong password shows no message")
	}
	if right.status != http.StatusUnauthorized || right.text("#login-error") != wrong.text("#login-error") {
		t.Fatalf("right password while locked: status %d, message %q; want 401 and %q", right.status,
			right.text("#login-error"), wrong.text("#login-error"))
	}

	page := wantStatusOf(t, admin.get(account), http.StatusOK)
	form := page.doc.Find("#unlock-form")
	if form.Length() != 1 {
		t.Fatalf("the locked account's page offers no unlock form:\n%s", page.body)
	}
	action, _ := form.Attr("action")
	if got := admin.post(action, url.Values{}); got.status != http.StatusSeeOther {
		t.Fatalf("POST %s: status %d, want 303", action, got.status)
	}
	if !e.loginWorks(t, "zhaolei", testPassword) {
		t.Fatal("the right password still fails after the unlock")
	}
	if admin.get(account).doc.Find("#unlock-form").Length() != 0 {
		t.Error("the unlocked account still offers 解除登录锁定")
	}
	// Only the security admin unlocks: the account's own branch secretary
	// is refused.
	sec := e.user(t, "secretary1", xuezuo.RoleSecretary, tr.branch1.ID)
	if got := sec.post(action, url.Values{}); got.status != http.StatusForbidden && got.status != http.StatusNotFound {
		t.Errorf("a secretary's unlock: status %d, want 403 or 404", got.status)
	}
}

// TestLoginFloodAnswers429: past the per-address allowance the login page
// answers 429 at once with Retry-After and a Chinese message, without a
// password check; the form stays on the page.
func TestLoginFloodAnswers429(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/login", "/login/password"} {
		t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) { loginFlood(t, path) })
	}
}

// loginFlood posts failed logins for unknown names from one address to
// path until the limit answers, and checks the answer. /login/password
// (the one-time password's change) spends its hash under the same limits.
func loginFlood(t *testing.T, path string) {
	e := newEnv(t)
	c := e.anon(t)
	var last result
	for i := range 60 {
		last = c.post(path, url.Values{"username": {fmt.Sprintf("nobody%d", i)}, "password": {"x"},
			"current_password": {"y"}, "password2": {"x"}})
		if last.status == http.StatusTooManyRequests {
			break
		}
		if last.status != http.StatusUnauthorized {
			t.Fatalf("login %d: status %d, want 401 until the limit", i, last.status)
		}
	}
	if last.status != http.StatusTooManyRequests {
		t.Fatalf("60 logins from one address: never 429 (last %d)", last.status)
	}
	if s, err := strconv.Atoi(last.header.Get("Retry-After")); err != nil || s < 1 {
		t.Errorf("Retry-After %q, want whole seconds ≥ 1", last.header.Get("Retry-After"))
	}
	if !strings.Contains(last.body, "稍后") && !strings.Contains(last.body, "频繁") {
		t.Errorf("429 page says nothing a user understands:\n%s", last.body)
	}
	if last.doc.Find(`form[action="/login"]`).Length() != 1 {
		t.Error("the 429 page has no login form")
	}
}
