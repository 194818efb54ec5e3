package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"

	"xuezuo"
)

// dialect holds everything that differs between the engines. No other file
// asks which database it runs on.
type dialect interface {
	name() string
	goose() goose.Dialect
	// open connects the engine's pools for url and sets them on s.
	open(ctx context.Context, s *Store, url string) error
	// groupsWrites reports whether concurrent writes are committed
	// together by one writer goroutine (groupWriter).
	groupsWrites() bool
	// idsInCommitOrder reports whether a table's ids are handed out in the
	// order the rows commit, so the audit sealer can take the rows above the
	// last sealed id instead of a queue (auditchain.go).
	idsInCommitOrder() bool
	// afterMigrate runs the engine's own schema step after goose's
	// versioned migrations, on the writer pool.
	afterMigrate(ctx context.Context, w *sql.DB) error
	// backupSQL returns the statement that copies the live database into
	// the file bound at $1, or the error to answer when the engine has none.
	backupSQL() (string, error)
	// uniqueViolation and fkViolation classify driver errors.
	uniqueViolation(err error) bool
	fkViolation(err error) bool
	// appendOnlyDDL makes a table refuse UPDATE and DELETE;
	// dropAppendOnlyDDL undoes it (tests that play an intruder).
	appendOnlyDDL(table string) []string
	dropAppendOnlyDDL(table string) []string
	// replaceCheck changes a column's CHECK constraint inside tx: a table
	// rebuild on SQLite, an ALTER on PostgreSQL.
	replaceCheck(ctx context.Context, tx *sql.Tx, c checkChange) error
	// searchDDL indexes reflections.tokens for full-text search.
	searchDDL() []string
	// searchDDLv2 moves the index to the form migration 8 keeps.
	searchDDLv2() []string
	// bulkSearch returns the statements that stop the per-row index
	// upkeep before a bulk load of reflections, restore it afterwards, and
	// build the index for all of them: in the load's transaction (after) or
	// in the next one (later).
	bulkSearch() (before, after, later []string)
	// beginWrite opens a write transaction on a bare connection.
	beginWrite() string
	// bulkSettings returns the connection settings for a bulk load and the
	// statements that restore them, given the connection.
	bulkSettings(ctx context.Context, conn *sql.Conn) (set, reset []string, err error)
	// analyze refreshes the planner statistics after a bulk load.
	analyze() []string
	// bulkLoad writes rows on conn inside the caller's transaction.
	bulkLoad(ctx context.Context, conn *sql.Conn, t bulkTable, progress func(done int)) error
	// matchSQL returns a condition that reflection r holds every phrase
	// (token lists) bound at placeholder n; arg is the value to bind.
	matchSQL(n int, phrases [][]string) (cond string, arg any)
	// containsSQL returns a condition that column holds the text bound at n.
	containsSQL(column string, n int) string
}

// IsPostgres reports whether url selects PostgreSQL.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") || strings.HasPrefix(url, "postgres:///")
}

// dialectFor returns the dialect url selects: PostgreSQL for a postgres
// URL, SQLite (a file path) for anything else.
func dialectFor(url string) dialect {
	if IsPostgres(url) {
		return postgresDialect{}
	}
	return sqliteDialect{}
}

type sqliteDialect struct{}

func (sqliteDialect) name() string         { return "sqlite" }
func (sqliteDialect) goose() goose.Dialect { return goose.DialectSQLite3 }

func (sqliteDialect) uniqueViolation(err error) bool {
	var e *sqlite.Error
	// 2067 SQLITE_CONSTRAINT_UNIQUE, 1555 SQLITE_CONSTRAINT_PRIMARYKEY
	return errors.As(err, &e) && (e.Code() == 2067 || e.Code() == 1555)
}

func (sqliteDialect) fkViolation(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code() == 787 // SQLITE_CONSTRAINT_FOREIGNKEY
}

func (sqliteDialect) appendOnlyDDL(t string) []string {
	return []string{
		`CREATE TRIGGER ` + t + `_no_update BEFORE UPDATE ON ` + t + ` BEGIN SELECT RAISE(ABORT, '` + t + ` is append-only'); END`,
		`CREATE TRIGGER ` + t + `_no_delete BEFORE DELETE ON ` + t + ` BEGIN SELECT RAISE(ABORT, '` + t + ` is append-only'); END`,
	}
}

func (sqliteDialect) dropAppendOnlyDDL(t string) []string {
	return []string{`DROP TRIGGER ` + t + `_no_update`, `DROP TRIGGER ` + t + `_no_delete`}
}

func (sqliteDialect) replaceCheck(ctx context.Context, tx *sql.Tx, c checkChange) error {
	return replaceCheckSQLite(ctx, tx, c)
}

type postgresDialect struct{}

func (postgresDialect) replaceCheck(ctx context.Context, tx *sql.Tx, c checkChange) error {
	return replaceCheckPostgres(ctx, tx, c)
}

