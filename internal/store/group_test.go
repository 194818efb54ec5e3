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

// TestGroupIDsNeverRepeat allocates ids from many concurrent writes, some of
// which roll back: no id may be handed out twice, and the stored sequence
// must end above every id used, for the groups and single writes after.
func TestGroupIDsNeverRepeat(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, Options{URL: filepath.Join(t.TempDir(), "g.db"), Clock: xuezuo.SystemClock{}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.ExecForTest(ctx, `CREATE TABLE gi (id INTEGER PRIMARY KEY, w INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	errBoom := errors.New("boom")
	write := func(i int) error {
		return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
			first, err := allocIDs(ctx, q, "gi", 1+i%3)
			if err != nil {
				return err
			}
			for k := range 1 + i%3 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO gi (id, w) VALUES ($1, $2)`, first+int64(k), i); err != nil {
					return err
				}
			}
			if i%4 == 3 {
				return errBoom
			}
			return nil
		})
	}
	var want int64
	for round := range 3 { // rounds: the sequence must carry over between groups
		var wg sync.WaitGroup
		errs := make([]error, 200)
		for i := range 200 {
			wg.Go(func() { errs[i] = write(round*1000 + i) })
		}
		wg.Wait()
		for i, err := range errs {
			if (i%4 == 3) != errors.Is(err, errBoom) || (i%4 != 3 && err != nil) {
				t.Fatalf("round %d write %d: %v", round, i, err)
			}
			if i%4 != 3 {
				want += int64(1 + (round*1000+i)%3)
			}
		}
	}
	var maxID, rows int64
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0), COUNT(*) FROM gi`).Scan(&maxID, &rows); err != nil {
		t.Fatal(err)
	}
	next, err := s.wq.NextID(ctx, "gi")
	if err != nil || len(next) != 1 || next[0] <= maxID {
		t.Errorf("stored sequence %v (%v), want above the largest id %d", next, err, maxID)
	}
	if rows != want {
		t.Errorf("%d rows, want %d (failed writes must leave none)", rows, want)
	}
}
