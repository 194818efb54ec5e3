// Package config holds xuezuo's settings. It is built once from flags and
// XUEZUO_* environment variables and passed down; it is never a global.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"path/filepath"
	"strings"
)

// Log formats accepted by --log-format.
const (
	LogText = "text" // slog's key=value lines, the default
	LogJSON = "json" // one JSON object a line, for log collectors
)

// Durability settings accepted by --sync (SQLite's synchronous pragma).
const (
	// SyncNormal survives a crash of the process; an OS crash or power loss
	// may lose the last commits, never corrupt the database (WAL). The default.
	SyncNormal = "normal"
	// SyncFull flushes every commit to disk: it survives power loss too.
	SyncFull = "full"
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
	// TLSCert and TLSKey are PEM files; when both are set, serve answers
	// HTTPS itself. Both or neither.
	TLSCert, TLSKey string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto headers are believed; empty trusts nobody.
	TrustedProxies []netip.Prefix
	// MetricsAddr is where serve answers GET /metrics on a listener of its
	// own; empty turns metrics off.
	MetricsAddr string
	// LogFormat is LogText or LogJSON; empty means LogText.
	LogFormat string
	// Sync is SyncNormal or SyncFull; empty means SyncNormal. PostgreSQL
	// ignores it: its own synchronous_commit (on by default) is full.
	Sync string
	// AuditHash is the audit chain's hash for rows sealed from now on:
	// "sm3" (the default, when empty) or "sha256".
	AuditHash string
	// FieldKey is the file holding the SM4 key that encrypts members' phone
	// numbers at rest; empty keeps them in clear. It must lie outside
	// DataDir, so backups and copies of the data never carry it.
	FieldKey string
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

// Postgres reports whether DB selects PostgreSQL rather than a SQLite file.
func (c Config) Postgres() bool {
	return strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://")
}

// TLS reports whether serve answers HTTPS itself.
func (c Config) TLS() bool { return c.TLSCert != "" && c.TLSKey != "" }

// Validate checks the settings.
func (c Config) Validate() error {
	if c.DB == "" && c.DataDir == "" {
		return errors.New("请用 --data 指定数据目录，或用 --db 指定数据库")
	}
	if c.DB != "" && strings.Contains(c.DB, "://") && !strings.HasPrefix(c.DB, "postgres") {
		return errors.New("--db 只支持 postgres:// 地址或 SQLite 文件路径")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return errors.New("--tls-cert（证书文件）与 --tls-key（私钥文件）须同时给出；只用 HTTP 时两个都不要给")
	}
	if c.LogFormat != "" && c.LogFormat != LogText && c.LogFormat != LogJSON {
		return fmt.Errorf("--log-format 只能是 %s 或 %s，不能是 %q", LogText, LogJSON, c.LogFormat)
	}
	if c.Sync != "" && c.Sync != SyncNormal && c.Sync != SyncFull {
		return fmt.Errorf("--sync 只能是 %s（进程崩溃不丢数据，默认）或 %s（断电也不丢），不能是 %q", SyncNormal, SyncFull, c.Sync)
	}
	if c.AuditHash != "" && c.AuditHash != "sm3" && c.AuditHash != "sha256" {
		return fmt.Errorf("--audit-hash 只能是 sm3（默认）或 sha256，不能是 %q", c.AuditHash)
	}
	for _, p := range c.TrustedProxies {
		if !p.IsValid() {
			return errors.New("--trusted-proxy 中有无效的网段，请写成 10.0.0.0/8 或 192.168.1.10 这样的形式")
		}
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("--metrics-addr %q 不是“主机:端口”形式，请写成 127.0.0.1:9090 这样的地址", c.MetricsAddr)
		}
		// Port 0 picks a free port for each listener, so only a fixed port clashes.
		if c.MetricsAddr == c.Addr && !strings.HasSuffix(c.Addr, ":0") {
			return errors.New("--metrics-addr 不能与 --addr 相同：指标要在单独的端口上提供，请换一个端口（如 127.0.0.1:9090）")
		}
	}
	return nil
}

// ParsePrefixes reads a comma- or space-separated list of networks
// (10.0.0.0/8, fd00::/8); a bare address (192.168.1.10) stands for itself
// alone (/32 or /128).
func ParsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		p, err := ParsePrefix(f)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// ParsePrefix reads one network or bare address, as ParsePrefixes does.
func ParsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q 不是有效的网段，请写成 10.0.0.0/8 或 fd00::/8 这样的形式", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q 不是 IP 地址或网段，请写成 192.168.1.10 或 10.0.0.0/8 这样的形式", s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// Env returns getenv(XUEZUO_name) or def.
func Env(getenv func(string) string, name, def string) string {
	if v := getenv("XUEZUO_" + name); v != "" {
		return v
	}
	return def
}