func (postgresDialect) name() string         { return "postgres" }
func (postgresDialect) goose() goose.Dialect { return goose.DialectPostgres }

func (postgresDialect) uniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

func (postgresDialect) fkViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23503"
}

func (postgresDialect) appendOnlyDDL(t string) []string {
	return []string{
		`CREATE FUNCTION ` + t + `_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '` + t + ` is append-only'; END $$`,
		`CREATE TRIGGER ` + t + `_no_change BEFORE UPDATE OR DELETE ON ` + t + ` FOR EACH ROW EXECUTE FUNCTION ` + t + `_append_only()`,
	}
}

func (postgresDialect) dropAppendOnlyDDL(t string) []string {
	return []string{`DROP TRIGGER ` + t + `_no_change ON ` + t, `DROP FUNCTION ` + t + `_append_only()`}
}

func (sqliteDialect) searchDDL() []string {
	return []string{
		`CREATE VIRTUAL TABLE reflections_fts USING fts5(tokens, content='reflections', content_rowid='id', tokenize='unicode61')`,
		`CREATE TRIGGER reflections_fts_ai AFTER INSERT ON reflections BEGIN
			INSERT INTO reflections_fts (rowid, tokens) VALUES (new.id, new.tokens); END`,
		`CREATE TRIGGER reflections_fts_ad AFTER DELETE ON reflections BEGIN
			INSERT INTO reflections_fts (reflections_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END`,
		`CREATE TRIGGER reflections_fts_au AFTER UPDATE OF tokens ON reflections BEGIN
			INSERT INTO reflections_fts (reflections_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
			INSERT INTO reflections_fts (rowid, tokens) VALUES (new.id, new.tokens); END`,
	}
}

// matchSQL builds an FTS5 query that ANDs the quoted tokens of every phrase,
// from tokens only, so no raw input reaches FTS5 syntax. The index keeps no
// positions (detail=none, migration 8), so it finds candidates holding every
// token and the caller's substring test confirms the phrase.
func (sqliteDialect) matchSQL(n int, phrases [][]string) (string, any) {
	var q []string
	for _, p := range phrases {
		for _, t := range p {
			if !slices.Contains(q, `"`+t+`"`) {
				q = append(q, `"`+t+`"`)
			}
		}
	}
	return fmt.Sprintf("r.id IN (SELECT rowid FROM reflections_fts WHERE reflections_fts MATCH $%d)", n), strings.Join(q, " AND ")
}

// searchDDLv2 rebuilds the index without positions: building it for 284 k
// reflection bodies takes 12 s instead of 20 s, and the phrase is confirmed
// by a substring test anyway.
func (d sqliteDialect) searchDDLv2() []string {
	out := []string{`DROP TRIGGER reflections_fts_ai`, `DROP TRIGGER reflections_fts_ad`, `DROP TRIGGER reflections_fts_au`,
		`DROP TABLE reflections_fts`,
		`CREATE VIRTUAL TABLE reflections_fts USING fts5(tokens, content='reflections', content_rowid='id', tokenize='unicode61', detail='none')`}
	out = append(out, d.searchDDL()[1:]...) // the same three triggers
	return append(out, `INSERT INTO reflections_fts (reflections_fts) VALUES ('rebuild')`)
}

// bulkSearch drops the insert trigger for the load and rebuilds the index
// in one pass in a transaction of its own: inside the load's transaction the
// rebuild reads 1.4 GB of uncommitted pages and takes twice as long (28 s
// instead of 14 s for 284 k reflections).
func (d sqliteDialect) bulkSearch() (before, after, later []string) {
	insertTrigger := d.searchDDL()[1]
	return []string{`DROP TRIGGER reflections_fts_ai`}, []string{insertTrigger},
		[]string{`INSERT INTO reflections_fts (reflections_fts) VALUES ('rebuild')`}
}

func (sqliteDialect) containsSQL(column string, n int) string {
	return fmt.Sprintf("instr(%s, $%d) > 0", column, n)
}

func (postgresDialect) searchDDL() []string {
	return []string{
		`ALTER TABLE reflections ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED`,
		`CREATE INDEX reflections_tsv ON reflections USING GIN (tsv)`,
	}
}

// matchSQL builds a to_tsquery of followed-by phrases ANDed together. The
// lexemes come from the tokeniser (letters, digits, Han only), so quoting
// them is enough to keep raw input out of tsquery syntax; the GIN index
// answers it.
func (postgresDialect) matchSQL(n int, phrases [][]string) (string, any) {
	var q []string
	for _, p := range phrases {
		lex := make([]string, len(p))
		for i, t := range p {
			lex[i] = "'" + t + "'"
		}
		q = append(q, "("+strings.Join(lex, " <-> ")+")")
	}
	return fmt.Sprintf("r.tsv @@ to_tsquery('simple', $%d)", n), strings.Join(q, " & ")
}

// searchDDLv2 keeps PostgreSQL's index: its phrase search needs positions.
func (postgresDialect) searchDDLv2() []string { return nil }

