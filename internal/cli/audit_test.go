package cli

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"xuezuo/internal/audit"
	"xuezuo/internal/store/storetest"
)

// TestAuditVerify runs "audit verify" on a clean log, with the head it
// printed, after a row was edited in the database, and with bad input.
func TestAuditVerify(t *testing.T) {
	t.Parallel()
	db := storetest.URL(t)
	s := storetest.OpenServicesAt(t, db)
	for range 4 {
		if err := s.Store.WriteAudit(context.Background(), audit.Entry{Username: "x", Action: "login", TargetType: "user"}); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := run(t, db, "", "audit", "verify")
	if code != 0 || !strings.Contains(out, "审计日志完整：共 4 条") {
		t.Fatalf("clean log: exit %d\n%s%s", code, out, errOut)
	}
	head := regexp.MustCompile(`日志头：(\d+:[0-9a-f]{64})`).FindStringSubmatch(out)
	if head == nil {
		t.Fatalf("no head printed:\n%s", out)
	}
	if code, out, errOut = run(t, db, "", "audit", "verify", "--head", head[1]); code != 0 {
		t.Fatalf("with its own head: exit %d\n%s%s", code, out, errOut)
	}
	// The tail is cut off, the head row wound back too: only the logged head tells.
	id := storetest.QueryStrings(t, s.Store, `SELECT CAST(audit_id AS TEXT) FROM audit_chain WHERE seq = 4`)[0]
	h3 := storetest.QueryStrings(t, s.Store, `SELECT hash FROM audit_chain WHERE seq = 3`)[0]
	storetest.Tamper(t, s.Store, `DELETE FROM audit_log WHERE id = `+id, `DELETE FROM audit_chain WHERE seq = 4`,
		`UPDATE audit_seal_head SET seq = 3, hash = '`+h3+`'`)
	if code, _, _ = run(t, db, "", "audit", "verify"); code != 0 {
		t.Errorf("without the logged head: exit %d, want 0 (the cut is invisible)", code)
	}
	code, out, errOut = run(t, db, "", "audit", "verify", "--head", head[1])
	if code != 1 || !strings.Contains(out, "[尾部截断]") || !strings.Contains(out, "序号 4 至 4 的 1 条记录被删除") || !strings.Contains(errOut, "校验未通过") {
		t.Errorf("truncated: exit %d\n%s%s", code, out, errOut)
	}
	for _, bad := range []string{"abc", "4:xyz", "0:" + strings.Repeat("0", 64)} {
		if code, _, errOut := run(t, db, "", "audit", "verify", "--head", bad); code != 1 || !strings.Contains(errOut, "--head：") {
			t.Errorf("--head %s: exit %d %s, want refused", bad, code, errOut)
		}
	}
	if code, _, _ := run(t, db, "", "audit"); code != 1 {
		t.Errorf("audit without verify: exit %d, want 1", code)
	}
}
