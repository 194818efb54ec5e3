package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"xuezuo"
)

// TestSyncSetsSynchronous checks that Options.Sync reaches SQLite's
// synchronous pragma on both pools (1 NORMAL, 2 FULL), so --sync full really
// flushes every commit, and that an unknown setting is refused.
func TestSyncSetsSynchronous(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sync string
		want string // PRAGMA synchronous; "" when Open must fail
	}{
		{"", "1"},
		{"normal", "1"},
		{"full", "2"},
		{"off", ""},
	}
	for _, tc := range cases {
		t.Run("sync="+tc.sync, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s, err := Open(ctx, Options{URL: filepath.Join(t.TempDir(), "s.db"), Clock: xuezuo.SystemClock{}, Sync: tc.sync})
			if tc.want == "" {
				if err == nil {
					s.Close()
					t.Fatalf("Open with Sync %q: got no error, want one", tc.sync)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for name, db := range map[string]*sql.DB{"writer": s.w, "reader": s.r} {
				var got string
				if err := db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&got); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if got != tc.want {
					t.Errorf("%s: PRAGMA synchronous got %s, want %s", name, got, tc.want)
				}
			}
		})
	}
}
