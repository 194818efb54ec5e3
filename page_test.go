package xuezuo

import "testing"

func TestCheckOffset(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		offset int
		ok     bool
	}{{0, true}, {MaxOffset, true}, {MaxOffset + 1, false}, {1 << 31, false}, {1<<63 - 1, false}} {
		err := CheckOffset(tc.offset)
		if (err == nil) != tc.ok || err != nil && ErrorFields(err)["offset"] == "" {
			t.Errorf("CheckOffset(%d) = %v, want ok %v", tc.offset, err, tc.ok)
		}
	}
}
