package app

import (
	"archive/tar"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/blob"
	"xuezuo/internal/config"
	"xuezuo/internal/store"
)

// maxManifest bounds the manifest a restore reads into memory: a million
// files at about 200 bytes each.
const maxManifest = 256 << 20

// Restore restores the backup at archive into the empty data directory and
// the empty database cfg names, then checks what it restored against the
// manifest: every table's row count and checksum, every file's SHA-256 and
// the database file's. Anything that does not check is named in the error
// and the data directory is left empty again (a PostgreSQL database that
// was restored but does not check is left for the operator to drop, as
// the error says). On success the restored system is opened once, which
// proves it starts, and an audit row (system.restore) records the counts.
// ctx carries the actor of that row.
func Restore(ctx context.Context, cfg config.Config, archive string, log *slog.Logger) (*Manifest, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	f, err := os.Open(archive)
	if err != nil {
		return nil, fmt.Errorf("无法打开备份文件 %s：请检查路径与权限（%v）", archive, errors.Unwrap(err))
	}
	defer f.Close()
	tr := tar.NewReader(bufio.NewReaderSize(f, 1<<20))
	m, err := readManifest(tr, archive)
	if err != nil {
		return nil, err
	}
	if want := store.EngineOf(cfg.DBURL()); m.Engine != want {
		return nil, xuezuo.Errorf(xuezuo.EInvalid, "这是 %s 数据库的备份，不能恢复到 %s：请用 --db 指定同一种数据库", engineName(m.Engine), engineName(want))
	}
	created, err := emptyDataDir(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := store.CheckRestoreTarget(ctx, cfg.DBURL()); err != nil {
		if created {
			os.Remove(cfg.DataDir)
		}
		return nil, err
	}
	r := &restorer{cfg: cfg, m: m, created: created}
	if err := r.run(ctx, tr); err != nil {
		r.undo()
		return nil, err
	}
	a, err := New(ctx, cfg, log)
	if err != nil {
		return m, fmt.Errorf("数据已恢复并通过校验，但无法打开恢复后的系统：%w", err)
	}
	defer a.Close()
	if err := a.Store.WriteAudit(ctx, audit.New(ctx, "system.restore", "system", 0, 0, m.counts()...)); err != nil {
		return m, fmt.Errorf("restored, but the audit row failed: %w", err)
	}
	return m, nil
}

func engineName(e string) string {
	if e == "postgres" {
		return "PostgreSQL"
	}
	return "SQLite"
}

// readManifest reads the first entry of a backup, which must be the manifest.
func readManifest(tr *tar.Reader, archive string) (*Manifest, error) {
	h, err := tr.Next()
	if err != nil || h.Name != manifestName || h.Size > maxManifest {
		return nil, xuezuo.Errorf(xuezuo.EInvalid, "%s 不是 xuezuo 的备份文件（开头没有 %s）：请用 xuezuo backup 生成的文件", archive, manifestName)
	}
	var m Manifest
	if err := json.NewDecoder(io.LimitReader(tr, maxManifest)).Decode(&m); err != nil {
		return nil, xuezuo.Errorf(xuezuo.EInvalid, "备份文件 %s 的清单已损坏，读不出来：请换一个完好的备份", archive)
	}
	if m.Format != archiveFormat {
		return nil, xuezuo.Errorf(xuezuo.EInvalid, "备份文件 %s 的格式版本是 %d，本程序只认识 %d：请用生成它的 xuezuo 版本恢复", archive, m.Format, archiveFormat)
	}
	if m.Database.Name != store.BackupFileName(m.Engine) || m.Database.Name == "" {
		return nil, xuezuo.Errorf(xuezuo.EInvalid, "备份文件 %s 的清单已损坏（数据库类型 %q 不明）：请换一个完好的备份", archive, m.Engine)
	}
	return &m, nil
}

// emptyDataDir refuses a data directory that holds anything, creating it
// (mode 0700) when it does not exist. It reports whether it created it.
func emptyDataDir(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return false, fmt.Errorf("无法创建数据目录 %s：请检查路径与权限（%v）", dir, errors.Unwrap(err))
		}
		return true, nil
	case err != nil:
		return false, fmt.Errorf("无法读取数据目录 %s：请确认它是目录且可读（%v）", dir, errors.Unwrap(err))
	case len(entries) > 0:
		return false, xuezuo.Errorf(xuezuo.EConflict, "数据目录 %s 不是空的（有 %d 项，如 %s）：恢复只写入空目录，请用 --data 指定一个新目录或空目录", dir, len(entries), entries[0].Name())
	}
	// An empty directory of the operator's: it will hold personal data.
	if err := os.Chmod(dir, 0o700); err != nil {
		return false, fmt.Errorf("无法设置数据目录 %s 的权限：%v", dir, errors.Unwrap(err))
	}
	return false, nil
}

// restorer carries one restore: what it wrote, to undo, and what failed.
type restorer struct {
	cfg      config.Config
	m        *Manifest
	created  bool // the data directory was made by this restore
	dbLoaded bool // a PostgreSQL database was written
	failures []string
}

