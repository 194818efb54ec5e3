package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// fileName is the pg_dump archive's name inside a backup archive.
func (postgresDialect) fileName() string { return "database.pgdump" }

// snapshot dumps the database with pg_dump in the snapshot of a REPEATABLE
// READ transaction of our own, which it exports (pg_export_snapshot) and
// keeps open while pg_dump runs (pg_dump --snapshot). The counts and
// checksums are read in that same transaction after the dump, so the
// manifest describes exactly the rows the dump holds, whatever commits
// meanwhile.
func (postgresDialect) snapshot(ctx context.Context, s *Store, path string) ([]TableSum, []string, error) {
	bin, err := pgTool("pg_dump")
	if err != nil {
		return nil, nil, err
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("snapshot: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, nil, fmt.Errorf("snapshot: %w", err)
	}
	defer tx.Rollback()
	var id string
	if err := tx.QueryRowContext(ctx, `SELECT pg_export_snapshot()`).Scan(&id); err != nil {
		return nil, nil, fmt.Errorf("export snapshot: %w", err)
	}
	if err := createPrivate(path); err != nil {
		return nil, nil, err
	}
	if err := runPgTool(ctx, bin, s.url, "--format=custom", "--snapshot="+id, "--file="+path); err != nil {
		return nil, nil, err
	}
	tabs, err := pgTables(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	return sumTables(ctx, tx, tabs)
}

// checkEmpty refuses a database that holds any table, view, sequence or
// function outside the system schemas.
func (postgresDialect) checkEmpty(ctx context.Context, url string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%')
		+ (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))`).Scan(&n)
	if err != nil {
		return fmt.Errorf("check restore target: %w", err)
	}
	if n > 0 {
		return restoreRefused("数据库不是空的（已有 %d 个表、序列或函数）：恢复只写入空数据库，请先新建一个（如 createdb 新库名），再用 --db 指定它", n)
	}
	return nil
}

// restore loads the dump with pg_restore in one transaction (a failure
// leaves the database empty), then sums the tables in one snapshot.
func (postgresDialect) restore(ctx context.Context, url, src string) ([]TableSum, error) {
	bin, err := pgTool("pg_restore")
	if err != nil {
		return nil, err
	}
	// Owners and grants name roles of the source server, which the target
	// may lack: the restoring user owns everything.
	if err := runPgTool(ctx, bin, url, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", src); err != nil {
		return nil, restoreDamaged("pg_restore 未能恢复数据库，备份中的数据库部分可能已损坏：请换一个完好的备份（%v）", err)
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sum restored tables: %w", err)
	}
	defer tx.Rollback()
	tabs, err := pgTables(ctx, tx)
	if err != nil {
		return nil, err
	}
	sums, _, err := sumTables(ctx, tx, tabs)
	return sums, err
}

// sumCopy cannot read a pg_dump archive without loading it.
func (postgresDialect) sumCopy(context.Context, string) ([]TableSum, error) {
	return nil, errors.ErrUnsupported
}

// pgTables lists the base tables of the current schema with their columns
// and primary keys. Text key columns sort with COLLATE "C" so that a
// database restored under another locale hashes its rows in the same order.
func pgTables(ctx context.Context, q queryer) ([]tableInfo, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.table_name, c.column_name, c.data_type
		FROM information_schema.columns c JOIN information_schema.tables t
		  ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var tabs []tableInfo
	text := map[string]bool{} // table.column of text type
	for rows.Next() {
		var tn, cn, typ string
		if err := rows.Scan(&tn, &cn, &typ); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list tables: %w", err)
		}
		if len(tabs) == 0 || tabs[len(tabs)-1].name != tn {
			tabs = append(tabs, tableInfo{name: tn})
		}
		tabs[len(tabs)-1].columns = append(tabs[len(tabs)-1].columns, cn)
		text[tn+"."+cn] = strings.Contains(typ, "char") || typ == "text"
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	for i := range tabs {
		t := &tabs[i]
		keys, err := pgPrimaryKey(ctx, q, t.name)
		if err != nil {
			return nil, err
		}
		if len(keys) == 0 {
			keys = t.columns
		}
		for _, k := range keys {
			col := quoteIdent(k)
			if text[t.name+"."+k] {
				col += ` COLLATE "C"`
			}
			t.orderBy = append(t.orderBy, col)
		}
	}
	return tabs, nil
}

func pgPrimaryKey(ctx context.Context, q queryer, table string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.attname FROM pg_index i
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
		WHERE i.indrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident($1)) AND i.indisprimary
		ORDER BY array_position(i.indkey::int2[], a.attnum)`, table)
	if err != nil {
		return nil, fmt.Errorf("primary key of %s: %w", table, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("primary key of %s: %w", table, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// pgTool finds a PostgreSQL client program: on PATH, else the newest under
// /usr/lib/postgresql/*/bin (Debian's postgresql packages).
func pgTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	version := func(p string) int {
		v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(p))))
		return v
	}
	slices.SortFunc(found, func(a, b string) int { return version(b) - version(a) })
	for _, p := range found {
		if fi, err := os.Stat(p); err == nil && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", restoreDamaged("找不到 %s：请安装 PostgreSQL 客户端程序（Debian/Ubuntu：apt-get install postgresql-client，版本不低于数据库服务器），或把它所在的目录加入 PATH", name)
}

// runPgTool runs a pg_dump or pg_restore against the database at dsn. A
// password in the URL travels in PGPASSWORD, not on the command line where
// any local user could read it.
func runPgTool(ctx context.Context, bin, dsn string, args ...string) error {
	env := os.Environ()
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+pw)
			u.User = url.User(u.User.Username())
			dsn = u.String()
		}
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"--dbname=" + dsn}, args...)...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = msg[:2000] + "…"
		}
		return fmt.Errorf("%s: %w: %s", filepath.Base(bin), err, msg)
	}
	return nil
}
