package cli

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"xuezuo/internal/store/storetest"
)

// syncBuffer is a bytes.Buffer the serving goroutine writes while the test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serving is a serve command running in the background.
type serving struct {
	out, errOut *syncBuffer
	cancel      context.CancelFunc
	done        chan int
	url         string // the site's address, as printed
}

// serveEnv is the environment of a serve test: its database and data
// directory, and GOGC/GOMEMLIMIT set so that serve leaves the test
// process's collector alone.
func serveEnv(t *testing.T, db string) map[string]string {
	t.Helper()
	return map[string]string{"XUEZUO_DB": db, "XUEZUO_DATA": t.TempDir(), "GOGC": "100", "GOMEMLIMIT": "1GiB"}
}

// startServe runs serve on a free loopback port as program prog and returns
// once it serves; the test's clean-up stops it.
func startServe(t *testing.T, prog string, env map[string]string, args ...string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{out: &syncBuffer{}, errOut: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	argv := append([]string{prog, "serve", "--addr", "127.0.0.1:0"}, args...)
	go func() { s.done <- Run(ctx, argv, strings.NewReader(""), s.out, s.errOut, mapEnv(env)) }()
	t.Cleanup(func() { s.stop(t) })
	deadline := time.After(time.Minute)
	for !strings.Contains(s.errOut.String(), "serving") {
		select {
		case code := <-s.done:
			s.done <- code
			t.Fatalf("serve ended with %d before serving\nstdout: %s\nstderr: %s", code, s.out, s.errOut)
		case <-deadline:
			t.Fatalf("serve did not start\nstdout: %s\nstderr: %s", s.out, s.errOut)
		case <-time.After(10 * time.Millisecond):
		}
	}
	s.url = regexp.MustCompile(`https?://127\.0\.0\.1:\d+`).FindString(s.out.String())
	return s
}

// stop cancels serve's ctx, as SIGTERM does, and returns its exit code.
func (s *serving) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		s.done <- code // a second stop (the clean-up) reads it again
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30 s of its ctx ending")
		return -1
	}
}

// nonEmptyDB returns a database holding one org and no account, so serve
// seeds no demo.
func nonEmptyDB(t *testing.T) string {
	t.Helper()
	db := storetest.URL(t)
	s := storetest.OpenServicesAt(t, db)
	storetest.MustCreateOrg(t, s, 0, "党组", "committee")
	s.Store.Close()
	return db
}

func TestServeAfterDatasetImport(t *testing.T) {
	t.Parallel()
	db := storetest.URL(t)
	env := serveEnv(t, db)
	if code, out, errOut := runAs(t, "xuezuo", env, "", "import", "dataset", filepath.Join("..", "dataset", "testdata", "s1")); code != 0 {
		t.Fatalf("import dataset: %d\n%s\n%s", code, out, errOut)
	}
	cases := []struct {
		name, prog string
		want       []string
	}{
		{"built binary", "xuezuo", []string{"数据库里还没有账号", "\n  xuezuo user add 用户名", "\n  xuezuo user grant 用户名 组织管理员 1 ", "1 是最上级组织“中国科学院党组”的 ID"}},
		{"go run", filepath.Join(t.TempDir(), "go-build42", "b001", "exe", "xuezuo"), []string{"\n  go run ./cmd/xuezuo user add 用户名", "\n  go run ./cmd/xuezuo user grant 用户名 组织管理员 1 "}},
	}
	for _, tc := range cases { // one after the other: one database
		s := startServe(t, tc.prog, env)
		out := s.out.String()
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: stdout lacks %q:\n%s", tc.name, w, out)
			}
		}
		if strings.Contains(out, "演示") {
			t.Errorf("%s: stdout speaks of the demo:\n%s", tc.name, out)
		}
		if code := s.stop(t); code != 0 {
			t.Errorf("%s: exit %d, want 0\n%s", tc.name, code, s.errOut)
		}
	}
	// With an account, serve says how to reset a password instead.
	if code, _, errOut := runAs(t, "xuezuo", env, "", "user", "add", "zuzhibu"); code != 0 {
		t.Fatalf("user add: %s", errOut)
	}
	s := startServe(t, "xuezuo", env)
	if out := s.out.String(); !strings.Contains(out, "忘记密码可运行 xuezuo user passwd 用户名") || strings.Contains(out, "还没有账号") {
		t.Errorf("with an account: stdout %q, want the passwd hint only", out)
	}
}

