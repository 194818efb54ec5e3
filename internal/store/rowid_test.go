package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/dataset"
)

// TestRebuildKeysKeepsEveryRecord loads the scale-1 data set into a
// database in the schema before the rebuild (goose's migrations only),
// rebuilds it, and checks that every table holds the same rows, the
// tables have their new keys, the search index still finds the same
// reflections, the audit log is still append-only, no reference dangles,
// and a second run changes nothing.
func TestRebuildKeysKeepsEveryRecord(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := &Store{clock: xuezuo.SystemClock{}}
	s.scopeScan.Store(defaultScopeScan)
	s.wideScope.Store(defaultWideScope)
	if err := s.openSQLite(ctx, filepath.Join(t.TempDir(), "old.db")); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.gooseUp(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.prepare(ctx); err != nil {
		t.Fatal(err)
	}
	today := xuezuo.NewDate(2026, 6, 15)
	d, err := dataset.Load(filepath.Join("..", "dataset", "testdata", "s1"), today, nil)
	if err != nil {
		t.Fatal(err)
	}
	sys := xuezuo.WithActor(ctx, &xuezuo.Actor{System: true, Username: "system"})
	if err := s.ImportDataset(ctx, d, audit.New(sys, "dataset.import", "dataset", 0, d.Orgs[0].ID), func(string, int, int) {}); err != nil {
		t.Fatal(err)
	}
	if n := len(mustTables(t, s)); n < 20 {
		t.Fatalf("%d tables to rebuild in the old schema, want all of them", n)
	}
	before := fingerprints(t, s)
	search := `SELECT COUNT(*) FROM reflections_fts WHERE reflections_fts MATCH '"党章"'`
	var hitsBefore int
	mustScan(t, s, search, &hitsBefore)

	if err := rebuildKeys(ctx, s.w); err != nil {
		t.Fatal(err)
	}
	if left := mustTables(t, s); len(left) != 0 {
		t.Errorf("tables still in the old form after the rebuild: %v", left)
	}
	after := fingerprints(t, s)
	for table, fp := range before {
		if after[table] != fp {
			t.Errorf("table %s changed in the rebuild", table)
		}
	}
	var hitsAfter int
	mustScan(t, s, search, &hitsAfter)
	if hitsBefore == 0 || hitsAfter != hitsBefore {
		t.Errorf("search hits: %d before, %d after", hitsBefore, hitsAfter)
	}
	var ddl string
	mustScan(t, s, `SELECT sql FROM sqlite_schema WHERE name = 'attendance'`, &ddl)
	if !strings.HasSuffix(ddl, "WITHOUT ROWID") {
		t.Errorf("attendance: %s", ddl)
	}
	mustScan(t, s, `SELECT sql FROM sqlite_schema WHERE name = 'members'`, &ddl)
	if !strings.Contains(ddl, "id INTEGER PRIMARY KEY") {
		t.Errorf("members: %s", ddl)
	}
	if _, err := s.w.ExecContext(ctx, `UPDATE audit_log SET action = 'x'`); err == nil {
		t.Error("the audit log accepted an update after the rebuild")
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM orgs WHERE id = $1`, d.Orgs[0].ID); err == nil {
		t.Error("foreign keys are off after the rebuild: a referenced org was deleted")
	}
	if err := rebuildKeys(ctx, s.w); err != nil {
		t.Fatalf("second rebuild: %v", err)
	}
}

// mustTables returns the tables rebuildKeys would still rebuild.
func mustTables(t *testing.T, s *Store) []string {
	t.Helper()
	conn, err := s.w.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ts, err := tablesToRebuild(context.Background(), conn)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range ts {
		names = append(names, x.name)
	}
	return names
}

// fingerprints hashes every row of every table, in primary key order.
func fingerprints(t *testing.T, s *Store) map[string][32]byte {
	t.Helper()
	ctx := context.Background()
	rows, err := s.w.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'reflections_fts%' AND name <> 'goose_db_version'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][32]byte{}
	for _, table := range tables {
		out[table] = hashRows(t, s.w, table)
	}
	return out
}

func hashRows(t *testing.T, db *sql.DB, table string) [32]byte {
	t.Helper()
	// Order by every column: some tables have only one.
	probe, err := db.Query(`SELECT * FROM ` + table + ` LIMIT 0`)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := probe.Columns()
	probe.Close()
	order := make([]string, len(cols))
	for i := range cols {
		order[i] = fmt.Sprint(i + 1)
	}
	rows, err := db.Query(`SELECT * FROM ` + table + ` ORDER BY ` + strings.Join(order, ", "))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	h := sha256.New()
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(h, vals...)
		n++
	}
	fmt.Fprintln(h, "rows", n)
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func mustScan(t *testing.T, s *Store, query string, dest any) {
	t.Helper()
	if err := s.w.QueryRowContext(context.Background(), query).Scan(dest); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
