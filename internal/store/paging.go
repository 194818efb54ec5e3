package store

import "math"

// int32Of converts a LIMIT or OFFSET for sqlc's int32 parameters,
// saturating instead of wrapping: an offset of 2^31 must read past the
// end, not the first page again. Services bound offsets (xuezuo.MaxOffset);
// this is the store's own guard for any caller.
func int32Of(n int) int32 {
	switch {
	case n > math.MaxInt32:
		return math.MaxInt32
	case n < 0:
		return 0
	}
	return int32(n)
}
