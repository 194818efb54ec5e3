package store

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"
)

// TestRowHasherSeparatesValues: rows that print alike but differ in how
// values split, in type or in NULL hash differently, and the same row
// hashes the same.
func TestRowHasherSeparatesValues(t *testing.T) {
	t.Parallel()
	sum := func(rows ...[]any) string {
		h := rowHasher{h: sha256.New()}
		for _, r := range rows {
			h.row(r)
		}
		return hex.EncodeToString(h.h.Sum(nil))
	}
	at := time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		a, b [][]any
	}{
		{"split", [][]any{{"ab", "c"}}, [][]any{{"a", "bc"}}},
		{"type", [][]any{{int64(1)}}, [][]any{{"1"}}},
		{"null", [][]any{{nil}}, [][]any{{""}}},
		{"bytes", [][]any{{[]byte("x")}}, [][]any{{"x"}}},
		{"row boundary", [][]any{{"a"}, {"b"}}, [][]any{{"a", "b"}}},
		{"order", [][]any{{int64(1)}, {int64(2)}}, [][]any{{int64(2)}, {int64(1)}}},
		{"time", [][]any{{at}}, [][]any{{at.Add(time.Millisecond)}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if sum(tc.a...) == sum(tc.b...) {
				t.Errorf("%v and %v hash the same", tc.a, tc.b)
			}
			if sum(tc.a...) != sum(tc.a...) {
				t.Errorf("%v hashes differently twice", tc.a)
			}
		})
	}
}
