package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

// loginWorks reports whether username logs in with password through the form.
func (e *env) loginWorks(t *testing.T, username, password string) bool {
	t.Helper()
	return e.anon(t).post("/login", url.Values{"username": {username}, "password": {password}}).status == http.StatusSeeOther
}

// loggedIn reports whether c's session still reaches /me.
func loggedIn(t *testing.T, c *client) bool {
	t.Helper()
	return c.get("/me").status == http.StatusOK
}

// actorID returns the id of the actor of ctx.
func actorID(ctx context.Context) xuezuo.ID { return xuezuo.ActorFrom(ctx).UserID }

func TestPasswordRoutesRefuseWithoutChangingAnything(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	mctx := storetest.MustUser(t, e.s, "liuwei", xuezuo.RoleMember, tr.branch1.ID)
	member := e.login(t, "liuwei")
	admin := e.user(t, "secadmin", xuezuo.RoleSecurityAdmin, 0)
	adminID := findUser(t, e, "secadmin")
	own := fmt.Sprintf("/accounts/%d/password", actorID(mctx))
	strong := "Neues-Passw0rt-2026"

	cases := []struct {
		name   string
		c      *client
		path   string
		form   url.Values
		status int
	}{
		{"own blank reset", member, own, url.Values{}, http.StatusForbidden},
		{"own typed reset", member, own, url.Values{"password": {strong}}, http.StatusForbidden},
		{"own change without current", member, "/me/password", url.Values{"password": {strong}, "password2": {strong}}, http.StatusUnprocessableEntity},
		{"own change with wrong current", member, "/me/password", url.Values{"current_password": {"nope"}, "password": {strong}, "password2": {strong}}, http.StatusUnprocessableEntity},
		{"admin resets the own account", admin, fmt.Sprintf("/accounts/%d/password", adminID), url.Values{}, http.StatusForbidden},
		{"admin weak reset", admin, own, url.Values{"password": {"Password12"}}, http.StatusUnprocessableEntity},
	}
	for _, tc := range cases {
		r := tc.c.post(tc.path, tc.form)
		if r.status != tc.status {
			t.Errorf("%s: status got %d, want %d", tc.name, r.status, tc.status)
		}
		if r.doc.Find("#generated-password").Length() != 0 {
			t.Errorf("%s: a password was shown", tc.name)
		}
		for _, u := range []string{"liuwei", "secadmin"} {
			if !e.loginWorks(t, u, testPassword) {
				t.Fatalf("%s: %s no longer logs in with the old password: got changed, want unchanged", tc.name, u)
			}
		}
		if !loggedIn(t, member) || !loggedIn(t, admin) {
			t.Fatalf("%s: a session ended: got logged out, want unchanged", tc.name)
		}
	}
}

// findUser returns the id of username through the security admin's list.
func findUser(t *testing.T, e *env, username string) xuezuo.ID {
	t.Helper()
	u, err := e.s.Account.UserByName(storetest.System(), username)
	if err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return u.ID
}

func TestPasswordChangeResetDisableEndSessionsAndTokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	admin := e.user(t, "secadmin", xuezuo.RoleSecurityAdmin, 0)
	steps := []struct {
		name string
		// do changes the password or state of uid; it returns the client
		// that did it when that client must stay logged in.
		do func(t *testing.T, uid xuezuo.ID, name string, self *client) *client
	}{
		{"own change", func(t *testing.T, uid xuezuo.ID, name string, self *client) *client {
			pw := "Neues-Passw0rt-2026"
			wantStatus(t, self.post("/me/password", url.Values{"current_password": {testPassword}, "password": {pw}, "password2": {pw}}), http.StatusOK)
			return self
		}},
		{"reset", func(t *testing.T, uid xuezuo.ID, name string, self *client) *client {
			wantStatus(t, admin.post(fmt.Sprintf("/accounts/%d/password", uid), url.Values{}), http.StatusOK)
			return nil
		}},
		{"disable", func(t *testing.T, uid xuezuo.ID, name string, self *client) *client {
			wantStatus(t, admin.post(fmt.Sprintf("/accounts/%d/disable", uid), url.Values{}), http.StatusSeeOther)
			return nil
		}},
	}
	for i, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			name := fmt.Sprintf("user%d", i)
			ctx := storetest.MustUser(t, e.s, name, xuezuo.RoleMember, tr.branch1.ID)
			uid := actorID(ctx)
			other, self := e.login(t, name), e.login(t, name)
			raw, _, err := e.s.Account.CreateToken(ctx, uid, "script", 24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			kept := st.do(t, uid, name, self)
			if loggedIn(t, other) {
				t.Errorf("other session after %s: got logged in, want ended", st.name)
			}
			if kept != nil && !loggedIn(t, kept) {
				t.Errorf("own session after %s: got logged out, want kept", st.name)
			}
			if _, err := e.s.Account.Authenticate(context.Background(), raw); err == nil {
				t.Errorf("token after %s: got valid, want revoked", st.name)
			}
			// Enabling the account again brings neither back.
			wantStatus(t, admin.post(fmt.Sprintf("/accounts/%d/enable", uid), url.Values{}), http.StatusSeeOther)
			if loggedIn(t, other) {
				t.Errorf("other session after %s and enable: got logged in, want ended", st.name)
			}
			if _, err := e.s.Account.Authenticate(context.Background(), raw); err == nil {
				t.Errorf("token after %s and enable: got valid, want revoked", st.name)
			}
		})
	}
}

