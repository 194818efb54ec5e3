package account

import (
	"context"
	"slices"

	"xuezuo"
)

// Policy is the one permission layer. Every feature service asks it about
// the actor in ctx; web and api never decide permissions. Outside the actor's
// scope the answer is NotFound, so no record's existence leaks; an operation
// the actor's roles never allow is Forbidden.
type Policy struct {
	tree Ancestry
}

// NewPolicy returns the policy over the org tree.
func NewPolicy(tree Ancestry) *Policy { return &Policy{tree: tree} }

// readRoles may read business data in the subtree of their grant.
var readRoles = []xuezuo.Role{xuezuo.RoleOrgAdmin, xuezuo.RoleSecretary, xuezuo.RoleInspector}

// writeRoles may change members in the subtree of their grant.
var writeRoles = []xuezuo.Role{xuezuo.RoleOrgAdmin, xuezuo.RoleSecretary}

// Actor returns the actor in ctx or an unauthenticated error.
func Actor(ctx context.Context) (*xuezuo.Actor, error) {
	a := xuezuo.ActorFrom(ctx)
	if a == nil {
		return nil, xuezuo.Errorf(xuezuo.EUnauthenticated, "请先登录")
	}
	return a, nil
}

// adminOnly reports whether the actor holds one of the separated admin
// roles, whose accounts never read business data.
func adminOnly(a *xuezuo.Actor) bool {
	return a.Has(xuezuo.RoleSystemAdmin) || a.Has(xuezuo.RoleSecurityAdmin) || a.Has(xuezuo.RoleAuditor)
}

// covers reports whether the actor holds one of roles on org id or above it.
func (p *Policy) covers(ctx context.Context, a *xuezuo.Actor, id xuezuo.ID, roles []xuezuo.Role) (bool, error) {
	orgs := a.GrantOrgs(roles...)
	if len(orgs) == 0 {
		return false, nil
	}
	anc, err := p.tree.AncestorIDs(ctx, id)
	if err != nil {
		return false, err
	}
	for _, g := range orgs {
		if slices.Contains(anc, g) {
			return true, nil
		}
	}
	return false, nil
}

// business returns the actor when it may read business data at all.
func business(ctx context.Context) (*xuezuo.Actor, error) {
	a, err := Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System && adminOnly(a) {
		return nil, xuezuo.Forbidden()
	}
	return a, nil
}

// CanReadOrg allows the org's subtree readers and a member on the own
// branch. The separated admin roles never read business data (403).
func (p *Policy) CanReadOrg(ctx context.Context, id xuezuo.ID) error {
	a, err := business(ctx)
	if err != nil || a.System {
		return err
	}
	ok, err := p.covers(ctx, a, id, readRoles)
	if err != nil || ok {
		return err
	}
	if slices.Contains(a.GrantOrgs(xuezuo.RoleMember), id) {
		return nil
	}
	return xuezuo.NotFound("组织")
}

// noticeRoles are the grants whose holders read what an org above them
// publishes to its subtree (bulletins).
var noticeRoles = []xuezuo.Role{xuezuo.RoleOrgAdmin, xuezuo.RoleSecretary, xuezuo.RoleInspector, xuezuo.RoleMember}

// CanReadNotice allows the org's readers and everyone holding a business
// role on an org inside its subtree: a member of a branch reads the
// bulletins the region publishes.
func (p *Policy) CanReadNotice(ctx context.Context, id xuezuo.ID) error {
	a, err := business(ctx)
	if err != nil || a.System {
		return err
	}
	if ok, err := p.covers(ctx, a, id, readRoles); err != nil || ok {
		return err
	}
	for _, g := range a.GrantOrgs(noticeRoles...) {
		anc, err := p.tree.AncestorIDs(ctx, g)
		if err != nil {
			if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
				continue
			}
			return err
		}
		if slices.Contains(anc, id) {
			return nil
		}
	}
	return xuezuo.NotFound("组织")
}

// CanManageOrg allows organisers over the org.
func (p *Policy) CanManageOrg(ctx context.Context, id xuezuo.ID) error {
	a, err := business(ctx)
	if err != nil || a.System {
		return err
	}
	ok, err := p.covers(ctx, a, id, []xuezuo.Role{xuezuo.RoleOrgAdmin})
	if err != nil || ok {
		return err
	}
	if p.CanReadOrg(ctx, id) == nil {
		return xuezuo.Forbidden()
	}
	return xuezuo.NotFound("组织")
}

// CanManageGroups allows organisers and the branch's secretary to add,
// rename or dissolve the groups (党小组) of a branch.
func (p *Policy) CanManageGroups(ctx context.Context, branchID xuezuo.ID) error {
	a, err := business(ctx)
	if err != nil || a.System {
		return err
	}
	ok, err := p.covers(ctx, a, branchID, writeRoles)
	if err != nil || ok {
		return err
	}
	if p.CanReadOrg(ctx, branchID) == nil {
		return xuezuo.Forbidden()
	}
	return xuezuo.NotFound("组织")
}

