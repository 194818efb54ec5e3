package meeting

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"xuezuo"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
)

// KindLecture is the meeting kind of a 党课.
const KindLecture = "lecture"

// Lecturer kinds of a 党课 (domain.md §5.5). A field visit (现场教学) is a
// case. LecturerUnknown marks the lectures recorded before the register
// existed (and the benchmark's): it is read, never chosen.
const (
	LecturerLeader    = "leader"
	LecturerSecretary = "secretary"
	LecturerExpert    = "expert"
	LecturerModel     = "model"
	LecturerMember    = "member"
	LecturerCase      = "case"
	LecturerUnknown   = "unknown"
)

// LecturerKinds are the kinds a new lecture may record, with zh-CN labels,
// in the order forms and registers show them.
var LecturerKinds = []member.Option{
	{Code: LecturerLeader, Label: "领导讲"}, {Code: LecturerSecretary, Label: "书记讲"}, {Code: LecturerExpert, Label: "专家讲"},
	{Code: LecturerModel, Label: "先进模范讲"}, {Code: LecturerMember, Label: "党员讲"}, {Code: LecturerCase, Label: "案例讲/现场教学"},
}

// AllLecturerKinds are LecturerKinds and LecturerUnknown: every kind a
// stored lecture may carry, as the register counts them.
var AllLecturerKinds = append(slices.Clone(LecturerKinds), member.Option{Code: LecturerUnknown, Label: "未登记"})

// LecturerKindLabel returns the zh-CN name of a lecturer kind.
func LecturerKindLabel(code string) string { return member.Label(AllLecturerKinds, code) }

// validLecturerKind reports whether code may be chosen for a lecture.
func validLecturerKind(code string) bool {
	return slices.ContainsFunc(LecturerKinds, func(o member.Option) bool { return o.Code == code })
}

// Lecture is what a 党课 records beyond a meeting: who lectured (a member,
// or an outside person by name and title), the lecturer kind, the material
// and the audience.
type Lecture struct {
	Kind     string
	MemberID xuezuo.ID // the lecturer when a member; 0 for an outside person
	// Name is the member lecturer's name (read back) or the outside
	// person's; Title is the outside person's post or title.
	Name, Title string
	Material    string
	// Audience are the orgs the lecture is held for: branches under the
	// holding org (the holding branch or group for lectures recorded before
	// the register).
	Audience []AudienceOrg
	// AudienceCount is the size of the audience where only that was read
	// (the register's list).
	AudienceCount int
}

// LectureFigures are one org's lecture counts in a period (domain.md §5.5).
type LectureFigures struct {
	ByKind            map[string]int // lecturer kind → lectures held in [from, to] counted for this org (held by an org in its subtree, or with an audience branch in it)
	SecretaryBranches int            // branches in the org's subtree with a secretary lecture in the calendar year of `to`
	QiyiBranches      int            // branches in the subtree with a lecture held in the campaign's 七一 window (of the year of `to`)
}

// Total returns the lectures of every kind.
func (f LectureFigures) Total() int {
	n := 0
	for _, k := range f.ByKind {
		n += k
	}
	return n
}

// BranchLectures is one branch of the register: its secretary lectures in
// the year and its lectures in the 七一 window.
type BranchLectures struct {
	OrgID     xuezuo.ID
	Name      string
	Secretary int
	Qiyi      int
}

// AudienceOrg is one org of a lecture's audience.
type AudienceOrg struct {
	ID   xuezuo.ID
	Name string
}

// AudienceIDs returns the audience's org ids.
func (l *Lecture) AudienceIDs() []xuezuo.ID {
	out := make([]xuezuo.ID, len(l.Audience))
	for i, a := range l.Audience {
		out[i] = a.ID
	}
	return out
}

// Lecturer names the lecturer as a register shows it: 姓名（职务） for an
// outside person, the member's name otherwise.
func (l *Lecture) Lecturer() string {
	if l.Title != "" {
		return l.Name + "（" + l.Title + "）"
	}
	return l.Name
}

