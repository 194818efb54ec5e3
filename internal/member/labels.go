package member

// Option is a code with its zh-CN label, for forms, filters and imports.
type Option struct{ Code, Label string }

// The value sets of member fields.
var (
	Genders    = []Option{{"male", "男"}, {"female", "女"}}
	Standings  = []Option{{StandingFull, "正式党员"}, {StandingProbationary, "预备党员"}}
	Categories = []Option{{"in_service", "在职"}, {"student", "学生"}, {"retired", "离退休"}}
	Statuses   = []Option{{"normal", "正常"}, {"abroad", "出国（境）"}, {"ill", "病休"}, {"mobile", "流动"}, {"lost", "失联"}}
	Posts      = []Option{{"leading", "领导"}, {"research", "科研"}, {"support", "科研支撑"}, {"management", "管理"}, {"student", "学生"}, {"retired", "离退休"}}
	// CommitteePosts are the branch committee posts (支委职务).
	CommitteePosts = []Option{{"secretary", "书记"}, {"deputy_secretary", "副书记"}, {"organization", "组织委员"},
		{"publicity", "宣传委员"}, {"discipline", "纪检委员"}, {"member", "委员"}}
)

// Label returns the label of code in opts, or code itself.
func Label(opts []Option, code string) string {
	for _, o := range opts {
		if o.Code == code {
			return o.Label
		}
	}
	return code
}

// codeOf returns the code whose label or code equals s.
func codeOf(opts []Option, s string) (string, bool) {
	for _, o := range opts {
		if o.Code == s || o.Label == s {
			return o.Code, true
		}
	}
	return "", false
}

func valid(opts []Option, code string) bool {
	for _, o := range opts {
		if o.Code == code {
			return true
		}
	}
	return false
}

// MaskPhone hides the middle of a phone number: 138****5678.
func MaskPhone(p string) string {
	r := []rune(p)
	if len(r) < 7 {
		if len(r) == 0 {
			return ""
		}
		return "****"
	}
	return string(r[:3]) + "****" + string(r[len(r)-4:])
}
