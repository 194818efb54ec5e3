package dataset

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"xuezuo"
)

// checker holds what the files checked so far define, for the references
// of the next ones.
type checker struct {
	d        *Data
	today    xuezuo.Date
	progress Progress
	orgKind  map[xuezuo.ID]string
	member   map[xuezuo.ID]*Member
	activity map[xuezuo.ID]*Activity
}

// Values the data set may hold.
var (
	orgKinds      = []string{"root", "region", "unit", "general_branch", "branch"}
	genders       = []string{"male", "female"}
	categories    = []string{"in_service", "student", "retired"}
	posts         = []string{"leading", "research", "support", "management", "student", "retired"}
	statuses      = []string{"normal", "abroad", "ill"}
	activityKinds = []string{"topic_study", "theme_day", "lecture"}
	reasons       = []string{"abroad", "illness", "business_trip", "field_work", "other"}
)

// parents lists the kinds an org of each kind may sit under.
var parents = map[string][]string{
	"region": {"root"}, "unit": {"root", "region"}, "general_branch": {"unit"}, "branch": {"unit", "general_branch"},
}

func (c *checker) orgs(ps *problems, path string) error {
	c.orgKind = map[xuezuo.ID]string{}
	c.d.UnitOf = map[xuezuo.ID]xuezuo.ID{}
	return eachLine(ps, path, c.progress, func(line int, o *Org) {
		switch {
		case o.ID <= 0:
			ps.add(line, "id 须为正整数")
		case c.orgKind[o.ID] != "":
			ps.add(line, "id %d 重复", o.ID)
		case strings.TrimSpace(o.Name) == "":
			ps.add(line, "组织名称为空")
		case !slices.Contains(orgKinds, o.Kind):
			ps.add(line, "kind %q 无效，应为 %s", o.Kind, strings.Join(orgKinds, "、"))
		case o.ParentID == nil && o.Kind != "root":
			ps.add(line, "只有根组织（root）可以没有上级")
		case o.ParentID != nil && c.orgKind[*o.ParentID] == "":
			ps.add(line, "parent_id %d 不存在（上级须写在下级之前）", *o.ParentID)
		case o.ParentID != nil && !slices.Contains(parents[o.Kind], c.orgKind[*o.ParentID]):
			ps.add(line, "%s 不能设在 %s 之下", o.Kind, c.orgKind[*o.ParentID])
		default:
			c.orgKind[o.ID] = o.Kind
			switch {
			case o.Kind == "unit":
				c.d.UnitOf[o.ID] = o.ID
			case o.ParentID != nil:
				c.d.UnitOf[o.ID] = c.d.UnitOf[*o.ParentID]
			}
			c.d.Orgs = append(c.d.Orgs, *o)
		}
	})
}

func (c *checker) campaign(ps *problems, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		ps.add(0, "无法读取：%s", errText(err))
		return nil
	}
	cp := &c.d.Campaign
	if err := json.Unmarshal(b, cp); err != nil {
		ps.add(0, "不是有效的 JSON（%s）", errText(err))
		return nil
	}
	if strings.TrimSpace(cp.Name) == "" || len(cp.Topics) == 0 {
		ps.add(0, "须有学习教育名称和至少一个专题")
	}
	for i := range cp.Topics {
		t := &cp.Topics[i]
		d, ok := parseDate(t.Deadline)
		switch {
		case t.No != i+1:
			ps.add(0, "专题须按 1、2、3… 编号，第 %d 个是 %d", i+1, t.No)
		case strings.TrimSpace(t.Title) == "":
			ps.add(0, "专题 %d 没有标题", t.No)
		case !ok:
			ps.add(0, "专题 %d 的截止日期 %q 不是 YYYY-MM-DD", t.No, t.Deadline)
		}
		t.Due = d
	}
	return nil
}

func (c *checker) members(ps *problems, path string) error {
	c.member = map[xuezuo.ID]*Member{}
	err := eachLine(ps, path, c.progress, func(line int, m *Member) {
		d, ok := parseDate(m.JoinDate)
		switch {
		case m.ID <= 0:
			ps.add(line, "id 须为正整数")
		case c.member[m.ID] != nil:
			ps.add(line, "id %d 重复", m.ID)
		case c.orgKind[m.OrgID] == "":
			ps.add(line, "org_id %d 不存在", m.OrgID)
		case c.orgKind[m.OrgID] != "branch":
			ps.add(line, "党员须属于党支部，org_id %d 是 %s", m.OrgID, c.orgKind[m.OrgID])
		case strings.TrimSpace(m.Name) == "":
			ps.add(line, "姓名为空")
		case !slices.Contains(genders, m.Gender):
			ps.add(line, "gender %q 无效", m.Gender)
		case m.BirthYear < 1900 || m.BirthYear > c.today.Y:
			ps.add(line, "出生年份 %d 不合理", m.BirthYear)
		case !ok || d.After(c.today) || d.Y < m.BirthYear:
			ps.add(line, "入党日期 %q 无效", m.JoinDate)
		case !slices.Contains(categories, m.Category):
			ps.add(line, "category %q 无效", m.Category)
		case !slices.Contains(posts, m.Post):
			ps.add(line, "post %q 无效", m.Post)
		case !slices.Contains(statuses, m.Status):
			ps.add(line, "status %q 无效", m.Status)
		default:
			m.Join = d
			c.d.Members = append(c.d.Members, *m)
			c.member[m.ID] = &c.d.Members[len(c.d.Members)-1]
		}
	})
	// Re-point after append moved the slice.
	for i := range c.d.Members {
		c.member[c.d.Members[i].ID] = &c.d.Members[i]
	}
	return err
}

