package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"xuezuo"
	"xuezuo/internal/store"
	"xuezuo/internal/store/storetest"
)

// TestGroupCommitIsolatesEachWrite runs many concurrent writes through the
// group writer, some of which fail after writing (a returned error, a
// constraint violation on their second statement): each write must be all
// or nothing, exactly as in its own transaction, whatever group it shared.
// On PostgreSQL, which does not group writes, the same must hold for plain
// concurrent transactions.
func TestGroupCommitIsolatesEachWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var mu sync.Mutex
	largest := 0
	s, err := store.Open(ctx, store.Options{URL: storetest.URL(t), Clock: storetest.Clock, ObserveGroup: func(n int) {
		mu.Lock()
		largest = max(largest, n)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := storetest.Exec(t, s, `CREATE TABLE gt (k BIGINT PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if err := storetest.Exec(t, s, `INSERT INTO gt VALUES (-1, 'x')`); err != nil {
		t.Fatal(err)
	}
	const n = 400
	errBoom := errors.New("boom")
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			errs[i] = s.TxForTest(ctx, func(exec func(string, ...any) error) error {
				if err := exec(`INSERT INTO gt (k, v) VALUES ($1, 'a')`, i); err != nil {
					return err
				}
				second := i + n
				if i%5 == 1 {
					second = -1 // there before the test: a unique violation
				}
				if err := exec(`INSERT INTO gt (k, v) VALUES ($1, 'b')`, second); err != nil {
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
	want := map[string]bool{"-1:x": true}
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
			want[fmt.Sprintf("%d:a", i)], want[fmt.Sprintf("%d:b", i+n)] = true, true
		}
	}
	got := storetest.QueryStrings(t, s, `SELECT CAST(k AS TEXT) || ':' || v FROM gt`)
	if len(got) != len(want) {
		t.Errorf("%d rows saved, want %d (failed writes must leave nothing)", len(got), len(want))
	}
	for _, g := range got {
		if !want[g] {
			t.Errorf("row %s of a failed write was saved", g)
		}
	}
	s.Close() // waits for the writer, so every group has been observed
	mu.Lock()
	defer mu.Unlock()
	if s.Engine() == "sqlite" && largest < 2 {
		t.Errorf("no two of %d concurrent writes shared a transaction", n)
	}
}

// TestPanicInWriteFailsOnlyThatWrite checks that a write whose body panics
// fails alone, leaves nothing, and that the store keeps writing.
func TestPanicInWriteFailsOnlyThatWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storetest.Open(t)
	if err := storetest.Exec(t, s, `CREATE TABLE gp (k BIGINT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range 20 {
		wg.Go(func() {
			errs[i] = s.TxForTest(ctx, func(exec func(string, ...any) error) error {
				if err := exec(`INSERT INTO gp (k) VALUES ($1)`, i); err != nil {
					return err
				}
				if i == 7 {
					panic("boom")
				}
				return nil
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if (i == 7) != (err != nil) {
			t.Errorf("write %d: %v", i, err)
		}
	}
	if got := storetest.QueryStrings(t, s, `SELECT CAST(COUNT(*) AS TEXT) FROM gp WHERE k <> 7`); got[0] != "19" {
		t.Errorf("%s rows of the other writes, want 19", got[0])
	}
	if got := storetest.QueryStrings(t, s, `SELECT CAST(COUNT(*) AS TEXT) FROM gp WHERE k = 7`); got[0] != "0" {
		t.Error("the panicking write's row was saved")
	}
}
