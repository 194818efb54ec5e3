package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"xuezuo"
)

// TableSum is the row count and checksum of one table in a snapshot: the
// SHA-256 over its rows in primary-key order (see rowHasher).
type TableSum struct {
	Name   string `json:"name"`
	Rows   int64  `json:"rows"`
	SHA256 string `json:"sha256"`
}

// Snapshot is a consistent copy of the database, taken online for a
// backup: a SQLite file (VACUUM INTO) or a pg_dump custom-format archive.
// Tables and BlobKeys are read from the copy itself (PostgreSQL: in the
// snapshot pg_dump exported from), so that writes during the backup change
// neither.
type Snapshot struct {
	Engine string // "sqlite" or "postgres"
	Path   string // the copy, in a private temporary directory
	Tables []TableSum
	// BlobKeys are the distinct values of every column named sha256: the
	// uploaded files the copy's rows point to, sorted.
	BlobKeys []string
	dir      string
}

// Remove deletes the copy and its temporary directory.
func (s *Snapshot) Remove() error { return os.RemoveAll(s.dir) }

// backupEngine is the engine-specific half of backup and restore. It sits
// beside the code that uses it rather than in the dialect interface: both
// dialects implement it (asserted below), and Snapshot and RestoreDatabase
// are its only callers.
type backupEngine interface {
	// snapshot copies the live database of s into path and sums the copy.
	snapshot(ctx context.Context, s *Store, path string) (tables []TableSum, keys []string, err error)
	// fileName is the name of the copy inside a backup archive.
	fileName() string
	// checkEmpty refuses a restore target that holds anything.
	checkEmpty(ctx context.Context, url string) error
	// restore loads the copy at src into the empty database at url and
	// sums what it restored.
	restore(ctx context.Context, url, src string) ([]TableSum, error)
	// sumCopy sums the tables of a copy without loading it anywhere, or
	// answers errors.ErrUnsupported.
	sumCopy(ctx context.Context, src string) ([]TableSum, error)
}

var (
	_ backupEngine = sqliteDialect{}
	_ backupEngine = postgresDialect{}
)

func backupFor(d dialect) backupEngine { return d.(backupEngine) }

// EngineOf names the engine a database URL selects: "sqlite" or "postgres".
func EngineOf(url string) string { return dialectFor(url).name() }

// BackupFileName is the name of the database copy inside a backup archive
// of engine ("sqlite" or "postgres"); "" for any other name.
func BackupFileName(engine string) string {
	for _, d := range []dialect{sqliteDialect{}, postgresDialect{}} {
		if d.name() == engine {
			return backupFor(d).fileName()
		}
	}
	return ""
}

// Snapshot copies the database while it stays online into a new private
// directory under tmpDir ("" for the system's) and sums the copy. The
// caller removes it with Remove.
func (s *Store) Snapshot(ctx context.Context, tmpDir string) (*Snapshot, error) {
	dir, err := os.MkdirTemp(tmpDir, ".xuezuo-snapshot-")
	if err != nil {
		return nil, fmt.Errorf("snapshot dir: %w", err)
	}
	e := backupFor(s.d)
	snap := &Snapshot{Engine: s.d.name(), Path: dir + string(os.PathSeparator) + e.fileName(), dir: dir}
	if snap.Tables, snap.BlobKeys, err = e.snapshot(ctx, s, snap.Path); err != nil {
		snap.Remove()
		return nil, err
	}
	return snap, nil
}

// CheckRestoreTarget refuses to restore into the database at url unless it
// is empty: a SQLite file that does not exist yet, or a PostgreSQL database
// without tables.
func CheckRestoreTarget(ctx context.Context, url string) error {
	return backupFor(dialectFor(url)).checkEmpty(ctx, url)
}

// RestoreDatabase loads the snapshot file src into the empty database at
// url and returns the counts and checksums of what it restored, for the
// caller to compare with the backup's manifest. It does not migrate.
func RestoreDatabase(ctx context.Context, url, src string) ([]TableSum, error) {
	e := backupFor(dialectFor(url))
	if err := e.checkEmpty(ctx, url); err != nil {
		return nil, err
	}
	return e.restore(ctx, url, src)
}

// SumSnapshotFile sums the tables of a database copy of engine without
// loading it anywhere, to name the tables of a damaged backup. SQLite reads
// the file itself; a pg_dump archive cannot be read without a database to
// load it into, so PostgreSQL answers errors.ErrUnsupported.
func SumSnapshotFile(ctx context.Context, engine, src string) ([]TableSum, error) {
	for _, d := range []dialect{sqliteDialect{}, postgresDialect{}} {
		if d.name() == engine {
			return backupFor(d).sumCopy(ctx, src)
		}
	}
	return nil, errors.ErrUnsupported
}

