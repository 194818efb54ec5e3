package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/app"
	"xuezuo/internal/attachment"
	"xuezuo/internal/audit"
	"xuezuo/internal/config"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/store"
	"xuezuo/internal/store/storetest"
)

// backupConfig returns a config on a fresh data dir: SQLite inside it, or
// a fresh PostgreSQL database when TEST_PG_DSN is set.
func backupConfig(t *testing.T, dir string) config.Config {
	t.Helper()
	cfg := config.Config{DataDir: dir, FastHash: true, Version: "test"}
	if os.Getenv("TEST_PG_DSN") != "" {
		cfg.DB = storetest.URL(t)
	}
	return cfg
}

// backupFixture is a system with a meeting and its attachments.
type backupFixture struct {
	a       *app.App
	cfg     config.Config
	meeting xuezuo.ID
	branch  xuezuo.ID
	files   map[xuezuo.ID]string // attachment id → content
}

func newBackupFixture(t *testing.T) *backupFixture {
	t.Helper()
	cfg := backupConfig(t, filepath.Join(t.TempDir(), "data"))
	a, err := app.New(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ctx := app.System(context.Background(), "test")
	f := &backupFixture{a: a, cfg: cfg, files: map[xuezuo.ID]string{}}
	root, err := a.Org.Create(ctx, org.Input{Name: "党委", Kind: org.KindCommittee})
	must(t, err)
	branch, err := a.Org.Create(ctx, org.Input{ParentID: root.ID, Name: "第一党支部", Kind: org.KindBranch})
	must(t, err)
	m, err := a.Meeting.Create(ctx, meeting.Input{OrgID: branch.ID, Kind: "theme_day", Title: "备份探针ABCDEFGH", HeldOn: xuezuo.NewDate(2026, 5, 1)})
	must(t, err)
	f.meeting, f.branch = m.ID, branch.ID
	// Two rows share the last content: the archive carries it once.
	for i, content := range []string{"附件内容-甲 QQQQQQQQ", "附件内容-乙", "附件内容-乙"} {
		att, err := a.Attachment.Upload(ctx, attachment.Meeting, m.ID, fmt.Sprintf("纪要%d.txt", i), strings.NewReader(content))
		must(t, err)
		f.files[att.ID] = content
	}
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestBackupUnderWriteLoadRestores takes a backup while a writer creates
// members and attendance, restores it into an empty directory (and empty
// database), and checks that every table's count and checksum equal the
// manifest's and that every attachment downloads from the restored system.
func TestBackupUnderWriteLoadRestores(t *testing.T) {
	t.Parallel()
	f := newBackupFixture(t)
	ctx := app.System(context.Background(), "test")

	var writes atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			mem, err := f.a.Member.Create(ctx, storetest.MemberInput(f.branch, "压力党员"+strings.Repeat("甲", i%5+1)))
			if err != nil {
				t.Errorf("writer: %v", err)
				return
			}
			if err := f.a.Meeting.Record(ctx, f.meeting, meeting.Entry{MemberID: mem.ID, Status: meeting.Present}); err != nil {
				t.Errorf("writer: %v", err)
				return
			}
			writes.Add(1)
		}
	}()
	for writes.Load() < 20 {
		if t.Failed() {
			t.FailNow()
		}
		time.Sleep(time.Millisecond)
	}
	archive := filepath.Join(t.TempDir(), "xuezuo.backup")
	before := writes.Load()
	m, err := f.a.Backup(ctx, archive)
	during := writes.Load() - before
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	t.Logf("%d writes during the backup, %d in all", during, writes.Load())
	checkMode(t, archive, 0o600)
	if len(m.Blobs) != 2 {
		t.Errorf("manifest files: got %d, want 2 (one per distinct content)", len(m.Blobs))
	}
	counts := map[string]int64{}
	for _, tb := range m.Tables {
		counts[tb.Name] = tb.Rows
	}
	if counts["members"] < 20 || counts["attendance"] < 20 {
		t.Errorf("manifest: members %d, attendance %d; want at least the 20 written before", counts["members"], counts["attendance"])
	}
	entries, _, err := f.a.Audit.List(ctx, audit.Filter{Action: "system.backup", Limit: 10})
	if err != nil || len(entries) != 1 || !strings.Contains(strings.Join(entries[0].Fields, ","), fmt.Sprintf("rows=%d", m.Rows())) {
		t.Errorf("backup audit row: got %+v, %v; want one system.backup with rows=%d", entries, err, m.Rows())
	}

	cfg := backupConfig(t, filepath.Join(t.TempDir(), "restored"))
	if _, err := app.Restore(ctx, cfg, archive, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("restore: %v", err)
	}
	checkMode(t, cfg.DataDir, 0o700)
	if !cfg.Postgres() {
		checkMode(t, cfg.DBURL(), 0o600)
	}
	b, err := app.New(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	// Sum the restored database the way the backup summed its snapshot.
	snap, err := b.Store.Snapshot(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Remove()
	got := map[string]string{}
	for _, tb := range snap.Tables {
		got[tb.Name] = fmt.Sprintf("%d %s", tb.Rows, tb.SHA256)
	}
	for _, tb := range m.Tables {
		want := fmt.Sprintf("%d %s", tb.Rows, tb.SHA256)
		if strings.HasPrefix(tb.Name, "audit") || tb.Name == "id_seq" {
			// The restore's own audit row (and the id it took) came after
			// the check against the manifest; audit_log is counted below.
			continue
		}
		if got[tb.Name] != want {
			t.Errorf("table %s: restored %q, manifest %q", tb.Name, got[tb.Name], want)
		}
	}
	if want := fmt.Sprint(counts["audit_log"] + 1); !strings.HasPrefix(got["audit_log"], want+" ") {
		t.Errorf("audit_log: restored %q, want %s rows (the manifest's and the restore's own)", got["audit_log"], want)
	}
	if len(snap.Tables) != len(m.Tables) {
		t.Errorf("tables: restored %d, manifest %d", len(snap.Tables), len(m.Tables))
	}
	restored, _, err := b.Audit.List(ctx, audit.Filter{Action: "system.", Limit: 10})
	if err != nil || len(restored) != 1 || restored[0].Action != "system.restore" || restored[0].Username != "cli" && restored[0].Username != "test" {
		t.Errorf("restore audit rows: got %+v, %v; want the one system.restore (the backup's own row came after the snapshot)", restored, err)
	}
	for id, content := range f.files {
		_, rc, err := b.Attachment.Open(ctx, id)
		if err != nil {
			t.Errorf("attachment %d: %v", id, err)
			continue
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if string(data) != content {
			t.Errorf("attachment %d: got %q, want %q", id, data, content)
		}
	}
}

// TestRestoreRefusesDamage changes one byte of a table, of a file, and cuts
// the archive short: each restore is refused, names what failed and leaves
// the target directory empty.
func TestRestoreRefusesDamage(t *testing.T) {
	t.Parallel()
	f := newBackupFixture(t)
	ctx := app.System(context.Background(), "test")
	archive := filepath.Join(t.TempDir(), "ok.backup")
	m, err := f.a.Backup(ctx, archive)
	must(t, err)
	good, err := os.ReadFile(archive)
	must(t, err)
	var blobKey string
	for _, b := range m.Blobs {
		if c, _ := os.ReadFile(filepath.Join(f.cfg.BlobDir(), b.Name[:2], b.Name[2:])); bytes.Contains(c, []byte("QQQQ")) {
			blobKey = b.Name
		}
	}
	flip := func(marker string) func([]byte) []byte {
		return func(b []byte) []byte {
			i := bytes.Index(b, []byte(marker))
			if i < 0 {
				return nil
			}
			b[i+2]++
			return b
		}
	}
	dbName := m.Database.Name
	cases := []struct {
		name   string
		damage func([]byte) []byte // nil result: not applicable on this engine
		want   []string
	}{
		{"byte in a table", flip("ABCDEFGH"), []string{"表 meetings", "校验和不符"}},
		{"byte in a file", flip("QQQQQQQQ"), []string{"附件 " + blobKey, "校验和不符"}},
		{"byte in the database file", func(b []byte) []byte {
			// The middle of the database entry: whatever it hits, the
			// restore names the database part or a table.
			i := bytes.Index(b, []byte(dbName)) + 1024 + int(m.Database.Size)/2
			b[i] ^= 0x55
			return b
		}, []string{dbName}},
		{"cut short", func(b []byte) []byte { return b[:len(b)/2] }, []string{"不完整或已损坏"}},
		{"not a backup", func([]byte) []byte { return []byte("hello") }, []string{"不是 xuezuo 的备份文件"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bad := tc.damage(bytes.Clone(good))
			if bad == nil {
				t.Skip("marker not stored in plain bytes on this engine (pg_dump compresses)")
			}
			path := filepath.Join(t.TempDir(), "bad.backup")
			must(t, os.WriteFile(path, bad, 0o600))
			dir := t.TempDir() // exists and is empty
			cfg := backupConfig(t, dir)
			_, err := app.Restore(ctx, cfg, path, slog.New(slog.DiscardHandler))
			if err == nil {
				t.Fatal("restore of a damaged backup succeeded")
			}
			msg := xuezuo.ErrorMessage(err)
			t.Logf("refused: %s", msg)
			matched := false
			for _, w := range tc.want {
				matched = matched || strings.Contains(msg, w)
			}
			if tc.name == "byte in the database file" && !matched {
				matched = strings.Contains(msg, "表 ")
			}
			if !matched || (tc.name != "byte in the database file" && !strings.Contains(msg, tc.want[len(tc.want)-1])) {
				t.Errorf("message %q; want it to name %q", msg, tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("data dir after a refused restore holds %d entries, want none", len(entries))
			}
			if err := store.CheckRestoreTarget(ctx, cfg.DBURL()); err != nil {
				t.Errorf("database after a refused restore: %v; want it still empty", err)
			}
		})
	}
}

// TestRestoreRefusesNonEmptyTargets: a data directory with anything in it,
// and a database that already holds tables, are never restored into.
func TestRestoreRefusesNonEmptyTargets(t *testing.T) {
	t.Parallel()
	f := newBackupFixture(t)
	ctx := app.System(context.Background(), "test")
	archive := filepath.Join(t.TempDir(), "ok.backup")
	_, err := f.a.Backup(ctx, archive)
	must(t, err)
	if _, err := f.a.Backup(ctx, archive); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("backup over an existing file: got %v, want a conflict", err)
	}

	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "note.txt"), []byte("x"), 0o600))
	cfg := backupConfig(t, dir)
	_, err = app.Restore(ctx, cfg, archive, slog.New(slog.DiscardHandler))
	if xuezuo.ErrorCode(err) != xuezuo.EConflict || !strings.Contains(xuezuo.ErrorMessage(err), "不是空的") {
		t.Errorf("restore into a non-empty dir: got %v, want a conflict saying 不是空的", err)
	}
	// The live system's own database is not empty.
	cfg = f.cfg
	cfg.DataDir = filepath.Join(t.TempDir(), "new")
	if !cfg.Postgres() {
		cfg.DB = f.cfg.DBURL()
	}
	_, err = app.Restore(ctx, cfg, archive, slog.New(slog.DiscardHandler))
	if xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("restore into a database in use: got %v, want a conflict", err)
	}
	if _, err := os.Stat(cfg.DataDir); err == nil {
		t.Errorf("a refused restore left the data dir %s it made", cfg.DataDir)
	}
}