// CanReadMember allows readers of the member's org and the member itself.
// With memberID 0 it asks whether the actor reads every member of the org:
// the private parts of their records (leave reasons, exclusions and their
// categories) go to those readers only, never to a peer of the branch.
func (p *Policy) CanReadMember(ctx context.Context, memberID, orgID xuezuo.ID) error {
	a, err := business(ctx)
	if err != nil || a.System {
		return err
	}
	if memberID != 0 && a.MemberID == memberID {
		return nil
	}
	ok, err := p.covers(ctx, a, orgID, readRoles)
	if err != nil || ok {
		return err
	}
	return xuezuo.NotFound("党员")
}

// CanListMembers allows readers of an org to list its members; a member
// (self only) may list, and will see only the own record.
func (p *Policy) CanListMembers(ctx context.Context, orgID xuezuo.ID) (selfOnly bool, err error) {
	a, err := business(ctx)
	if err != nil || a.System {
		return false, err
	}
	ok, err := p.covers(ctx, a, orgID, readRoles)
	if err != nil || ok {
		return false, err
	}
	if slices.Contains(a.GrantOrgs(xuezuo.RoleMember), orgID) {
		return true, nil
	}
	return false, xuezuo.NotFound("组织")
}

// CanWriteMember allows organisers and secretaries over the org.
func (p *Policy) CanWriteMember(ctx context.Context, orgID xuezuo.ID) error {
	a, err := business(ctx)
	if err != nil || a.System {
		return err
	}
	ok, err := p.covers(ctx, a, orgID, writeRoles)
	if err != nil || ok {
		return err
	}
	if ok, _ := p.covers(ctx, a, orgID, readRoles); ok {
		return xuezuo.Forbidden()
	}
	return xuezuo.NotFound("组织")
}

// CanApprove allows the organisers of aboveID, a branch's level above
// (domain.md §1, found by the caller), and of any org above it, to accept or
// return what the branch sends up. Organisers between the two (a general
// branch's) and the branch's own secretary read but do not approve (403);
// with aboveID 0 (a branch with no committee above) only the local operator
// approves.
func (p *Policy) CanApprove(ctx context.Context, orgID, aboveID xuezuo.ID) error {
	a, err := business(ctx)
	if err != nil || a.System {
		return err
	}
	if aboveID != 0 {
		ok, err := p.covers(ctx, a, aboveID, []xuezuo.Role{xuezuo.RoleOrgAdmin})
		if err != nil || ok {
			return err
		}
	}
	if ok, err := p.covers(ctx, a, orgID, readRoles); err != nil || ok {
		if err != nil {
			return err
		}
		return xuezuo.Forbidden()
	}
	return xuezuo.NotFound("组织")
}

// SeesPhone reports whether the actor needs members' full phone numbers:
// the branch secretary and organisers over the org, on a record and in a
// list alike. Members and inspectors see them masked. inList is kept for
// the callers; a list answers as its records do.
func (p *Policy) SeesPhone(ctx context.Context, orgID xuezuo.ID, inList bool) bool {
	a := xuezuo.ActorFrom(ctx)
	if a == nil {
		return false
	}
	if a.System {
		return true
	}
	ok, err := p.covers(ctx, a, orgID, writeRoles)
	return err == nil && ok
}

// CanListDirectory allows the security admin (and the local operator) to
// list org names and ids, which granting roles needs; nothing else.
func (p *Policy) CanListDirectory(ctx context.Context) error {
	_, err := RequireRole(ctx, xuezuo.RoleSecurityAdmin)
	return err
}

// OrgExists reports whether an org exists, without any scope check; for
// validating grants.
func (p *Policy) OrgExists(ctx context.Context, id xuezuo.ID) bool {
	_, err := p.tree.AncestorIDs(ctx, id)
	return err == nil
}

// TopOrgs returns the top orgs of the actor's view: its grant orgs with
// those inside another grant's subtree left out. The local operator sees
// the roots.
func (p *Policy) TopOrgs(ctx context.Context) ([]xuezuo.ID, error) {
	a, err := business(ctx)
	if err != nil {
		return nil, err
	}
	if a.System {
		return p.tree.RootOrgIDs(ctx)
	}
	grants := a.GrantOrgs(append(readRoles, xuezuo.RoleMember)...)
	var out []xuezuo.ID
	for _, g := range grants {
		anc, err := p.tree.AncestorIDs(ctx, g)
		if err != nil {
			return nil, err
		}
		inner := false
		for _, h := range grants {
			if h != g && slices.Contains(anc, h) {
				inner = true
				break
			}
		}
		if !inner && !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out, nil
}

// RequireRole allows the local operator and holders of role (anywhere).
func RequireRole(ctx context.Context, role xuezuo.Role) (*xuezuo.Actor, error) {
	a, err := Actor(ctx)
	if err != nil {
		return nil, err
	}
	if a.System || a.Has(role) {
		return a, nil
	}
	return nil, xuezuo.Forbidden()
}
