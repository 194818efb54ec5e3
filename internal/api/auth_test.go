package api_test

import (
	"net/http"
	"testing"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

func TestTokenRefusesOneTimePasswordUntilChanged(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sys := storetest.System()
	admin := storetest.MustUser(t, w.s, "secadmin", xuezuo.RoleSecurityAdmin, 0)
	_ = sys
	u, err := w.s.Account.UserByName(admin, "secretary")
	if err != nil {
		t.Fatal(err)
	}
	temp, err := w.s.Account.ResetPassword(admin, u.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	code, body := w.do(t, "", "POST", "/api/v1/auth/token", `{"username":"secretary","password":"`+temp+`"}`)
	if got := decodeJSON[apiErr](t, body).Error.Code; code != http.StatusUnauthorized || got != xuezuo.EMustChangePassword {
		t.Fatalf("token with a one-time password: got %d %s, want 401 %s", code, got, xuezuo.EMustChangePassword)
	}
	// The old password is gone, and a wrong one answers as before.
	code, body = w.do(t, "", "POST", "/api/v1/auth/token", `{"username":"secretary","password":"`+storetest.Password+`"}`)
	if got := decodeJSON[apiErr](t, body).Error.Code; code != http.StatusUnauthorized || got != xuezuo.EUnauthenticated {
		t.Fatalf("token with the old password: got %d %s, want 401 %s", code, got, xuezuo.EUnauthenticated)
	}
	next := "Eigenes-Passw0rt-9"
	if _, err := w.s.Account.ChangeResetPassword(sys, "secretary", temp, next, "192.0.2.1"); err != nil {
		t.Fatalf("change the one-time password: %v", err)
	}
	code, body = w.do(t, "", "POST", "/api/v1/auth/token", `{"username":"secretary","password":"`+next+`"}`)
	if code != http.StatusOK {
		t.Fatalf("token after the change: got %d %s, want 200", code, body)
	}
}
