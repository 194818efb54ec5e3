package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"xuezuo"
	"xuezuo/internal/store/sqlcdb"
)

// openGroupTest opens a SQLite store in a temporary folder, checks that it
// commits in groups, and runs ddl on it.
func openGroupTest(t *testing.T, ddl string) *Store {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, Options{URL: filepath.Join(t.TempDir(), "g.db"), Clock: xuezuo.SystemClock{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if s.group == nil {
		t.Fatal("SQLite store without a group writer")
	}
	if err := s.ExecForTest(ctx, ddl); err != nil {
		t.Fatal(err)
	}
	return s
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
	s := openGroupTest(t, `CREATE TABLE gi (id INTEGER PRIMARY KEY, w INTEGER NOT NULL)`)
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
