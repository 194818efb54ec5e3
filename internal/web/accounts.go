package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/org"
)

// GrantRow is a role held on an org.
type GrantRow struct {
	ID      xuezuo.ID
	Role    string
	OrgID   xuezuo.ID
	OrgName string
}

// UserRow is an account in the accounts list.
type UserRow struct {
	ID          xuezuo.ID
	Username    string
	DisplayName string
	State       string
	Grants      []GrantRow
}

// AccountsPage is GET /accounts.
type AccountsPage struct {
	Base
	Users []UserRow
}

// grantRows labels grants. Org names come from names (the security admin's
// org directory) or else from the org service, which lets a user read the
// orgs of the own grants.
func (h *Handler) grantRows(ctx context.Context, gs []xuezuo.Grant, names map[xuezuo.ID]string) []GrantRow {
	out := make([]GrantRow, len(gs))
	for i, g := range gs {
		out[i] = GrantRow{ID: g.ID, Role: g.Role.Label(), OrgID: g.OrgID}
		if g.OrgID == 0 {
			continue
		}
		n, ok := names[g.OrgID]
		if !ok {
			n = fmt.Sprintf("组织 #%d", g.OrgID)
			if o, err := h.d.Org.Get(ctx, g.OrgID); h.optional(ctx, "grant org", err) {
				n = o.Name
			}
			names[g.OrgID] = n
		}
		out[i].OrgName = n
	}
	return out
}

// userState describes an account's state in words.
func userState(u *account.User, now time.Time) string {
	switch {
	case u.Disabled:
		return "已停用"
	case now.Before(u.LockedUntil):
		return "已锁定"
	}
	return "正常"
}

// accountList shows every account with its grants.
func (h *Handler) accountList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	users, err := h.d.Account.Users(ctx)
	if err != nil {
		return err
	}
	dir, err := h.d.Org.Directory(ctx)
	if err != nil {
		return err
	}
	p := AccountsPage{Base: h.base(r, "账号与授权")}
	names := directoryNames(dir)
	for i := range users {
		u := &users[i]
		p.Users = append(p.Users, UserRow{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
			State: userState(u, h.clock.Now()), Grants: h.grantRows(ctx, u.Grants, names)})
	}
	return h.render(w, r, http.StatusOK, "accounts.html", p)
}

// AccountNewPage is the new-account form and, after success, the one
// showing of a generated password.
type AccountNewPage struct {
	Base
	Username, DisplayName string
	Errors                FormErrors
	CreatedID             xuezuo.ID
	Password              string // generated; shown once, never stored in clear
}

// accountNew shows the new-account form. The account service has no
// read for "may create accounts", so the policy's role check answers.
func (h *Handler) accountNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := account.RequireRole(r.Context(), xuezuo.RoleSecurityAdmin); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "account_new.html", AccountNewPage{Base: h.base(r, "新建账号")})
}

// accountCreate creates an account. A blank password is generated and
// shown once on the answer page, which is rendered directly (not after a
// redirect) so that the password never passes through the session.
func (h *Handler) accountCreate(w http.ResponseWriter, r *http.Request) error {
	parseForm(w, r)
	p := AccountNewPage{Base: h.base(r, "新建账号"), Username: formValue(r, "username"), DisplayName: formValue(r, "display_name")}
	password, generated := r.PostFormValue("password"), false
	if password == "" {
		password, generated = account.GeneratePasswordFor(strings.ToLower(p.Username)), true
	}
	u, err := h.d.Account.CreateUser(r.Context(), p.Username, p.DisplayName, password)
	if err != nil {
		return formFailed(err, func(fe FormErrors, status int) error {
			p.Errors = fe
			return h.render(w, r, status, "account_new.html", p)
		}, "username", "display_name", "password")
	}
	if !generated {
		return h.seeOther(w, r, fmt.Sprintf("/accounts/%d", u.ID))
	}
	p.Title, p.CreatedID, p.Password, p.Username = "账号已创建", u.ID, password, u.Username
	return h.render(w, r, http.StatusOK, "account_new.html", p)
}

// directoryNames maps org ids to names.
func directoryNames(dir []org.DirectoryEntry) map[xuezuo.ID]string {
	names := make(map[xuezuo.ID]string, len(dir))
	for _, e := range dir {
		names[e.ID] = e.Name
	}
	return names
}

// GrantForm is the add-grant form.
type GrantForm struct {
	Role, OrgID string
	Errors      FormErrors
}

// LinkForm links the account to a member record.
type LinkForm struct {
	MemberID, DisplayName string
	Errors                FormErrors
}

// AccountPage is GET /accounts/{id}.
type AccountPage struct {
	Base
	User           *account.User
	State          string
	Grants         []GrantRow
	Roles          []Option
	Orgs           []OrgOption
	GrantForm      GrantForm
	PasswordErrors FormErrors
	NewPassword    string // generated reset password, shown once
	Link           LinkForm
	Tokens         []TokenRow
	Self           bool
	Locked         bool // the account or one of its client addresses is locked from login
}

