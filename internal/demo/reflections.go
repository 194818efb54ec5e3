package demo

import (
	"fmt"
	"strings"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/reflection"
)

// reflectionTitles and reflectionLines are the invented material members'
// reflections are composed from, one set per topic of 两学一做.
var reflectionTitles = [][]string{
	{"学党章的几点体会", "对照党章找差距", "把党章作为根本遵循"},
	{"学党规，守底线", "纪律规矩在心中", "学习《廉洁自律准则》的体会"},
	{"学讲话，强意识", "增强“四个意识”的思考", "学习系列重要讲话心得"},
	{"坚持创新为民", "全心全意为人民服务的体会", "立足岗位践行宗旨"},
}

var reflectionLines = [][]string{
	{"这次专题学习，我逐条学习了党章，对党的性质和宗旨有了更深的理解。",
		"党章是党的根本大法，作为一名科研人员，我要把党章的要求落实到每天的实验和论文写作中。",
		"对照党章规定的党员义务，我在按时参加组织生活方面还有差距，今后一定改进。",
		"学习党章，让我重温了入党誓词，更加坚定了理想信念。"},
	{"通过学习《廉洁自律准则》和《纪律处分条例》，我认识到纪律是不可逾越的底线。",
		"科研经费的使用必须严格遵守规定，这是党员科研人员守纪律讲规矩的具体体现。",
		"讨论中大家结合课题管理谈了各自的体会，我深受启发。",
		"要把纪律和规矩挺在前面，从小事做起，从自身做起。"},
	{"学习系列重要讲话，我对增强政治意识、大局意识、核心意识、看齐意识有了新的认识。",
		"作为研究所的一员，要把个人研究方向同国家需求结合起来。",
		"讲话中关于科技创新的论述，对我们的野外台站工作很有指导意义。",
		"今后要坚持读原著、学原文、悟原理，学用结合。"},
	{"全心全意为人民服务是党的根本宗旨，科研工作也要面向人民生命健康和生态保护。",
		"我将把科普工作当作践行宗旨的一部分，多走进中小学和社区。",
		"创新为民，要求我们把论文写在祖国大地上。",
		"对照宗旨要求，我在服务意识上还需加强。"},
}

// reflections has most members who attended a topic meeting write on the
// topic. The fourth member of each branch writes only on topic 1, so the
// demo member account has a reflection to read and others still to write.
func (g *seeder) reflections(t campaign.Topic, attended, firsts []xuezuo.ID) {
	k := (t.No - 1) % len(reflectionTitles)
	for _, id := range attended {
		if g.err != nil {
			return
		}
		fourth := len(firsts) > 3 && id == firsts[3]
		if fourth && t.No != 1 || !fourth && g.rnd.IntN(10) >= 7 {
			continue
		}
		in := reflection.Input{TopicID: t.ID, Title: reflectionTitles[k][g.rnd.IntN(len(reflectionTitles[k]))],
			Body: g.body(reflectionLines[k])}
		self := xuezuo.WithActor(g.ctx, &xuezuo.Actor{Username: "demo", System: true, MemberID: id})
		r, err := g.s.Reflection.Submit(self, in)
		if err != nil {
			g.err = fmt.Errorf("seed reflection: %w", err)
			return
		}
		// The secretary has read about half of them.
		if g.rnd.IntN(2) == 0 {
			if err := g.s.Reflection.Review(g.ctx, r.ID); err != nil {
				g.err = fmt.Errorf("seed review: %w", err)
			}
		}
	}
}

// body picks three of the lines, as three paragraphs.
func (g *seeder) body(lines []string) string {
	idx := g.rnd.Perm(len(lines))[:3]
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = lines[j]
	}
	return strings.Join(parts, "\n\n")
}
