// Package storetest gives tests a fresh, migrated store: SQLite in a temp
// dir by default, or a new PostgreSQL database when TEST_PG_DSN is set, plus
// fixture helpers built on the real services.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"xuezuo"
	"xuezuo/internal/store"
)

// Clock is the fixed time of fixtures: 2026-06-15 10:00 Beijing.
var Clock = xuezuo.FixedClock{T: time.Date(2026, 6, 15, 2, 0, 0, 0, time.UTC)}

// URL returns a database URL for a fresh database: a file in a temp dir, or
// a new PostgreSQL database dropped at clean-up.
func URL(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("TEST_PG_DSN")
	if dsn == "" {
		return filepath.Join(t.TempDir(), "xuezuo.db")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("open TEST_PG_DSN: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "xz_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	// template0 and UTF8 make Chinese text behave the same on every machine.
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` ENCODING 'UTF8' TEMPLATE template0`); err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
		admin.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("parse TEST_PG_DSN: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// Open returns a migrated store on a fresh database, closed at clean-up.
func Open(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), store.Options{URL: URL(t), Clock: Clock})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Exec runs raw SQL on the store's writer; for tests of constraints and
// triggers only.
func Exec(t testing.TB, s *store.Store, query string) error {
	t.Helper()
	return s.ExecForTest(context.Background(), query)
}

// Tamper runs stmts past the audit log's append-only triggers (dropped,
// then re-created), as an intruder with the database's password would.
func Tamper(t testing.TB, s *store.Store, stmts ...string) {
	t.Helper()
	if err := s.TamperForTest(context.Background(), stmts...); err != nil {
		t.Fatal(err)
	}
}

// QueryStrings runs a raw query and returns its first column as text; a
// failing query fails the test.
func QueryStrings(t testing.TB, s *store.Store, query string) []string {
	t.Helper()
	out, err := s.QueryForTest(context.Background(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}

// FieldKey is the field encryption key of OpenKeyed's stores.
var FieldKey = []byte("0123456789abcdef")

// OpenKeyed returns a migrated store on a fresh database whose members'
// phones are encrypted under FieldKey, closed at clean-up.
func OpenKeyed(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), store.Options{URL: URL(t), Clock: Clock, FieldKey: FieldKey})
	if err != nil {
		t.Fatalf("open store with a field key: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
