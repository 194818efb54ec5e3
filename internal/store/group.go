package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

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
// the group reports that error and none of them is saved.
type groupWriter struct {
	db   *sql.DB
	wq   *sqlcdb.Queries
	reqs chan *writeReq
	stop chan struct{}
	done sync.WaitGroup
	once sync.Once
	// largest is the most writes one transaction has carried (for tests
	// and the curious; never read by the writer).
	largest atomic.Int64
}

// writeReq is one caller's transaction function waiting for the writer.
type writeReq struct {
	ctx context.Context
	fn  txFunc
	err chan error // buffered: the writer never blocks on an answer
}

// newGroupWriter starts the writer goroutine over db (one connection).
func newGroupWriter(db *sql.DB, wq *sqlcdb.Queries) *groupWriter {
	g := &groupWriter{db: db, wq: wq, reqs: make(chan *writeReq), stop: make(chan struct{})}
	g.done.Add(1)
	go g.loop()
	return g
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
	g.once.Do(func() { close(g.stop) })
	g.done.Wait()
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

// commit runs a group and answers each of its callers.
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
	if n := int64(len(live)); n > g.largest.Load() {
		g.largest.Store(n)
	}
	errs := make([]error, len(live))
	err := g.group(live, errs)
	for i, r := range live {
		if err != nil {
			r.err <- err
		} else {
			r.err <- errs[i]
		}
	}
}

// group runs the writes in one transaction, each in a savepoint, and sets
// errs[i] to the error of write i. The returned error concerns the whole
// transaction (begin, savepoint bookkeeping, commit): then nothing is saved.
func (g *groupWriter) group(live []*writeReq, errs []error) error {
	ctx := context.Background()
	tx, err := g.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	q := g.wq.WithTx(tx)
	if len(live) == 1 { // alone: no savepoint needed
		if errs[0] = live[0].fn(context.WithoutCancel(live[0].ctx), tx, q); errs[0] != nil {
			return nil // rolled back by the deferred Rollback
		}
		return commitTx(tx)
	}
	for i, r := range live {
		if _, err := tx.ExecContext(ctx, "SAVEPOINT w"); err != nil {
			return fmt.Errorf("savepoint: %w", err)
		}
		errs[i] = r.fn(context.WithoutCancel(r.ctx), tx, q)
		end := "RELEASE w"
		if errs[i] != nil {
			// ROLLBACK TO keeps the savepoint open; the RELEASE after it ends it.
			end = "ROLLBACK TO w; RELEASE w"
		}
		if _, err := tx.ExecContext(ctx, end); err != nil {
			return fmt.Errorf("end savepoint: %w", err)
		}
	}
	return commitTx(tx)
}

// commitTx commits, naming the step in the error.
func commitTx(tx *sql.Tx) error {
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