func (c *checker) activities(ps *problems, path string) error {
	c.activity = map[xuezuo.ID]*Activity{}
	topics := len(c.d.Campaign.Topics)
	start := CampaignStart()
	err := eachLine(ps, path, c.progress, func(line int, a *Activity) {
		d, ok := parseDate(a.HeldAt)
		switch {
		case a.ID <= 0:
			ps.add(line, "id 须为正整数")
		case c.activity[a.ID] != nil:
			ps.add(line, "id %d 重复", a.ID)
		case c.orgKind[a.OrgID] != "branch":
			ps.add(line, "org_id %d 不是已列出的党支部", a.OrgID)
		case !slices.Contains(activityKinds, a.Kind):
			ps.add(line, "kind %q 无效", a.Kind)
		case a.Kind == "topic_study" && (a.Topic < 1 || a.Topic > topics):
			ps.add(line, "专题学习讨论须写专题 1–%d，现为 %d", topics, a.Topic)
		case a.Kind != "topic_study" && a.Topic != 0:
			ps.add(line, "%s 不属于专题，topic 须为 0", a.Kind)
		case !ok:
			ps.add(line, "held_at %q 不是 YYYY-MM-DD", a.HeldAt)
		case d.Before(start) || d.After(c.today):
			ps.add(line, "held_at %s 不在 %s 至今天之间", a.HeldAt, start)
		case a.Speakers < 0 || a.Speakers > 100:
			ps.add(line, "speakers %d 无效", a.Speakers)
		default:
			a.HeldOn = d
			c.d.Activities = append(c.d.Activities, *a)
			c.activity[a.ID] = a
		}
	})
	for i := range c.d.Activities {
		c.activity[c.d.Activities[i].ID] = &c.d.Activities[i]
	}
	return err
}

func (c *checker) attendance(ps *problems, path string) error {
	seen := make(map[uint64]struct{}, 1<<16)
	return eachLine(ps, path, c.progress, func(line int, r *Attendance) {
		a, m := c.activity[r.ActivityID], c.member[r.MemberID]
		key := uint64(r.ActivityID)<<32 | uint64(r.MemberID)
		_, dup := seen[key]
		switch {
		case a == nil:
			ps.add(line, "activity_id %d 不存在", r.ActivityID)
		case m == nil:
			ps.add(line, "member_id %d 不存在", r.MemberID)
		case m.OrgID != a.OrgID || m.Join.After(a.HeldOn):
			ps.add(line, "党员 %d 在 %s 不是支部 %d 的党员，不在应到名单中", r.MemberID, a.HeldOn, a.OrgID)
		case dup:
			ps.add(line, "活动 %d 的党员 %d 已有一行考勤", r.ActivityID, r.MemberID)
		case r.Present && r.AbsenceReason != "":
			ps.add(line, "出席时 absence_reason 须为空")
		case !r.Present && !slices.Contains(reasons, r.AbsenceReason):
			ps.add(line, "缺席原因 %q 无效，应为 %s", r.AbsenceReason, strings.Join(reasons, "、"))
		default:
			seen[key] = struct{}{}
			if r.Present {
				a.Present++
			} else {
				a.Leave++
			}
			c.d.Attendance = append(c.d.Attendance, *r)
		}
	})
}

func (c *checker) reflections(ps *problems, path string) error {
	ids := map[xuezuo.ID]bool{}
	written := map[[2]int64]bool{}
	topics := len(c.d.Campaign.Topics)
	return eachLine(ps, path, c.progress, func(line int, r *Reflection) {
		t, terr := time.Parse(time.RFC3339, r.SubmittedAt)
		switch {
		case r.ID <= 0:
			ps.add(line, "id 须为正整数")
		case ids[r.ID]:
			ps.add(line, "id %d 重复", r.ID)
		case c.member[r.MemberID] == nil:
			ps.add(line, "member_id %d 不存在", r.MemberID)
		case r.Topic < 1 || r.Topic > topics:
			ps.add(line, "专题 %d 不存在", r.Topic)
		case written[[2]int64{r.MemberID, int64(r.Topic)}]:
			ps.add(line, "党员 %d 对专题 %d 已有一篇心得", r.MemberID, r.Topic)
		case terr != nil:
			ps.add(line, "submitted_at %q 不是 RFC 3339 时间", r.SubmittedAt)
		case strings.TrimSpace(r.Body) == "" || !utf8.ValidString(r.Body):
			ps.add(line, "正文为空或不是 UTF-8")
		case xuezuo.DateOf(t).After(c.today):
			ps.add(line, "submitted_at %s 晚于今天", r.SubmittedAt)
		default:
			ids[r.ID], written[[2]int64{r.MemberID, int64(r.Topic)}] = true, true
			r.Submitted = t.UTC()
			c.d.Reflections = append(c.d.Reflections, *r)
		}
	})
}