// KindLabel returns the zh-CN lecturer kind.
func (l *Lecture) KindLabel() string { return LecturerKindLabel(l.Kind) }

// LectureInput is what a new or edited lecture says about its lecturer,
// material and (on creation) audience. Exactly one of MemberID and Name
// names the lecturer; an empty Audience means every branch under the
// holding org.
type LectureInput struct {
	Kind     string
	MemberID xuezuo.ID
	Name     string
	Title    string
	Material string
	Audience []xuezuo.ID
}

// empty reports whether no lecture field was given.
func (in LectureInput) empty() bool {
	return in.Kind == "" && in.MemberID == 0 && strings.TrimSpace(in.Name) == "" && strings.TrimSpace(in.Title) == "" &&
		in.Material == "" && len(in.Audience) == 0
}

// The lecture store reads: a lecture's audience, its roster and whether a
// member sits in it, and the posts a lecturer held.
type lectureStore interface {
	LectureAudience(ctx context.Context, meetingID xuezuo.ID) ([]AudienceOrg, error)
	LectureRoster(ctx context.Context, meetingID xuezuo.ID, on xuezuo.Date) ([]member.Member, error)
	OnLectureAudience(ctx context.Context, meetingID, memberID xuezuo.ID, on xuezuo.Date) (bool, error)
	SecretaryPostOn(ctx context.Context, memberID xuezuo.ID, on xuezuo.Date) ([]xuezuo.ID, error)
}

// HoldsLecture reports whether an org may hold a lecture: an active
// branch, general branch or unit (other meetings need a branch or group).
func HoldsLecture(o *org.Org) bool {
	return o.Active() && (o.Kind == org.KindBranch || o.Kind == org.KindGeneralBranch || o.Kind == org.KindCommittee && o.IsUnit)
}

// msgNotLecture refuses lecture fields on another kind of meeting.
const msgNotLecture = "只有党课需要填写主讲人、党课类别、听课党支部和党课材料"

// checkLecturer validates the lecturer part of a lecture held on heldOn
// and returns it without the audience. A member lecturer must be in the
// actor's scope; a secretary lecture needs a member who holds a secretary
// post on the day, because it counts for the branch of that post (R6).
func (s *Service) checkLecturer(ctx context.Context, v *xuezuo.Validation, in LectureInput, heldOn xuezuo.Date) *Lecture {
	l := &Lecture{Kind: in.Kind, MemberID: in.MemberID, Name: strings.TrimSpace(in.Name), Title: strings.TrimSpace(in.Title),
		Material: in.Material}
	switch {
	case in.Kind == "":
		v.Add("lecturer_kind", "请选择党课类别：领导讲、书记讲、专家讲、先进模范讲、党员讲或案例讲/现场教学")
	case !validLecturerKind(in.Kind):
		v.Add("lecturer_kind", "党课类别不正确，应为领导讲、书记讲、专家讲、先进模范讲、党员讲或案例讲/现场教学")
	}
	xuezuo.CheckText(v, "lecturer_name", "主讲人姓名", l.Name, false)
	xuezuo.CheckText(v, "lecturer_title", "主讲人职务", l.Title, false)
	xuezuo.CheckText(v, "material", "党课材料", l.Material, true)
	v.Check(utf8.RuneCountInString(l.Name) <= 50, "lecturer_name", "主讲人姓名不能超过 50 个字")
	v.Check(utf8.RuneCountInString(l.Title) <= 100, "lecturer_title", "主讲人职务不能超过 100 个字")
	v.Check(utf8.RuneCountInString(l.Material) <= 50000, "material", "党课材料不能超过 50000 个字")
	switch {
	case l.MemberID != 0 && (l.Name != "" || l.Title != ""):
		v.Add("lecturer_member_id", "主讲人请二选一：选择本范围内的党员，或填写外请主讲人的姓名和职务")
	case l.MemberID == 0 && l.Name == "":
		v.Add("lecturer_member_id", "请选择主讲的党员，或填写外请主讲人的姓名和职务")
	case l.MemberID != 0:
		mem, err := s.store.GetMember(ctx, l.MemberID)
		if err != nil || s.scope.CanReadMember(ctx, l.MemberID, mem.OrgID) != nil {
			v.Add("lecturer_member_id", "主讲人须为您管理范围内的党员")
			return l
		}
		l.Name = mem.Name
	}
	if in.Kind == LecturerSecretary && !v.Has("lecturer_member_id") && !v.Has("held_at") {
		if l.MemberID == 0 {
			v.Add("lecturer_member_id", "书记讲党课须选择主讲的书记（本范围内的党员），以便计入其任书记的党支部")
			return l
		}
		posts, err := s.store.SecretaryPostOn(ctx, l.MemberID, heldOn)
		if err == nil && len(posts) == 0 {
			v.Add("lecturer_member_id", fmt.Sprintf("%s在 %s 未担任党组织书记，不能登记为书记讲党课；请先在党员信息中登记书记职务，或选择其他类别", l.Name, heldOn))
		}
	}
	return l
}

