// Package demo seeds an empty database with a demonstration organisation
// drawn from the seed texts: 中国科学院党组 → 京区党委 → 植物研究所党委 with its
// branches and 离退休党总支, and another institute with a 质检中心党支部. Member
// names are invented. Demo accounts get random passwords, printed once.
package demo

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/org"
	"xuezuo/internal/service"
)

// Account is a demo login with its one-time password.
type Account struct {
	Username, Password, Role, Scope string
}

// branchPlan describes one seeded branch.
type branchPlan struct {
	name     string
	orgKind  string
	size     int
	category string
	young    int // members under 35
}

// Seed fills an empty database and returns the demo accounts. ctx must act
// as the local operator.
func Seed(ctx context.Context, s *service.Services) ([]Account, error) {
	g := &seeder{s: s, rnd: rand.New(rand.NewPCG(2016, 512)), ctx: ctx}
	root := g.org(0, "中国科学院党组", org.KindCommittee, false, "")
	region := g.org(root, "京区党委", org.KindCommittee, false, "")
	ibcas := g.org(region, "植物研究所党委", org.KindCommittee, true, "research")
	g.unit, g.region = ibcas, region
	plans := []branchPlan{
		{"生态党支部", "research", 24, "in_service", 9}, {"系统党支部", "research", 18, "in_service", 7},
		{"光合党支部", "research", 21, "in_service", 8}, {"文献党支部", "support", 6, "in_service", 1},
		{"发育党支部", "research", 16, "in_service", 6}, {"机关党支部", "management", 14, "in_service", 3},
		{"研究生第一党支部", "research", 22, "student", 22}, {"研究生第二党支部", "research", 19, "student", 19},
	}
	var eco xuezuo.ID
	for _, p := range plans {
		id := g.org(ibcas, p.name, org.KindBranch, false, p.orgKind)
		g.members(id, p)
		if eco == 0 {
			eco = id
		}
	}
	retired := g.org(ibcas, "离退休党总支", org.KindGeneralBranch, false, "")
	g.retired = retired
	for _, p := range []branchPlan{
		{"二里沟党支部", "", 28, "retired", 0}, {"中关村党支部", "", 31, "retired", 0},
		{"植物园党支部", "", 25, "retired", 0}, {"离休党支部", "", 9, "retired", 0},
	} {
		g.members(g.org(retired, p.name, org.KindBranch, false, p.orgKind), p)
	}
	other := g.org(region, "分析测试研究所党委", org.KindCommittee, true, "research")
	qc := g.org(other, "质检中心党支部", org.KindBranch, false, "support")
	g.members(qc, branchPlan{"质检中心党支部", "support", 30, "in_service", 22})
	g.campaign(root)
	if g.err != nil {
		return nil, g.err
	}
	return g.accounts(root, eco)
}

type seeder struct {
	s   *service.Services
	rnd *rand.Rand
	ctx context.Context
	err error
	// firstMembers remembers each branch's members in creation order (the
	// first is its secretary).
	firstMembers map[xuezuo.ID][]xuezuo.ID
	// branches lists the seeded branches in creation order.
	branches []seededBranch
	// unit and region are 植物研究所党委 and 京区党委, whose organisers
	// review and forward the summaries.
	unit, region xuezuo.ID
	// retired is the unit's 离退休党总支, which holds a 现场教学.
	retired xuezuo.ID
}

// seededBranch names one seeded branch.
type seededBranch struct {
	id   xuezuo.ID
	name string
}

// documentHeads are the 发文机关标志 and 机关代字 of the committees whose
// bulletins the demo prints.
var documentHeads = map[string][2]string{
	"中国科学院党组": {"中共中国科学院党组", "科党组通"},
	"京区党委":    {"中共中国科学院京区委员会", "京区党通"},
	"植物研究所党委": {"中共中国科学院植物研究所委员会", "植物所党通"},
}

func (g *seeder) org(parent xuezuo.ID, name string, kind org.Kind, unit bool, orgKind string) xuezuo.ID {
	if g.err != nil {
		return 0
	}
	in := org.Input{ParentID: parent, Name: name, Kind: kind, IsUnit: unit, OrgKind: orgKind, Established: xuezuo.NewDate(2006, 3, 1)}
	if h, ok := documentHeads[name]; ok {
		in.IssuerName, in.DocCode = h[0], h[1]
	}
	if kind == org.KindGeneralBranch {
		in.Approval = "所党委批复设立（离退休党员分散居住，按居住地设支部）"
	}
	o, err := g.s.Org.Create(g.ctx, in)
	if err != nil {
		g.err = fmt.Errorf("seed org %s: %w", name, err)
		return 0
	}
	return o.ID
}

