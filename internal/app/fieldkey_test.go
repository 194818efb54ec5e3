package app_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/app"
	"xuezuo/internal/config"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// keyedApp starts a system whose phones are encrypted under a new key file
// outside its data dir, with one member, and returns the key file.
func keyedApp(t *testing.T) (*app.App, config.Config, xuezuo.ID) {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	keyFile := filepath.Join(t.TempDir(), "field.key")
	must(t, app.NewFieldKeyFile(keyFile, data))
	cfg := backupConfig(t, data)
	cfg.FieldKey = keyFile
	a, err := app.New(context.Background(), cfg, slog.New(slog.DiscardHandler))
	must(t, err)
	t.Cleanup(func() { a.Close() })
	ctx := app.System(context.Background(), "test")
	root, err := a.Org.Create(ctx, org.Input{Name: "党委", Kind: org.KindCommittee})
	must(t, err)
	branch, err := a.Org.Create(ctx, org.Input{ParentID: root.ID, Name: "第一党支部", Kind: org.KindBranch})
	must(t, err)
	in := storetest.MemberInput(branch.ID, "张三")
	in.Phone = "13812345678"
	m, err := a.Member.Create(ctx, in)
	must(t, err)
	return a, cfg, m.ID
}

// TestFieldKeyBackupRestore: the backup archive holds neither the key (as
// hex or raw bytes) nor the phone in clear; a restore without the key is
// refused at its start-up check, and the restored system serves with it.
func TestFieldKeyBackupRestore(t *testing.T) {
	t.Parallel()
	a, cfg, id := keyedApp(t)
	ctx := app.System(context.Background(), "test")
	archive := filepath.Join(t.TempDir(), "keyed.backup")
	_, err := a.Backup(ctx, archive)
	must(t, err)
	body, err := os.ReadFile(archive)
	must(t, err)
	text, err := os.ReadFile(cfg.FieldKey)
	must(t, err)
	hexKey := strings.TrimSpace(string(text))
	raw, err := hex.DecodeString(hexKey)
	must(t, err)
	for name, needle := range map[string][]byte{"hex key": []byte(hexKey), "upper-case hex key": []byte(strings.ToUpper(hexKey)),
		"raw key": raw, "phone": []byte("13812345678")} {
		if bytes.Contains(body, needle) {
			t.Errorf("the archive contains the %s", name)
		}
	}

	without := backupConfig(t, filepath.Join(t.TempDir(), "restored"))
	_, err = app.Restore(ctx, without, archive, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "--field-key") {
		t.Errorf("restore without the key: got %v, want a refusal naming --field-key", err)
	}
	with := backupConfig(t, filepath.Join(t.TempDir(), "restored"))
	with.FieldKey = cfg.FieldKey
	_, err = app.Restore(ctx, with, archive, slog.New(slog.DiscardHandler))
	must(t, err)
	b, err := app.New(context.Background(), with, slog.New(slog.DiscardHandler))
	must(t, err)
	defer b.Close()
	m, err := b.Member.Get(ctx, id)
	if err != nil || m.Phone != "13812345678" {
		t.Errorf("restored member: got %v %v, want the phone in full for the operator", m, err)
	}
}

// TestFieldKeyFileChecks: start-up refuses a key file that others can
// read, one inside the data dir, a malformed or missing one, and a key
// other than the database's; fieldkey new never overwrites.
func TestFieldKeyFileChecks(t *testing.T) {
	t.Parallel()
	a, cfg, _ := keyedApp(t)
	a.Close()
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		must(t, os.WriteFile(p, []byte(content), mode))
		must(t, os.Chmod(p, mode))
		return p
	}
	inData := filepath.Join(cfg.DataDir, "field.key")
	must(t, os.WriteFile(inData, []byte("00112233445566778899aabbccddeeff\n"), 0o600))
	other := filepath.Join(dir, "other.key")
	must(t, app.NewFieldKeyFile(other, cfg.DataDir))
	for _, tc := range []struct {
		name, file, want string
	}{
		{"no key", "", "--field-key"},
		{"readable by others", write("open.key", "00112233445566778899aabbccddeeff\n", 0o644), "chmod 600"},
		{"inside the data dir", inData, "数据目录"},
		{"not hex", write("bad.key", "not a key at all, not a key at all\n", 0o600), "十六进制"},
		{"missing", filepath.Join(dir, "nope.key"), "找不到"},
		{"another key", other, "不是加密这个数据库所用的密钥"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			c.FieldKey = tc.file
			a, err := app.New(context.Background(), c, slog.New(slog.DiscardHandler))
			if err == nil {
				a.Close()
				t.Fatalf("started; want a refusal with %q", tc.want)
			}
			if !strings.Contains(xuezuo.ErrorMessage(err)+err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
	if err := app.NewFieldKeyFile(other, cfg.DataDir); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("fieldkey new over an existing file: got %v, want a conflict", err)
	}
	checkMode(t, other, 0o600)
}
