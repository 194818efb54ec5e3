package report

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/campaign"
	"xuezuo/internal/org"
)

// MaxBulletinText is the longest preface or closing, in characters.
const MaxBulletinText = 2000

// CreateBulletin makes a draft bulletin of a campaign under an org for a
// period, numbered 第 N 期 of the org in the current year, with its
// figures computed from the records. The org's organisers create it.
func (s *Bulletins) CreateBulletin(ctx context.Context, in BulletinInput) (*Bulletin, error) {
	if err := s.scope.CanManageOrg(ctx, in.OrgID); err != nil {
		return nil, err
	}
	o, err := s.store.GetOrg(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	if !issuesBulletins(o) {
		return nil, fieldErr("org_id", "通报由党委或党总支印发")
	}
	c, err := s.campaigns.Get(ctx, in.CampaignID)
	if err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
			return nil, fieldErr("campaign_id", "学习教育不存在")
		}
		return nil, err
	}
	b := &Bulletin{OrgID: o.ID, OrgName: o.Name, CampaignID: c.ID, State: BulletinDraft, DocCode: o.DocCode}
	if err := period(c, &in, b); err != nil {
		return nil, err
	}
	var v xuezuo.Validation
	b.Preface = bulletinText(&v, "preface", "开头语", in.Preface, defaultPreface(c, b))
	b.Closing = bulletinText(&v, "closing", "结束语", in.Closing, defaultClosing(o))
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	b.Year, b.CreatedAt, b.UpdatedAt = now.In(xuezuo.Beijing).Year(), now, now
	b.Title = "关于" + c.Title + "进展情况的通报"
	if a := xuezuo.ActorFrom(ctx); a != nil {
		b.CreatedBy = a.UserID
	}
	e := audit.New(ctx, "bulletin.create", "bulletin", 0, o.ID, "campaign_id", "period")
	if err := s.store.CreateBulletin(ctx, b, e); err != nil {
		return nil, err
	}
	return s.Bulletin(ctx, b.ID)
}

// bulletinText returns the trimmed text, or def when none was given.
func bulletinText(v *xuezuo.Validation, field, label string, in *string, def string) string {
	if in == nil {
		return def
	}
	t := strings.TrimSpace(*in)
	v.Check(utf8.RuneCountInString(t) <= MaxBulletinText, field, fmt.Sprintf("%s不能超过 %d 个字", label, MaxBulletinText))
	xuezuo.CheckText(v, field, label, t, true)
	return t
}

func defaultPreface(c *campaign.Campaign, b *Bulletin) string {
	return "为及时掌握" + c.Title + "进展情况，推动学习教育扎实开展，现将" + periodLabel(c, b) + "有关情况通报如下。"
}

func defaultClosing(o *org.Org) string {
	return "请" + addressee(o, groupBy(o)) + "对照通报查找差距，对逾期未开展专题学习讨论、未报送总结材料的支部督促整改，" +
		"确保学习教育各项任务落到实处。"
}

// period fills the bulletin's period from the input: a topic (from the day
// after the previous topic's deadline, or the campaign's start, to its
// deadline), a quarter, or dates.
func period(c *campaign.Campaign, in *BulletinInput, b *Bulletin) error {
	switch {
	case in.TopicID != 0:
		from := c.Start
		for _, t := range c.Topics {
			if t.ID == in.TopicID {
				b.Period, b.TopicID, b.From, b.To = PeriodTopic, t.ID, from, t.Deadline
				if b.From.After(b.To) {
					b.From = b.To
				}
				return nil
			}
			from = t.Deadline.AddDays(1)
		}
		return fieldErr("topic_id", "该学习教育没有这个专题")
	case in.Quarter != "":
		since, until, err := ParseQuarter(in.Quarter)
		if err != nil {
			return err
		}
		b.Period, b.From, b.To = PeriodQuarter, xuezuo.DateOf(since), xuezuo.DateOf(until).AddDays(-1)
		return nil
	case in.From.IsZero() && in.To.IsZero():
		return fieldErr("period", "请选择通报的时段：专题、季度或起止日期")
	case in.From.IsZero():
		return fieldErr("from", "请填写开始日期")
	case in.To.IsZero():
		return fieldErr("to", "请填写结束日期")
	case in.From.After(in.To):
		return fieldErr("to", "结束日期不能早于开始日期")
	case in.From.AddDays(366).Before(in.To):
		return fieldErr("to", "通报的时段不能超过一年")
	}
	b.Period, b.From, b.To = PeriodDates, in.From, in.To
	return nil
}

// Bulletin returns a bulletin with its content: a published one to
// everyone in or above the org's subtree, a draft to the org's readers.
func (s *Bulletins) Bulletin(ctx context.Context, id xuezuo.ID) (*Bulletin, error) {
	b, err := s.store.GetBulletin(ctx, id)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "通报", "get bulletin %d", id)
	}
	if err := s.canRead(ctx, b); err != nil {
		return nil, err
	}
	if b.Published() {
		var c BulletinContent
		if err := json.Unmarshal([]byte(b.Frozen), &c); err != nil {
			return nil, fmt.Errorf("bulletin %d: frozen content: %w", id, err)
		}
		b.Content = &c
		return b, nil
	}
	if b.Content, err = s.compute(ctx, b); err != nil {
		return nil, err
	}
	return b, nil
}

