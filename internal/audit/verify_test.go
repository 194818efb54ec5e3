package audit_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/store"
	"xuezuo/internal/store/storetest"
)

// chainFixture is a store holding n audited writes, all sealed.
func chainFixture(t *testing.T, n int) (*store.Store, *audit.Service) {
	t.Helper()
	s := storetest.OpenServices(t)
	writeAudit(t, s.Store, n, "fixture")
	if _, _, err := s.Audit.Seal(storetest.System(), ""); err != nil {
		t.Fatalf("seal: %v", err)
	}
	return s.Store, s.Audit
}

// writeAudit records n entries, each in its own transaction.
func writeAudit(t testing.TB, st *store.Store, n int, who string) {
	t.Helper()
	for i := range n {
		e := audit.Entry{At: time.UnixMilli(1_780_000_000_000 + int64(i)), Username: who, Action: "member.update",
			TargetType: "member", TargetID: int64(i + 1), OrgID: 7, Fields: []string{"name", "phone"}, Outcome: audit.OutcomeOK, Remote: "10.0.0.1"}
		if err := st.WriteAudit(context.Background(), e); err != nil {
			t.Fatalf("write audit: %v", err)
		}
	}
}

// tamper runs stmts with the append-only triggers dropped, as an intruder
// with the database's password would, and re-creates them.
func tamper(t *testing.T, st *store.Store, stmts ...string) {
	t.Helper()
	storetest.Tamper(t, st, stmts...)
	// The triggers are back: the log and its seals refuse changes again.
	for _, table := range []string{"audit_log", "audit_chain"} {
		if err := storetest.Exec(t, st, `DELETE FROM `+table); err == nil {
			t.Fatalf("%s accepted a DELETE after the triggers were re-created", table)
		}
	}
}

// auditIDAt returns the id of the row sealed as seq.
func auditIDAt(t *testing.T, st *store.Store, seq int) string {
	t.Helper()
	ids := storetest.QueryStrings(t, st, fmt.Sprintf(`SELECT CAST(audit_id AS TEXT) FROM audit_chain WHERE seq = %d`, seq))
	if len(ids) != 1 {
		t.Fatalf("no seal %d", seq)
	}
	return ids[0]
}

func verify(t *testing.T, svc *audit.Service, expected *audit.Head) audit.Report {
	t.Helper()
	r, err := svc.Verify(storetest.System(), expected)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return r
}

func TestVerifyCleanLog(t *testing.T) {
	t.Parallel()
	st, svc := chainFixture(t, 12)
	r := verify(t, svc, nil)
	if !r.OK() || r.Sealed != 12 || r.Head.Seq != 12 || r.Pending != 0 {
		t.Fatalf("got %+v, want a clean chain of 12", r)
	}
	if !strings.Contains(r.Summary(), "审计日志完整") {
		t.Errorf("summary %q", r.Summary())
	}
	// The head verify reports is the one the store keeps.
	head, _, err := st.AuditHead(context.Background())
	if err != nil || head != r.Head {
		t.Errorf("got head %v (%v), want %v", head, err, r.Head)
	}
	// Rows written after the seal are sealed by verify itself.
	writeAudit(t, st, 3, "later")
	if r := verify(t, svc, &head); !r.OK() || r.Sealed != 15 {
		t.Errorf("got %+v, want 15 sealed, clean, head %v still on the chain", r, head)
	}
}

