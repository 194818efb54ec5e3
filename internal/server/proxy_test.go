package server

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestTrustedProxies(t *testing.T) {
	t.Parallel()
	lan := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	tests := []struct {
		name     string
		trusted  []netip.Prefix
		peer     string
		xff      []string // X-Forwarded-For lines
		proto    string
		tls      bool
		wantIP   string
		wantTLS  bool
		wantAddr string // r.RemoteAddr as the handler sees it
	}{
		{name: "no proxies configured", peer: "203.0.113.5:4000", xff: []string{"198.51.100.7"}, proto: "https",
			wantIP: "203.0.113.5", wantAddr: "203.0.113.5:4000"},
		{name: "untrusted peer's headers ignored", trusted: lan, peer: "203.0.113.5:4000",
			xff: []string{"198.51.100.7"}, proto: "https",
			wantIP: "203.0.113.5", wantAddr: "203.0.113.5:4000"},
		{name: "untrusted peer with TLS", trusted: lan, peer: "203.0.113.5:4000", tls: true,
			wantIP: "203.0.113.5", wantTLS: true, wantAddr: "203.0.113.5:4000"},
		{name: "trusted peer names the client", trusted: lan, peer: "10.0.0.2:5000",
			xff: []string{"198.51.100.7"}, proto: "https",
			wantIP: "198.51.100.7", wantTLS: true, wantAddr: "198.51.100.7:5000"},
		{name: "trusted peer over plain http", trusted: lan, peer: "10.0.0.2:5000",
			xff: []string{"198.51.100.7"}, proto: "http",
			wantIP: "198.51.100.7", wantAddr: "198.51.100.7:5000"},
		{name: "proto case and spaces", trusted: lan, peer: "10.0.0.2:5000",
			xff: []string{"198.51.100.7"}, proto: " HTTPS ",
			wantIP: "198.51.100.7", wantTLS: true, wantAddr: "198.51.100.7:5000"},
		{name: "chain of proxies", trusted: lan, peer: "10.0.0.2:5000",
			xff:    []string{"198.51.100.7, 10.1.1.1", "10.2.2.2"},
			wantIP: "198.51.100.7", wantAddr: "198.51.100.7:5000"},
		{name: "spoofed left-most entry ignored", trusted: lan, peer: "10.0.0.2:5000",
			xff:    []string{"1.2.3.4, 198.51.100.7,10.1.1.1"},
			wantIP: "198.51.100.7", wantAddr: "198.51.100.7:5000"},
		{name: "spoofed trusted-looking entry left of the client", trusted: lan, peer: "10.0.0.2:5000",
			xff:    []string{"10.9.9.9, 198.51.100.7"},
			wantIP: "198.51.100.7", wantAddr: "198.51.100.7:5000"},
		{name: "all entries trusted: the left-most", trusted: lan, peer: "10.0.0.2:5000",
			xff:    []string{"10.3.3.3, 10.1.1.1"},
			wantIP: "10.3.3.3", wantAddr: "10.3.3.3:5000"},
		{name: "trusted peer without the header", trusted: lan, peer: "10.0.0.2:5000",
			wantIP: "10.0.0.2", wantAddr: "10.0.0.2:5000"},
		{name: "malformed entry falls back to the peer", trusted: lan, peer: "10.0.0.2:5000",
			xff:    []string{"198.51.100.7, not-an-ip"},
			wantIP: "10.0.0.2", wantAddr: "10.0.0.2:5000"},
		{name: "empty entry falls back to the peer", trusted: lan, peer: "10.0.0.2:5000",
			xff:    []string{"198.51.100.7,,10.1.1.1"},
			wantIP: "10.0.0.2", wantAddr: "10.0.0.2:5000"},
		{name: "malformed entry beyond the client is never read", trusted: lan, peer: "10.0.0.2:5000",
			xff:    []string{"garbage, 198.51.100.7"},
			wantIP: "198.51.100.7", wantAddr: "198.51.100.7:5000"},
		{name: "IPv6 client and proxy", trusted: lan, peer: "[fd00::2]:5000",
			xff:    []string{"2001:db8::7"},
			wantIP: "2001:db8::7", wantAddr: "[2001:db8::7]:5000"},
		{name: "IPv4-mapped client is unmapped", trusted: lan, peer: "10.0.0.2:5000",
			xff:    []string{"::ffff:198.51.100.7"},
			wantIP: "198.51.100.7", wantAddr: "198.51.100.7:5000"},
		{name: "IPv4-mapped peer is trusted", trusted: lan, peer: "[::ffff:10.0.0.2]:5000",
			xff:    []string{"198.51.100.7"},
			wantIP: "198.51.100.7", wantAddr: "198.51.100.7:5000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var ip, addr string
			var https, httpsInfo bool
			h := Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ip, https, addr = ClientIP(r), IsHTTPS(r), r.RemoteAddr
				httpsInfo = FromContext(r.Context()).HTTPS
			}), Options{TrustedProxies: tc.trusted})
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			if tc.proto != "" {
				req.Header.Set("X-Forwarded-Proto", tc.proto)
			}
			if tc.tls {
				req.TLS = &tls.ConnectionState{}
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			if ip != tc.wantIP {
				t.Errorf("ClientIP: got %q, want %q", ip, tc.wantIP)
			}
			if https != tc.wantTLS || httpsInfo != tc.wantTLS {
				t.Errorf("IsHTTPS: got %v (Info %v), want %v", https, httpsInfo, tc.wantTLS)
			}
			if addr != tc.wantAddr {
				t.Errorf("RemoteAddr: got %q, want %q", addr, tc.wantAddr)
			}
			if req.RemoteAddr != tc.peer {
				t.Errorf("caller's request changed: RemoteAddr %q, want %q", req.RemoteAddr, tc.peer)
			}
		})
	}
}
