package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// checkChange replaces the CHECK constraint of one column: from and to are
// the conditions as written inside CHECK ( … ).
type checkChange struct {
	table, column, from, to string
}

// attachmentOwners is migration 22: files may belong to branch summaries
// too. Its Down puts the old list back.
var attachmentOwners = checkChange{table: "attachments", column: "owner_kind",
	from: "owner_kind IN ('meeting', 'reflection')",
	to:   "owner_kind IN ('meeting', 'reflection', 'summary')"}

// reverse returns the change that undoes c.
func (c checkChange) reverse() checkChange {
	c.from, c.to = c.to, c.from
	return c
}

// attachmentOwnersUp is migration 22's Up on either engine.
func (s *Store) attachmentOwnersUp(ctx context.Context, tx *sql.Tx) error {
	return s.d.replaceCheck(ctx, tx, attachmentOwners)
}

// attachmentOwnersDown is migration 22's Down. The old CHECK cannot hold a
// summary's file, and deleting the rows would lose what a later Up cannot
// put back, so Down refuses while any exists and names what to do: delete
// the summaries' attachments first (their blobs stay for the sweep).
func (s *Store) attachmentOwnersDown(ctx context.Context, tx *sql.Tx) error {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM attachments WHERE owner_kind = 'summary'`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("migration 22 down: %d attachments belong to summaries; the old schema cannot hold them; delete them first", n)
	}
	return s.d.replaceCheck(ctx, tx, attachmentOwners.reverse())
}

// replaceCheckSQLite rebuilds a table with one CHECK changed: SQLite cannot
// alter a constraint. The table's own DDL is read back and edited rather
// than written out again, so that it keeps whatever form it has (rekeyed
// or not yet, see rebuildKeys); its indexes and triggers are created again
// after it. No other table may reference it: with foreign keys on, the DROP
// would check them (attachments has no such reference).
func replaceCheckSQLite(ctx context.Context, tx *sql.Tx, c checkChange) error {
	var ddl string
	if err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = $1`, c.table).Scan(&ddl); err != nil {
		return fmt.Errorf("read %s: %w", c.table, err)
	}
	next := strings.Replace(ddl, "CHECK ("+c.from+")", "CHECK ("+c.to+")", 1)
	if next == ddl {
		return fmt.Errorf("%s.%s: no CHECK (%s) to replace", c.table, c.column, c.from)
	}
	extras, err := schemaExtras(ctx, tx, c.table)
	if err != nil {
		return err
	}
	return rebuildTable(ctx, tx, tableDDL{name: c.table, create: next, extras: extras})
}

// replaceCheckPostgres swaps the column's named CHECK constraint, which
// PostgreSQL called table_column_check when the table was created.
func replaceCheckPostgres(ctx context.Context, tx *sql.Tx, c checkChange) error {
	name := c.table + "_" + c.column + "_check"
	for _, stmt := range []string{
		"ALTER TABLE " + c.table + " DROP CONSTRAINT " + name,
		"ALTER TABLE " + c.table + " ADD CONSTRAINT " + name + " CHECK (" + c.to + ")",
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}
