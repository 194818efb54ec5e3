package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"xuezuo/internal/config"
)

func TestProgName(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, argv0, want string
	}{
		{"from PATH", "xuezuo", "xuezuo"},
		{"installed", "/usr/local/bin/xuezuo", "/usr/local/bin/xuezuo"},
		{"next to it", "./xuezuo", "./xuezuo"},
		{"path with a space", "/opt/学做 平台/xuezuo", "'/opt/学做 平台/xuezuo'"},
		{"go run", "/tmp/go-build2717717431/b001/exe/xuezuo", goRun},
		{"go run with GOTMPDIR", "/home/u/.cache/gotmp/go-build1/b001/exe/xuezuo", goRun},
		{"an exe dir that go run did not make", "/srv/exe/xuezuo", "/srv/exe/xuezuo"},
		{"a test binary", "/tmp/go-build1/b001/cli.test", "/tmp/go-build1/b001/cli.test"},
		{"none", "", "xuezuo"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := progName(filepath.FromSlash(tc.argv0)); got != filepath.FromSlash(tc.want) {
				t.Errorf("progName(%q): got %q, want %q", tc.argv0, got, tc.want)
			}
		})
	}
}

func TestCommandRepeatsTheDatabase(t *testing.T) {
	t.Parallel()
	e := env{prog: "xuezuo"}
	cases := []struct {
		name string
		cfg  config.Config
		want string
	}{
		{"default data dir", config.Config{DataDir: "data"}, "xuezuo user passwd 用户名"},
		{"other data dir", config.Config{DataDir: "/var/lib/xuezuo"}, "xuezuo user passwd 用户名 --data /var/lib/xuezuo"},
		{"sqlite file", config.Config{DataDir: "data", DB: "/srv/x.db"}, "xuezuo user passwd 用户名 --db /srv/x.db"},
		{"postgres password masked", config.Config{DB: "postgres://xz:s3cret@db:5432/xz"}, "--db postgres://xz:xxxxx@db:5432/xz"},
		{"postgres password parameter masked", config.Config{DB: "postgres://db/xz?password=s3cret"}, "--db 'postgres://db/xz?password=xxxxx'"},
		{"socket URL quoted", config.Config{DB: "postgres:///xz?host=/run/postgresql"}, "--db 'postgres:///xz?host=/run/postgresql'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := e.command(tc.cfg, "user passwd 用户名")
			if !strings.HasSuffix(got, tc.want) || strings.Contains(got, "s3cret") {
				t.Errorf("got %q, want it to end in %q without the password", got, tc.want)
			}
		})
	}
}

// TestMessagesNameTheProgram runs the same command as a built binary and
// as go run would start it: only the latter says go run.
func TestMessagesNameTheProgram(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, argv0, want string
	}{
		{"built binary", "/usr/local/bin/xuezuo", "运行 /usr/local/bin/xuezuo serve --data "},
		{"binary from PATH", "xuezuo", "运行 xuezuo serve --data "},
		{"go run", filepath.Join(t.TempDir(), "go-build123", "b001", "exe", "xuezuo"), "运行 go run ./cmd/xuezuo serve --data "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			code, out, errOut := runAs(t, tc.argv0, nil, "", "migrate", "--data", dir)
			if code != 0 || !strings.Contains(out, tc.want) {
				t.Fatalf("got exit %d, stdout %q (stderr %q); want 0 and %q", code, out, errOut, tc.want)
			}
			if !strings.Contains(tc.want, "go run") && strings.Contains(out, "go run") {
				t.Errorf("a built binary speaks of go run: %s", out)
			}
			code, out, _ = runAs(t, tc.argv0, nil, "", "--help")
			if code != 0 || !strings.Contains(out, "用法："+progName(tc.argv0)+" <命令>") {
				t.Errorf("help: got %d %q, want the program named %s", code, out, progName(tc.argv0))
			}
		})
	}
}
