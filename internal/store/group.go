package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"xuezuo/internal/store/sqlcdb"
)

// maxGroup bounds the writes one group transaction carries, so that a burst
// cannot hold the writer (and the answers of its first callers) for long.
const maxGroup = 64

// errClosed answers writes that arrive after Close.
var errClosed = errors.New("store closed")

// groupWriter runs the write transactions of concurrent callers on SQLite's
// single writer connection, several to a transaction (group commit).
//
// Why: SQLite allows one writer, and at 50 concurrent check-ins the BEGIN and
// COMMIT of each request (writing its pages to the WAL, checkpointing) cost
// more than its statements. The writer takes every write queued while the
// previous group ran and commits them together. Each write runs inside its
// own SAVEPOINT, so one that fails is rolled back alone and the others still
// commit: to each caller this is exactly its own transaction. A caller is
// answered only after the group's COMMIT; if the COMMIT fails, every write of
// the group reports that error and none of them is saved. Only SQLite uses
// it (Open says why not PostgreSQL).
type groupWriter struct {
	db *sql.DB
	wq *sqlcdb.Queries
	// memIDs hands out ids from memory within a group (groupIDs).
	memIDs bool
	// savepoint, rollback and release bracket each write of a group.
	savepoint, rollback, release *sql.Stmt
	reqs                         chan *writeReq
	stop                         chan struct{}
	done                         sync.WaitGroup
	once                         sync.Once
	// observe, if set, learns the size of each committed group
	// (Options.ObserveGroup).
	observe func(size int)
}

// writeReq is one caller's transaction function waiting for the writer.
type writeReq struct {
	ctx context.Context
	fn  txFunc
	err chan error // buffered: the writer never blocks on an answer
}

// newGroupWriter starts the writer goroutine over db (one connection);
// observe may be nil.
func newGroupWriter(ctx context.Context, db *sql.DB, wq *sqlcdb.Queries, memIDs bool, observe func(int)) (*groupWriter, error) {
	g := &groupWriter{db: db, wq: wq, memIDs: memIDs, observe: observe, reqs: make(chan *writeReq), stop: make(chan struct{})}
	// Prepared once: parsing them cost as much as a write's own statements.
	for _, p := range []struct {
		st  **sql.Stmt
		sql string
	}{{&g.savepoint, "SAVEPOINT w"}, {&g.rollback, "ROLLBACK TO w"}, {&g.release, "RELEASE w"}} {
		st, err := db.PrepareContext(ctx, p.sql)
		if err != nil {
			g.closeStmts()
			return nil, fmt.Errorf("prepare %s: %w", p.sql, err)
		}
		*p.st = st
	}
	g.done.Add(1)
	go g.loop()
	return g, nil
}

// closeStmts closes the prepared savepoint statements.
func (g *groupWriter) closeStmts() {
	for _, st := range []*sql.Stmt{g.savepoint, g.rollback, g.release} {
		if st != nil {
			_ = st.Close() // the pool closes next and ends them anyway
		}
	}
}

// run queues fn and waits for its outcome. The caller's cancellation is
// honoured only while the write waits: once it runs, fn gets a ctx that is
// never cancelled, because SQLite rolls back the whole transaction (the
// group's) when a statement inside it is interrupted.
func (g *groupWriter) run(ctx context.Context, fn txFunc) error {
	r := &writeReq{ctx: ctx, fn: fn, err: make(chan error, 1)}
	select {
	case g.reqs <- r:
	case <-ctx.Done():
		return ctx.Err()
	case <-g.stop:
		return errClosed
	}
	return <-r.err
}

// close stops the writer after the group it is running.
func (g *groupWriter) close() {
	g.once.Do(func() {
		close(g.stop)
		g.done.Wait()
		g.closeStmts()
	})
}

// loop takes the first waiting write, then every other write already
// waiting (up to maxGroup), and commits them as one transaction.
func (g *groupWriter) loop() {
	defer g.done.Done()
	batch := make([]*writeReq, 0, maxGroup)
	for {
		select {
		case <-g.stop:
			return
		case r := <-g.reqs:
			batch = append(batch[:0], r)
		}
	fill:
		for len(batch) < maxGroup {
			select {
			case r := <-g.reqs:
				batch = append(batch, r)
			default:
				break fill
			}
		}
		g.commit(batch)
		clear(batch) // drop the finished requests' memory
	}
}

// commit runs a group, answers each of its callers and then reports the
// group's size to the observer if it committed.
func (g *groupWriter) commit(batch []*writeReq) {
	live := batch[:0:0]
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err <- err // gave up while waiting: never started
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	errs := make([]error, len(live))
	committed, err := g.group(live, errs)
	for i, r := range live {
		if err != nil {
			r.err <- err
		} else {
			r.err <- errs[i]
		}
	}
	// After the answers: the callers need not wait for the metrics.
	if committed && g.observe != nil {
		g.observe(len(live))
	}
}

