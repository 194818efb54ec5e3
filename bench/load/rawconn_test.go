package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestRawConn checks the W1 connection against net/http's server: the
// request arrives whole with its token, plain and chunked answers are read
// whole, the connection is reused, and a "Connection: close" answer makes
// the next post dial again.
func TestRawConn(t *testing.T) {
	var dials atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "bad headers", http.StatusBadRequest)
			return
		}
		switch r.URL.Path {
		case "/chunked":
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte("part one;"))
			w.(http.Flusher).Flush()
			w.Write(b)
		case "/close":
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusConflict)
			w.Write([]byte("dup"))
		default:
			w.WriteHeader(http.StatusCreated)
			w.Write(b)
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := newRawConn(srv.URL, "tok")
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	ctx := context.Background()
	steps := []struct {
		path, body, want string
		status           int
	}{
		{"/a", `{"x":1}`, `{"x":1}`, http.StatusCreated},
		{"/a", `{"x":22}`, `{"x":22}`, http.StatusCreated},
		{"/chunked", `{"y":3}`, `part one;{"y":3}`, http.StatusCreated},
		{"/close", `{}`, "dup", http.StatusConflict},
		{"/a", `{"z":4}`, `{"z":4}`, http.StatusCreated},
	}
	for _, s := range steps {
		status, body, err := c.post(ctx, s.path, []byte(s.body))
		if err != nil || status != s.status || strings.TrimSpace(string(body)) != s.want {
			t.Errorf("%s: got %d %q %v, want %d %q", s.path, status, body, err, s.status, s.want)
		}
	}
	if n := dials.Load(); n != 2 {
		t.Errorf("%d connections, want 2 (one reused until the server closed it)", n)
	}
}
