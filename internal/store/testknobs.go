package store

// This file gathers the exported methods that exist for tests and
// diagnostics, not for the services: storetest (and through it the tests of
// other packages) reaches raw SQL through them, because it cannot see the
// store's pools. Nothing in a production path calls them. The store's own
// tests use export_test.go instead. SetScopeScan (reflection.go) and
// SetWideScope (progress.go) are knobs of the same kind that live beside
// the code they tune.

import (
	"context"
	"fmt"
)

// QueryForTest returns the first column of a raw query's rows as text. Only
// tests call it (through storetest.QueryStrings).
func (s *Store) QueryForTest(ctx context.Context, query string) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ExecForTest runs raw SQL on the writer. Only tests of constraints and
// triggers call it (through storetest.Exec).
func (s *Store) ExecForTest(ctx context.Context, query string) error {
	_, err := s.w.ExecContext(ctx, query)
	return err
}

// appendOnlyTables are the tables the migrations make append-only.
var appendOnlyTables = []string{"audit_log", "audit_chain"}

// TamperForTest runs stmts as an intruder with the database's password
// would: the append-only triggers dropped, the statements run, the
// triggers re-created. Only tests of the audit chain's verification call
// it (through storetest.Tamper).
func (s *Store) TamperForTest(ctx context.Context, stmts ...string) error {
	var all []string
	for _, t := range appendOnlyTables {
		all = append(all, s.d.dropAppendOnlyDDL(t)...)
	}
	all = append(all, stmts...)
	for _, t := range appendOnlyTables {
		all = append(all, s.d.appendOnlyDDL(t)...)
	}
	for _, q := range all {
		if _, err := s.w.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}