// bulkSearch drops the GIN index for the load (COPY still fills the
// generated tsvector column) and builds it once afterwards: 284 k rows
// into a live GIN index took 79 s of a 121 s import.
func (postgresDialect) bulkSearch() (before, after, later []string) {
	return []string{`DROP INDEX reflections_tsv`}, []string{`SET LOCAL maintenance_work_mem = '256MB'`,
		`CREATE INDEX reflections_tsv ON reflections USING GIN (tsv)`}, nil
}

func (postgresDialect) containsSQL(column string, n int) string {
	return fmt.Sprintf("strpos(%s, $%d) > 0", column, n)
}

func (sqliteDialect) beginWrite() string   { return "BEGIN IMMEDIATE" }
func (postgresDialect) beginWrite() string { return "BEGIN" }

// bulkSettings lends a bulk load a 256 MB page cache: one transaction of a
// million-row load thrashes the pool's 16 MB (2 GB measured no faster).
func (sqliteDialect) bulkSettings(ctx context.Context, conn *sql.Conn) (set, reset []string, err error) {
	var prev int64
	if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&prev); err != nil {
		return nil, nil, err
	}
	// A rollback journal instead of the WAL while loading an empty database:
	// SQLite journals only pages that existed before the transaction, so
	// the load is written once, into the database file, instead of into the
	// WAL and then copied by the checkpoint (≈ 8 s of 1.4 GB at S=100). A
	// crash still rolls back to the empty database. The switch needs the
	// only connection to the file; if another is open it stays WAL.
	set = []string{"PRAGMA cache_size = -262144", "PRAGMA journal_mode = DELETE"}
	return set, []string{fmt.Sprintf("PRAGMA cache_size = %d", prev), "PRAGMA journal_mode = WAL"}, nil
}

func (postgresDialect) bulkSettings(context.Context, *sql.Conn) (set, reset []string, err error) {
	return nil, nil, nil
}

// analyze on SQLite keeps the per-index statistics (sqlite_stat1) and drops
// the sampled ones (sqlite_stat4) the modernc build also writes. Why: with
// samples, SQLite re-plans a prepared statement whenever a bound value could
// change its plan, which made every check-in re-compile its roster query
// (≈ 30 % of W1's throughput at S=100); stat1 alone gives the same plans
// for the benchmark's queries. The second ANALYZE reloads the statistics.
func (sqliteDialect) analyze() []string {
	return []string{"ANALYZE", "DELETE FROM sqlite_stat4", "ANALYZE sqlite_schema", "PRAGMA optimize"}
}
func (postgresDialect) analyze() []string { return []string{"ANALYZE"} }

func (sqliteDialect) bulkLoad(ctx context.Context, conn *sql.Conn, t bulkTable, progress func(int)) error {
	return insertRows(ctx, conn, t, progress)
}

func (postgresDialect) bulkLoad(ctx context.Context, conn *sql.Conn, t bulkTable, progress func(int)) error {
	return copyRows(ctx, conn, t, progress)
}

func (sqliteDialect) open(ctx context.Context, s *Store, url string) error {
	return s.openSQLite(ctx, url)
}

func (postgresDialect) open(ctx context.Context, s *Store, url string) error {
	return s.openPostgres(ctx, url)
}

// groupsWrites is true on SQLite, which allows one writer: there the BEGIN
// and COMMIT of each request cost more than its statements. PostgreSQL runs
// concurrent transactions and merges their WAL flushes itself; one writer
// goroutine would pay a network round trip per statement in series
// (measured at S=100: 1,087 check-ins/s grouped against 2,358/s side by
// side with idBlocks).
func (sqliteDialect) groupsWrites() bool   { return true }
func (postgresDialect) groupsWrites() bool { return false }

// idsInCommitOrder is true on SQLite: its one writer takes ids inside the
// transaction that holds the write lock, so a higher id commits later (or
// with it). PostgreSQL commits concurrently and takes ids from blocks.
func (sqliteDialect) idsInCommitOrder() bool   { return true }
func (postgresDialect) idsInCommitOrder() bool { return false }

// afterMigrate rekeys SQLite's tables (see rebuildKeys). It runs after goose
// because goose's Go migrations hold the single writer connection, and the
// rebuild needs it outside any transaction.
func (sqliteDialect) afterMigrate(ctx context.Context, w *sql.DB) error {
	return rebuildKeys(ctx, w)
}

// afterMigrate has nothing to do on PostgreSQL: the shared DDL already
// gives it the keys it should have.
func (postgresDialect) afterMigrate(context.Context, *sql.DB) error { return nil }

// backupSQL copies a SQLite database while it stays online.
func (sqliteDialect) backupSQL() (string, error) { return `VACUUM INTO $1`, nil }

// backupSQL refuses: PostgreSQL is backed up with its own tools.
func (postgresDialect) backupSQL() (string, error) {
	return "", xuezuo.Errorf(xuezuo.EInvalid, "PostgreSQL 请使用 pg_dump 备份")
}
