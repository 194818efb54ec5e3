package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"sort"
	"sync"
	"time"
)

// Memory is an in-memory store with Disk's behaviour, for tests.
type Memory struct {
	mu    sync.Mutex
	blobs map[string]memBlob
}

type memBlob struct {
	data []byte
	mod  time.Time
}

var _ Blob = (*Memory)(nil)

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{blobs: map[string]memBlob{}} }

// Put stores the content of r.
func (m *Memory) Put(ctx context.Context, r io.Reader, limit int64) (Object, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return Object{}, err
	}
	if int64(len(data)) > limit {
		return Object{}, ErrTooLarge
	}
	if err := ctx.Err(); err != nil {
		return Object{}, err
	}
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:])
	now := time.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.blobs[key] = memBlob{data: data, mod: now}
	return Object{Key: key, Size: int64(len(data)), ModTime: now}, nil
}

// Open returns the blob's content.
func (m *Memory) Open(_ context.Context, key string) (io.ReadCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.blobs[key]
	if !ok {
		return nil, ErrNotFound
	}
	return io.NopCloser(bytes.NewReader(b.data)), nil
}

// Stat describes the blob.
func (m *Memory) Stat(_ context.Context, key string) (Object, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.blobs[key]
	if !ok {
		return Object{}, ErrNotFound
	}
	return Object{Key: key, Size: int64(len(b.data)), ModTime: b.mod}, nil
}

// Delete removes the blob.
func (m *Memory) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.blobs, key)
	return nil
}

// List calls fn for every blob, in key order.
func (m *Memory) List(ctx context.Context, fn func(Object) error) error {
	m.mu.Lock()
	objs := make([]Object, 0, len(m.blobs))
	for k, b := range m.blobs {
		objs = append(objs, Object{Key: k, Size: int64(len(b.data)), ModTime: b.mod})
	}
	m.mu.Unlock()
	sort.Slice(objs, func(i, j int) bool { return objs[i].Key < objs[j].Key })
	for _, o := range objs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// Age sets a blob's ModTime, so that tests can make it old enough to sweep.
func (m *Memory) Age(key string, mod time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b, ok := m.blobs[key]; ok {
		b.mod = mod
		m.blobs[key] = b
	}
}
