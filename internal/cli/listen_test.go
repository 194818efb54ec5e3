package cli

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xuezuo/internal/config"
	"xuezuo/internal/store/storetest"
)

// selfSigned returns a PEM certificate for 127.0.0.1 and its PEM key.
func selfSigned(t *testing.T, notBefore, notAfter time.Time) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "xuezuo test"},
		NotBefore: notBefore, NotAfter: notAfter, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	k, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: k})
}

// mustWrite writes data to path or fails the test.
func mustWrite(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLoadTLS(t *testing.T) {
	t.Parallel()
	now := time.Now()
	cert, key := selfSigned(t, now.Add(-time.Hour), now.Add(time.Hour))
	otherCert, _ := selfSigned(t, now.Add(-time.Hour), now.Add(time.Hour))
	oldCert, oldKey := selfSigned(t, now.Add(-48*time.Hour), now.Add(-24*time.Hour))
	dir := t.TempDir()
	files := map[string][]byte{"cert.pem": cert, "key.pem": key, "other.pem": otherCert, "old.pem": oldCert, "oldkey.pem": oldKey, "empty.pem": nil}
	for name, data := range files {
		mustWrite(t, filepath.Join(dir, name), data)
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	cases := []struct {
		name, cert, key string
		wantErr, note   string
	}{
		{"good", p("cert.pem"), p("key.pem"), "", ""},
		{"expired", p("old.pem"), p("oldkey.pem"), "", "现在不在其中，浏览器会拒绝连接：请更换证书"},
		{"no cert file", p("nope.pem"), p("key.pem"), "无法读取 TLS 证书文件 " + p("nope.pem") + "：请检查 --tls-cert", ""},
		{"no key file", p("cert.pem"), p("nope.pem"), "无法读取 TLS 私钥文件 " + p("nope.pem") + "：请检查 --tls-key", ""},
		{"key given as cert", p("key.pem"), p("key.pem"), "TLS 证书文件 " + p("key.pem") + " 里没有 PEM 格式的证书", ""},
		{"cert given as key", p("cert.pem"), p("cert.pem"), "TLS 私钥文件 " + p("cert.pem") + " 里没有 PEM 格式的私钥", ""},
		{"empty cert", p("empty.pem"), p("key.pem"), "里没有 PEM 格式的证书", ""},
		{"key of another cert", p("other.pem"), p("key.pem"), "TLS 证书 " + p("other.pem") + " 与私钥 " + p("key.pem") + " 无法配成一对", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg, note, err := loadTLS(tc.cert, tc.key, now)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || cfg == nil || len(cfg.Certificates) != 1 {
				t.Fatalf("got %v, %v; want one certificate", cfg, err)
			}
			if !strings.Contains(note, tc.note) || (tc.note == "") != (note == "") {
				t.Errorf("note: got %q, want %q", note, tc.note)
			}
		})
	}
}

func TestListenInUse(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = listen(ln.Addr().String(), "--metrics-addr")
	if err == nil || !strings.Contains(err.Error(), "已被占用：请用 --metrics-addr 换一个端口") {
		t.Errorf("got %v, want the port named as taken", err)
	}
	_, err = listen("127.0.0.1:http-alt-nope", "--addr")
	if err == nil || !strings.Contains(err.Error(), "请检查 --addr") {
		t.Errorf("got %v, want --addr named", err)
	}
}

func TestNewLogger(t *testing.T) {
	t.Parallel()
	cases := []struct {
		format string
		json   bool
	}{{"", false}, {config.LogText, false}, {config.LogJSON, true}}
	for _, tc := range cases {
		var b bytes.Buffer
		newLogger(&b, tc.format, slog.LevelInfo).Info("serving", slog.String("addr", "x"))
		var m map[string]any
		isJSON := json.Unmarshal(b.Bytes(), &m) == nil && m["msg"] == "serving"
		if isJSON != tc.json || (!tc.json && !strings.Contains(b.String(), "msg=serving addr=x")) {
			t.Errorf("format %q: got %q, want JSON %v", tc.format, b.String(), tc.json)
		}
	}
}

// TestServeEndpoints runs the site and a metrics listener with a stand-in
// handler through serve: each answers on its own address, /metrics only on
// the metrics one, and both stop when ctx ends.
func TestServeEndpoints(t *testing.T) {
	t.Parallel()
	cfg := config.Config{DataDir: t.TempDir(), DB: storetest.URL(t)}
	a, err := open(context.Background(), env{stderr: io.Discard, prog: "xuezuo"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	log := slog.New(slog.DiscardHandler)
	web := webServer()
	web.Handler = a.Handler()
	metrics := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "xuezuo_up 1\n") })
	var eps []endpoint
	for _, srv := range []*http.Server{web, metricsServer(metrics, log)} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		eps = append(eps, endpoint{name: "test", ln: ln, srv: srv})
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, eps, a, log) }()
	site, mon := "http://"+eps[0].ln.Addr().String(), "http://"+eps[1].ln.Addr().String()
	cases := []struct {
		url, body string
		code      int
	}{
		{mon + "/metrics", "xuezuo_up 1", http.StatusOK},
		{mon + "/", "", http.StatusNotFound},
		{site + "/healthz", "", http.StatusOK},
	}
	for _, tc := range cases {
		resp, err := http.Get(tc.url)
		if err != nil {
			t.Fatalf("GET %s: %v", tc.url, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.code || !strings.Contains(string(body), tc.body) {
			t.Errorf("GET %s: got %d %q, want %d %q", tc.url, resp.StatusCode, body, tc.code, tc.body)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: got %v, want nil", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not return after ctx ended")
	}
	for _, ep := range eps {
		if c, err := net.DialTimeout("tcp", ep.ln.Addr().String(), time.Second); err == nil {
			c.Close()
			t.Errorf("%s still accepts connections after shutdown", ep.ln.Addr())
		}
	}
}

func TestAddresses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		addr, display string
		loopback      bool
	}{
		{"127.0.0.1:8080", "127.0.0.1:8080", true},
		{"localhost:8080", "localhost:8080", true},
		{"[::1]:8080", "[::1]:8080", true},
		{"0.0.0.0:8080", "127.0.0.1:8080", false},
		{"[::]:8080", "127.0.0.1:8080", false},
		{":8080", "127.0.0.1:8080", false},
		{"10.1.2.3:80", "10.1.2.3:80", false},
	}
	for _, tc := range cases {
		if got := displayAddr(tc.addr); got != tc.display {
			t.Errorf("displayAddr(%q): got %q, want %q", tc.addr, got, tc.display)
		}
		if got := loopback(tc.addr); got != tc.loopback {
			t.Errorf("loopback(%q): got %v, want %v", tc.addr, got, tc.loopback)
		}
	}
}
