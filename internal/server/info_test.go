package server

import (
	"context"
	"crypto/tls"
	"net/http/httptest"
	"testing"
)

func TestWithoutInfo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// A handler under unit test runs without Wrap: nothing may panic.
	SetRoute(ctx, "GET /x", true)
	SetUser(ctx, 5)
	if FromContext(ctx) != nil {
		t.Error("FromContext: got an Info, want nil")
	}
	if got := RequestID(ctx); got != "" {
		t.Errorf("RequestID: got %q, want empty", got)
	}
	tests := []struct {
		name   string
		remote string
		tls    bool
		ip     string
	}{
		{name: "host and port", remote: "192.0.2.9:1234", ip: "192.0.2.9"},
		{name: "IPv6", remote: "[2001:db8::1]:443", tls: true, ip: "2001:db8::1"},
		{name: "no port", remote: "192.0.2.9", ip: "192.0.2.9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.remote
			if tc.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if got := ClientIP(r); got != tc.ip {
				t.Errorf("ClientIP: got %q, want %q", got, tc.ip)
			}
			if got := IsHTTPS(r); got != tc.tls {
				t.Errorf("IsHTTPS: got %v, want %v", got, tc.tls)
			}
		})
	}
}

func TestSetRouteAndUser(t *testing.T) {
	t.Parallel()
	info := &Info{RequestID: "0123456789abcdef"}
	ctx := withInfo(context.Background(), info)
	SetRoute(ctx, "GET /orgs/{id}", true)
	SetUser(ctx, 9)
	if got := FromContext(ctx); got != info {
		t.Fatalf("FromContext: got %p, want %p", got, info)
	}
	if info.Route != "GET /orgs/{id}" || !info.Public || info.UserID != 9 {
		t.Errorf("got %+v, want route, public and user set", *info)
	}
	if got := RequestID(ctx); got != info.RequestID {
		t.Errorf("RequestID: got %q, want %q", got, info.RequestID)
	}
}

func TestNewRequestID(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 1000 {
		id := NewRequestID()
		if !hexID.MatchString(id) {
			t.Fatalf("got %q, want 16 hex characters", id)
		}
		if seen[id] {
			t.Fatalf("got %q twice", id)
		}
		seen[id] = true
	}
}