// members adds p.size members to a branch, appoints a committee, and keeps
// the first two for the demo accounts.
func (g *seeder) members(branch xuezuo.ID, p branchPlan) {
	if g.err != nil {
		return
	}
	if g.firstMembers == nil {
		g.firstMembers = map[xuezuo.ID][]xuezuo.ID{}
	}
	g.branches = append(g.branches, seededBranch{branch, p.name})
	for i := 0; i < p.size && g.err == nil; i++ {
		in := g.person(branch, p, i)
		m, err := g.s.Member.Create(g.ctx, in)
		if err != nil {
			g.err = fmt.Errorf("seed member in %s: %w", p.name, err)
			return
		}
		g.firstMembers[branch] = append(g.firstMembers[branch], m.ID)
		if post := committeeFor(i, p.size); post != "" {
			if _, err := g.s.Member.AddPost(g.ctx, m.ID, branch, post, xuezuo.NewDate(2024, 6, 1), xuezuo.Date{}); err != nil {
				g.err = fmt.Errorf("seed post: %w", err)
			}
		}
	}
}

// committeeFor gives branches of 7+ a committee of three, smaller ones a secretary.
func committeeFor(i, size int) string {
	switch {
	case i == 0:
		return "secretary"
	case i == 1 && size >= 7:
		return "organization"
	case i == 2 && size >= 7:
		return "publicity"
	}
	return ""
}

// accounts creates the demo logins with random passwords.
func (g *seeder) accounts(root, eco xuezuo.ID) ([]Account, error) {
	ecoMembers := g.firstMembers[eco]
	plan := []struct {
		user, display string
		role          xuezuo.Role
		org, member   xuezuo.ID
		scope         string
	}{
		{"admin", "院党组组织部", xuezuo.RoleOrgAdmin, root, 0, "中国科学院党组（全院）"},
		{"sysadmin", "系统管理员", xuezuo.RoleSystemAdmin, 0, 0, "系统设置"},
		{"secadmin", "安全管理员", xuezuo.RoleSecurityAdmin, 0, 0, "账号与授权"},
		{"auditor", "审计员", xuezuo.RoleAuditor, 0, 0, "审计日志"},
		{"suodangwei", "植物所党委组织员", xuezuo.RoleOrgAdmin, g.unit, 0, "植物研究所党委"},
		{"jingqu", "京区党委组织员", xuezuo.RoleOrgAdmin, g.region, 0, "京区党委"},
		{"shuji", "生态党支部书记", xuezuo.RoleSecretary, eco, ecoMembers[0], "生态党支部"},
		{"dangyuan", "生态党支部党员", xuezuo.RoleMember, eco, ecoMembers[3], "本人"},
	}
	var out []Account
	for _, p := range plan {
		pw := account.GeneratePassword(16)
		u, err := g.s.Account.CreateUser(g.ctx, p.user, p.display, pw)
		if err != nil {
			return nil, fmt.Errorf("seed account %s: %w", p.user, err)
		}
		if _, err := g.s.Account.Grant(g.ctx, u.ID, p.role, p.org); err != nil {
			return nil, fmt.Errorf("seed grant %s: %w", p.user, err)
		}
		if p.member != 0 {
			if err := g.s.Account.LinkMember(g.ctx, u.ID, p.member, p.display); err != nil {
				return nil, err
			}
		}
		out = append(out, Account{Username: p.user, Password: pw, Role: p.role.Label(), Scope: p.scope})
	}
	return out, nil
}

// Print writes the login instructions for the demo accounts; passwd is the
// command that resets a password, as the reader would type it.
func Print(w io.Writer, url, passwd string, accounts []Account) {
	fmt.Fprintf(w, "\n演示数据已创建。请用浏览器打开 %s 登录。以下密码只显示这一次，请妥善保存：\n\n", url)
	for _, a := range accounts {
		fmt.Fprintf(w, "  %-10s  %s   %s（%s）\n", a.Username, a.Password, a.Role, a.Scope)
	}
	fmt.Fprintln(w, "\n忘记密码可运行："+passwd)
}
