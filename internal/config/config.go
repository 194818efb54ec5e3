// Package config holds xuezuo's settings. It is built once from flags and
// XUEZUO_* environment variables and passed down; it is never a global.
package config

import (
	"errors"
	"path/filepath"
	"strings"
)

// Config is the whole configuration of one xuezuo process.
type Config struct {
	DataDir string // SQLite file and uploads live here
	DB      string // "postgres://…" selects PostgreSQL; empty means DataDir/xuezuo.db
	Addr    string // serve: listen address
	// SecureCookies marks session cookies Secure; on by default, off only for
	// plain-HTTP local use (the demo on 127.0.0.1).
	SecureCookies bool
	// FastHash selects cheap argon2id parameters; tests only.
	FastHash bool
	Version  string
}

// DBURL returns the database URL: DB, or the SQLite file in DataDir.
func (c Config) DBURL() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.DataDir, "xuezuo.db")
}

// BlobDir returns where uploaded files (meeting photos, documents) live:
// DataDir/blobs, also when the database is PostgreSQL.
func (c Config) BlobDir() string { return filepath.Join(c.DataDir, "blobs") }

// Validate checks the settings.
func (c Config) Validate() error {
	if c.DB == "" && c.DataDir == "" {
		return errors.New("请用 --data 指定数据目录，或用 --db 指定数据库")
	}
	if c.DB != "" && strings.Contains(c.DB, "://") && !strings.HasPrefix(c.DB, "postgres") {
		return errors.New("--db 只支持 postgres:// 地址或 SQLite 文件路径")
	}
	return nil
}

// Env returns getenv(XUEZUO_name) or def.
func Env(getenv func(string) string, name, def string) string {
	if v := getenv("XUEZUO_" + name); v != "" {
		return v
	}
	return def
}