// queryer is a pool, a connection or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// tableInfo is what summing a table needs: its name, its columns and the
// columns that order it (the primary key; all columns for a table without
// one, whose identical rows then hash the same in any order).
type tableInfo struct {
	name    string
	columns []string
	orderBy []string
}

// sumTables counts and hashes every table of tabs and gathers the distinct
// values of columns named sha256 (the blob keys rows point to).
func sumTables(ctx context.Context, q queryer, tabs []tableInfo) ([]TableSum, []string, error) {
	var sums []TableSum
	keys := map[string]bool{}
	for _, t := range tabs {
		sum, err := sumTable(ctx, q, t)
		if err != nil {
			return nil, nil, err
		}
		sums = append(sums, sum)
		if slices.Contains(t.columns, "sha256") {
			if err := distinct(ctx, q, t.name, "sha256", keys); err != nil {
				return nil, nil, err
			}
		}
	}
	out := make([]string, 0, len(keys))
	for k := range keys {
		out = append(out, k)
	}
	slices.Sort(out)
	return sums, out, nil
}

func sumTable(ctx context.Context, q queryer, t tableInfo) (TableSum, error) {
	cols := make([]string, len(t.columns))
	for i, c := range t.columns {
		cols[i] = quoteIdent(c)
	}
	query := "SELECT " + strings.Join(cols, ", ") + " FROM " + quoteIdent(t.name)
	if len(t.orderBy) > 0 {
		query += " ORDER BY " + strings.Join(t.orderBy, ", ")
	}
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return TableSum{}, fmt.Errorf("sum table %s: %w", t.name, err)
	}
	defer rows.Close()
	h := rowHasher{h: sha256.New()}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := int64(0)
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableSum{}, fmt.Errorf("sum table %s: %w", t.name, err)
		}
		h.row(vals)
		n++
	}
	if err := rows.Err(); err != nil {
		return TableSum{}, fmt.Errorf("sum table %s: %w", t.name, err)
	}
	return TableSum{Name: t.name, Rows: n, SHA256: hex.EncodeToString(h.h.Sum(nil))}, nil
}

func distinct(ctx context.Context, q queryer, table, column string, into map[string]bool) error {
	rows, err := q.QueryContext(ctx, "SELECT DISTINCT "+quoteIdent(column)+" FROM "+quoteIdent(table))
	if err != nil {
		return fmt.Errorf("blob keys of %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var k sql.NullString
		if err := rows.Scan(&k); err != nil {
			return fmt.Errorf("blob keys of %s: %w", table, err)
		}
		if k.Valid && k.String != "" {
			into[k.String] = true
		}
	}
	return rows.Err()
}

// rowHasher feeds rows into a hash with each value tagged by its type and
// length-prefixed, so that ("ab","c") and ("a","bc") differ.
type rowHasher struct {
	h   hash.Hash
	buf [9]byte
}

func (r *rowHasher) tagged(tag byte, v uint64) {
	r.buf[0] = tag
	binary.BigEndian.PutUint64(r.buf[1:], v)
	r.h.Write(r.buf[:])
}

func (r *rowHasher) bytes(tag byte, b []byte) {
	r.tagged(tag, uint64(len(b)))
	r.h.Write(b)
}

func (r *rowHasher) row(vals []any) {
	r.tagged('r', uint64(len(vals)))
	for _, v := range vals {
		switch v := v.(type) {
		case nil:
			r.tagged('n', 0)
		case int64:
			r.tagged('i', uint64(v))
		case float64:
			r.tagged('f', math.Float64bits(v))
		case bool:
			b := uint64(0)
			if v {
				b = 1
			}
			r.tagged('b', b)
		case []byte:
			r.bytes('x', v)
		case string:
			r.bytes('s', []byte(v))
		case time.Time:
			r.bytes('t', []byte(v.UTC().Format(time.RFC3339Nano)))
		default:
			r.bytes('o', fmt.Appendf(nil, "%T:%v", v, v))
		}
	}
}

// quoteIdent quotes a table or column name the same way on both engines.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// restoreRefused is the error of a restore target that is not empty.
func restoreRefused(format string, args ...any) error {
	return xuezuo.Errorf(xuezuo.EConflict, format, args...)
}
