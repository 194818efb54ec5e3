package store

import (
	"context"
	"database/sql"
	"fmt"

	"xuezuo/internal/store/sqlcdb"
)

// This file lends the store's external tests (package store_test) what
// only they need; it is compiled into the test binary alone.

// TxForTest runs fn as one write transaction through the write path (the
// group writer on SQLite); exec runs a statement inside it.
func (s *Store) TxForTest(ctx context.Context, fn func(exec func(query string, args ...any) error) error) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, _ *sqlcdb.Queries) error {
		return fn(func(query string, args ...any) error {
			_, err := tx.ExecContext(ctx, query, args...)
			return err
		})
	})
}

// HoldConnForTest takes a connection of the named pool (a PoolStats key)
// and returns the function that gives it back.
func (s *Store) HoldConnForTest(ctx context.Context, pool string) (release func(), err error) {
	db, ok := s.pools[pool]
	if !ok {
		return nil, fmt.Errorf("no pool %q", pool)
	}
	c, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return func() { _ = c.Close() }, nil
}

// RepairMemberLinksForTest runs migration 14's repair again, in one write
// transaction, on data a test has put into the old shape.
func (s *Store) RepairMemberLinksForTest(ctx context.Context) (removed int, err error) {
	err = s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		removed, err = s.repairMemberLinks(ctx, q)
		return err
	})
	return removed, err
}

// MigrateDownToForTest runs the Down steps of every migration above
// version, newest first: migration tests rebuild an older schema with it.
func (s *Store) MigrateDownToForTest(ctx context.Context, version int64) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}