// branchesUnder lists the active branches in an org's subtree (the org
// itself when it is a branch), in tree order: a lecture's default audience.
func (s *Service) branchesUnder(ctx context.Context, holder *org.Org) ([]AudienceOrg, error) {
	tree, err := s.store.OrgSubtree(ctx, holder.ID)
	if err != nil {
		return nil, err
	}
	var out []AudienceOrg
	for _, o := range tree {
		if o.Kind == org.KindBranch && o.Active() {
			out = append(out, AudienceOrg{ID: o.ID, Name: o.Name})
		}
	}
	return out, nil
}

// checkAudience resolves a new lecture's audience: the given orgs, each a
// branch in the holding org's subtree (the holding branch itself included),
// or by default every active branch there.
func (s *Service) checkAudience(ctx context.Context, v *xuezuo.Validation, holder *org.Org, ids []xuezuo.ID) []AudienceOrg {
	all, err := s.branchesUnder(ctx, holder)
	if err != nil {
		v.Add("audience_org_ids", "无法读取听课的党支部，请稍后再试")
		return nil
	}
	if len(ids) == 0 {
		if len(all) == 0 {
			v.Add("audience_org_ids", holder.Name+"下没有党支部，无法确定听课对象")
		}
		return all
	}
	branches := make(map[xuezuo.ID]AudienceOrg, len(all))
	for _, a := range all {
		branches[a.ID] = a
	}
	var out []AudienceOrg
	seen := map[xuezuo.ID]bool{}
	for _, id := range ids {
		a, ok := branches[id]
		if !ok {
			v.Add("audience_org_ids", "听课的党支部须是"+holder.Name+"下属的党支部")
			return nil
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, a)
		}
	}
	return out
}

// AudienceChoices lists the branches a lecture of an org may be held for,
// in tree order (all of them is the default); none when the org holds no
// lectures.
func (s *Service) AudienceChoices(ctx context.Context, orgID xuezuo.ID) ([]AudienceOrg, error) {
	if err := s.scope.CanReadOrg(ctx, orgID); err != nil {
		return nil, err
	}
	o, err := s.store.GetOrg(ctx, orgID)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "组织", "get org %d", orgID)
	}
	if !HoldsLecture(o) {
		return nil, nil
	}
	return s.branchesUnder(ctx, o)
}

// CanWrite reports whether the actor may change a meeting it reads and
// record its attendance: the holding org's secretary and organisers (a
// lecture's audience reads it only).
func (s *Service) CanWrite(ctx context.Context, m *Meeting) bool {
	return s.scope.CanWriteMember(ctx, m.OrgID) == nil
}

