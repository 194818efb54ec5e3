// Package audit records who changed what and lets the auditor read it. Every
// write in xuezuo passes an Entry to the store, which inserts it in the same
// transaction as the change; the table refuses updates and deletes.
package audit

import (
	"context"
	"slices"
	"strings"
	"time"

	"xuezuo"
)

// Outcomes of an audited action.
const (
	OutcomeOK     = "ok"
	OutcomeDenied = "denied"
	OutcomeFailed = "failed"
)

// Entry is one audit row. Fields names the changed fields, never their
// values, so that reading the log reveals no member data.
type Entry struct {
	ID         xuezuo.ID
	At         time.Time
	UserID     xuezuo.ID
	Username   string
	Action     string // e.g. "member.create"
	TargetType string // e.g. "member"
	TargetID   xuezuo.ID
	OrgID      xuezuo.ID
	Fields     []string
	Outcome    string
	Remote     string
}

// New builds an entry for the actor in ctx. The store sets At and TargetID
// when the target is created in the same transaction.
func New(ctx context.Context, action, targetType string, targetID, orgID xuezuo.ID, fields ...string) Entry {
	e := Entry{Action: action, TargetType: targetType, TargetID: targetID, OrgID: orgID, Fields: fields, Outcome: OutcomeOK}
	if a := xuezuo.ActorFrom(ctx); a != nil {
		e.UserID, e.Username, e.Remote = a.UserID, a.Username, a.Remote
	}
	return e
}

// FieldList joins Fields for storage.
func (e Entry) FieldList() string { return strings.Join(e.Fields, ",") }

// Filter selects audit rows; zero values match everything.
type Filter struct {
	Username string
	Action   string // prefix, e.g. "member."
	From, To time.Time
	Limit    int
	Offset   int
}

// Store is what the audit service needs from the database.
type Store interface {
	ListAudit(ctx context.Context, f Filter) ([]Entry, int, error)
	ChainStore
}

// Service is the auditor's read service.
type Service struct {
	store Store
}

// NewService returns the audit service.
func NewService(s Store) *Service { return &Service{store: s} }

// List returns audit rows newest first. Only the auditor (and the local
// operator) may read the log.
func (s *Service) List(ctx context.Context, f Filter) ([]Entry, int, error) {
	a := xuezuo.ActorFrom(ctx)
	if a == nil {
		return nil, 0, xuezuo.Errorf(xuezuo.EUnauthenticated, "请先登录")
	}
	if !a.System && !a.Has(xuezuo.RoleAuditor) {
		return nil, 0, xuezuo.Forbidden()
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	if err := xuezuo.CheckOffset(f.Offset); err != nil {
		return nil, 0, err
	}
	if f.To.IsZero() {
		f.To = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return s.store.ListAudit(ctx, f)
}

// ActionLabel returns the zh-CN name of an action code.
func ActionLabel(action string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	return action
}

// Actions lists the known action codes in display order.
func Actions() []string { return slices.Clone(actionOrder) }

var actionOrder = []string{"org.create", "org.update", "org.move", "org.dissolve", "member.create", "member.update",
	"member.transfer", "member.import", "dataset.import", "member.post.add", "member.post.end", "user.create", "user.password",
	"user.disable", "user.enable", "user.link", "user.unlink", "grant.add", "grant.remove", "token.create", "token.revoke",
	"login", "login.failed", "login.unknown", "login.locked", "logout",
	"user.password_reset", "user.unlock", "access.refused", "access.refused.summary", "checkin.wrong_code", "checkin.locked",
	"export.ledger", "export.signin", "attachment.download",
	"summary.create", "summary.update", "summary.submit", "summary.accept", "summary.return", "summary.due",
	"forward.create", "forward.adopt", "forward.quota",
	"bulletin.create", "bulletin.update", "bulletin.publish", "bulletin.download",
	"system.backup", "system.restore", "system.field_key"}

var actionLabels = map[string]string{
	"org.create": "新建组织", "org.update": "修改组织", "org.move": "调整隶属关系", "org.dissolve": "撤销组织",
	"member.create": "新增党员", "member.update": "修改党员信息", "member.transfer": "组织关系转接",
	"member.import": "批量导入党员", "dataset.import": "导入数据集", "member.post.add": "任命委员职务", "member.post.end": "免去委员职务",
	"user.create": "新建账号", "user.password": "修改密码", "user.disable": "停用账号", "user.enable": "启用账号",
	"user.link": "关联党员", "user.unlink": "解除账号与党员的关联", "grant.add": "授予角色", "grant.remove": "撤销角色",
	"token.create": "创建访问令牌", "token.revoke": "吊销访问令牌",
	"login": "登录", "login.failed": "登录失败", "login.locked": "账号锁定",
	"login.unknown": "不存在的用户名登录失败（每地址每分钟汇总）", "logout": "退出登录",
	"user.password_reset": "重设密码", "user.unlock": "解除登录锁定",
	"access.refused": "越权或不存在的访问", "access.refused.summary": "越权访问汇总（超出每分钟记录上限）",
	"checkin.wrong_code": "签到码错误", "checkin.locked": "签到码错误次数过多",
	"export.ledger": "导出考勤台账", "export.signin": "导出签到表", "attachment.download": "下载附件",
	"summary.create": "起草总结材料", "summary.update": "修改总结材料", "summary.submit": "报送总结材料",
	"summary.accept": "通过总结材料", "summary.return": "退回总结材料", "summary.due": "设定总结材料报送期限",
	"forward.create": "推荐上报材料", "forward.adopt": "采用上报材料", "forward.quota": "设定报送名额",
	"bulletin.create": "起草通报", "bulletin.update": "修改通报", "bulletin.publish": "印发通报", "bulletin.download": "下载通报",
	"system.backup": "备份", "system.restore": "恢复", "system.field_key": "启用手机号加密存储",
}
