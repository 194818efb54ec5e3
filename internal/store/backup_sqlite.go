package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"xuezuo"
)

// fileName is the SQLite copy's name inside a backup archive.
func (sqliteDialect) fileName() string { return "database.sqlite" }

// snapshot copies the database with VACUUM INTO, which reads one
// consistent state while writers go on (they wait for the one writer
// connection only while the copy runs), then sums the copy.
func (sqliteDialect) snapshot(ctx context.Context, s *Store, path string) ([]TableSum, []string, error) {
	stmt, err := s.d.backupSQL()
	if err != nil {
		return nil, nil, err
	}
	// An empty file of our own mode: VACUUM INTO fills an empty file, and
	// SQLite would otherwise create it world-readable.
	if err := createPrivate(path); err != nil {
		return nil, nil, err
	}
	if _, err := s.w.ExecContext(ctx, stmt, path); err != nil {
		return nil, nil, fmt.Errorf("snapshot: %w", err)
	}
	db, err := openSQLiteReadOnly(path)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	tabs, err := sqliteTables(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	return sumTables(ctx, db, tabs)
}

// checkEmpty refuses a SQLite file that exists (with content or not).
func (sqliteDialect) checkEmpty(_ context.Context, path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if _, err := os.Lstat(p); err == nil {
			return restoreRefused("数据库文件 %s 已存在：恢复只写入新的数据库，请用 --data 指定一个空目录（或用 --db 指定一个不存在的文件）", p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("check restore target %s: %w", p, err)
		}
	}
	return nil
}

// restore copies the snapshot to path (mode 0600) and sums the copy.
func (sqliteDialect) restore(ctx context.Context, path, src string) ([]TableSum, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
	}
	if err := copyPrivate(path, src); err != nil {
		return nil, err
	}
	return sqliteDialect{}.sumCopy(ctx, path)
}

// sumCopy checks SQLite's own integrity of the file at path and sums its
// tables; what cannot be read is a damaged backup.
func (sqliteDialect) sumCopy(ctx context.Context, path string) ([]TableSum, error) {
	db, err := openSQLiteReadOnly(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var ok string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&ok); err != nil || ok != "ok" {
		return nil, restoreDamaged("数据库文件已损坏，SQLite 完整性检查未通过（%s）：请换一个完好的备份", checkResult(ok, err))
	}
	tabs, err := sqliteTables(ctx, db)
	if err != nil {
		return nil, restoreDamaged("数据库文件已损坏，读不出表结构（%v）：请换一个完好的备份", err)
	}
	sums, _, err := sumTables(ctx, db, tabs)
	if err != nil {
		return nil, restoreDamaged("数据库文件已损坏，读不出数据（%v）：请换一个完好的备份", err)
	}
	return sums, nil
}

// openSQLiteReadOnly opens a SQLite file for reading only, outside the
// store's pools; the same settings read the snapshot and the restored copy,
// so that both yield the same values to hash.
func openSQLiteReadOnly(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)&_time_format=sqlite")
	if err != nil {
		return nil, fmt.Errorf("open snapshot: %w", err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// sqliteTables lists the ordinary tables with their columns and primary
// keys. FTS5 virtual tables are left out: their shadow tables are ordinary
// tables and carry their content.
func sqliteTables(ctx context.Context, db *sql.DB) ([]tableInfo, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list tables: %w", err)
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	tabs := make([]tableInfo, 0, len(names))
	for _, n := range names {
		t := tableInfo{name: n}
		cols, err := db.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, n)
		if err != nil {
			return nil, fmt.Errorf("columns of %s: %w", n, err)
		}
		pk := map[int]string{}
		for cols.Next() {
			var c string
			var k int
			if err := cols.Scan(&c, &k); err != nil {
				cols.Close()
				return nil, fmt.Errorf("columns of %s: %w", n, err)
			}
			t.columns = append(t.columns, c)
			if k > 0 {
				pk[k] = quoteIdent(c)
			}
		}
		cols.Close()
		for i := 1; i <= len(pk); i++ {
			t.orderBy = append(t.orderBy, pk[i])
		}
		if len(t.orderBy) == 0 {
			for _, c := range t.columns {
				t.orderBy = append(t.orderBy, quoteIdent(c))
			}
		}
		tabs = append(tabs, t)
	}
	return tabs, nil
}

// createPrivate creates an empty file readable by its owner only; an
// existing file is an error.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	return f.Close()
}

// copyPrivate copies src to the new file dst (mode 0600) and syncs it.
func copyPrivate(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("restore %s: %w", dst, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("restore %s: %w", dst, err)
	}
	return out.Close()
}

// PrivateSQLiteFile makes the SQLite file at path readable by its owner
// only, before SQLite opens it: a new file is created empty with mode 0600
// (SQLite gives its -wal, -shm and -journal files the main file's mode),
// and an existing file and its companions lose group and other bits. A
// chmod that fails (a file of another owner the process may still write)
// leaves the mode as it was rather than stopping the start.
func PrivateSQLiteFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		return f.Close()
	case !errors.Is(err, fs.ErrExist):
		return nil // SQLite reports the real problem in its own words
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o077 != 0 {
			_ = os.Chmod(p, fi.Mode().Perm()&0o700)
		}
	}
	return nil
}

// restoreDamaged is the error of a backup whose content does not check.
func restoreDamaged(format string, args ...any) error {
	return xuezuo.Errorf(xuezuo.EInvalid, format, args...)
}

// checkResult is the first line of a quick_check answer, or its error.
func checkResult(s string, err error) string {
	if err != nil {
		return err.Error()
	}
	s, _, _ = strings.Cut(s, "\n")
	return s
}
