package demo

import (
	"fmt"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/report"
)

// summaryPlan is what one branch of 植物研究所党委 has done with its summary
// of a topic: the states it has passed through, in order. "draft" stops
// at a draft; "return" sends a submitted version back with a reason.
var summaryPlan = map[string][]struct {
	topic int
	steps []string
}{
	"生态党支部":    {{1, []string{"submit", "accept"}}, {2, []string{"submit"}}},
	"系统党支部":    {{1, []string{"submit", "accept"}}, {2, []string{"submit", "return"}}, {3, []string{"draft"}}},
	"光合党支部":    {{1, []string{"submit"}}},
	"文献党支部":    {{1, []string{"draft"}}},
	"机关党支部":    {{1, []string{"submit", "accept"}}},
	"研究生第一党支部": {{1, []string{"submit", "return", "submit"}}, {2, []string{"submit", "accept"}}},
}

// demoViews is the 主要观点 the demo's summaries carry.
const demoViews = "一是大家普遍认为，专题学习要同科研工作结合起来，把学习成效体现在攻坚克难上。\n" +
	"二是对照党章党规查找差距，支部党员在按时参加组织生活方面整体较好，个别同学因野外考察缺席，已安排补学。\n" +
	"三是建议所党委组织各支部交流学习方法，推广“读原著、学原文、悟原理”的做法。"

// summaries writes the branch summaries of 植物研究所党委 in every state
// and forwards the best of them to 京区党委, which adopts one: the chain the
// unit and regional organiser accounts find when they log in.
func (g *seeder) summaries(c *campaign.Campaign) {
	var accepted []xuezuo.ID
	for _, b := range g.branches {
		for _, p := range summaryPlan[b.name] {
			if g.err != nil {
				return
			}
			id, ok := g.summary(b.id, c.Topics[p.topic-1].ID, p.steps)
			if ok && p.steps[len(p.steps)-1] == "accept" {
				accepted = append(accepted, id)
			}
		}
	}
	g.forwardBest(accepted)
	g.bulletin(c)
}

// bulletin has 京区党委 issue its 通报 on the campaign so far, with the
// summary it adopted as a highlight, and publish it.
func (g *seeder) bulletin(c *campaign.Campaign) {
	if g.err != nil {
		return
	}
	preface := "为及时掌握各单位“两学一做”学习教育进展情况，现将截至目前各单位专题学习讨论、党员学习体会和总结材料报送情况通报如下。"
	closing := "请各单位党委对照通报，督促尚未按期开展专题学习和报送总结材料的党支部抓紧落实，并于下一专题截止日前报送。"
	b, err := g.s.Bulletins.CreateBulletin(g.ctx, report.BulletinInput{OrgID: g.region, CampaignID: c.ID,
		From: c.Start, To: xuezuo.DateOf(time.Now()), Preface: &preface, Closing: &closing})
	if err == nil {
		_, err = g.s.Bulletins.Publish(g.ctx, b.ID)
	}
	if err != nil {
		g.err = fmt.Errorf("seed bulletin: %w", err)
	}
}

// summary creates one branch's summary of a topic and walks it through steps;
// ok says whether it was made.
func (g *seeder) summary(branch, topic xuezuo.ID, steps []string) (xuezuo.ID, bool) {
	sm, err := g.s.Report.Create(g.ctx, branch, topic)
	if err != nil {
		g.err = fmt.Errorf("seed summary: %w", err)
		return 0, false
	}
	views, note := demoViews, "会后支部委员会对发言进行了整理。"
	if _, err = g.s.Report.Edit(g.ctx, sm.ID, report.Input{Views: &views, BasicsNote: &note}); err != nil {
		g.err = fmt.Errorf("seed summary views: %w", err)
		return 0, false
	}
	for _, step := range steps {
		switch step {
		case "submit":
			_, err = g.s.Report.Submit(g.ctx, sm.ID)
		case "accept":
			_, err = g.s.Report.Accept(g.ctx, sm.ID)
		case "return":
			_, err = g.s.Report.Return(g.ctx, sm.ID, "基本情况中缺少缺席党员的补学安排，请补充后重新报送。")
		}
		if err != nil {
			g.err = fmt.Errorf("seed summary %s: %w", step, err)
			return 0, false
		}
	}
	return sm.ID, true
}

// forwardBest has 植物研究所党委 forward two accepted summaries to 京区党委
// with its recommendation, and 京区党委 adopt the first.
func (g *seeder) forwardBest(accepted []xuezuo.ID) {
	notes := []string{
		"该支部结合野外台站工作开展专题学习，做法扎实，推荐京区党委交流。",
		"研究生党支部学用结合较好，推荐参考。",
	}
	for i, id := range accepted {
		if i == len(notes) || g.err != nil {
			return
		}
		f, err := g.s.Report.Forward(g.ctx, report.ForwardInput{Kind: report.KindSummary, ItemID: id, Note: notes[i], FromOrgID: g.unit})
		if err == nil && i == 0 {
			_, err = g.s.Report.Adopt(g.ctx, f.ID)
		}
		if err != nil {
			g.err = fmt.Errorf("seed forward: %w", err)
		}
	}
}