func TestResetForcesChangeAtNextLogin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	ctx := storetest.MustUser(t, e.s, "liuwei", xuezuo.RoleMember, tr.branch1.ID)
	admin := e.user(t, "secadmin", xuezuo.RoleSecurityAdmin, 0)
	r := admin.post(fmt.Sprintf("/accounts/%d/password", actorID(ctx)), url.Values{})
	wantStatus(t, r, http.StatusOK)
	temp := r.text("#generated-password")

	// The one-time password opens only the change page, not a session.
	c := e.anon(t)
	r = c.post("/login", url.Values{"username": {"liuwei"}, "password": {temp}})
	wantStatus(t, r, http.StatusOK)
	if r.doc.Find("#password-change").Length() != 1 {
		t.Fatalf("login with a one-time password: got %q, want the change page", r.text("h1"))
	}
	if loggedIn(t, c) {
		t.Fatalf("session before the change: got logged in, want none")
	}
	newPw := "Eigenes-Passw0rt-9"
	cases := []struct {
		name   string
		form   url.Values
		status int
		field  string
	}{
		{"weak", url.Values{"current_password": {temp}, "password": {"Qwerty1234"}, "password2": {"Qwerty1234"}}, http.StatusUnprocessableEntity, "password"},
		{"same as temporary", url.Values{"current_password": {temp}, "password": {temp}, "password2": {temp}}, http.StatusUnprocessableEntity, "password"},
		{"mismatch", url.Values{"current_password": {temp}, "password": {newPw}, "password2": {newPw + "x"}}, http.StatusUnprocessableEntity, "password2"},
	}
	for _, tc := range cases {
		tc.form.Set("username", "liuwei")
		r := c.post("/login/password", tc.form)
		wantStatus(t, r, tc.status)
		if fieldError(r, tc.field) == "" {
			t.Errorf("%s: no message for %s", tc.name, tc.field)
		}
	}
	// A wrong one-time password answers as an unknown name does: the
	// username comes with the form, so any other answer tells which exist.
	wrong := c.post("/login/password", url.Values{"username": {"liuwei"}, "current_password": {"nope"}, "password": {newPw}, "password2": {newPw}})
	unknown := c.post("/login/password", url.Values{"username": {"nobody"}, "current_password": {"nope"}, "password": {newPw}, "password2": {newPw}})
	wantStatus(t, wrong, http.StatusUnauthorized)
	wantStatus(t, unknown, http.StatusUnauthorized)
	if a, b := wrong.text("#login-error"), unknown.text("#login-error"); a == "" || a != b {
		t.Errorf("wrong one-time password says %q, an unknown name %q: want the same message", a, b)
	}
	r = c.post("/login/password", url.Values{"username": {"liuwei"}, "current_password": {temp}, "password": {newPw}, "password2": {newPw}})
	wantStatus(t, r, http.StatusSeeOther)
	me := c.get("/me")
	wantStatus(t, me, http.StatusOK)
	if got := me.text("#password-reset"); !strings.Contains(got, "secadmin") {
		t.Errorf("reset notice on /me: got %q, want the admin's name", got)
	}
	if e.loginWorks(t, "liuwei", temp) {
		t.Errorf("one-time password after the change: got accepted, want refused")
	}
	if !e.loginWorks(t, "liuwei", newPw) {
		t.Errorf("new password: got refused, want a session")
	}
}