// readsLecture lets an actor who may not read a lecture's holding org read
// it anyway when the actor reads one of its audience orgs (a secretary or
// a member of an audience branch) or sits in its audience on its date.
func (s *Service) readsLecture(ctx context.Context, m *Meeting) (bool, error) {
	if m.Lecture == nil {
		return false, nil
	}
	for _, a := range m.Lecture.Audience {
		switch err := s.scope.CanReadOrg(ctx, a.ID); xuezuo.ErrorCode(err) {
		case "":
			return true, nil
		case xuezuo.ENotFound, xuezuo.EForbidden:
		default:
			return false, err
		}
	}
	me := self(ctx)
	if me == 0 {
		return false, nil
	}
	return s.store.OnLectureAudience(ctx, m.ID, me, m.HeldOn)
}

// onRoster reports whether a member is expected at a meeting: on its org's
// roster on its date, or for a lecture in its audience. Other meetings ask
// exactly the one query they always did (the check-in is the busiest path).
func (s *Service) onRoster(ctx context.Context, m *Meeting, memberID xuezuo.ID) (bool, error) {
	if m.Kind == KindLecture {
		return s.store.OnLectureAudience(ctx, m.ID, memberID, m.HeldOn)
	}
	return s.store.OnRoster(ctx, m.OrgID, memberID, m.HeldOn)
}

// roster returns the members expected at a meeting (see onRoster).
func (s *Service) roster(ctx context.Context, m *Meeting) ([]member.Member, error) {
	if m.Kind == KindLecture {
		return s.store.LectureRoster(ctx, m.ID, m.HeldOn)
	}
	return s.store.Roster(ctx, m.OrgID, m.HeldOn)
}

// audienceView cuts a lecture's register down for a reader who may not read
// its holding org (a branch secretary or member of its audience): the
// lines of members of orgs the reader reads, and the reader's own line and
// guest row. Whoever reads the holding org sees the whole register.
func (s *Service) audienceView(ctx context.Context, m *Meeting, roster []RosterMember, guests []Row) ([]RosterMember, []Row, error) {
	switch err := s.scope.CanReadOrg(ctx, m.OrgID); xuezuo.ErrorCode(err) {
	case "":
		return roster, guests, nil
	case xuezuo.ENotFound, xuezuo.EForbidden:
	default:
		return nil, nil, err
	}
	me := self(ctx)
	reads := map[xuezuo.ID]bool{}
	var out []RosterMember
	for _, rm := range roster {
		ok, seen := reads[rm.OrgID]
		if !seen {
			err := s.scope.CanReadOrg(ctx, rm.OrgID)
			if c := xuezuo.ErrorCode(err); c != "" && c != xuezuo.ENotFound && c != xuezuo.EForbidden {
				return nil, nil, err
			}
			ok = err == nil
			reads[rm.OrgID] = ok
		}
		if ok || (me != 0 && rm.ID == me) {
			out = append(out, rm)
		}
	}
	var own []Row
	for _, g := range guests {
		if me != 0 && g.MemberID == me {
			own = append(own, g)
		}
	}
	return out, own, nil
}

// editLecture validates an edit's lecture part and returns the meeting's
// next lecture (nil for other meetings). A lecture recorded before the
// register keeps its unknown kind while the edit names no lecturer; once
// one is named the kind is required like on a new lecture. The audience
// stays as created.
func (s *Service) editLecture(ctx context.Context, v *xuezuo.Validation, m *Meeting, in Edit) *Lecture {
	if m.Lecture == nil {
		if !in.Lecture.empty() {
			v.Add("lecturer_kind", msgNotLecture)
		}
		return nil
	}
	li := in.Lecture
	var next *Lecture
	if m.Lecture.Kind == LecturerUnknown && (li.Kind == "" || li.Kind == LecturerUnknown) && li.MemberID == 0 &&
		strings.TrimSpace(li.Name) == "" && strings.TrimSpace(li.Title) == "" {
		next = &Lecture{Kind: LecturerUnknown, Material: li.Material}
		xuezuo.CheckText(v, "material", "党课材料", li.Material, true)
		v.Check(utf8.RuneCountInString(li.Material) <= 50000, "material", "党课材料不能超过 50000 个字")
	} else {
		next = s.checkLecturer(ctx, v, li, in.HeldOn)
	}
	next.Audience = m.Lecture.Audience
	return next
}