// canRead answers 404 for anyone who may not read the bulletin, so a draft
// is not known to exist outside its readers.
func (s *Bulletins) canRead(ctx context.Context, b *Bulletin) error {
	err := s.scope.CanReadMember(ctx, 0, b.OrgID)
	if err == nil || xuezuo.ErrorCode(err) == xuezuo.EUnauthenticated {
		return err
	}
	if b.Published() {
		if e := s.scope.CanReadNotice(ctx, b.OrgID); e == nil || xuezuo.ErrorCode(e) != xuezuo.ENotFound {
			return e
		}
	}
	if xuezuo.ErrorCode(err) == xuezuo.EForbidden {
		return err
	}
	return xuezuo.NotFound("通报")
}

// EditBulletin changes a draft's preface and closing (409 once published).
func (s *Bulletins) EditBulletin(ctx context.Context, id xuezuo.ID, preface, closing *string) (*Bulletin, error) {
	b, err := s.manage(ctx, id)
	if err != nil {
		return nil, err
	}
	if b.Published() {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "通报已印发，不能再修改")
	}
	var v xuezuo.Validation
	p := bulletinText(&v, "preface", "开头语", preface, b.Preface)
	c := bulletinText(&v, "closing", "结束语", closing, b.Closing)
	if err := v.Err(); err != nil {
		return nil, err
	}
	err = s.store.EditBulletin(ctx, id, p, c, s.clock.Now(), audit.New(ctx, "bulletin.update", "bulletin", id, b.OrgID, changedText(b, p, c)...))
	if xuezuo.ErrorCode(err) == xuezuo.EConflict {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "通报已印发，不能再修改")
	}
	if err != nil {
		return nil, err
	}
	return s.Bulletin(ctx, id)
}

func changedText(b *Bulletin, preface, closing string) []string {
	var f []string
	if b.Preface != preface {
		f = append(f, "preface")
	}
	if b.Closing != closing {
		f = append(f, "closing")
	}
	return f
}

// Publish freezes a draft: its figures are computed once more and kept;
// nothing about it changes afterwards (409 when published already).
func (s *Bulletins) Publish(ctx context.Context, id xuezuo.ID) (*Bulletin, error) {
	b, err := s.manage(ctx, id)
	if err != nil {
		return nil, err
	}
	if b.Published() {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "通报已印发")
	}
	content, err := s.compute(ctx, b)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("bulletin %d: freeze: %w", id, err)
	}
	var by xuezuo.ID
	if a := xuezuo.ActorFrom(ctx); a != nil {
		by = a.UserID
	}
	err = s.store.PublishBulletin(ctx, id, string(raw), s.clock.Now(), by, audit.New(ctx, "bulletin.publish", "bulletin", id, b.OrgID, "state"))
	if xuezuo.ErrorCode(err) == xuezuo.EConflict {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "通报已印发")
	}
	if err != nil {
		return nil, err
	}
	return s.Bulletin(ctx, id)
}

// manage reads a bulletin for one of its org's organisers: 404 to whoever
// may not read it, 403 to a reader who may not manage it.
func (s *Bulletins) manage(ctx context.Context, id xuezuo.ID) (*Bulletin, error) {
	b, err := s.store.GetBulletin(ctx, id)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "通报", "get bulletin %d", id)
	}
	if err := s.canRead(ctx, b); err != nil {
		return nil, err
	}
	if err := s.scope.CanManageOrg(ctx, b.OrgID); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
			return nil, xuezuo.Forbidden()
		}
		return nil, err
	}
	return b, nil
}

// CanManage reports whether the actor may edit and publish the org's bulletins.
func (s *Bulletins) CanManage(ctx context.Context, orgID xuezuo.ID) bool {
	return s.scope.CanManageOrg(ctx, orgID) == nil
}

// ListBulletins pages an org's bulletins: all of them for its readers,
// the published ones for everyone in its subtree.
func (s *Bulletins) ListBulletins(ctx context.Context, f BulletinFilter) ([]Bulletin, int, error) {
	if f.State != "" && f.State != BulletinDraft && f.State != BulletinPublished {
		return nil, 0, fieldErr("state", "state 只能是 draft 或 published")
	}
	if err := s.scope.CanReadMember(ctx, 0, f.OrgID); err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.EUnauthenticated {
			return nil, 0, err
		}
		if e := s.scope.CanReadNotice(ctx, f.OrgID); e != nil {
			return nil, 0, e
		}
		if f.State == BulletinDraft {
			return []Bulletin{}, 0, nil
		}
		f.State = BulletinPublished
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	if err := xuezuo.CheckOffset(f.Offset); err != nil {
		return nil, 0, err
	}
	return s.store.ListBulletins(ctx, f)
}
