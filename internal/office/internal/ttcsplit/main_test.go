package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"testing"
)

const systemTTC = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

// TestSplitReproducesCommittedFont checks that the committed TTF is exactly
// what this tool makes from Debian's collection, so the README stays true.
func TestSplitReproducesCommittedFont(t *testing.T) {
	ttc, err := os.ReadFile(systemTTC)
	if err != nil {
		t.Skipf("fonts-wqy-microhei not installed: %v", err)
	}
	got, err := split(ttc, 0)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../fonts/wqy-microhei.ttf")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("split face 0: got %d bytes, want the committed %d bytes", len(got), len(want))
	}
	if sum := checksum(got); sum != 0xB1B0AFBA {
		t.Errorf("file checksum: got %#x, want 0xb1b0afba", sum)
	}
}

func TestSplitRejects(t *testing.T) {
	oneFace := make([]byte, 16)
	copy(oneFace, "ttcf")
	binary.BigEndian.PutUint32(oneFace[8:], 1)
	binary.BigEndian.PutUint32(oneFace[12:], 1000) // face offset past the end
	tests := []struct {
		name string
		ttc  []byte
		face int
	}{
		{"empty", nil, 0},
		{"plain ttf", []byte("\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), 0},
		{"face out of range", oneFace, 1},
		{"negative face", oneFace, -1},
		{"face offset past end", oneFace, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := split(tc.ttc, tc.face); err == nil {
				t.Errorf("got nil error, want one")
			}
		})
	}
}
