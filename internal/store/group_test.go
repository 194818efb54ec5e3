package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"xuezuo"
	"xuezuo/internal/store/sqlcdb"
)

// TestGroupCommitIsolatesEachWrite runs many concurrent writes through the
// group writer, some of which fail after writing (a returned error, a
// constraint violation on their second statement): each write must be all
// or nothing, exactly as in its own transaction, whatever group it shared.
func TestGroupCommitIsolatesEachWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, Options{URL: filepath.Join(t.TempDir(), "g.db"), Clock: xuezuo.SystemClock{}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.group == nil {
		t.Fatal("SQLite store without a group writer")
	}
	if err := s.ExecForTest(ctx, `CREATE TABLE gt (k INTEGER PRIMARY KEY, v TEXT NOT NULL); INSERT INTO gt VALUES (-1, 'x')`); err != nil {
		t.Fatal(err)
	}
	const n = 400
	errBoom := errors.New("boom")
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			errs[i] = s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO gt (k, v) VALUES ($1, 'a')`, i); err != nil {
					return err
				}
				second := i + n
				if i%5 == 1 {
					second = -1 // there before the test: a unique violation
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO gt (k, v) VALUES ($1, 'b')`, second); err != nil {
					return err
				}
				if i%5 == 2 {
					return errBoom
				}
				return nil
			})
		})
	}
	wg.Wait()
	want := []string{"-1:x"}
	for i := range n {
		switch i % 5 {
		case 1:
			if xuezuo.ErrorCode(errs[i]) != xuezuo.EConflict {
				t.Errorf("write %d: got %v, want a conflict", i, errs[i])
			}
		case 2:
			if !errors.Is(errs[i], errBoom) {
				t.Errorf("write %d: got %v, want boom", i, errs[i])
			}
		default:
			if errs[i] != nil {
				t.Errorf("write %d: %v", i, errs[i])
			}
			want = append(want, fmt.Sprintf("%d:a", i), fmt.Sprintf("%d:b", i+n))
		}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT k, v FROM gt`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var k int
		var v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		got[fmt.Sprintf("%d:%s", k, v)] = true
	}
	if len(got) != len(want) {
		t.Errorf("%d rows saved, want %d (failed writes must leave nothing)", len(got), len(want))
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("row %s of a successful write is missing", w)
		}
	}
	if s.group.largest.Load() < 2 {
		t.Errorf("no two of %d concurrent writes shared a transaction", n)
	}
}

// TestGroupWriterRefusesAfterClose checks that a write after Close fails
// instead of waiting for ever, and that a caller who gave up never writes.
func TestGroupWriterRefusesAfterClose(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, Options{URL: filepath.Join(t.TempDir(), "g.db"), Clock: xuezuo.SystemClock{}})
	if err != nil {
		t.Fatal(err)
	}
	ran := false
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.inTx(gone, func(context.Context, *sql.Tx, *sqlcdb.Queries) error { ran = true; return nil }); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("cancelled caller: got %v (ran %v), want canceled and not run", err, ran)
	}
	s.group.close()
	if err := s.inTx(ctx, func(context.Context, *sql.Tx, *sqlcdb.Queries) error { ran = true; return nil }); err == nil || ran {
		t.Errorf("write after close: got %v (ran %v), want an error", err, ran)
	}
	s.Close()
}
