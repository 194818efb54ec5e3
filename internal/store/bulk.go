package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"xuezuo"
)

// bulkTable describes rows to load into one table: n rows, each filled by
// row into dst (one value per column).
type bulkTable struct {
	name string
	cols []string
	n    int
	row  func(i int, dst []any)
}

// insertRows loads rows with INSERTs of up to batch rows each; SQLite binds
// at most 32,766 variables per statement.
func insertRows(ctx context.Context, conn *sql.Conn, t bulkTable, progress func(int)) error {
	batch := min(500, 32000/len(t.cols))
	stmtFor := func(rows int) string {
		one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(t.cols)), ",") + ")"
		return "INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
	}
	full, err := conn.PrepareContext(ctx, stmtFor(batch))
	if err != nil {
		return fmt.Errorf("prepare %s: %w", t.name, err)
	}
	defer full.Close()
	args := make([]any, 0, batch*len(t.cols))
	row := make([]any, len(t.cols))
	for i := 0; i < t.n; i++ {
		t.row(i, row)
		args = append(args, row...)
		if len(args) < cap(args) && i < t.n-1 {
			continue
		}
		if len(args) == cap(args) {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = conn.ExecContext(ctx, stmtFor(len(args)/len(t.cols)), args...)
		}
		if err != nil {
			return fmt.Errorf("insert %s: %w", t.name, err)
		}
		args = args[:0]
		if progress != nil {
			progress(i + 1)
		}
	}
	return nil
}

// copyRows loads rows with COPY on the pgx connection of conn.
func copyRows(ctx context.Context, conn *sql.Conn, t bulkTable, progress func(int)) error {
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		src := &copySource{t: t, row: make([]any, len(t.cols)), i: -1, progress: progress}
		if _, err := pc.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, src); err != nil {
			return fmt.Errorf("copy %s: %w", t.name, err)
		}
		return nil
	})
}

// copySource feeds COPY one row at a time, turning dates into the
// time.Time pgx encodes as DATE.
type copySource struct {
	t        bulkTable
	row      []any
	i        int
	progress func(int)
}

func (c *copySource) Next() bool {
	c.i++
	if c.progress != nil && c.i%50000 == 0 {
		c.progress(c.i)
	}
	return c.i < c.t.n
}

func (c *copySource) Values() ([]any, error) {
	c.t.row(c.i, c.row)
	for k, v := range c.row {
		if d, ok := v.(xuezuo.Date); ok {
			c.row[k] = time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC)
		}
	}
	return c.row, nil
}

func (c *copySource) Err() error { return nil }
