package web

import (
	"net/http"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

// TestAuditPageShowsChainStatus: the auditor's page says whether the log's
// hash chain holds, and names a row edited in the database.
func TestAuditPageShowsChainStatus(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	storetest.MustCreateMember(t, e.s, tr.branch1.ID, "冯静")
	c := e.user(t, "auditor", xuezuo.RoleAuditor, 0)
	r := c.get("/audit")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "完整性校验通过") || !strings.Contains(r.body, "审计日志完整") {
		t.Fatalf("clean log: no passing status line in\n%s", r.body)
	}
	st := e.s.Store
	id := storetest.QueryStrings(t, st, `SELECT CAST(audit_id AS TEXT) FROM audit_chain WHERE seq = 2`)[0]
	storetest.Tamper(t, st, `UPDATE audit_log SET remote = '8.8.8.8' WHERE id = `+id)
	r = c.get("/audit")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "完整性校验未通过") || !strings.Contains(r.body, "审计记录 #"+id+"（序号 2）的内容在封存后被修改") {
		t.Errorf("edited row not named on the page:\n%s", r.body)
	}
}