func TestServeTLS(t *testing.T) {
	t.Parallel()
	certFile, keyFile, pool := writeCert(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	s := startServe(t, "xuezuo", serveEnv(t, nonEmptyDB(t)), "--tls-cert", certFile, "--tls-key", keyFile)
	if !strings.HasPrefix(s.url, "https://") {
		t.Fatalf("printed address %q, want https://\n%s", s.url, s.out)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 10 * time.Second}
	resp, err := client.Get(s.url + "/healthz")
	if err != nil {
		t.Fatalf("GET over https: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil {
		t.Errorf("got %d, TLS %v; want 200 over TLS", resp.StatusCode, resp.TLS != nil)
	}
	// Plain HTTP on the HTTPS port is refused.
	if resp, err := http.Get(strings.Replace(s.url, "https://", "http://", 1) + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP answered 200 on the HTTPS port")
		}
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
}

// TestServeMetrics checks that --metrics-addr opens its own listener. Until
// app wires Config.MetricsAddr, App.MetricsHandler is nil and serve only
// logs that the flag is ignored; the listener itself is covered by
// TestServeEndpoints with a stand-in handler.
func TestServeMetrics(t *testing.T) {
	t.Parallel()
	s := startServe(t, "xuezuo", serveEnv(t, nonEmptyDB(t)), "--metrics-addr", "127.0.0.1:0", "--log-format", "json")
	m := regexp.MustCompile(`监控指标：(http://\S+/metrics)`).FindStringSubmatch(s.out.String())
	if m == nil {
		if !strings.Contains(s.errOut.String(), "--metrics-addr ignored") {
			t.Errorf("no metrics address printed and no warning logged\nstdout: %s\nstderr: %s", s.out, s.errOut)
		}
		t.Skip("App.MetricsHandler is nil: app does not serve metrics yet")
	}
	if m[1] == s.url+"/metrics" {
		t.Fatalf("metrics on the site's own address %s", m[1])
	}
	resp, err := http.Get(m[1])
	if err != nil {
		t.Fatalf("GET %s: %v", m[1], err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s: got %d %s, want 200", m[1], resp.StatusCode, body)
	}
	if resp, err := http.Get(s.url + "/metrics"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("the site answers /metrics too; want it on the metrics address only")
		}
	}
}

// writeCert writes a self-signed certificate for 127.0.0.1 and its key in
// a temp dir and returns their paths and a pool that trusts it.
func writeCert(t *testing.T, notBefore, notAfter time.Time) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	certPEM, keyPEM := selfSigned(t, notBefore, notAfter)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	mustWrite(t, certFile, certPEM)
	mustWrite(t, keyFile, keyPEM)
	pool = x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	return certFile, keyFile, pool
}

// TestServePortInUseSeedsNothing: the demo's passwords are printed once,
// so serve must fail on a busy port before it seeds an empty database.
func TestServePortInUseSeedsNothing(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	env := serveEnv(t, storetest.URL(t))
	code, _, errOut := runAs(t, "xuezuo", env, "", "serve", "--addr", ln.Addr().String())
	if code != 1 || !strings.Contains(errOut, "已被占用：请用 --addr 换一个端口") {
		t.Fatalf("got exit %d, stderr %q; want 1 and the port named as taken", code, errOut)
	}
	if _, out, _ := runAs(t, "xuezuo", env, "", "migrate"); !strings.Contains(out, "库中还没有组织和账号") {
		t.Errorf("the database is no longer empty: %s", out)
	}
}
