package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xuezuo/internal/config"
)

// TestServeSync reads --sync and XUEZUO_SYNC (normal by default, the flag
// over the environment) and refuses any other value before a database opens.
func TestServeSync(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"default", nil, nil, config.SyncNormal},
		{"flag", nil, []string{"--sync", "full"}, config.SyncFull},
		{"environment", map[string]string{"XUEZUO_SYNC": "full"}, nil, config.SyncFull},
		{"flag over environment", map[string]string{"XUEZUO_SYNC": "full"}, []string{"--sync=normal"}, config.SyncNormal},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := serveConfig(env{stderr: io.Discard, getenv: mapEnv(tc.env), prog: "xuezuo"}, tc.args)
			if err != nil || cfg.Sync != tc.want {
				t.Errorf("got %q, %v; want %q", cfg.Sync, err, tc.want)
			}
		})
	}
	t.Run("refused", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		code, _, errOut := runAs(t, "xuezuo", map[string]string{"XUEZUO_DATA": dir}, "", "serve", "--sync", "off")
		if want := "--sync 只能是 normal"; code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("got exit %d, stderr %q; want 1 and %q", code, errOut, want)
		}
		if _, err := os.Stat(filepath.Join(dir, "xuezuo.db")); err == nil {
			t.Error("the database was created; want serve to stop before opening it")
		}
	})
}
