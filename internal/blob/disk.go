package blob

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"time"
)

// tmpDir holds uploads being written; a blob appears under its key only by
// an atomic rename once complete.
const tmpDir = "tmp"

// Disk stores blobs as files under one directory: key ab12… lives at
// ab/12…. All access goes through an os.Root, so no name can escape it.
type Disk struct {
	root *os.Root
}

var _ Blob = (*Disk)(nil)

// OpenDisk opens (creating if needed) a disk store in dir.
func OpenDisk(dir string) (*Disk, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("blob dir %s: %w", dir, err)
	}
	// Uploads are personal data: only the owner may list or read them.
	// MkdirAll leaves an existing directory's mode alone, so tighten it.
	if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, fi.Mode().Perm()&0o700); err != nil {
			return nil, fmt.Errorf("blob dir %s: %w", dir, err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("blob dir %s: %w", dir, err)
	}
	if err := root.MkdirAll(tmpDir, 0o700); err != nil {
		root.Close()
		return nil, fmt.Errorf("blob temp dir: %w", err)
	}
	return &Disk{root: root}, nil
}

// Close releases the directory.
func (d *Disk) Close() error { return d.root.Close() }

// name is the file of a key, relative to the root.
func name(key string) string { return key[:2] + "/" + key[2:] }

// Put writes r to a temporary file while hashing it, then renames the file
// to its key. Content already stored is not written twice; its ModTime is
// refreshed instead (see Object.ModTime).
func (d *Disk) Put(ctx context.Context, r io.Reader, limit int64) (Object, error) {
	b := make([]byte, 12)
	rand.Read(b)
	tmp := tmpDir + "/" + hex.EncodeToString(b)
	f, err := d.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Object{}, fmt.Errorf("blob temp file: %w", err)
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			d.root.Remove(tmp)
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, limit+1))
	if err != nil {
		return Object{}, fmt.Errorf("blob write: %w", err)
	}
	if n > limit {
		return Object{}, ErrTooLarge
	}
	if err := ctx.Err(); err != nil {
		return Object{}, err
	}
	// The data must be on disk before the rename makes it visible, or a
	// crash could leave a named but empty blob that a row points to.
	if err := f.Sync(); err != nil {
		return Object{}, fmt.Errorf("blob sync: %w", err)
	}
	if err := f.Close(); err != nil {
		return Object{}, fmt.Errorf("blob close: %w", err)
	}
	key := hex.EncodeToString(h.Sum(nil))
	obj := Object{Key: key, Size: n, ModTime: time.Now()}
	if err := d.root.MkdirAll(key[:2], 0o700); err != nil {
		return Object{}, fmt.Errorf("blob dir: %w", err)
	}
	if _, err := d.root.Stat(name(key)); err == nil {
		done = true
		d.root.Remove(tmp)
		if err := d.root.Chtimes(name(key), obj.ModTime, obj.ModTime); err != nil {
			return Object{}, fmt.Errorf("blob touch: %w", err)
		}
		return obj, nil
	}
	if err := d.root.Rename(tmp, name(key)); err != nil {
		return Object{}, fmt.Errorf("blob rename: %w", err)
	}
	done = true
	// Sync the directory so that the rename itself survives a crash.
	if dir, err := d.root.Open(key[:2]); err == nil {
		dir.Sync()
		dir.Close()
	}
	return obj, nil
}

// Open returns the blob's content.
func (d *Disk) Open(_ context.Context, key string) (io.ReadCloser, error) {
	if !ValidKey(key) {
		return nil, ErrNotFound
	}
	f, err := d.root.Open(name(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	return f, err
}

// Stat describes the blob.
func (d *Disk) Stat(_ context.Context, key string) (Object, error) {
	if !ValidKey(key) {
		return Object{}, ErrNotFound
	}
	fi, err := d.root.Stat(name(key))
	if errors.Is(err, fs.ErrNotExist) {
		return Object{}, ErrNotFound
	}
	if err != nil {
		return Object{}, err
	}
	return Object{Key: key, Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

// Delete removes the blob.
func (d *Disk) Delete(_ context.Context, key string) error {
	if !ValidKey(key) {
		return nil
	}
	if err := d.root.Remove(name(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob delete: %w", err)
	}
	return nil
}

// List walks the key directories, skipping temporary files.
func (d *Disk) List(ctx context.Context, fn func(Object) error) error {
	return fs.WalkDir(d.root.FS(), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if p == tmpDir {
				return fs.SkipDir
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		key := path.Dir(p) + path.Base(p)
		if !ValidKey(key) {
			return nil // not ours
		}
		fi, err := e.Info()
		if err != nil {
			return err
		}
		return fn(Object{Key: key, Size: fi.Size(), ModTime: fi.ModTime()})
	})
}
