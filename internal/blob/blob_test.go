package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// stores runs each test on the disk store and the fake, which must agree.
func stores(t *testing.T) map[string]Blob {
	t.Helper()
	d, err := OpenDisk(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return map[string]Blob{"disk": d, "memory": NewMemory()}
}

func TestPutOpenStatDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			data := []byte("支部会议照片的内容")
			sum := sha256.Sum256(data)
			want := hex.EncodeToString(sum[:])
			obj, err := s.Put(ctx, bytes.NewReader(data), 1024)
			if err != nil {
				t.Fatal(err)
			}
			if obj.Key != want || obj.Size != int64(len(data)) {
				t.Fatalf("put: got %+v, want key %s size %d", obj, want, len(data))
			}
			// The same content again is the same blob.
			again, err := s.Put(ctx, bytes.NewReader(data), 1024)
			if err != nil || again.Key != want {
				t.Fatalf("second put: %+v %v", again, err)
			}
			rc, err := s.Open(ctx, want)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Equal(got, data) {
				t.Errorf("open: got %q, want %q", got, data)
			}
			if st, err := s.Stat(ctx, want); err != nil || st.Size != int64(len(data)) {
				t.Errorf("stat: %+v %v", st, err)
			}
			var listed []string
			if err := s.List(ctx, func(o Object) error { listed = append(listed, o.Key); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(listed) != 1 || listed[0] != want {
				t.Errorf("list: got %v, want [%s]", listed, want)
			}
			if err := s.Delete(ctx, want); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Open(ctx, want); !errors.Is(err, ErrNotFound) {
				t.Errorf("open after delete: %v, want ErrNotFound", err)
			}
			if err := s.Delete(ctx, want); err != nil {
				t.Errorf("second delete: %v", err)
			}
		})
	}
}

func TestPutRefusesTooLarge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			if _, err := s.Put(ctx, strings.NewReader("12345"), 4); !errors.Is(err, ErrTooLarge) {
				t.Fatalf("got %v, want ErrTooLarge", err)
			}
			if _, err := s.Put(ctx, strings.NewReader("1234"), 4); err != nil {
				t.Fatalf("exactly the limit: %v", err)
			}
			n := 0
			s.List(ctx, func(Object) error { n++; return nil })
			if n != 1 {
				t.Errorf("blobs after a refused put: %d, want only the accepted one", n)
			}
		})
	}
}

func TestDiskLayoutAndNoTempLeftovers(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "blobs")
	d, err := OpenDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	obj, err := d.Put(context.Background(), strings.NewReader("x"), 10)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, obj.Key[:2], obj.Key[2:])); err != nil {
		t.Errorf("blob not at ab/cdef…: %v", err)
	}
	d.Put(context.Background(), strings.NewReader("too long"), 3)
	left, _ := os.ReadDir(filepath.Join(dir, tmpDir))
	if len(left) != 0 {
		t.Errorf("temporary files left: %d", len(left))
	}
}

func TestDiskRefreshesModTimeOnRePut(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "blobs")
	d, err := OpenDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	obj, _ := d.Put(ctx, strings.NewReader("same"), 10)
	old := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(filepath.Join(dir, obj.Key[:2], obj.Key[2:]), old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Put(ctx, strings.NewReader("same"), 10); err != nil {
		t.Fatal(err)
	}
	st, _ := d.Stat(ctx, obj.Key)
	if st.ModTime.Before(time.Now().Add(-time.Hour)) {
		t.Errorf("mod time %v not refreshed by a second put", st.ModTime)
	}
}

func TestBadKeysNameNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			for _, key := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("a", 63) + "/"} {
				if _, err := s.Open(ctx, key); !errors.Is(err, ErrNotFound) {
					t.Errorf("open %q: %v, want ErrNotFound", key, err)
				}
			}
		})
	}
}
