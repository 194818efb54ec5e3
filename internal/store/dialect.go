package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
)

// dialect holds everything that differs between the engines. No other file
// asks which database it runs on.
type dialect interface {
	name() string
	goose() goose.Dialect
	// uniqueViolation and fkViolation classify driver errors.
	uniqueViolation(err error) bool
	fkViolation(err error) bool
	// appendOnlyDDL makes a table refuse UPDATE and DELETE.
	appendOnlyDDL(table string) []string
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

type postgresDialect struct{}

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
