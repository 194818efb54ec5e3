package api

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"
	"xuezuo/internal/account"
	"xuezuo/internal/server"

	"xuezuo"
)

// tokenTTL is the life of a token issued by POST /auth/token.
const tokenTTL = 12 * time.Hour

type tokenRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type tokenResponse struct {
	Token     string `json:"token"`
	ExpiresAt string `json:"expires_at"`
}

// token exchanges a username and password for a bearer token. Failures and
// lockouts count exactly as on the login page.
func (h *Handler) token(w http.ResponseWriter, r *http.Request) error {
	var in tokenRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := h.svc.Account.Login(r.Context(), in.Username, in.Password, server.ClientIP(r))
	if err != nil {
		switch xuezuo.ErrorCode(err) {
		case xuezuo.EUnauthenticated:
			h.logins.Fail(server.ClientIP(r))
		case xuezuo.ETooManyRequests:
			w.Header().Set("Retry-After", strconv.Itoa(account.RetryAfter(err)))
		}
		if errors.Is(err, account.ErrLockedNow) {
			h.log.WarnContext(r.Context(), "account locked", slog.String("username", in.Username),
				slog.String("client", server.ClientIP(r)), slog.String("request_id", server.RequestID(r.Context())))
		}
		return err
	}
	ctx := xuezuo.WithActor(r.Context(), a)
	raw, t, err := h.svc.Account.CreateToken(ctx, a.UserID, "api login", tokenTTL)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, tokenResponse{Token: raw, ExpiresAt: timeOut(t.ExpiresAt)})
}
