package web

import (
	"bytes"
	"io"
	"net/http"
	"testing"
)

// FuzzPeekMultipartToken: whatever the body, peeking for the form token
// never panics, reads at most 256 bytes of token, and hands the upload
// handler the body unchanged from its first byte.
func FuzzPeekMultipartToken(f *testing.F) {
	f.Add("xb", "--xb\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n--xb\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nPK\x03\x04\r\n--xb--\r\n")
	f.Add("b", "--b\r\n\r\n")
	f.Add("", "")
	f.Add("zz", string(bytes.Repeat([]byte("--zz\r\n"), 3000)))
	f.Fuzz(func(t *testing.T, boundary, body string) {
		r, err := http.NewRequest(http.MethodPost, "/import", bytes.NewReader([]byte(body)))
		if err != nil {
			t.Skip()
		}
		token := peekMultipartToken(r, boundary)
		if len(token) > 256 {
			t.Fatalf("token of %d bytes", len(token))
		}
		rest, err := io.ReadAll(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		if string(rest) != body {
			t.Fatalf("body changed by the peek: %d bytes in, %d out", len(body), len(rest))
		}
	})
}