func TestVerifyNamesTampering(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		stmts func(id5, headHash string) []string
		kind  string
		seq   int64
		want  string // in the message
	}{
		{"edit a field", func(id5, _ string) []string {
			return []string{`UPDATE audit_log SET username = 'nobody' WHERE id = ` + id5}
		}, audit.Edited, 5, "被修改"},
		{"edit the time", func(id5, _ string) []string {
			return []string{`UPDATE audit_log SET at = at + 1 WHERE id = ` + id5}
		}, audit.Edited, 5, "被修改"},
		{"delete the row, keep its seal", func(id5, _ string) []string {
			return []string{`DELETE FROM audit_log WHERE id = ` + id5}
		}, audit.Deleted, 5, "已被删除"},
		{"delete the row and its seal", func(id5, _ string) []string {
			return []string{`DELETE FROM audit_log WHERE id = ` + id5, `DELETE FROM audit_chain WHERE seq = 5`}
		}, audit.Deleted, 5, "序号 5 的记录连同封存被删除"},
		{"insert a forged sealed row", func(_, head string) []string {
			return []string{
				`INSERT INTO audit_log (id, at, user_id, username, action, target_type, target_id, org_id, fields, outcome, remote)
				 VALUES (900001, 1780000000000, 0, 'ghost', 'login', 'user', 0, 0, '', 'ok', '10.0.0.9')`,
				`INSERT INTO audit_chain (seq, audit_id, algo, prev_hash, row_hash, hash, sealed_at)
				 VALUES (11, 900001, 'sm3', '` + head + `', '` + strings.Repeat("ab", 32) + `', '` + strings.Repeat("cd", 32) + `', 0)`,
			}
		}, audit.Inserted, 11, "伪造插入"},
		{"insert a row past the sealer", func(_, _ string) []string {
			return []string{`INSERT INTO audit_log (id, at, user_id, username, action, target_type, target_id, org_id, fields, outcome, remote)
				 VALUES (900002, 1780000000000, 0, 'ghost', 'login', 'user', 0, 0, '', 'ok', '10.0.0.9')`}
		}, audit.Inserted, 0, "绕过系统直接写入"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st, svc := chainFixture(t, 10)
			head, _, err := st.AuditHead(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			id5 := auditIDAt(t, st, 5)
			tamper(t, st, tc.stmts(id5, head.Hash)...)
			r := verify(t, svc, nil)
			if r.OK() {
				t.Fatalf("verify found nothing; want %s", tc.kind)
			}
			found := false
			for _, p := range r.Problems {
				if p.Kind == tc.kind && p.Seq == tc.seq && strings.Contains(p.Message, tc.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("got %+v, want a %s problem at seq %d saying %q", r.Problems, tc.kind, tc.seq, tc.want)
			}
			if tc.kind == audit.Edited || (tc.kind == audit.Deleted && tc.want == "已被删除") {
				// The row is named by its id, and nothing else is blamed.
				if len(r.Problems) != 1 || fmt.Sprint(r.Problems[0].AuditID) != id5 || !strings.Contains(r.Problems[0].Message, "#"+id5) {
					t.Errorf("got %+v, want exactly row #%s named", r.Problems, id5)
				}
			}
			if !strings.Contains(r.Summary(), "被篡改") {
				t.Errorf("summary %q", r.Summary())
			}
		})
	}
}

func TestVerifyTruncatedTail(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		resetHead bool // the intruder also winds the head row back
		expected  bool // verify is given the logged head
		wantFound bool
	}{
		{"head row left", false, false, true},
		{"head row wound back, logged head given", true, true, true},
		{"head row wound back, no logged head", true, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st, svc := chainFixture(t, 10)
			logged, _, err := st.AuditHead(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			id9, id10 := auditIDAt(t, st, 9), auditIDAt(t, st, 10)
			stmts := []string{`DELETE FROM audit_log WHERE id IN (` + id9 + `, ` + id10 + `)`, `DELETE FROM audit_chain WHERE seq >= 9`}
			if tc.resetHead {
				h8 := storetest.QueryStrings(t, st, `SELECT hash FROM audit_chain WHERE seq = 8`)[0]
				stmts = append(stmts, `UPDATE audit_seal_head SET seq = 8, hash = '`+h8+`' WHERE id = 1`)
			}
			tamper(t, st, stmts...)
			var exp *audit.Head
			if tc.expected {
				exp = &logged
			}
			r := verify(t, svc, exp)
			found := false
			for _, p := range r.Problems {
				found = found || (p.Kind == audit.Truncated && p.Seq == 9 && strings.Contains(p.Message, "序号 9 至 10 的 2 条记录被删除"))
			}
			if found != tc.wantFound {
				t.Errorf("got %+v, want truncation found %v", r.Problems, tc.wantFound)
			}
		})
	}
}

func TestVerifyLoggedHeadRewritten(t *testing.T) {
	t.Parallel()
	st, svc := chainFixture(t, 6)
	logged, _, _ := st.AuditHead(context.Background())
	forged := audit.Head{Seq: logged.Seq, Hash: strings.Repeat("0f", 32)}
	r := verify(t, svc, &forged)
	if r.OK() || r.Problems[0].Kind != audit.Edited || r.Problems[0].Seq != 6 {
		t.Errorf("got %+v, want the logged head's mismatch at seq 6", r.Problems)
	}
}

