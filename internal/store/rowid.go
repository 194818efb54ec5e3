package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// keyedTables are rebuilt on SQLite so that their key is the table's own
// b-tree (see rebuildKeys). The other tables keep a rowid.
var keyedTables = []string{"org_tree", "campaign_orgs", "meeting_speakers", "attendance",
	"campaign_figures", "campaign_topic_figures", "campaign_evidence", "id_seq", "summary_versions", "summary_dues",
	"lecture_audience"}

// rebuildKeys runs after the migrations on SQLite (sqliteDialect's
// afterMigrate). The shared DDL declares ids as "id BIGINT PRIMARY KEY",
// which PostgreSQL stores as wanted but which SQLite keeps as a separate
// unique index beside the table's rowid: every read by id searched two
// b-trees and every insert wrote two. This rebuilds
// each such table with "id INTEGER PRIMARY KEY" (the id becomes the rowid;
// org_members' org_id likewise), and the tables keyed by several columns
// (attendance, the rollups, the closure table) as WITHOUT ROWID tables
// stored in key order. Columns, constraints, indexes and triggers stay as
// they were; ids, and with them the search index's rowids, do not change.
//
// It runs outside goose because a table that others reference can only be
// dropped and replaced with foreign keys off, which SQLite allows only
// between transactions, and goose's non-transactional Go migrations need a
// second connection to the writer. It is idempotent instead of versioned:
// it reads the schema, rebuilds only tables still in the old form, all in
// one transaction, so a crash leaves the old schema and the next start
// does it again; on a rebuilt database it costs one read of sqlite_schema.
func rebuildKeys(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	// Restored whatever happens: the connection returns to the pool.
	defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON")
	tables, err := tablesToRebuild(ctx, conn)
	if err != nil || len(tables) == 0 {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range tables {
		if err := rebuildTable(ctx, tx, t); err != nil {
			return fmt.Errorf("rebuild %s: %w", t.name, err)
		}
	}
	if err := foreignKeyCheck(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// tableDDL is a table to rebuild: its CREATE TABLE as it will be, and the
// indexes and triggers to create again after it.
type tableDDL struct {
	name, create string
	extras       []string
}

// tablesToRebuild reads the schema and returns the tables not yet rebuilt.
func tablesToRebuild(ctx context.Context, conn *sql.Conn) ([]tableDDL, error) {
	rows, err := conn.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var out []tableDDL
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			rows.Close()
			return nil, err
		}
		if next, ok := rekeyed(name, ddl); ok {
			out = append(out, tableDDL{name: name, create: next})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		extras, err := schemaExtras(ctx, conn, out[i].name)
		if err != nil {
			return nil, err
		}
		out[i].extras = extras
	}
	return out, nil
}

// rekeyed returns the rebuilt CREATE TABLE of a table that needs it.
func rekeyed(name, ddl string) (string, bool) {
	if strings.HasSuffix(strings.TrimSpace(ddl), "WITHOUT ROWID") {
		return "", false
	}
	for _, t := range keyedTables {
		if t == name {
			return strings.TrimSpace(ddl) + " WITHOUT ROWID", true
		}
	}
	for _, col := range []string{"id", "org_id"} {
		old := "\n    " + col + " BIGINT PRIMARY KEY"
		if strings.Contains(ddl, old) && (col == "id" || name == "org_members") {
			return strings.Replace(ddl, old, "\n    "+col+" INTEGER PRIMARY KEY", 1), true
		}
	}
	return "", false
}

// querier is a connection or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// schemaExtras returns the CREATE statements of a table's own indexes and
// triggers (not those SQLite makes for constraints).
func schemaExtras(ctx context.Context, conn querier, table string) ([]string, error) {
	rows, err := conn.QueryContext(ctx, `SELECT sql FROM sqlite_schema
		WHERE type IN ('index', 'trigger') AND tbl_name = $1 AND sql IS NOT NULL ORDER BY type, name`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ddl string
		if err := rows.Scan(&ddl); err != nil {
			return nil, err
		}
		out = append(out, ddl)
	}
	return out, rows.Err()
}

// rebuildTable copies a table into its new form under the same name.
func rebuildTable(ctx context.Context, tx *sql.Tx, t tableDDL) error {
	tmp := t.name + "_rekeyed"
	// A table that was renamed into place (by an earlier rebuild) is stored
	// with its name quoted.
	create := strings.Replace(t.create, `CREATE TABLE "`+t.name+`" (`, "CREATE TABLE "+tmp+" (", 1)
	create = strings.Replace(create, "CREATE TABLE "+t.name+" (", "CREATE TABLE "+tmp+" (", 1)
	if create == t.create {
		return fmt.Errorf("unexpected DDL %q", firstLine(t.create))
	}
	stmts := []string{
		create,
		"INSERT INTO " + tmp + " SELECT * FROM " + t.name,
		"DROP TABLE " + t.name,
		// legacy mode: the rename must not re-check other tables' triggers
		// while this one is being replaced.
		"PRAGMA legacy_alter_table = ON",
		"ALTER TABLE " + tmp + " RENAME TO " + t.name,
		"PRAGMA legacy_alter_table = OFF",
	}
	for _, s := range append(stmts, t.extras...) {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", firstLine(s), err)
		}
	}
	return nil
}

// foreignKeyCheck fails if the rebuilt schema holds a dangling reference.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return fmt.Errorf("foreign key check failed after rebuilding the tables")
	}
	return rows.Err()
}

// firstLine shortens a statement for an error message.
func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
