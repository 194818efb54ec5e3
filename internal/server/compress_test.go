package server

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestGzip(t *testing.T) {
	t.Parallel()
	big := strings.Repeat(`{"name":"生态党支部","members":42},`, 100) // about 4 KiB
	write := func(ct, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ct)
			io.WriteString(w, body)
		}
	}
	tests := []struct {
		name     string
		compress bool
		method   string
		ae       string
		handler  http.HandlerFunc
		wantCE   string
		wantVary bool
	}{
		{name: "json with gzip accepted", compress: true, ae: "gzip, deflate, br, zstd",
			handler: write("application/json", big), wantCE: "gzip", wantVary: true},
		{name: "html with gzip accepted", compress: true, ae: "gzip",
			handler: write("text/html; charset=utf-8", big), wantCE: "gzip", wantVary: true},
		{name: "javascript", compress: true, ae: "gzip",
			handler: write("text/javascript; charset=utf-8", big), wantCE: "gzip", wantVary: true},
		{name: "no Accept-Encoding", compress: true,
			handler: write("application/json", big), wantVary: true},
		{name: "gzip refused by q=0", compress: true, ae: "gzip;q=0, identity",
			handler: write("application/json", big), wantVary: true},
		{name: "small body untouched", compress: true, ae: "gzip",
			handler: write("application/json", `{"ok":true}`), wantVary: true},
		{name: "already encoded", compress: true, ae: "gzip",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain")
				w.Header().Set("Content-Encoding", "br")
				io.WriteString(w, big)
			}, wantCE: "br", wantVary: true},
		{name: "spreadsheet not compressed", compress: true, ae: "gzip",
			handler: write("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", big), wantVary: true},
		{name: "HEAD left alone", compress: true, method: "HEAD", ae: "gzip",
			handler: write("text/html", big), wantVary: true},
		{name: "304 left alone", compress: true, ae: "gzip",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusNotModified)
			}, wantVary: true},
		{name: "compression off", ae: "gzip", handler: write("application/json", big)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			log, buf := newLog()
			h := Wrap(tc.handler, Options{Compress: tc.compress, Logger: log})
			method := tc.method
			if method == "" {
				method = "GET"
			}
			req := httptest.NewRequest(method, "/", nil)
			if tc.ae != "" {
				req.Header.Set("Accept-Encoding", tc.ae)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			if got := res.Header.Get("Content-Encoding"); got != tc.wantCE {
				t.Errorf("Content-Encoding: got %q, want %q", got, tc.wantCE)
			}
			if got := strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Encoding"); got != tc.wantVary {
				t.Errorf("Vary lists Accept-Encoding: got %v, want %v (%q)", got, tc.wantVary, res.Header.Values("Vary"))
			}
			logged := only(t, buf.lines(t), "request")["bytes"].(float64)
			if int(logged) != rec.Body.Len() {
				t.Errorf("logged bytes: got %v, want %d (as sent)", logged, rec.Body.Len())
			}
			if tc.wantCE != "gzip" {
				return
			}
			zr, err := gzip.NewReader(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(zr)
			if err != nil || string(body) != big {
				t.Errorf("decompressed body: got %d bytes (err %v), want %d", len(body), err, len(big))
			}
		})
	}
}

func TestIsCompressible(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ct   string
		want bool
	}{
		{"text/html; charset=utf-8", true},
		{"Application/JSON", true},
		{" text/css ;charset=utf-8", true},
		{"application/javascript", true},
		{"image/svg+xml", true},
		{"text/plain", true},
		{"image/png", false},
		{"application/pdf", false},
		{"text/htmlx", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := isCompressible(tc.ct); got != tc.want {
			t.Errorf("isCompressible(%q): got %v, want %v", tc.ct, got, tc.want)
		}
	}
}
