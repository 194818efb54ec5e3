package store_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"xuezuo/internal/store/storetest"
)

// TestAppSecretMadeOnceAndShared checks that the first call makes a
// 32-byte secret, later and concurrent calls return the same bytes (every
// process on one database signs alike), and another name gets its own.
func TestAppSecretMadeOnceAndShared(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	const n = 8
	got := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = s.AppSecret(ctx, "csrf")
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("AppSecret #%d: %v", i, errs[i])
		}
		if len(got[i]) != 32 {
			t.Fatalf("secret length %d, want 32", len(got[i]))
		}
		if !bytes.Equal(got[i], got[0]) {
			t.Fatalf("call %d got another secret than call 0", i)
		}
	}
	again, err := s.AppSecret(ctx, "csrf")
	if err != nil || !bytes.Equal(again, got[0]) {
		t.Fatalf("later call: %x, %v; want the stored %x", again, err, got[0])
	}
	other, err := s.AppSecret(ctx, "other")
	if err != nil || bytes.Equal(other, got[0]) {
		t.Fatalf("another name: %x, %v; want a secret of its own", other, err)
	}
}
