package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"xuezuo"
	"xuezuo/internal/store/sqlcdb"
)

// readers is the size of SQLite's reader pool.
const readers = 4

// Store is the database behind every feature service.
type Store struct {
	w     *sql.DB // writer: one connection on SQLite
	r     *sql.DB // readers; the same pool as w on PostgreSQL
	d     dialect
	clock xuezuo.Clock
	url   string
	sync  string // SQLite's synchronous level, from Options.Sync
	// scopeScan is the search threshold of SetScopeScan.
	scopeScan atomic.Int64
	wideScope atomic.Int64 // see SetWideScope
	trees     treeCache
	// group commits the writes of concurrent callers together (SQLite;
	// nil on PostgreSQL).
	group *groupWriter
	// blocks hands out ids on PostgreSQL, reserving on idPool (nil on SQLite).
	blocks *idBlocks
	idPool *sql.DB
	// pools names every connection pool for PoolStats.
	pools map[string]*sql.DB
	// rq and wq hold every query prepared on the reader and writer pools:
	// parsing a statement costs more than running most of them.
	rq, wq *sqlcdb.Queries
	// fields seals and opens members' phones; nil without a field key
	// (fieldcipher.go). sealedAtOpen counts the phones Open encrypted.
	fields       *fieldCipher
	sealedAtOpen int
}

// Options configure Open.
type Options struct {
	// URL selects the database: "postgres://…" or "postgresql://…" for
	// PostgreSQL; anything else is a SQLite file path.
	URL   string
	Clock xuezuo.Clock
	// Sync is SQLite's durability: "normal" (or empty) survives a crash of
	// the process, "full" also power loss, at the cost of a flush per
	// commit. PostgreSQL ignores it: synchronous_commit (on by default)
	// already flushes every commit.
	Sync string
	// ObserveGroup, if set, is called by SQLite's group writer after each
	// COMMIT with the number of writes the transaction carried (for a
	// metrics histogram). It runs on the writer's goroutine, after the
	// callers have their answers, so it must return at once. PostgreSQL
	// does not group writes and never calls it.
	ObserveGroup func(size int)
	// FieldKey is the 16-byte SM4 key that encrypts members' phone numbers
	// at rest (ParseFieldKey reads a key file); nil keeps them in clear.
	// Open refuses a database encrypted under another key, or under one
	// when FieldKey is nil, and encrypts a clear database in place.
	FieldKey []byte
}

// Open opens the database and runs pending migrations.
func Open(ctx context.Context, o Options) (*Store, error) {
	s := &Store{clock: o.Clock, url: o.URL}
	switch o.Sync {
	case "", "normal":
		s.sync = "NORMAL"
	case "full":
		s.sync = "FULL"
	default:
		return nil, fmt.Errorf("unknown sync setting %q (normal or full)", o.Sync)
	}
	s.scopeScan.Store(defaultScopeScan)
	s.wideScope.Store(defaultWideScope)
	if s.clock == nil {
		s.clock = xuezuo.SystemClock{}
	}
	s.d = dialectFor(o.URL)
	if err := s.d.open(ctx, s, o.URL); err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.prepare(ctx); err != nil {
		s.Close()
		return nil, err
	}
	// Before anything reads or writes a phone.
	if err := s.initFieldKey(ctx, o.FieldKey); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.finishPendingWork(ctx, nil); err != nil {
		s.Close()
		return nil, err
	}
	// SQLite commits concurrent writes in groups; groupsWrites says why
	// PostgreSQL does not.
	if s.d.groupsWrites() {
		g, err := newGroupWriter(ctx, s.w, s.wq, true, o.ObserveGroup)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.group = g
	}
	return s, nil
}

