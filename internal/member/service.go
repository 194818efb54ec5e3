package member

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/org"
)

// Service is the member operation layer.
type Service struct {
	store Store
	scope Scope
	clock xuezuo.Clock
}

// NewService returns the member service.
func NewService(s Store, scope Scope, clock xuezuo.Clock) *Service {
	return &Service{store: s, scope: scope, clock: clock}
}

// Input is the editable part of a member. OrgID and TransferIn apply only
// when creating; moves go through Transfer.
type Input struct {
	OrgID         xuezuo.ID
	Name          string
	Gender        string
	Birth         xuezuo.Date
	BirthYearOnly bool
	JoinDate      xuezuo.Date
	FullDate      xuezuo.Date
	Category      string
	Status        string
	StatusSince   xuezuo.Date
	StatusReason  string
	Cadre         bool
	Post          string
	Phone         string
	TransferIn    xuezuo.Date // start of the branch membership; default JoinDate
}

// Get returns a member the actor may read, with the phone masked for roles
// that do not need it.
func (s *Service) Get(ctx context.Context, id xuezuo.ID) (*Member, error) {
	m, err := s.store.GetMember(ctx, id)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "党员", "get member %d", id)
	}
	if err := s.scope.CanReadMember(ctx, id, m.OrgID); err != nil {
		return nil, err
	}
	if !s.scope.SeesPhone(ctx, m.OrgID, false) {
		m.Phone = MaskPhone(m.Phone)
	}
	return m, nil
}

// List pages the members of an org's subtree. A member sees only the own record.
func (s *Service) List(ctx context.Context, f Filter) (Page, error) {
	selfOnly, err := s.scope.CanListMembers(ctx, f.OrgID)
	if err != nil {
		return Page{}, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 20
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	if err := xuezuo.CheckOffset(f.Offset); err != nil {
		return Page{}, err
	}
	if selfOnly {
		a := xuezuo.ActorFrom(ctx)
		m, err := s.store.GetMember(ctx, a.MemberID)
		if err != nil || m.OrgID != f.OrgID || f.Offset > 0 {
			return Page{}, nil
		}
		m.Phone = MaskPhone(m.Phone)
		return Page{Items: []Member{*m}, Total: 1}, nil
	}
	items, total, err := s.store.ListMembers(ctx, f)
	if err != nil {
		return Page{}, err
	}
	for i := range items {
		if !s.scope.SeesPhone(ctx, items[i].OrgID, true) {
			items[i].Phone = MaskPhone(items[i].Phone)
		}
	}
	return Page{Items: items, Total: total}, nil
}

// Create adds a member to a branch or group the actor manages.
func (s *Service) Create(ctx context.Context, in Input) (*Member, error) {
	if err := s.scope.CanWriteMember(ctx, in.OrgID); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.ENotFound && in.OrgID == 0 {
			return nil, fieldErr("org_id", "请选择所在支部")
		}
		return nil, err
	}
	o, err := s.store.GetOrg(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	today := xuezuo.DateOf(s.clock.Now())
	if err := validate(in, o, today); err != nil {
		return nil, err
	}
	m := &Member{OrgID: in.OrgID, OrgName: o.Name}
	apply(m, in)
	now := s.clock.Now()
	m.CreatedAt, m.UpdatedAt = now, now
	from := in.TransferIn
	if from.IsZero() {
		from = in.JoinDate
	}
	e := audit.New(ctx, "member.create", "member", 0, in.OrgID, fieldNames...)
	if err := s.store.CreateMember(ctx, m, from, e); err != nil {
		return nil, err
	}
	return m, nil
}

// Update changes a member's data; the branch changes only through Transfer.
func (s *Service) Update(ctx context.Context, id xuezuo.ID, in Input) (*Member, error) {
	m, err := s.store.GetMember(ctx, id)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "党员", "get member %d", id)
	}
	if err := s.scope.CanWriteMember(ctx, m.OrgID); err != nil {
		return nil, err
	}
	o, err := s.store.GetOrg(ctx, m.OrgID)
	if err != nil {
		return nil, err
	}
	in.OrgID = m.OrgID
	if !s.scope.SeesPhone(ctx, m.OrgID, false) || in.Phone == MaskPhone(m.Phone) {
		in.Phone = m.Phone // a masked number sent back unchanged keeps the stored one
	}
	if err := validate(in, o, xuezuo.DateOf(s.clock.Now())); err != nil {
		return nil, err
	}
	before := *m
	apply(m, in)
	m.UpdatedAt = s.clock.Now()
	fields := changed(&before, m)
	if len(fields) == 0 {
		return m, nil
	}
	statusChanged := before.Status != m.Status || before.StatusSince != m.StatusSince || before.StatusReason != m.StatusReason
	e := audit.New(ctx, "member.update", "member", id, m.OrgID, fields...)
	if err := s.store.UpdateMember(ctx, m, statusChanged, e); err != nil {
		return nil, err
	}
	return m, nil
}

