package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// goMigrations are the dialect-specific steps; their versions interleave
// with the SQL files and are append-only like them.
func (s *Store) goMigrations() []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(2, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
			for _, stmt := range s.d.appendOnlyDDL("audit_log") {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("audit_log append-only: %w", err)
				}
			}
			return nil
		}}, nil),
		goose.NewGoMigration(4, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
			for _, stmt := range s.d.searchDDL() {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("reflection search index: %w", err)
				}
			}
			return nil
		}}, nil),
		goose.NewGoMigration(7, &goose.GoFunc{RunTx: rebuildFiguresTx}, nil),
		goose.NewGoMigration(8, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
			for _, stmt := range s.d.searchDDLv2() {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("reflection search index v2: %w", err)
				}
			}
			return nil
		}}, nil),
		// 14 repairs existing data and writes audit rows for it, which SQL
		// alone cannot (ids, the seal queue): memberlink.go.
		goose.NewGoMigration(14, &goose.GoFunc{RunTx: s.memberLinkMigration}, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
			// Down drops the rule only; the links it removed stay removed.
			_, err := tx.ExecContext(ctx, `DROP INDEX users_member_id`)
			return err
		}}),
		// 17: the seals are append-only like the log they seal. Verify
		// finds an edited seal anyway; the triggers make it take an
		// intruder's DDL rather than a stray UPDATE.
		goose.NewGoMigration(17, &goose.GoFunc{RunTx: s.appendOnly("audit_chain")}, &goose.GoFunc{RunTx: s.dropAppendOnly("audit_chain")}),
		// 22: attachments may belong to branch summaries (checkchange.go).
		// Down refuses while a summary has files rather than delete them.
		goose.NewGoMigration(22, &goose.GoFunc{RunTx: s.attachmentOwnersUp}, &goose.GoFunc{RunTx: s.attachmentOwnersDown}),
	}
}

// appendOnly returns a step that makes table append-only.
func (s *Store) appendOnly(table string) func(context.Context, *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		return execAllTx(ctx, tx, table, s.d.appendOnlyDDL(table))
	}
}

// dropAppendOnly returns the step that undoes appendOnly.
func (s *Store) dropAppendOnly(table string) func(context.Context, *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		return execAllTx(ctx, tx, table, s.d.dropAppendOnlyDDL(table))
	}
}

// execAllTx runs stmts in tx, naming table in the error.
func execAllTx(ctx context.Context, tx *sql.Tx, table string, stmts []string) error {
	for _, stmt := range stmts {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s append-only: %w", table, err)
		}
	}
	return nil
}

// migrate brings the schema up to date.
func (s *Store) migrate(ctx context.Context) error {
	if err := s.gooseUp(ctx); err != nil {
		return err
	}
	// After goose: the engine's own step (SQLite's rekeying) needs the
	// writer outside any transaction.
	if err := s.d.afterMigrate(ctx, s.w); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// provider is goose over the embedded SQL files and the Go steps.
func (s *Store) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	p, err := goose.NewProvider(s.d.goose(), s.w, sub,
		goose.WithGoMigrations(s.goMigrations()...), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// gooseUp runs the versioned migrations.
func (s *Store) gooseUp(ctx context.Context) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// MigrationVersion returns the applied schema version.
func (s *Store) MigrationVersion(ctx context.Context) (int64, error) {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	p, err := goose.NewProvider(s.d.goose(), s.w, sub,
		goose.WithGoMigrations(s.goMigrations()...), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}