// TestSealConcurrentWrites: writers commit concurrently (on PostgreSQL in
// any id order) while sealers run; the result is one unbroken chain holding
// every row once.
func TestSealConcurrentWrites(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	ctx := storetest.System()
	const writers, each = 20, 10
	var wg sync.WaitGroup
	stop := make(chan struct{})
	sealed := make(chan error, 1)
	go func() { // a sealer racing the writers, as serve's job does
		defer close(sealed)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, _, err := s.Audit.Seal(ctx, ""); err != nil {
				sealed <- err
				return
			}
		}
	}()
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			writeAudit(t, s.Store, each, fmt.Sprintf("w%d", w))
		}()
	}
	wg.Wait()
	close(stop)
	if err := <-sealed; err != nil {
		t.Fatalf("seal: %v", err)
	}
	// A second sealer on the same database, as another process would be.
	var seals sync.WaitGroup
	for range 3 {
		seals.Add(1)
		go func() {
			defer seals.Done()
			if _, _, err := s.Audit.Seal(ctx, ""); err != nil {
				t.Errorf("seal: %v", err)
			}
		}()
	}
	seals.Wait()
	r := verify(t, s.Audit, nil)
	if !r.OK() || r.Sealed != writers*each || r.Head.Seq != writers*each || r.Pending != 0 {
		t.Fatalf("got %+v, want one clean chain of %d", r, writers*each)
	}
	if got := storetest.QueryStrings(t, s.Store, `SELECT CAST(COUNT(DISTINCT audit_id) AS TEXT) FROM audit_chain`); got[0] != fmt.Sprint(writers*each) {
		t.Errorf("got %s rows sealed, want each of %d once", got[0], writers*each)
	}
}

// TestGenesis: rows written before any seal (those the migration found are
// queued the same way) are chained once, from the genesis hash, in id order.
func TestGenesis(t *testing.T) {
	t.Parallel()
	st, _ := chainFixture(t, 4)
	got := storetest.QueryStrings(t, st, `SELECT prev_hash FROM audit_chain WHERE seq = 1`)
	if len(got) != 1 || got[0] != audit.GenesisHash {
		t.Errorf("got first prev_hash %v, want the genesis hash", got)
	}
	ids := storetest.QueryStrings(t, st, `SELECT CAST(c.seq AS TEXT) || ':' || CAST(c.audit_id AS TEXT) FROM audit_chain c ORDER BY c.audit_id`)
	for i, v := range ids {
		if !strings.HasPrefix(v, fmt.Sprintf("%d:", i+1)) {
			t.Errorf("seal %d is %s, want ids in order", i+1, v)
		}
	}
}

func TestSealAlgorithms(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	ctx := storetest.System()
	writeAudit(t, s.Store, 3, "a")
	if _, _, err := s.Audit.Seal(ctx, audit.AlgoSHA256); err != nil {
		t.Fatal(err)
	}
	writeAudit(t, s.Store, 3, "b")
	if _, _, err := s.Audit.Seal(ctx, audit.AlgoSM3); err != nil {
		t.Fatal(err)
	}
	writeAudit(t, s.Store, 2, "c") // sealed by verify with the chain's (last) algorithm
	r := verify(t, s.Audit, nil)
	if !r.OK() || r.Sealed != 8 {
		t.Fatalf("got %+v, want a clean mixed chain of 8", r)
	}
	got := strings.Join(storetest.QueryStrings(t, s.Store, `SELECT algo FROM audit_chain ORDER BY seq`), ",")
	if want := "sha256,sha256,sha256,sm3,sm3,sm3,sm3,sm3"; got != want {
		t.Errorf("got algorithms %s, want %s", got, want)
	}
	if _, _, err := s.Audit.Seal(ctx, "md5"); err == nil {
		t.Error("sealed with md5, want refused")
	}
}

func TestVerifyPermissions(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	root := storetest.MustCreateOrg(t, s, 0, "党组", "committee")
	cases := []struct {
		name string
		ctx  context.Context
		code string
	}{
		{"nobody", context.Background(), xuezuo.EUnauthenticated},
		{"org admin", storetest.MustUser(t, s, "admin1", xuezuo.RoleOrgAdmin, root.ID), xuezuo.EForbidden},
		{"auditor", storetest.MustUser(t, s, "auditor1", xuezuo.RoleAuditor, 0), ""},
	}
	for _, tc := range cases {
		_, err := s.Audit.Verify(tc.ctx, nil)
		if got := xuezuo.ErrorCode(err); got != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("%s: got %v, want code %q", tc.name, err, tc.code)
		}
	}
	// Sealing is the server's job, not a user's.
	if _, _, err := s.Audit.Seal(cases[2].ctx, ""); xuezuo.ErrorCode(err) != xuezuo.EForbidden {
		t.Errorf("auditor sealed: %v, want forbidden", err)
	}
}