func (r *restorer) fail(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

// run extracts the archive and checks it: files first, then the database.
func (r *restorer) run(ctx context.Context, tr *tar.Reader) error {
	blobs, err := blob.OpenDisk(r.cfg.BlobDir())
	if err != nil {
		return err
	}
	defer blobs.Close()
	want := map[string]FileSum{}
	for _, b := range r.m.Blobs {
		want[b.Name] = b
	}
	seen := map[string]bool{}
	dbTmp := filepath.Join(r.cfg.DataDir, ".restore-"+r.m.Database.Name)
	defer os.Remove(dbTmp)
	dbSeen, dbOK := false, false
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return xuezuo.Errorf(xuezuo.EInvalid, "备份文件不完整或已损坏（%v），未恢复任何数据：请换一个完好的备份", err)
		}
		switch key, isBlob := strings.CutPrefix(h.Name, blobPrefix); {
		case h.Name == r.m.Database.Name && !dbSeen:
			dbSeen = true
			sum, err := copyChecked(dbTmp, tr)
			if err != nil {
				return err
			}
			dbOK = sum == r.m.Database.SHA256
		case isBlob && want[key].Name != "" && !seen[key]:
			seen[key] = true
			obj, err := blobs.Put(ctx, tr, want[key].Size)
			if errors.Is(err, blob.ErrTooLarge) || (err == nil && obj.Key != want[key].SHA256) {
				r.fail("附件 %s：内容与清单中的校验和不符", key)
				continue
			}
			if err != nil {
				return fmt.Errorf("restore file %s: %w", key, err)
			}
		default:
			r.fail("备份中多出清单之外的条目 %s", h.Name)
		}
	}
	for _, b := range r.m.Blobs {
		if !seen[b.Name] {
			r.fail("附件 %s：清单中有，备份中缺失", b.Name)
		}
	}
	if !dbSeen {
		r.fail("数据库文件 %s：清单中有，备份中缺失", r.m.Database.Name)
		return r.result()
	}
	if !dbOK {
		r.diagnose(ctx, dbTmp)
	}
	// A backup that failed any check never reaches the database: nothing
	// is loaded that would have to be taken out again.
	if len(r.failures) > 0 {
		return r.result()
	}
	r.dbLoaded = r.m.Engine == "postgres"
	got, err := store.RestoreDatabase(ctx, r.cfg.DBURL(), dbTmp)
	if err != nil {
		if xuezuo.ErrorCode(err) == xuezuo.EInvalid {
			r.fail("数据库文件 %s：%s", r.m.Database.Name, xuezuo.ErrorMessage(err))
			return r.result()
		}
		return err
	}
	r.compareTables(got)
	return r.result()
}

// diagnose names what is wrong with a database part whose SHA-256 differs
// from the manifest's: the tables that differ where the engine can read
// the copy in place (SQLite), else the file.
func (r *restorer) diagnose(ctx context.Context, dbTmp string) {
	got, err := store.SumSnapshotFile(ctx, r.m.Engine, dbTmp)
	switch {
	case xuezuo.ErrorCode(err) == xuezuo.EInvalid:
		r.fail("数据库文件 %s：%s", r.m.Database.Name, xuezuo.ErrorMessage(err))
	case err == nil && !r.compareTables(got):
		// the differing tables are named
	default:
		r.fail("数据库文件 %s：内容与清单中的校验和不符", r.m.Database.Name)
	}
}

// compareTables names every table whose count or checksum differs from the
// manifest, and reports whether all agree.
func (r *restorer) compareTables(got []store.TableSum) bool {
	have := map[string]store.TableSum{}
	for _, t := range got {
		have[t.Name] = t
	}
	before := len(r.failures)
	for _, w := range r.m.Tables {
		g, ok := have[w.Name]
		switch {
		case !ok:
			r.fail("表 %s：恢复后不存在", w.Name)
		case g.Rows != w.Rows:
			r.fail("表 %s：恢复了 %d 行，清单记为 %d 行", w.Name, g.Rows, w.Rows)
		case g.SHA256 != w.SHA256:
			r.fail("表 %s：行数相符（%d 行），内容与清单中的校验和不符", w.Name, g.Rows)
		}
		delete(have, w.Name)
	}
	for name := range have {
		r.fail("表 %s：清单中没有", name)
	}
	return len(r.failures) == before
}

// result turns the failures into one error that lists them all.
func (r *restorer) result() error {
	if len(r.failures) == 0 {
		return nil
	}
	msg := "备份文件校验未通过，已撤销恢复：请换一个完好的备份。未通过的项目：\n  " + strings.Join(r.failures, "\n  ")
	if r.dbLoaded {
		msg = "备份文件校验未通过。数据库中已写入恢复的数据，请删除该数据库（dropdb）并重新创建后，换一个完好的备份再恢复。未通过的项目：\n  " +
			strings.Join(r.failures, "\n  ")
	}
	return xuezuo.Errorf(xuezuo.EInvalid, "%s", msg)
}

// undo removes what a failed restore wrote to the file system: the data
// directory is empty again (gone, if the restore made it).
func (r *restorer) undo() {
	if p := r.cfg.DBURL(); r.m.Engine == "sqlite" {
		for _, s := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(p + s)
		}
	}
	if r.created {
		os.RemoveAll(r.cfg.DataDir)
		return
	}
	entries, _ := os.ReadDir(r.cfg.DataDir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(r.cfg.DataDir, e.Name()))
	}
}

// copyChecked writes r to the new file path (mode 0600) and returns the
// SHA-256 of what it wrote.
func copyChecked(path string, r io.Reader) (string, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(f, h), r); err != nil {
		return "", xuezuo.Errorf(xuezuo.EInvalid, "备份文件不完整或已损坏（读数据库部分时出错：%v）：请换一个完好的备份", err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), f.Close()
}