// TestDataFileModes: the data directory, the SQLite files (-wal and -shm
// too), the blob directory and the blob files are the owner's only, and a
// database left world-readable by an older version is tightened on open.
func TestDataFileModes(t *testing.T) {
	t.Parallel()
	f := newBackupFixture(t)
	checkMode(t, f.cfg.DataDir, 0o700)
	checkMode(t, f.cfg.BlobDir(), 0o700)
	n := 0
	must(t, filepath.WalkDir(f.cfg.BlobDir(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && p != f.cfg.BlobDir() {
			want := fs.FileMode(0o600)
			if d.IsDir() {
				want = 0o700
			} else {
				n++
			}
			checkMode(t, p, want)
		}
		return err
	}))
	if n != 2 {
		t.Errorf("blob files: got %d, want 2", n)
	}
	if f.cfg.Postgres() {
		return
	}
	db := f.cfg.DBURL()
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		checkMode(t, p, 0o600)
	}
	f.a.Close()
	must(t, os.Chmod(db, 0o644))
	must(t, os.Chmod(f.cfg.BlobDir(), 0o755))
	a, err := app.New(context.Background(), f.cfg, slog.New(slog.DiscardHandler))
	must(t, err)
	defer a.Close()
	checkMode(t, db, 0o600)
	checkMode(t, f.cfg.BlobDir(), 0o700)
}

func checkMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Errorf("stat %s: %v", path, err)
		return
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("mode of %s: got %04o, want %04o", path, got, want)
	}
}
