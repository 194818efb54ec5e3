package campaign

import "xuezuo"

// Template is a built-in campaign shape that an organiser starts from.
type Template struct {
	Code  string
	Label string
	Input Input
}

// Templates returns the built-in campaigns: 两学一做 2016 (002: four quarterly
// topics, each fulfilled by a 专题学习讨论 with at least three speakers) and
// 保持共产党员先进性教育 2005 (003: three phases, no topics).
func Templates() []Template {
	d := xuezuo.NewDate
	return []Template{
		{Code: "liangxue2016", Label: "“两学一做”学习教育（2016）", Input: Input{
			Title: "“两学一做”学习教育", Kind: "liangxue2016", Scope: ScopeSubtree,
			Description: "学党章党规、学系列讲话，做合格党员。以党支部为基本单位，以“三会一课”为基本载体。",
			Start:       d(2016, 2, 1),
			Topics: []TopicInput{
				{No: 1, Title: "学党章，坚定理想信念", Theme: "逐条学习党章", Deadline: d(2016, 4, 30)},
				{No: 2, Title: "学党规，严守纪律规矩", Theme: "《廉洁自律准则》《纪律处分条例》", Deadline: d(2016, 6, 30)},
				{No: 3, Title: "学讲话，增强“四个意识”", Theme: "系列重要讲话", Deadline: d(2016, 9, 30)},
				{No: 4, Title: "学宗旨，坚持创新为民", Theme: "全心全意为人民服务", Deadline: d(2016, 11, 30)},
			},
		}},
		{Code: "xianjinxing2005", Label: "保持共产党员先进性教育（2005）", Input: Input{
			Title: "保持共产党员先进性教育活动", Kind: "xianjinxing2005", Scope: ScopeSubtree,
			Description: "学习动员、分析评议、整改提高三个阶段。",
			Start:       d(2005, 1, 1), End: d(2006, 6, 30),
			Phases: []Phase{
				{No: 1, Name: "学习动员", Start: d(2005, 2, 25), End: d(2005, 4, 10)},
				{No: 2, Name: "分析评议"},
				{No: 3, Name: "整改提高"},
			},
		}},
	}
}

// TemplateInput returns the input of a template for an owner, or false.
func TemplateInput(code string, owner xuezuo.ID) (Input, bool) {
	for _, t := range Templates() {
		if t.Code == code {
			in := t.Input
			in.OwnerOrgID = owner
			return in, true
		}
	}
	return Input{}, false
}
