package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"xuezuo/internal/app"
	"xuezuo/internal/config"
	"xuezuo/internal/demo"
)

func runServe(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fs := flags(e, "serve", "serve [--addr 地址] [--data DIR | --db URL] [--insecure-cookies]", &cfg)
	fs.StringVar(&cfg.Addr, "addr", config.Env(e.getenv, "ADDR", "127.0.0.1:8080"), "监听地址 `HOST:PORT`，环境变量 XUEZUO_ADDR")
	insecure := fs.Bool("insecure-cookies", config.Env(e.getenv, "INSECURE_COOKIES", "") == "1",
		"会话 Cookie 不加 Secure 标记（仅用于内网纯 HTTP 部署），环境变量 XUEZUO_INSECURE_COOKIES=1")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.SecureCookies = !*insecure
	paceGC(e.getenv)
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	start := time.Now()
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	seeded, err := a.SeedIfEmpty(ctx)
	if err != nil {
		return fmt.Errorf("写入演示数据失败：%w", err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%w", cfg.Addr, err)
	}
	url := "http://" + displayAddr(ln.Addr().String())
	if len(seeded) > 0 {
		demo.Print(e.stdout, url, seeded)
	} else {
		fmt.Fprintf(e.stdout, "xuezuo 已启动：%s\n演示账号的密码只在首次启动时显示；忘记密码可运行 go run ./cmd/xuezuo user passwd 用户名\n", url)
	}
	log.Info("serving", slog.String("addr", ln.Addr().String()), slog.String("db", a.Store.Engine()),
		slog.Duration("startup", time.Since(start)), slog.Int("pid", os.Getpid()))
	return serve(ctx, ln, a.Handler(), a, log)
}

// paceGC sets the collector's pace for serving unless GOGC or GOMEMLIMIT say
// otherwise. Why: the server's own heap is small (SQLite's page caches live
// outside it), so at the default GOGC=100 a stream of check-ins triggers many
// collections a second; GOGC=400 under a 96 MiB soft limit collects far less
// often while the heap can never grow past the limit unchecked.
func paceGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(96 << 20)
	}
}

// serve runs the HTTP server until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, ln net.Listener, h http.Handler, a *app.App, log *slog.Logger) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	go a.CleanSessions(ctx, time.Hour)
	go a.SweepBlobs(ctx, time.Hour)
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
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
