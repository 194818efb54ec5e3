package audit_test

import (
	"strings"
	"testing"

	"xuezuo/internal/audit"
	"xuezuo/internal/store/storetest"
)

// TestVerifyNamesRowBelowHead: a row written past the application with an
// id below the sealed ones is never sealed and is named as inserted. On
// SQLite, which seals by id, this and an id the allocator never handed out
// (TestVerifyNamesTampering) are the two ways such a row shows.
func TestVerifyNamesRowBelowHead(t *testing.T) {
	t.Parallel()
	st, svc := chainFixture(t, 6)
	tamper(t, st, `INSERT INTO audit_log (id, at, user_id, username, action, target_type, target_id, org_id, fields, outcome, remote)
		VALUES (0, 1780000000000, 0, 'ghost', 'login', 'user', 0, 0, '', 'ok', '10.0.0.9')`)
	r := verify(t, svc, nil)
	if len(r.Problems) != 1 || r.Problems[0].Kind != audit.Inserted || r.Problems[0].AuditID != 0 ||
		!strings.Contains(r.Problems[0].Message, "绕过系统直接写入") || r.Sealed != 6 {
		t.Errorf("got %+v, want row #0 named as inserted and the 6 seals intact", r)
	}
}

// TestSealDrainsOldQueue: rows an older version queued (migration 12 queued
// every row; SQLite now seals by id and queues nothing) are sealed once,
// in id order, and leave the queue empty on both engines.
func TestSealDrainsOldQueue(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	writeAudit(t, s.Store, 5, "old")
	if err := storetest.Exec(t, s.Store, `INSERT INTO audit_unsealed (audit_id)
		SELECT id FROM audit_log WHERE id NOT IN (SELECT audit_id FROM audit_unsealed)`); err != nil {
		t.Fatal(err)
	}
	if _, n, err := s.Audit.Seal(storetest.System(), ""); err != nil || n != 5 {
		t.Fatalf("sealed %d (%v), want 5", n, err)
	}
	if got := storetest.QueryStrings(t, s.Store, `SELECT CAST(COUNT(*) AS TEXT) FROM audit_unsealed`); got[0] != "0" {
		t.Errorf("queue holds %s rows after the seal, want 0", got[0])
	}
	writeAudit(t, s.Store, 2, "new")
	if r := verify(t, s.Audit, nil); !r.OK() || r.Sealed != 7 || r.Pending != 0 {
		t.Errorf("got %+v, want a clean chain of 7", r)
	}
	ids := storetest.QueryStrings(t, s.Store, `SELECT CAST(audit_id AS TEXT) FROM audit_chain ORDER BY seq`)
	for i := 1; i < len(ids); i++ {
		if len(ids[i]) < len(ids[i-1]) || (len(ids[i]) == len(ids[i-1]) && ids[i] <= ids[i-1]) {
			t.Errorf("seals in order %v, want ids ascending", ids)
			break
		}
	}
}
