package store_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"xuezuo/internal/store"
	"xuezuo/internal/store/storetest"
)

// groupLog records the sizes ObserveGroup reports.
type groupLog struct {
	mu    sync.Mutex
	sizes []int
}

func (l *groupLog) observe(n int) {
	l.mu.Lock()
	l.sizes = append(l.sizes, n)
	l.mu.Unlock()
}

func (l *groupLog) get() []int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.sizes)
}

// openObserved opens a store on a fresh database whose group sizes go to
// the returned log.
func openObserved(t *testing.T) (*store.Store, *groupLog) {
	t.Helper()
	log := &groupLog{}
	s, err := store.Open(context.Background(), store.Options{URL: storetest.URL(t), Clock: storetest.Clock, ObserveGroup: log.observe})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := storetest.Exec(t, s, `CREATE TABLE og (k BIGINT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	return s, log
}

// insert writes key k in a transaction of its own.
func insert(ctx context.Context, s *store.Store, k int) error {
	return s.TxForTest(ctx, func(exec func(string, ...any) error) error {
		return exec(`INSERT INTO og (k) VALUES ($1)`, k)
	})
}

// TestObserveGroupSequential checks the sizes of writes made one after the
// other: each committed write is a group of one on SQLite, a write that
// fails alone commits nothing and is not reported, and PostgreSQL, which
// does not group writes, reports nothing.
func TestObserveGroupSequential(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, log := openObserved(t)
	for k := range 3 {
		if err := insert(ctx, s, k); err != nil {
			t.Fatal(err)
		}
	}
	if err := insert(ctx, s, 1); err == nil { // a duplicate key
		t.Fatal("duplicate insert: got nil, want a conflict")
	}
	errBoom := errors.New("boom")
	if err := s.TxForTest(ctx, func(func(string, ...any) error) error { return errBoom }); !errors.Is(err, errBoom) {
		t.Fatalf("failing write: got %v, want boom", err)
	}
	s.Close() // waits for the writer: every observation has been made
	want := []int{1, 1, 1}
	if s.Engine() != "sqlite" {
		want = nil
	}
	if got := log.get(); !slices.Equal(got, want) {
		t.Errorf("observed sizes %v, want %v", got, want)
	}
}

// TestObserveGroupConcurrent checks that the reported sizes of concurrent
// writes add up to the writes committed, each within the group bound.
func TestObserveGroupConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, log := openObserved(t)
	const n = 300
	var wg sync.WaitGroup
	for k := range n {
		wg.Go(func() {
			if err := insert(ctx, s, k); err != nil {
				t.Errorf("insert %d: %v", k, err)
			}
		})
	}
	wg.Wait()
	s.Close()
	sizes := log.get()
	if s.Engine() != "sqlite" {
		if len(sizes) != 0 {
			t.Errorf("observed %v on %s, want nothing (no grouping)", sizes, s.Engine())
		}
		return
	}
	total := 0
	for _, z := range sizes {
		if z < 1 || z > 64 {
			t.Errorf("group of %d writes, want 1…64", z)
		}
		total += z
	}
	if total != n {
		t.Errorf("observed groups hold %d writes, want %d", total, n)
	}
}

// TestPoolStats checks the pools each engine reports, their sizes, and that
// a wait for a full pool is counted.
func TestPoolStats(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storetest.Open(t)
	// Each engine's pools and their sizes (db.go), and the small pool to fill.
	poolMax := map[string]int{"writer": 1, "reader": 4}
	full := "writer"
	if s.Engine() != "sqlite" {
		poolMax, full = map[string]int{"main": 16, "ids": 2}, "ids"
	}
	stats := s.PoolStats()
	if got, want := slices.Sorted(maps.Keys(stats)), slices.Sorted(maps.Keys(poolMax)); !slices.Equal(got, want) {
		t.Fatalf("pools %v, want %v", got, want)
	}
	for name, st := range stats {
		if st.MaxOpen != poolMax[name] {
			t.Errorf("%s: MaxOpen %d, want %d", name, st.MaxOpen, poolMax[name])
		}
		if st.InUse != 0 || st.Open != st.Idle {
			t.Errorf("%s at rest: %+v, want nothing in use", name, st)
		}
	}

	var releases []func()
	for range poolMax[full] {
		release, err := s.HoldConnForTest(ctx, full)
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, release)
	}
	if st := s.PoolStats()[full]; st.InUse != poolMax[full] || st.Open != poolMax[full] {
		t.Errorf("%s full: %+v, want %d in use", full, st, poolMax[full])
	}
	got := make(chan func(), 1)
	go func() {
		release, err := s.HoldConnForTest(ctx, full) // waits for a free connection
		if err != nil {
			t.Error(err)
			release = func() {}
		}
		got <- release
	}()
	// The waiter is counted once it queues; then free a connection for it.
	for deadline := time.Now().Add(5 * time.Second); s.PoolStats()[full].WaitCount == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the waiter never queued")
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(5 * time.Millisecond) // so the wait takes measurable time
	releases[0]()
	(<-got)()
	for _, release := range releases[1:] {
		release()
	}
	st := s.PoolStats()[full]
	if st.WaitCount != 1 || st.WaitDuration <= 0 || st.InUse != 0 {
		t.Errorf("%s after one wait: %+v, want WaitCount 1, a duration and nothing in use", full, st)
	}
}
