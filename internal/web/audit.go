package web

import (
	"fmt"
	"net/http"
	"strings"

	"xuezuo"
	"xuezuo/internal/audit"
)

// auditPageSize is the number of audit rows per page.
const auditPageSize = 50

// auditActions are the action filter's choices: families first, then each
// code. The audit package labels codes but does not list them.
var auditActions = []Option{
	{"org.", "组织（全部）"}, {"member.", "党员（全部）"}, {"user.", "账号（全部）"}, {"grant.", "授权（全部）"},
	{"token.", "访问令牌（全部）"}, {"login", "登录（全部）"},
}

// targetLabels name audit target types in zh-CN.
var targetLabels = map[string]string{"org": "组织", "member": "党员", "user": "账号", "token": "访问令牌", "grant": "授权"}

// outcomeLabels name audit outcomes in zh-CN.
var outcomeLabels = map[string]string{audit.OutcomeOK: "成功", audit.OutcomeDenied: "拒绝", audit.OutcomeFailed: "失败"}

// AuditRow is one audit entry, formatted.
type AuditRow struct {
	At, User, Action, Target, Fields, Outcome, Remote string
}

// AuditPage is GET /audit.
type AuditPage struct {
	Base
	Username, Action, From, To string
	Actions                    []Option
	Errors                     FormErrors
	Rows                       []AuditRow
	Pager                      Pager
	Chain                      AuditChainStatus
}

// AuditChainStatus is the verification line above the log: the verdict of
// recomputing the hash chain and the rows found tampered with.
type AuditChainStatus struct {
	OK       bool
	Summary  string
	Problems []string
	Head     string // SEQ:HASH, to compare with the head in the server log
}

// auditList shows the audit log with filters; only the auditor may read it,
// which the audit service decides.
func (h *Handler) auditList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := AuditPage{Base: h.base(r, "审计日志"), Username: strings.TrimSpace(q.Get("username")), Action: q.Get("action"),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to"))}
	p.Actions = append(p.Actions, auditActions...)
	for _, c := range audit.Actions() {
		p.Actions = append(p.Actions, Option{c, audit.ActionLabel(c)})
	}
	var v xuezuo.Validation
	from, to := dateField(&v, "from", p.From), dateField(&v, "to", p.To)
	f := audit.Filter{Username: p.Username, Action: p.Action, Limit: auditPageSize}
	if !from.IsZero() {
		f.From = from.Time()
	}
	if !to.IsZero() {
		f.To = to.AddDays(1).Time() // the "to" day is included
	}
	page := pageNumber(r)
	f.Offset = (page - 1) * auditPageSize
	status := http.StatusOK
	if fe, bad := fieldErrors(&v, "from", "to"); bad {
		// The filter is wrong, but the service still decides who may look.
		status, p.Errors = http.StatusUnprocessableEntity, fe
	}
	rows, total, err := h.d.Audit.List(r.Context(), f)
	if err != nil {
		return err
	}
	for _, e := range rows {
		target := targetLabels[e.TargetType]
		if target == "" {
			target = e.TargetType
		}
		if e.TargetID != 0 {
			target += fmt.Sprintf(" #%d", e.TargetID)
		}
		outcome := outcomeLabels[e.Outcome]
		if outcome == "" {
			outcome = e.Outcome
		}
		p.Rows = append(p.Rows, AuditRow{At: beijingTime(e.At), User: e.Username, Action: audit.ActionLabel(e.Action),
			Target: target, Fields: strings.Join(e.Fields, "、"), Outcome: outcome, Remote: e.Remote})
	}
	p.Pager = newPager("/audit", q, page, auditPageSize, total)
	// The whole chain is recomputed on every view: the auditor comes here
	// to see whether the log can be trusted, not a cached answer.
	rep, err := h.d.Audit.Verify(r.Context(), nil)
	if err != nil {
		return err
	}
	p.Chain = AuditChainStatus{OK: rep.OK(), Summary: rep.Summary(), Head: rep.Head.String()}
	for _, pr := range rep.Problems {
		p.Chain.Problems = append(p.Chain.Problems, pr.Message)
	}
	if rep.More > 0 {
		p.Chain.Problems = append(p.Chain.Problems, fmt.Sprintf("另有 %d 处问题未列出，请在服务器上运行 xuezuo audit verify 查看", rep.More))
	}
	return h.render(w, r, status, "audit.html", p)
}