// group runs the writes in one transaction, each in a savepoint, and sets
// errs[i] to the error of write i. The returned error concerns the whole
// transaction (begin, savepoint bookkeeping, commit): then nothing is saved.
// committed reports whether the transaction committed (a lone write that
// fails is rolled back instead).
func (g *groupWriter) group(live []*writeReq, errs []error) (committed bool, err error) {
	ctx := context.Background()
	tx, err := g.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	q := g.wq.WithTx(tx)
	var ids *groupIDs
	if g.memIDs {
		ids = &groupIDs{}
	}
	if len(live) == 1 { // alone: no savepoint needed
		if errs[0] = runWrite(live[0], ids, tx, q); errs[0] != nil {
			return false, nil // rolled back by the deferred Rollback
		}
		return g.finish(ctx, tx, q, ids)
	}
	for i, r := range live {
		if _, err := tx.StmtContext(ctx, g.savepoint).ExecContext(ctx); err != nil {
			return false, fmt.Errorf("savepoint: %w", err)
		}
		errs[i] = runWrite(r, ids, tx, q)
		if errs[i] != nil {
			// ROLLBACK TO keeps the savepoint open; the RELEASE after it ends it.
			if _, err := tx.StmtContext(ctx, g.rollback).ExecContext(ctx); err != nil {
				return false, fmt.Errorf("roll back to savepoint: %w", err)
			}
		}
		if _, err := tx.StmtContext(ctx, g.release).ExecContext(ctx); err != nil {
			return false, fmt.Errorf("release savepoint: %w", err)
		}
	}
	return g.finish(ctx, tx, q, ids)
}

// runWrite runs one write's body of a group (see callTx).
func runWrite(r *writeReq, ids *groupIDs, tx *sql.Tx, q *sqlcdb.Queries) error {
	return callTx(writeCtx(r.ctx, ids), r.fn, tx, q)
}

// callTx runs a transaction body. A panic in it becomes its error, so the
// transaction rolls back as for any failure: on the group writer's
// goroutine a panic would otherwise end the process (the HTTP server
// recovers only panics on a request's own goroutine).
func callTx(ctx context.Context, fn txFunc, tx *sql.Tx, q *sqlcdb.Queries) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in a write: %v\n%s", p, debug.Stack())
		}
	}()
	return fn(ctx, tx, q)
}

// writeCtx is the ctx a write runs with: the caller's values, never
// cancelled (see run), and the group's id allocator if it has one.
func writeCtx(caller context.Context, ids *groupIDs) context.Context {
	ctx := context.WithoutCancel(caller)
	if ids == nil {
		return ctx
	}
	return withAllocator(ctx, ids)
}

// finish stores the group's id sequences and commits; committed is true
// when the COMMIT succeeded.
func (g *groupWriter) finish(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries, ids *groupIDs) (committed bool, err error) {
	if ids != nil {
		if err := ids.flush(ctx, q); err != nil {
			return false, err
		}
	}
	if err := commitTx(tx); err != nil {
		return false, err
	}
	return true, nil
}

// commitTx commits, naming the step in the error.
func commitTx(tx *sql.Tx) error {
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// groupIDs hands out ids to the writes of one group transaction from
// memory and stores the sequences once, before the COMMIT.
//
// Why: the id_seq row of a table is read and written by every insert, one
// statement per id; in a group the writer holds SQLite's write lock from
// BEGIN to COMMIT, so no one else can allocate meanwhile and the counter can
// live in memory for the group. Ids of a write rolled back to its savepoint
// are skipped (a gap, never a reuse); if the group fails, the stored
// sequences roll back with it and the next group reads them afresh.
type groupIDs struct {
	next map[string]int64
}

// alloc reserves n consecutive ids of table and returns the first.
func (g *groupIDs) alloc(ctx context.Context, q *sqlcdb.Queries, table string, n int) (int64, error) {
	first, ok := g.next[table]
	if !ok {
		cur, err := q.NextID(ctx, table)
		if err != nil {
			return 0, fmt.Errorf("read %s ids: %w", table, err)
		}
		first = 1
		if len(cur) > 0 {
			first = cur[0]
		}
		if g.next == nil {
			g.next = make(map[string]int64)
		}
	}
	g.next[table] = first + int64(n)
	return first, nil
}

// flush stores the sequences the group moved. BumpIDs never lowers one.
func (g *groupIDs) flush(ctx context.Context, q *sqlcdb.Queries) error {
	for table, next := range g.next {
		if err := q.BumpIDs(ctx, sqlcdb.BumpIDsParams{Name: table, NextID: next}); err != nil {
			return fmt.Errorf("store %s ids: %w", table, err)
		}
	}
	return nil
}