// Transfer moves a member to another branch on a date; the old membership
// ends that day so past figures keep counting the member where they were.
func (s *Service) Transfer(ctx context.Context, id, to xuezuo.ID, on xuezuo.Date) error {
	m, err := s.store.GetMember(ctx, id)
	if err != nil {
		return xuezuo.NotFoundAs(err, "党员", "get member %d", id)
	}
	if err := s.scope.CanWriteMember(ctx, m.OrgID); err != nil {
		return err
	}
	if err := s.scope.CanWriteMember(ctx, to); err != nil {
		return fieldErr("org_id", "转入支部不存在或不在您的管理范围内")
	}
	o, err := s.store.GetOrg(ctx, to)
	if err != nil {
		return err
	}
	if !o.HoldsMembers() || !o.Active() {
		return fieldErr("org_id", "只能转入现有的党支部或党小组")
	}
	if to == m.OrgID {
		return fieldErr("org_id", "该党员已在此支部")
	}
	if on.IsZero() {
		on = xuezuo.DateOf(s.clock.Now())
	}
	ms, err := s.store.Memberships(ctx, id)
	if err != nil {
		return err
	}
	if n := len(ms); n > 0 && !ms[n-1].From.Before(on) {
		return fieldErr("on", "转接日期须晚于本次入支部日期 "+ms[n-1].From.String())
	}
	return s.store.TransferMember(ctx, id, to, on, audit.New(ctx, "member.transfer", "member", id, to, "org_id"))
}

