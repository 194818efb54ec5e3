package xuezuo

import "context"

// Role is a grant's role code (domain.md §1).
type Role string

// The roles. The last three are the separated admin roles (三员分立): they
// never read business data and one account holds at most one of them.
const (
	RoleOrgAdmin      Role = "org_admin"
	RoleSecretary     Role = "secretary"
	RoleMember        Role = "member"
	RoleInspector     Role = "inspector"
	RoleSystemAdmin   Role = "system_admin"
	RoleSecurityAdmin Role = "security_admin"
	RoleAuditor       Role = "auditor"
)

// Roles lists every role in display order.
var Roles = []Role{RoleOrgAdmin, RoleSecretary, RoleMember, RoleInspector, RoleSystemAdmin, RoleSecurityAdmin, RoleAuditor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Admin reports whether r is one of the three separated admin roles.
func (r Role) Admin() bool {
	return r == RoleSystemAdmin || r == RoleSecurityAdmin || r == RoleAuditor
}

// Label returns the zh-CN name of the role.
func (r Role) Label() string {
	switch r {
	case RoleOrgAdmin:
		return "组织管理员"
	case RoleSecretary:
		return "支部书记"
	case RoleMember:
		return "党员"
	case RoleInspector:
		return "督导员"
	case RoleSystemAdmin:
		return "系统管理员"
	case RoleSecurityAdmin:
		return "安全管理员"
	case RoleAuditor:
		return "审计员"
	}
	return string(r)
}

// Grant is one role held on one org; it covers the org's subtree. Admin roles
// carry OrgID 0.
type Grant struct {
	ID     ID
	UserID ID
	Role   Role
	OrgID  ID
}

// Actor is the user on whose behalf a request runs.
type Actor struct {
	UserID   ID
	Username string
	MemberID ID // 0 when the account is not linked to a member
	Grants   []Grant
	// System marks the local operator (CLI, seeding, jobs); it passes every check.
	System bool
	// Remote is the client address, recorded in audit rows.
	Remote string
}

// Has reports whether the actor holds role anywhere.
func (a *Actor) Has(role Role) bool {
	for _, g := range a.Grants {
		if g.Role == role {
			return true
		}
	}
	return false
}

// GrantOrgs returns the orgs on which the actor holds any of roles.
func (a *Actor) GrantOrgs(roles ...Role) []ID {
	var out []ID
	for _, g := range a.Grants {
		for _, r := range roles {
			if g.Role == r {
				out = append(out, g.OrgID)
				break
			}
		}
	}
	return out
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or nil.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// SystemActor is the local operator used by the CLI, seeding and jobs.
func SystemActor(name string) *Actor {
	return &Actor{Username: name, System: true}
}