// accountPage loads an account with its grants and tokens.
func (h *Handler) accountPage(r *http.Request, id xuezuo.ID) (AccountPage, error) {
	ctx := r.Context()
	u, err := h.d.Account.User(ctx, id)
	if err != nil {
		return AccountPage{}, err
	}
	dir, err := h.d.Org.Directory(ctx)
	if err != nil {
		return AccountPage{}, err
	}
	p := AccountPage{Base: h.base(r, "账号 "+u.Username), User: u, Self: actor(ctx).UserID == u.ID,
		State:  userState(u, h.clock.Now()),
		Grants: h.grantRows(ctx, u.Grants, directoryNames(dir)),
		Link:   LinkForm{DisplayName: u.DisplayName}}
	if u.MemberID != 0 {
		p.Link.MemberID = fmt.Sprint(u.MemberID)
	}
	for _, role := range xuezuo.Roles {
		p.Roles = append(p.Roles, Option{Value: string(role), Label: role.Label()})
	}
	for _, e := range dir {
		if e.Active {
			p.Orgs = append(p.Orgs, OrgOption{ID: e.ID, Label: strings.Repeat("　", e.Depth) + e.Name + "（" + e.Kind.Label() + "）"})
		}
	}
	tokens, err := h.d.Account.Tokens(ctx, id)
	if err != nil {
		return AccountPage{}, err
	}
	p.Tokens = tokenRows(tokens, h.clock.Now())
	if !p.Self {
		locked, err := h.d.Account.LoginLocked(ctx, id)
		if err != nil && xuezuo.ErrorCode(err) != xuezuo.EForbidden {
			return AccountPage{}, err
		}
		if p.Locked = locked; locked && !u.Disabled {
			p.State = "已锁定"
		}
	}
	return p, nil
}

// accountShow shows GET /accounts/{id}.
func (h *Handler) accountShow(w http.ResponseWriter, r *http.Request) error {
	return h.accountAnswer(w, r, http.StatusOK, func(*AccountPage) {})
}

// accountAnswer renders the account page with a change applied to it.
func (h *Handler) accountAnswer(w http.ResponseWriter, r *http.Request, status int, change func(*AccountPage)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.accountPage(r, id)
	if err != nil {
		return err
	}
	change(&p)
	return h.render(w, r, status, "account.html", p)
}

// grantAdd gives the account a role on an org.
func (h *Handler) grantAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	gf := GrantForm{Role: formValue(r, "role"), OrgID: formValue(r, "org_id")}
	grant := func() error {
		_, err := h.d.Account.Grant(r.Context(), id, xuezuo.Role(gf.Role), idValue(gf.OrgID))
		return err
	}
	return h.afterAccountChange(w, r, id, grant, func(p *AccountPage, fe FormErrors) {
		gf.Errors = fe
		p.GrantForm = gf
	}, "role", "org_id")
}

// afterAccountChange ends an account page's form: it runs change and
// redirects to the account page, or re-renders it with the form's errors.
func (h *Handler) afterAccountChange(w http.ResponseWriter, r *http.Request, id xuezuo.ID, change func() error,
	show func(*AccountPage, FormErrors), shown ...string) error {
	return h.submit(w, r, submission{shown: shown,
		save: func() (string, error) { return fmt.Sprintf("/accounts/%d", id), change() },
		again: func(fe FormErrors, status int) error {
			return h.accountAnswer(w, r, status, func(p *AccountPage) { show(p, fe) })
		}})
}

// grantRevoke removes a grant and returns to its account.
func (h *Handler) grantRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	if err := h.d.Account.Revoke(r.Context(), id); err != nil {
		return err
	}
	return h.seeOther(w, r, safeNext(r.PostFormValue("next")))
}

// accountDisable and accountEnable switch an account off and on.
func (h *Handler) accountDisable(w http.ResponseWriter, r *http.Request) error {
	return h.setDisabled(w, r, true)
}

func (h *Handler) accountEnable(w http.ResponseWriter, r *http.Request) error {
	return h.setDisabled(w, r, false)
}

func (h *Handler) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.afterAccountChange(w, r, id, func() error { return h.d.Account.SetDisabled(r.Context(), id, disabled) },
		func(p *AccountPage, fe FormErrors) { p.PasswordErrors = fe })
}

// accountUnlock ends the account's login locks (security admin) and
// returns to its page.
func (h *Handler) accountUnlock(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.afterAccountChange(w, r, id, func() error { return h.d.Account.UnlockLogin(r.Context(), id) },
		func(p *AccountPage, fe FormErrors) { p.PasswordErrors = fe })
}

// accountPassword resets another account's password to a one-time
// password that its owner must change at the next login. A blank one is
// generated and shown once. The service checks the role and refuses the
// own account before anything is written.
func (h *Handler) accountPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	typed := r.PostFormValue("password")
	password, err := h.d.Account.ResetPassword(r.Context(), id, typed)
	if err != nil || typed != "" {
		return h.afterAccountChange(w, r, id, func() error { return err },
			func(p *AccountPage, fe FormErrors) { p.PasswordErrors = fe }, "password")
	}
	return h.accountAnswer(w, r, http.StatusOK, func(p *AccountPage) { p.NewPassword = password })
}

// accountLink links the account to a member id (blank unlinks).
func (h *Handler) accountLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	// The account is read first: LinkMember also sets the display name, and
	// a blank one in the form keeps the current one.
	u, err := h.d.Account.User(r.Context(), id)
	if err != nil {
		return err
	}
	parseForm(w, r)
	lf := LinkForm{MemberID: formValue(r, "member_id"), DisplayName: formValue(r, "display_name")}
	display := lf.DisplayName
	if display == "" {
		display = u.DisplayName
	}
	mid := idValue(lf.MemberID)
	link := func() error {
		if lf.MemberID != "" && mid == 0 {
			// A typo must not unlink the account.
			return &xuezuo.Error{Code: xuezuo.EInvalid, Message: "党员编号应为数字", Fields: map[string]string{"member_id": "党员编号应为数字"}}
		}
		return h.d.Account.LinkMember(r.Context(), id, mid, display)
	}
	return h.afterAccountChange(w, r, id, link, func(p *AccountPage, fe FormErrors) {
		lf.Errors = fe
		p.Link = lf
	}, "member_id", "display_name")
}