// prepare readies every query on both pools (after the migrations, which
// the statements need).
func (s *Store) prepare(ctx context.Context) error {
	var err error
	if s.rq, err = sqlcdb.Prepare(ctx, s.r); err != nil {
		return fmt.Errorf("prepare queries: %w", err)
	}
	s.wq = s.rq
	if s.w != s.r {
		if s.wq, err = sqlcdb.Prepare(ctx, s.w); err != nil {
			return fmt.Errorf("prepare writer queries: %w", err)
		}
	}
	return nil
}

func (s *Store) openPostgres(ctx context.Context, url string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return fmt.Errorf("connect postgres: %w", err)
	}
	ids, err := sql.Open("pgx", url)
	if err != nil {
		db.Close()
		return fmt.Errorf("open postgres: %w", err)
	}
	ids.SetMaxOpenConns(2)
	s.w, s.r, s.d, s.idPool, s.blocks = db, db, postgresDialect{}, ids, newIDBlocks(ids)
	s.pools = map[string]*sql.DB{"main": db, "ids": ids}
	return nil
}

func (s *Store) openSQLite(ctx context.Context, path string) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("create data dir: %w", err)
		}
	}
	if err := PrivateSQLiteFile(path); err != nil {
		return err
	}
	// busy_timeout comes first: without it the switch to WAL can fail with
	// SQLITE_BUSY. _time_format=sqlite keeps DATE values strftime-readable.
	// synchronous is NORMAL (a commit survives the process, WAL keeps the
	// file sound after power loss) or FULL (a commit is on disk), see Options.Sync.
	level := s.sync
	if level == "" { // a Store not made by Open (a test's) gets the default
		level = "NORMAL"
	}
	base := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(" + level + ")&_pragma=foreign_keys(1)&_pragma=cache_size(-16000)&_time_format=sqlite"
	w, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	// One writer connection: SQLite allows one writer, and queueing in Go is
	// cheaper than retrying on SQLITE_BUSY.
	w.SetMaxOpenConns(1)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return fmt.Errorf("open sqlite readers: %w", err)
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	s.w, s.r, s.d = w, r, sqliteDialect{}
	s.pools = map[string]*sql.DB{"writer": w, "reader": r}
	return nil
}

// Close stops the group writer and closes the pools.
func (s *Store) Close() error {
	if s.group != nil {
		s.group.close()
	}
	for _, q := range []*sqlcdb.Queries{s.rq, s.wq} {
		if q != nil {
			_ = q.Close() // the pools close next and end every statement anyway
		}
	}
	err := s.w.Close()
	if s.idPool != nil {
		_ = s.idPool.Close() // holds no transaction between reservations
	}
	if s.r != s.w {
		if e := s.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Engine names the database engine: "sqlite" or "postgres".
func (s *Store) Engine() string { return s.d.name() }

// q returns queries on the reader pool.
func (s *Store) q() *sqlcdb.Queries { return s.rq }

// now returns the store clock's time.
func (s *Store) now() time.Time { return s.clock.Now() }

// txFunc is the body of one write transaction. Its ctx is the one to use
// inside: on SQLite it is never cancelled (see groupWriter.run).
type txFunc func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error

// inTx runs fn in one write transaction and maps driver errors. It is the
// only way the store writes: one exported method is one transaction, which
// on SQLite the group writer commits together with concurrent callers'.
func (s *Store) inTx(ctx context.Context, fn txFunc) error {
	if s.group != nil {
		return s.mapErr(s.group.run(ctx, fn))
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.mapErr(fmt.Errorf("begin: %w", err))
	}
	defer tx.Rollback()
	if s.blocks != nil {
		ctx = withAllocator(ctx, s.blocks)
	}
	ctx = context.WithValue(ctx, txKey{}, tx)
	if err := callTx(ctx, fn, tx, s.wq.WithTx(tx)); err != nil {
		return s.mapErr(err)
	}
	if err := tx.Commit(); err != nil {
		return s.mapErr(fmt.Errorf("commit: %w", err))
	}
	return nil
}

func nullID(id xuezuo.ID) sql.NullInt64 {
	return sql.NullInt64{Int64: id, Valid: id != 0}
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}
