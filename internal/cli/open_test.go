package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"xuezuo/internal/config"
)

func TestOpenErrorsSayWhatToDo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	garbage := filepath.Join(dir, "garbage.db")
	for path, body := range map[string]string{file: "", garbage: strings.Repeat("这不是数据库", 1000)} {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		args []string
		want []string // each in stderr
	}{
		{"data is a file", []string{"--data", file}, []string{"无法建立数据目录", "是文件而不是目录", "请用 --data 指定一个目录"}},
		{"data below a file", []string{"--data", filepath.Join(file, "sub")}, []string{file + " 是文件而不是目录"}},
		{"db is not a database", []string{"--data", dir, "--db", garbage}, []string{"不是 SQLite 数据库文件", "请用 --db 指定正确的数据库文件", "file is not a database"}},
		{"db is a directory", []string{"--data", dir, "--db", dir}, []string{"无法打开数据库文件", "请确认它是文件而不是目录"}},
		{"postgres refuses", []string{"--data", dir, "--db", "postgres://xz@127.0.0.1:1/xz?connect_timeout=5"}, []string{"连不上 PostgreSQL", "请确认数据库服务已启动", "connection refused"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runAs(t, "xuezuo", nil, "", append([]string{"migrate"}, tc.args...)...)
			if code != 1 {
				t.Fatalf("got exit %d, want 1\nstdout: %s\nstderr: %s", code, out, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func TestUnwritableDataDir(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root writes to any directory")
	}
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o500); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, data, want string }{
		{"existing, read-only", ro, "数据目录 " + ro + " 不可写：请让运行 xuezuo 的用户对它有写权限"},
		{"cannot be created", filepath.Join(ro, "sub"), "（权限不足）：请先建好它"},
	}
	for _, tc := range cases {
		code, _, errOut := runAs(t, "xuezuo", nil, "", "migrate", "--data", tc.data)
		if code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: got %d %q, want 1 and %q", tc.name, code, errOut, tc.want)
		}
	}
}

// TestPostgresUnknownDatabase needs the local server on its socket; other
// server answers are covered by TestExplainPostgres.
func TestPostgresUnknownDatabase(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/var/run/postgresql/.s.PGSQL.5432"); err != nil {
		t.Skip("no PostgreSQL on /var/run/postgresql")
	}
	code, _, errOut := runAs(t, "xuezuo", nil, "", "migrate", "--data", t.TempDir(), "--db", "postgres:///nonexistent_db_xyz?host=/var/run/postgresql")
	want := "PostgreSQL 中没有数据库“nonexistent_db_xyz”：请先创建它（如 createdb nonexistent_db_xyz）"
	if code != 1 || !strings.Contains(errOut, want) {
		t.Errorf("got %d %q, want 1 and %q", code, errOut, want)
	}
}

// pgError stands in for pgconn.PgError, which cli may not import.
type pgError struct{ code, msg string }

func (e *pgError) Error() string    { return e.msg }
func (e *pgError) SQLState() string { return e.code }

// sqliteError stands in for modernc's sqlite.Error.
type sqliteError struct{ code int }

func (e *sqliteError) Error() string { return fmt.Sprintf("sqlite (%d)", e.code) }
func (e *sqliteError) Code() int     { return e.code }

func TestExplainPostgres(t *testing.T) {
	t.Parallel()
	wrap := func(err error) error { return fmt.Errorf("connect postgres: failed to connect: %w", err) }
	cases := []struct {
		name, db string
		err      error
		want     string
	}{
		{"unknown database", "postgres://xz@db/campaign", wrap(&pgError{"3D000", "FATAL: database \"campaign\" does not exist"}),
			"PostgreSQL 中没有数据库“campaign”：请先创建它（如 createdb campaign）"},
		{"dbname parameter wins", "postgres://xz@db/a?dbname=b", wrap(&pgError{"3D000", "x"}), "数据库“b”"},
		{"bad password", "postgres://xz:pw@db/campaign", wrap(&pgError{"28P01", "password authentication failed"}),
			"PostgreSQL 拒绝用户“xz”登录：请检查 --db 中的用户名和密码"},
		{"user parameter wins", "postgres://a@db/x?user=b", wrap(&pgError{"28000", "no pg_hba.conf entry"}), "用户“b”"},
		{"no user named", "postgres:///x", wrap(&pgError{"28000", "role does not exist"}), "PostgreSQL 拒绝该用户登录"},
		{"no create right", "postgres://xz@db/campaign", wrap(&pgError{"42501", "permission denied for schema public"}), "无权在数据库“campaign”中建表"},
		{"full", "postgres://db/x", wrap(&pgError{"53300", "too many clients"}), "调大服务器的 max_connections"},
		{"other server error", "postgres://db/x", wrap(&pgError{"XX000", "internal"}), "请按括号中的服务器消息处理，或联系数据库管理员（internal）"},
		{"refused", "postgres://db/x", wrap(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), "连不上 PostgreSQL"},
		{"no socket", "postgres:///x", wrap(&net.OpError{Op: "dial", Net: "unix", Err: syscall.ENOENT}), "host= 套接字目录"},
		{"unknown host", "postgres://nohost/x", wrap(&net.DNSError{Name: "nohost", Err: "no such host"}), "找不到 PostgreSQL 服务器 \"nohost\""},
		{"timeout", "postgres://db/x", wrap(context.DeadlineExceeded), "连接 PostgreSQL 超时"},
		{"unparsable URL", "postgres://a:pw@h:x/y", errors.New("cannot parse `postgres://a:pw@h:x/y`: invalid port"), "--db 地址的格式不对"},
		{"anything else", "postgres://db/x", errors.New("boom"), "无法打开 PostgreSQL 数据库：请检查 --db 地址与数据库服务（boom）"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := explainPostgres(tc.db, tc.err).Error()
			if !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want it to contain %q", got, tc.want)
			}
			if strings.Contains(got, "pw@") {
				t.Errorf("the password leaked: %q", got)
			}
		})
	}
}

func TestExplainSQLite(t *testing.T) {
	t.Parallel()
	e := env{prog: "xuezuo"}
	cfg := config.Config{DataDir: "data", DB: "/srv/x.db"}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"not a database", &sqliteError{26}, "/srv/x.db 不是 SQLite 数据库文件：请用 --db 指定正确的数据库文件；若要新建，请把它移走后运行 xuezuo migrate --db /srv/x.db"},
		{"corrupt", &sqliteError{11}, "已损坏：请停止 xuezuo，用备份文件"},
		{"cannot open", &sqliteError{14}, "无法打开数据库文件 /srv/x.db"},
		{"read-only, extended code", &sqliteError{8 | 3<<8}, "只读：请让运行 xuezuo 的用户"},
		{"busy", &sqliteError{5}, "正被其他程序锁住"},
		{"disk full", &sqliteError{13}, "磁盘已满"},
		{"other code", &sqliteError{1}, "无法打开 SQLite 数据库 /srv/x.db：请检查 --data 或 --db 与文件权限（sqlite (1)）"},
		{"no code", errors.New("blob dir: boom"), "请检查 --data 或 --db 与文件权限（open sqlite: blob dir: boom）"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := explainOpen(e, cfg, fmt.Errorf("open sqlite: %w", tc.err)).Error()
			if !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want it to contain %q", got, tc.want)
			}
		})
	}
}
