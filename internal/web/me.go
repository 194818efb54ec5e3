package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"xuezuo"
	"xuezuo/internal/account"
)

// TokenRow is an API token in a table.
type TokenRow struct {
	ID                   xuezuo.ID
	Name                 string
	CreatedAt, ExpiresAt string
	State                string
	Active               bool
}

func tokenRows(ts []account.Token, now time.Time) []TokenRow {
	out := make([]TokenRow, len(ts))
	for i := range ts {
		t := &ts[i]
		row := TokenRow{ID: t.ID, Name: t.Name, CreatedAt: beijingTime(t.CreatedAt), ExpiresAt: beijingTime(t.ExpiresAt)}
		switch {
		case !t.RevokedAt.IsZero():
			row.State = "已吊销"
		case !now.Before(t.ExpiresAt):
			row.State = "已过期"
		default:
			row.State, row.Active = "有效", true
		}
		out[i] = row
	}
	return out
}

// TokenForm is the new-token form.
type TokenForm struct {
	Name, Days string
	Errors     FormErrors
}

// MePage is GET /me: the own account, password change and API tokens.
type MePage struct {
	Base
	User           *account.User
	Grants         []GrantRow
	PasswordErrors FormErrors
	PasswordDone   bool
	Tokens         []TokenRow
	TokenForm      TokenForm
	NewToken       string // the raw token, shown once
	// ResetNotice tells the owner when and by whom the password was last
	// reset by a security admin; "" when never.
	ResetNotice string
}

// resetNotice describes the last reset of u's password.
func resetNotice(u *account.User) string {
	if u.PasswordResetAt.IsZero() {
		return ""
	}
	return fmt.Sprintf("%s 由安全管理员 %s 重设；如非本人申请，请立即修改密码并联系安全管理员", beijingTime(u.PasswordResetAt), u.PasswordResetBy)
}

// mePage loads the own account and tokens.
func (h *Handler) mePage(r *http.Request) (MePage, error) {
	ctx := r.Context()
	a := actor(ctx)
	u, err := h.d.Account.User(ctx, a.UserID)
	if err != nil {
		return MePage{}, err
	}
	tokens, err := h.d.Account.Tokens(ctx, a.UserID)
	if err != nil {
		return MePage{}, err
	}
	return MePage{Base: h.base(r, "我的账号"), User: u, Grants: h.grantRows(ctx, u.Grants, map[xuezuo.ID]string{}),
		Tokens: tokenRows(tokens, h.clock.Now()), TokenForm: TokenForm{Days: "90"}, ResetNotice: resetNotice(u)}, nil
}

// meAnswer renders the own page with a change applied to it.
func (h *Handler) meAnswer(w http.ResponseWriter, r *http.Request, status int, change func(*MePage)) error {
	p, err := h.mePage(r)
	if err != nil {
		return err
	}
	change(&p)
	return h.render(w, r, status, "me.html", p)
}

// meShow shows GET /me.
func (h *Handler) meShow(w http.ResponseWriter, r *http.Request) error {
	return h.meAnswer(w, r, http.StatusOK, func(*MePage) {})
}

// mePassword changes the own password. The current password is checked by
// the account service, where wrong guesses count towards the lockout; the
// change ends the user's other sessions and revokes the API tokens.
func (h *Handler) mePassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	parseForm(w, r)
	current, next, again := r.PostFormValue("current_password"), r.PostFormValue("password"), r.PostFormValue("password2")
	var v xuezuo.Validation
	v.Check(current != "", "current_password", "请填写当前密码")
	v.Check(next != "", "password", "请填写新密码")
	v.Check(next == again, "password2", "两次输入的新密码不一致")
	err := v.Err()
	if err == nil {
		err = h.d.Account.ChangeOwnPassword(ctx, current, next)
	}
	if err == nil {
		// The change ended every session of the user, this one too; a
		// fresh token keeps this browser logged in.
		if err := h.d.Sessions.RenewToken(ctx); err != nil {
			return err
		}
		return h.meAnswer(w, r, http.StatusOK, func(p *MePage) { p.PasswordDone = true })
	}
	return formFailed(err, func(fe FormErrors, status int) error {
		return h.meAnswer(w, r, status, func(p *MePage) { p.PasswordErrors = fe })
	}, "current_password", "password", "password2")
}

// tokenCreate issues an API token and shows the raw value once, on the
// answer page itself, so it never passes through the session.
func (h *Handler) tokenCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	parseForm(w, r)
	tf := TokenForm{Name: formValue(r, "name"), Days: formValue(r, "expires")}
	days, err := strconv.Atoi(tf.Days)
	if err != nil {
		days = 0 // the service answers with the range it accepts
	}
	raw, _, err := h.d.Account.CreateToken(ctx, actor(ctx).UserID, tf.Name, time.Duration(days)*24*time.Hour)
	if err != nil {
		return formFailed(err, func(fe FormErrors, status int) error {
			tf.Errors = fe
			return h.meAnswer(w, r, status, func(p *MePage) { p.TokenForm = tf })
		}, "name", "expires")
	}
	return h.meAnswer(w, r, http.StatusOK, func(p *MePage) { p.NewToken = raw })
}

// tokenRevoke revokes a token and returns to the page the button was on.
func (h *Handler) tokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	if err := h.d.Account.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	next := safeNext(r.PostFormValue("next"))
	if next == "/" {
		next = "/me"
	}
	return h.seeOther(w, r, next)
}
