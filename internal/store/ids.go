package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"xuezuo/internal/store/sqlcdb"
)

// idAllocator hands out ids inside a write transaction instead of the
// id_seq statement in it; the write's ctx carries one (allocatorKey).
type idAllocator interface {
	alloc(ctx context.Context, q *sqlcdb.Queries, table string, n int) (int64, error)
}

// allocatorKey carries the idAllocator of a write in its ctx.
type allocatorKey struct{}

// withAllocator returns ctx carrying a.
func withAllocator(ctx context.Context, a idAllocator) context.Context {
	return context.WithValue(ctx, allocatorKey{}, a)
}

// allocIDs reserves n consecutive ids for table inside tx and returns the
// first: from the write's allocator if it has one, else by the id_seq row.
func allocIDs(ctx context.Context, q *sqlcdb.Queries, table string, n int) (int64, error) {
	if a, ok := ctx.Value(allocatorKey{}).(idAllocator); ok {
		return a.alloc(ctx, q, table, n)
	}
	end, err := q.AllocIDs(ctx, sqlcdb.AllocIDsParams{Name: table, N: int64(n)})
	if err != nil {
		return 0, fmt.Errorf("alloc %s ids: %w", table, err)
	}
	return end - int64(n), nil
}

// allocID reserves one id for table.
func allocID(ctx context.Context, q *sqlcdb.Queries, table string) (int64, error) {
	return allocIDs(ctx, q, table, 1)
}

// idBlockSize is how many ids of a table a PostgreSQL server reserves at once.
const idBlockSize = 64

// idBlocks hands out ids on PostgreSQL from blocks reserved by statements
// of their own, each committed at once on a separate small pool.
//
// Why: an id taken by updating the table's id_seq row inside the write's
// transaction keeps that row locked until the write commits, so every
// insert of every session queued behind the previous one's commit (its WAL
// flush): 600–1,000 check-ins/s at S=100. A block reservation commits on
// its own (durably, synchronous_commit as configured) before any of its ids
// is used, so ids are never handed out twice, by this process or any other;
// a write that rolls back leaves a gap, and so does a server that stops
// with part of a block unused. The separate pool means a write holding a
// connection of the main pool never waits for another one of it.
type idBlocks struct {
	q    *sqlcdb.Queries // on the reservation pool
	mu   sync.Mutex
	next map[string][2]int64 // table → [next, end)
}

// newIDBlocks returns an allocator reserving on db.
func newIDBlocks(db *sql.DB) *idBlocks {
	return &idBlocks{q: sqlcdb.New(db), next: make(map[string][2]int64)}
}

// alloc hands out n consecutive ids of table; the write's own q is unused.
func (b *idBlocks) alloc(ctx context.Context, _ *sqlcdb.Queries, table string, n int) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.next[table]
	if r[1]-r[0] < int64(n) { // not enough left: a fresh block (the rest is a gap)
		size := int64(max(n, idBlockSize))
		end, err := b.q.AllocIDs(ctx, sqlcdb.AllocIDsParams{Name: table, N: size})
		if err != nil {
			return 0, fmt.Errorf("reserve %s ids: %w", table, err)
		}
		r = [2]int64{end - size, end}
	}
	first := r[0]
	b.next[table] = [2]int64{first + int64(n), r[1]}
	return first, nil
}
