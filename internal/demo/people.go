package demo

import (
	"time"

	"xuezuo"
	"xuezuo/internal/member"
)

// Invented names: common surnames and given-name characters, combined at
// random so that no real person in the seed texts is named.
var (
	surnames = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力成荣新宇晨浩然思远嘉怡欣悦泽雨萱梓轩博文一鸣子涵诗琪晓东立群国栋海燕春生志刚淑珍秋菊")
)

func (g *seeder) name() string {
	s := string(surnames[g.rnd.IntN(len(surnames))])
	n := 1 + g.rnd.IntN(2)
	for i := 0; i < n; i++ {
		s += string(given[g.rnd.IntN(len(given))])
	}
	return s
}

// person invents one member of a branch: birth, join and full dates fit the
// category; a few are abroad or ill; every fifth in-service member is a cadre.
func (g *seeder) person(branch xuezuo.ID, p branchPlan, i int) member.Input {
	r := g.rnd
	in := member.Input{OrgID: branch, Name: g.name(), Gender: []string{"male", "female"}[r.IntN(2)],
		Category: p.category, Status: "normal"}
	var birthYear int
	switch {
	case p.category == "retired":
		birthYear = 1935 + r.IntN(27)
		in.Post = "retired"
	case i < p.young: // under 35 now, whatever year the demo is seeded in
		birthYear = time.Now().Year() - 34 + r.IntN(9)
		in.Post = map[bool]string{true: "student", false: "research"}[p.category == "student"]
	default:
		birthYear = time.Now().Year() - 60 + r.IntN(24) // 37 to 60
		in.Post = []string{"research", "research", "support", "management"}[r.IntN(4)]
	}
	in.Birth = xuezuo.NewDate(birthYear, time.Month(1+r.IntN(12)), 1+r.IntN(28))
	in.BirthYearOnly = p.category == "retired" && r.IntN(4) == 0
	joinYear := birthYear + 18 + r.IntN(8)
	if joinYear > 2025 {
		joinYear = 2025
	}
	in.JoinDate = xuezuo.NewDate(joinYear, time.Month(1+r.IntN(12)), 1+r.IntN(28))
	// Students who joined in the last year are still probationary.
	full := in.JoinDate.AddDays(365)
	if (joinYear < 2025 || p.category != "student") && !full.After(xuezuo.DateOf(time.Now())) {
		in.FullDate = full
	}
	if p.category == "in_service" && i%5 == 4 && birthYear < 1985 {
		in.Cadre = true
		in.Post = "leading"
	}
	switch roll := r.IntN(100); {
	case roll < 3 && p.category != "retired":
		in.Status, in.StatusReason = "abroad", "国家公派出国访问一年"
		in.StatusSince = xuezuo.NewDate(2026, 3, 1)
	case roll < 6 && p.category == "retired":
		in.Status, in.StatusReason = "ill", "长期卧床，由支部委员上门送学"
		in.StatusSince = xuezuo.NewDate(2025, 10, 8)
	case roll < 5:
		in.Status, in.StatusReason = "ill", "病休"
		in.StatusSince = xuezuo.NewDate(2026, 5, 20)
	}
	in.Phone = "1" + []string{"38", "39", "58", "86", "35"}[r.IntN(5)] + digits(r.IntN(100000000))
	return in
}

func digits(n int) string {
	s := []byte("00000000")
	for i := 7; i >= 0 && n > 0; i-- {
		s[i] = byte('0' + n%10)
		n /= 10
	}
	return string(s)
}