// History returns a member's memberships, status changes and posts.
func (s *Service) History(ctx context.Context, id xuezuo.ID) ([]Membership, []StatusChange, []Post, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, nil, nil, err
	}
	ms, err := s.store.Memberships(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := s.store.StatusHistory(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	ps, err := s.store.MemberPosts(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	return ms, st, ps, nil
}

// fieldNames are the audited names of the member fields.
var fieldNames = []string{"name", "gender", "birth", "join_date", "full_date", "category", "status", "cadre", "post", "phone"}

func apply(m *Member, in Input) {
	m.Name = strings.TrimSpace(in.Name)
	m.Gender = in.Gender
	m.Birth, m.BirthYearOnly = in.Birth, in.BirthYearOnly
	if m.BirthYearOnly {
		m.Birth = xuezuo.NewDate(in.Birth.Y, 1, 1)
	}
	m.JoinDate, m.FullDate = in.JoinDate, in.FullDate
	m.Standing = StandingProbationary
	if !in.FullDate.IsZero() {
		m.Standing = StandingFull
	}
	m.Category = in.Category
	m.Status = in.Status
	if m.Status == "" {
		m.Status = "normal"
	}
	m.StatusSince, m.StatusReason = in.StatusSince, strings.TrimSpace(in.StatusReason)
	m.Cadre = in.Cadre
	m.Post = in.Post
	m.Phone = strings.TrimSpace(in.Phone)
}

var phoneRE = regexp.MustCompile(`^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$`)

func validate(in Input, o *org.Org, today xuezuo.Date) error {
	var v xuezuo.Validation
	if !o.HoldsMembers() || !o.Active() {
		v.Add("org_id", "党员只能编入现有的党支部或党小组")
	}
	name := strings.TrimSpace(in.Name)
	v.Check(name != "", "name", "请填写姓名")
	v.Check(utf8.RuneCountInString(name) <= 30, "name", "姓名不能超过 30 个字")
	xuezuo.CheckText(&v, "name", "姓名", name, false)
	xuezuo.CheckText(&v, "status_reason", "状态说明", in.StatusReason, true)
	v.Check(valid(Genders, in.Gender), "gender", "请选择性别")
	if in.Birth.IsZero() {
		v.Add("birth", "请填写出生日期（可只填年份）")
	} else {
		xuezuo.CheckBirthDate(&v, "birth", in.Birth, today)
	}
	// Join, full and transfer dates lie between the Party's founding and
	// today; the founding bound catches a mistyped year such as 0201.
	xuezuo.CheckRecordDate(&v, "join_date", "入党日期", in.JoinDate, today)
	xuezuo.CheckRecordDate(&v, "full_date", "转正日期", in.FullDate, today)
	xuezuo.CheckRecordDate(&v, "transfer_in", "转入日期", in.TransferIn, today)
	xuezuo.CheckRecordDate(&v, "status_since", "状态起始日期", in.StatusSince, today)
	switch {
	case in.JoinDate.IsZero():
		v.Add("join_date", "请填写入党日期")
	case in.JoinDate.After(today):
		v.Add("join_date", "入党日期不能晚于今天")
	case !in.Birth.IsZero() && in.JoinDate.Y-in.Birth.Y < 18:
		v.Add("join_date", "入党时应年满十八岁，请核对出生日期和入党日期")
	}
	if !in.FullDate.IsZero() {
		if in.FullDate.After(today) {
			v.Add("full_date", "转正日期不能晚于今天；尚未转正请留空")
		} else if !in.JoinDate.IsZero() && in.FullDate.Before(in.JoinDate) {
			v.Add("full_date", "转正日期不能早于入党日期")
		}
	}
	if !in.TransferIn.IsZero() && !in.JoinDate.IsZero() && in.TransferIn.Before(in.JoinDate) {
		v.Add("transfer_in", "转入日期不能早于入党日期")
	}
	v.Check(valid(Categories, in.Category), "category", "请选择人员类别")
	v.Check(in.Status == "" || valid(Statuses, in.Status), "status", "请选择有效的状态")
	v.Check(in.Post == "" || valid(Posts, in.Post), "post", "请选择有效的岗位")
	v.Check(in.StatusSince.IsZero() || !in.StatusSince.After(today), "status_since", "状态起始日期不能晚于今天")
	phone := strings.TrimSpace(in.Phone)
	v.Check(phone == "" || phoneRE.MatchString(phone), "phone", "手机号格式不正确，应为 11 位数字，或区号-座机号")
	return v.Err()
}

func fieldErr(field, msg string) error {
	return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{field: msg}}
}

// changed names the fields that differ between a and b.
func changed(a, b *Member) []string {
	var f []string
	pairs := []struct {
		same bool
		name string
	}{
		{a.Name == b.Name, "name"}, {a.Gender == b.Gender, "gender"},
		{a.Birth == b.Birth && a.BirthYearOnly == b.BirthYearOnly, "birth"},
		{a.JoinDate == b.JoinDate, "join_date"}, {a.FullDate == b.FullDate, "full_date"},
		{a.Category == b.Category, "category"}, {a.Status == b.Status, "status"},
		{a.StatusSince == b.StatusSince, "status_since"}, {a.StatusReason == b.StatusReason, "status_reason"},
		{a.Cadre == b.Cadre, "cadre"}, {a.Post == b.Post, "post"}, {a.Phone == b.Phone, "phone"},
	}
	for _, p := range pairs {
		if !p.same {
			f = append(f, p.name)
		}
	}
	return f
}
