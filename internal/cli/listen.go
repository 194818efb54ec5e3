package cli

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"time"

	"xuezuo/internal/app"
	"xuezuo/internal/config"
)

// endpoint is one listener and the server answering on it.
type endpoint struct {
	name string // for the error of a server that stops on its own
	ln   net.Listener
	srv  *http.Server // with TLSConfig when it answers HTTPS
}

// serve runs every endpoint and the app's background jobs until ctx ends or
// one server fails, then shuts them all down gracefully.
func serve(ctx context.Context, eps []endpoint, a *app.App, log *slog.Logger) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, len(eps))
	for _, ep := range eps {
		go func() {
			var err error
			if ep.srv.TLSConfig != nil {
				err = ep.srv.ServeTLS(ep.ln, "", "") // the certificate is in TLSConfig
			} else {
				err = ep.srv.Serve(ep.ln)
			}
			if err != nil && !errors.Is(err, http.ErrServerClosed) {
				err = fmt.Errorf("%s 服务意外停止：%w", ep.name, err)
			}
			done <- err
		}()
	}
	go a.CleanSessions(ctx, time.Hour)
	go a.ChainAudit(ctx, time.Second)
	go a.LogLoginFailures(ctx)
	go a.AuditUnknownLogins(ctx, time.Minute)
	go a.SweepBlobs(ctx, time.Hour)
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
	}
	shut, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	for _, ep := range eps {
		if e := ep.srv.Shutdown(shut); e != nil && err == nil {
			err = e
		}
	}
	log.Info("stopped")
	return err
}

// listeners opens the site's listener and, when cfg.MetricsAddr is set and
// app gave a metrics handler, the metrics one.
func listeners(cfg config.Config, site *http.Server, metrics http.Handler, log *slog.Logger) ([]endpoint, error) {
	ln, err := listen(cfg.Addr, "--addr")
	if err != nil {
		return nil, err
	}
	eps := []endpoint{{name: "web", ln: ln, srv: site}}
	switch {
	case cfg.MetricsAddr == "":
	case metrics == nil:
		log.Warn("metrics handler not available; --metrics-addr ignored", slog.String("metrics_addr", cfg.MetricsAddr))
	default:
		mln, err := listen(cfg.MetricsAddr, "--metrics-addr")
		if err != nil {
			ln.Close()
			return nil, err
		}
		eps = append(eps, endpoint{name: "metrics", ln: mln, srv: metricsServer(metrics, log)})
	}
	return eps, nil
}

// webServer returns the server for the site and the API, its handler and
// certificate still to be set.
func webServer() *http.Server {
	return &http.Server{ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
}

// metricsServer answers GET /metrics with h and 404 elsewhere.
func metricsServer(h http.Handler, log *slog.Logger) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("/metrics", h)
	return &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
}

// loadTLS reads the certificate and key, naming the file at fault. note
// warns of a certificate that has expired or is not yet valid at now.
func loadTLS(certFile, keyFile string, now time.Time) (cfg *tls.Config, note string, err error) {
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return nil, "", fmt.Errorf("无法读取 TLS 证书文件 %s：请检查 --tls-cert 的路径和读权限（%v）", certFile, errors.Unwrap(err))
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, "", fmt.Errorf("无法读取 TLS 私钥文件 %s：请检查 --tls-key 的路径和读权限（%v）", keyFile, errors.Unwrap(err))
	}
	if !hasPEM(certPEM, "CERTIFICATE") {
		return nil, "", fmt.Errorf("TLS 证书文件 %s 里没有 PEM 格式的证书（-----BEGIN CERTIFICATE-----）：请确认 --tls-cert 指向证书，而不是私钥或 DER 文件", certFile)
	}
	if !hasPEM(keyPEM, "PRIVATE KEY") {
		return nil, "", fmt.Errorf("TLS 私钥文件 %s 里没有 PEM 格式的私钥（-----BEGIN … PRIVATE KEY-----）：请确认 --tls-key 指向未加密的私钥", keyFile)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, "", fmt.Errorf("TLS 证书 %s 与私钥 %s 无法配成一对：请确认私钥属于这张证书（%v）", certFile, keyFile, err)
	}
	if leaf := cert.Leaf; leaf != nil && (now.After(leaf.NotAfter) || now.Before(leaf.NotBefore)) {
		note = fmt.Sprintf("注意：TLS 证书 %s 的有效期是 %s 至 %s，现在不在其中，浏览器会拒绝连接：请更换证书。",
			certFile, leaf.NotBefore.Format(time.DateOnly), leaf.NotAfter.Format(time.DateOnly))
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, note, nil
}

// hasPEM reports whether data holds a PEM block whose type ends in kind.
func hasPEM(data []byte, kind string) bool {
	for {
		var b *pem.Block
		if b, data = pem.Decode(data); b == nil {
			return false
		}
		if strings.HasSuffix(b.Type, kind) && !strings.Contains(b.Type, "ENCRYPTED") {
			return true
		}
	}
}

// listen opens a TCP listener on addr, given by flag, with a message that
// says what to change when it cannot.
func listen(addr, flag string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	switch {
	case err == nil:
		return ln, nil
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, fmt.Errorf("地址 %s 已被占用：请用 %s 换一个端口，或先停下占用它的程序（也许是另一个 xuezuo）", addr, flag)
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("无权监听 %s：1024 以下的端口需要 root 或 CAP_NET_BIND_SERVICE 权限，请用 %s 换成 8080 这样的端口", addr, flag)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return nil, fmt.Errorf("本机没有地址 %s：请用 %s 写本机的 IP，或写 0.0.0.0:端口 监听所有网卡", addr, flag)
	}
	return nil, fmt.Errorf("无法监听 %s：请检查 %s，应写成 127.0.0.1:8080 这样的“主机:端口”（%v）", addr, flag, err)
}

// newLogger returns the process's logger: slog's JSON or text lines on w.
func newLogger(w io.Writer, format string, level slog.Level) *slog.Logger {
	o := &slog.HandlerOptions{Level: level}
	if format == config.LogJSON {
		return slog.New(slog.NewJSONHandler(w, o))
	}
	return slog.New(slog.NewTextHandler(w, o))
}

// displayAddr turns a wildcard listen address into one a browser can open.
func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// loopback reports whether addr listens on the loopback interface only
// ("localhost:8080", "127.0.0.1:8080", "[::1]:8080").
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
