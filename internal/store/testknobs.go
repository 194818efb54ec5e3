package store

// This file gathers the exported methods that exist for tests and
// diagnostics, not for the services: storetest (and through it the tests of
// other packages) reaches raw SQL through them, because it cannot see the
// store's pools. Nothing in a production path calls them. The store's own
// tests use export_test.go instead. SetScopeScan (reflection.go) and
// SetWideScope (progress.go) are knobs of the same kind that live beside
// the code they tune.

import "context"

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
