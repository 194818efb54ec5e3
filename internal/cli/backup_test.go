package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xuezuo/internal/store/storetest"
)

// TestBackupRestoreCommands runs backup and restore as an operator would:
// the archive is the owner's only, a restore into a directory holding
// anything is refused in Chinese, and one into a new directory (and, on
// PostgreSQL, an empty database) succeeds and says how to start it.
func TestBackupRestoreCommands(t *testing.T) {
	t.Parallel()
	db := storetest.URL(t)
	if code, out, errOut := run(t, db, "", "migrate"); code != 0 {
		t.Fatalf("migrate: %d %s %s", code, out, errOut)
	}
	archive := filepath.Join(t.TempDir(), "xz.backup")
	code, out, errOut := run(t, db, "", "backup", archive)
	if code != 0 || !strings.Contains(out, "已备份到") || !strings.Contains(out, "restore") {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	if fi, err := os.Stat(archive); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("archive mode: %v %v, want 0600", fi.Mode(), err)
	}
	if code, _, errOut = run(t, db, "", "backup", archive); code != 1 || !strings.Contains(errOut, "已存在") {
		t.Errorf("backup over an existing file: %d %s; want refused with 已存在", code, errOut)
	}

	target := func() map[string]string {
		env := map[string]string{"XUEZUO_DATA": filepath.Join(t.TempDir(), "restored")}
		if strings.HasPrefix(db, "postgres") {
			env["XUEZUO_DB"] = storetest.URL(t)
		}
		return env
	}
	full := target()
	if err := os.MkdirAll(full["XUEZUO_DATA"], 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(full["XUEZUO_DATA"], "old.txt"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runAs(t, "xuezuo", full, "", "restore", archive)
	if code != 1 || !strings.Contains(errOut, "不是空的") || !strings.Contains(errOut, "--data") {
		t.Errorf("restore into a non-empty dir: %d %s; want refused, naming --data", code, errOut)
	}

	env := target()
	code, out, errOut = runAs(t, "xuezuo", env, "", "restore", archive, "--data", env["XUEZUO_DATA"])
	if code != 0 || !strings.Contains(out, "校验和均与清单相符") || !strings.Contains(out, "serve --data") {
		t.Fatalf("restore: %d %s %s", code, out, errOut)
	}
	if code, _, errOut = runAs(t, "xuezuo", map[string]string{}, "", "restore"); code != 1 || !strings.Contains(errOut, "备份文件") {
		t.Errorf("restore without a file: %d %s", code, errOut)
	}
}
