package app

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/blob"
	"xuezuo/internal/store"
)

// A backup is one uncompressed tar file holding, in this order:
//
//	manifest.json                    the Manifest
//	database.sqlite | database.pgdump the snapshot (VACUUM INTO, or pg_dump -Fc)
//	blobs/<sha256>                   every uploaded file the snapshot's rows name
//
// The manifest comes first so that a restore knows what to expect before
// it writes anything. The tar stays uncompressed: uploads (photos, PDFs)
// are compressed already, and a damaged byte then spoils one table or one
// file, which the restore can name, instead of everything after it.
const (
	manifestName  = "manifest.json"
	blobPrefix    = "blobs/"
	archiveFormat = 1
)

// Manifest describes a backup: where it came from and, for verification,
// every table's row count and checksum and every file's size and SHA-256.
type Manifest struct {
	Format    int              `json:"format"`
	Version   string           `json:"version"`
	Engine    string           `json:"engine"`
	CreatedAt time.Time        `json:"created_at"`
	Database  FileSum          `json:"database"`
	Tables    []store.TableSum `json:"tables"`
	Blobs     []FileSum        `json:"blobs"`
}

// FileSum is the size and SHA-256 of one file in a backup.
type FileSum struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Rows returns the number of rows over all tables.
func (m *Manifest) Rows() int64 {
	n := int64(0)
	for _, t := range m.Tables {
		n += t.Rows
	}
	return n
}

// Backup writes a backup of the running system to path, which must not
// exist: the database copied online, the uploaded files its rows name and
// the manifest. The file is written beside path and renamed when complete,
// mode 0600 throughout. An audit row (system.backup) records the counts.
func (a *App) Backup(ctx context.Context, path string) (*Manifest, error) {
	if _, err := os.Lstat(path); err == nil {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "目标文件 %s 已存在：请换一个文件名，或先移走旧文件", path)
	}
	dir := filepath.Dir(path)
	snap, err := a.Store.Snapshot(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer snap.Remove()
	m := &Manifest{Format: archiveFormat, Version: a.Config.Version, Engine: snap.Engine, CreatedAt: time.Now().UTC(), Tables: snap.Tables}
	if m.Database, err = sumFile(snap.Path); err != nil {
		return nil, err
	}
	m.Blobs = make([]FileSum, 0, len(snap.BlobKeys))
	for _, k := range snap.BlobKeys {
		o, err := a.blobs.Stat(ctx, k)
		if errors.Is(err, blob.ErrNotFound) {
			return nil, fmt.Errorf("附件文件 %s 不在数据目录 %s 中：数据库记着它，文件却缺失，备份无法完整；请从更早的备份找回该文件", k, a.Config.BlobDir())
		}
		if err != nil {
			return nil, fmt.Errorf("backup blob %s: %w", k, err)
		}
		// The key is the content's SHA-256; writeBlob checks it on the way.
		m.Blobs = append(m.Blobs, FileSum{Name: k, Size: o.Size, SHA256: k})
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.part") // mode 0600
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := a.writeArchive(ctx, tmp, m, snap.Path); err != nil {
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	// Link, not rename: a file created at path meanwhile is kept, not replaced.
	// Some file systems (FAT on a USB disk) cannot link: rename there.
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return nil, xuezuo.Errorf(xuezuo.EConflict, "目标文件 %s 已存在：请换一个文件名，或先移走旧文件", path)
	} else if err != nil {
		if err := os.Rename(tmp.Name(), path); err != nil {
			return nil, fmt.Errorf("backup: %w", err)
		}
	}
	os.Remove(tmp.Name())
	done = true
	e := audit.New(ctx, "system.backup", "system", 0, 0, m.counts()...)
	if err := a.Store.WriteAudit(ctx, e); err != nil {
		return m, fmt.Errorf("backup written to %s, but its audit row failed: %w", path, err)
	}
	return m, nil
}

// counts lists the figures an audit row of a backup or restore carries.
func (m *Manifest) counts() []string {
	return []string{fmt.Sprintf("tables=%d", len(m.Tables)), fmt.Sprintf("rows=%d", m.Rows()), fmt.Sprintf("files=%d", len(m.Blobs))}
}

func (a *App) writeArchive(ctx context.Context, w io.Writer, m *Manifest, dbPath string) error {
	tw := tar.NewWriter(w)
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("backup manifest: %w", err)
	}
	now := m.CreatedAt
	hdr := func(name string, size int64) *tar.Header {
		return &tar.Header{Name: name, Size: size, Mode: 0o600, ModTime: now, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	}
	if err := tw.WriteHeader(hdr(manifestName, int64(len(js)))); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := tw.Write(js); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := os.Open(dbPath)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if err := tw.WriteHeader(hdr(m.Database.Name, m.Database.Size)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := io.Copy(tw, db); err != nil {
		return fmt.Errorf("backup database: %w", err)
	}
	for _, b := range m.Blobs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := tw.WriteHeader(hdr(blobPrefix+b.Name, b.Size)); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		if err := a.writeBlob(ctx, tw, b); err != nil {
			return err
		}
	}
	return tw.Close()
}

// writeBlob copies one uploaded file, checking that its bytes still hash to
// its key: a file damaged on disk is reported, not carried into the backup.
func (a *App) writeBlob(ctx context.Context, w io.Writer, b FileSum) error {
	rc, err := a.blobs.Open(ctx, b.Name)
	if err != nil {
		return fmt.Errorf("backup blob %s: %w", b.Name, err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(rc, b.Size))
	if err != nil {
		return fmt.Errorf("backup blob %s: %w", b.Name, err)
	}
	if n != b.Size || hex.EncodeToString(h.Sum(nil)) != b.SHA256 {
		return fmt.Errorf("附件文件 %s 在数据目录中已损坏（内容与其 SHA-256 不符）：请从更早的备份找回它", b.Name)
	}
	return nil
}

// sumFile returns the size and SHA-256 of the file at path, named by its base name.
func sumFile(path string) (FileSum, error) {
	f, err := os.Open(path)
	if err != nil {
		return FileSum{}, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileSum{}, fmt.Errorf("backup: %w", err)
	}
	return FileSum{Name: filepath.Base(path), Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
