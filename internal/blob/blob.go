// Package blob keeps file contents outside the database, addressed by the
// SHA-256 of their bytes: on local disk (Disk) or in memory for tests
// (Memory). The same content is stored once; metadata (names, owners,
// permissions) lives in the database, never here.
package blob

import (
	"context"
	"errors"
	"io"
	"time"
)

// ErrTooLarge is returned by Put when the content exceeds the limit.
var ErrTooLarge = errors.New("blob: content exceeds the size limit")

// ErrNotFound is returned for a key that holds no blob.
var ErrNotFound = errors.New("blob: not found")

// Object describes one stored blob.
type Object struct {
	Key  string // SHA-256 of the content, 64 lower-case hex digits
	Size int64
	// ModTime is the last write, or the last Put of the same content: a
	// sweep of unreferenced blobs spares young ones, so a blob just put
	// again for a new upload is never swept before its row is written.
	ModTime time.Time
}

// Blob is a content-addressed store.
type Blob interface {
	// Put stores the content of r (at most limit bytes; ErrTooLarge beyond)
	// and returns its key. The blob is complete under its key when Put
	// returns: a reader never sees half a file.
	Put(ctx context.Context, r io.Reader, limit int64) (Object, error)
	// Open returns the content under key, or ErrNotFound.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Stat describes the blob under key, or ErrNotFound.
	Stat(ctx context.Context, key string) (Object, error)
	// Delete removes the blob under key; a missing blob is no error.
	Delete(ctx context.Context, key string) error
	// List calls fn for every stored blob until fn returns an error.
	List(ctx context.Context, fn func(Object) error) error
}

// ValidKey reports whether key is a SHA-256 in lower-case hex, so that no
// key can name a path outside the store.
func ValidKey(key string) bool {
	if len(key) != 64 {
		return false
	}
	for _, c := range key {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
