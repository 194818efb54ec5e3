package store

import (
	"encoding/base64"
	"strings"
	"testing"

	"xuezuo"
)

var testKey = []byte("0123456789abcdef")

func TestFieldCipherSealOpen(t *testing.T) {
	t.Parallel()
	c, err := newFieldCipher(testKey)
	if err != nil {
		t.Fatal(err)
	}
	a, b := c.sealMember(7, "13812345678"), c.sealMember(7, "13812345678")
	if a == b {
		t.Errorf("two seals of one value are equal: the nonce must be random")
	}
	for _, tc := range []struct {
		name   string
		id     xuezuo.ID
		stored string
		want   string
		ok     bool
	}{
		{"own row", 7, a, "13812345678", true},
		{"empty stays empty", 7, "", "", true},
		{"other row", 8, a, "", false},
		{"clear text", 7, "13812345678", "", false},
		{"truncated", 7, a[:len(a)-4], "", false},
		{"bit flipped", 7, flip(a), "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.openMember(tc.id, tc.stored)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("open: got %q, %v; want %q, ok=%v", got, err, tc.want, tc.ok)
			}
		})
	}
	var none *fieldCipher
	if got := none.sealMember(7, "13812345678"); got != "13812345678" {
		t.Errorf("nil cipher seals: got %q, want the value unchanged", got)
	}
}

// flip changes one base64 digit in the middle of a sealed value.
func flip(s string) string {
	b := []byte(s)
	i := len(sealedPrefix) + (len(b)-len(sealedPrefix))/2
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

func TestParseFieldKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"hex", "00112233445566778899aabbccddeeff", true},
		{"hex with newline", "00112233445566778899AABBCCDDEEFF\n", true},
		{"short", "0011", false},
		{"raw bytes", "0123456789abcdef", false},
		{"not hex", "00112233445566778899aabbccddeefg", false},
		{"empty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParseFieldKey([]byte(tc.in))
			if (err == nil) != tc.ok || (tc.ok && len(k) != FieldKeySize) {
				t.Errorf("got %x, %v; want ok=%v", k, err, tc.ok)
			}
			if err != nil && xuezuo.ErrorCode(err) != xuezuo.EInvalid {
				t.Errorf("code: got %s, want invalid", xuezuo.ErrorCode(err))
			}
		})
	}
	k, err := ParseFieldKey(NewFieldKey())
	if err != nil || len(k) != FieldKeySize {
		t.Errorf("NewFieldKey does not parse: %v", err)
	}
}

// FuzzParseSealed: the stored marker format's decoder never panics, and
// whatever it accepts re-encodes to the same text (one form per value).
func FuzzParseSealed(f *testing.F) {
	c, _ := newFieldCipher(testKey)
	f.Add(c.sealMember(1, "13812345678"))
	f.Add("sm4gcm:1:")
	f.Add("sm4gcm:1:AAAA")
	f.Add("sm4gcm:2:" + strings.Repeat("A", 40))
	f.Add("13812345678")
	f.Add("sm4gcm:1:" + strings.Repeat("A", 38) + "==")
	f.Fuzz(func(t *testing.T, s string) {
		raw, err := parseSealed(s)
		if err != nil {
			return
		}
		if len(raw) < nonceSize+tagSize {
			t.Fatalf("accepted %d bytes, shorter than a nonce and a tag", len(raw))
		}
		if back := sealedPrefix + base64.RawStdEncoding.EncodeToString(raw); back != s {
			t.Fatalf("re-encodes to %q, not %q", back, s)
		}
		// Opening an accepted value must fail cleanly or give text back.
		_, _ = c.openMember(1, s)
	})
}

// FuzzParseFieldKey: the key file decoder never panics and accepts only
// keys of the SM4 size.
func FuzzParseFieldKey(f *testing.F) {
	f.Add([]byte("00112233445566778899aabbccddeeff\n"))
	f.Add([]byte("0123456789abcdef"))
	f.Add([]byte(" \t00112233445566778899aabbccddeeff \r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ParseFieldKey(data)
		if err == nil && len(k) != FieldKeySize {
			t.Fatalf("accepted a %d-byte key", len(k))
		}
	})
}

// BenchmarkFieldCipher measures sealing and opening one phone number.
func BenchmarkFieldCipher(b *testing.B) {
	c, _ := newFieldCipher(testKey)
	sealed := c.sealMember(7, "13812345678")
	b.Run("seal", func(b *testing.B) {
		for b.Loop() {
			c.sealMember(7, "13812345678")
		}
	})
	b.Run("open", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.openMember(7, sealed); err != nil {
				b.Fatal(err)
			}
		}
	})
}
