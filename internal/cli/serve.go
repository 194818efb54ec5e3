package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"xuezuo/internal/app"
	"xuezuo/internal/config"
	"xuezuo/internal/demo"
)

// serveUsage is serve's usage line, also in the commands table.
const serveUsage = "serve [--addr 地址] [--tls-cert 文件 --tls-key 文件] [--trusted-proxy 网段] [--metrics-addr 地址] [--log-format text|json] [--sync normal|full] [--insecure-cookies]"

func runServe(ctx context.Context, e env, args []string) error {
	cfg, err := serveConfig(e, args)
	if err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	var tlsNote string
	ws := webServer()
	if cfg.TLS() {
		// Before the database opens: a wrong certificate is the likelier
		// mistake and the quicker to report.
		if ws.TLSConfig, tlsNote, err = loadTLS(cfg.TLSCert, cfg.TLSKey, time.Now()); err != nil {
			return err
		}
	}
	paceGC(e.getenv)
	log := newLogger(e.stderr, cfg.LogFormat, slog.LevelInfo)
	ws.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	start := time.Now()
	a, err := newApp(ctx, e, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	ws.Handler = a.Handler()
	// Listen before seeding: the demo's passwords are shown once, after
	// this, so a port in use must not swallow them.
	eps, err := listeners(cfg, ws, a.MetricsHandler(), log)
	if err != nil {
		return err
	}
	seeded, err := a.SeedIfEmpty(ctx)
	if err != nil {
		for _, ep := range eps {
			ep.ln.Close()
		}
		return fmt.Errorf("写入演示数据失败：%w", err)
	}
	scheme := "http"
	if cfg.TLS() {
		scheme = "https"
	}
	url := scheme + "://" + displayAddr(eps[0].ln.Addr().String())
	greet(ctx, e, cfg, a, url, seeded)
	if tlsNote != "" {
		fmt.Fprintln(e.stdout, tlsNote)
	}
	if len(eps) > 1 {
		fmt.Fprintf(e.stdout, "监控指标：http://%s/metrics\n", displayAddr(eps[1].ln.Addr().String()))
	}
	log.Info("serving", slog.String("addr", eps[0].ln.Addr().String()), slog.Bool("tls", cfg.TLS()), slog.String("db", a.Store.Engine()),
		slog.Duration("startup", time.Since(start)), slog.Int("pid", os.Getpid()))
	return serve(ctx, eps, a, log)
}

// serveConfig parses serve's flags over the XUEZUO_* environment.
func serveConfig(e env, args []string) (config.Config, error) {
	var cfg config.Config
	fs := flags(e, "serve", serveUsage, &cfg)
	fs.StringVar(&cfg.Addr, "addr", config.Env(e.getenv, "ADDR", "127.0.0.1:8080"), "监听地址 `HOST:PORT`，环境变量 XUEZUO_ADDR")
	insecure := fs.Bool("insecure-cookies", config.Env(e.getenv, "INSECURE_COOKIES", "") == "1",
		"会话 Cookie 不加 Secure 标记（仅用于内网纯 HTTP 部署），环境变量 XUEZUO_INSECURE_COOKIES=1")
	fs.StringVar(&cfg.TLSCert, "tls-cert", config.Env(e.getenv, "TLS_CERT", ""), "直接提供 HTTPS：PEM 证书文件 `FILE`（含中间证书），须与 --tls-key 同用，环境变量 XUEZUO_TLS_CERT")
	fs.StringVar(&cfg.TLSKey, "tls-key", config.Env(e.getenv, "TLS_KEY", ""), "PEM 私钥文件 `FILE`，环境变量 XUEZUO_TLS_KEY")
	proxies := &prefixFlag{list: &cfg.TrustedProxies}
	fs.Var(proxies, "trusted-proxy", "信任其 X-Forwarded-For/-Proto 头的反向代理 `CIDR`（如 10.0.0.0/8；单个 IP 亦可），可重复或用逗号分隔，环境变量 XUEZUO_TRUSTED_PROXIES")
	fs.StringVar(&cfg.MetricsAddr, "metrics-addr", config.Env(e.getenv, "METRICS_ADDR", ""), "在此单独的地址 `HOST:PORT` 上提供 /metrics（Prometheus）；留空则关闭，环境变量 XUEZUO_METRICS_ADDR")
	fs.StringVar(&cfg.LogFormat, "log-format", config.Env(e.getenv, "LOG_FORMAT", config.LogText), "日志格式 `text|json`，写到标准错误，环境变量 XUEZUO_LOG_FORMAT")
	fs.StringVar(&cfg.AuditHash, "audit-hash", config.Env(e.getenv, "AUDIT_HASH", "sm3"), "审计日志哈希链的算法 `sm3|sha256`（对此后封存的记录生效），环境变量 XUEZUO_AUDIT_HASH")
	fs.StringVar(&cfg.Sync, "sync", config.Env(e.getenv, "SYNC", config.SyncNormal),
		"SQLite 落盘方式 `normal|full`：normal 进程崩溃不丢已确认的写入，full 断电也不丢（每次提交多一次刷盘）；PostgreSQL 总按 full，环境变量 XUEZUO_SYNC")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return cfg, fmt.Errorf("serve 不接受参数 %q：地址等请用 --addr 这样的参数给出", fs.Arg(0))
	}
	if !proxies.set {
		ps, err := config.ParsePrefixes(e.getenv("XUEZUO_TRUSTED_PROXIES"))
		if err != nil {
			return cfg, fmt.Errorf("环境变量 XUEZUO_TRUSTED_PROXIES：%w", err)
		}
		cfg.TrustedProxies = ps
	}
	cfg.SecureCookies = !*insecure
	return cfg, nil
}

// prefixFlag is --trusted-proxy: repeatable, each value a comma-separated
// list. Its first use on the command line replaces the environment's list.
type prefixFlag struct {
	list *[]netip.Prefix
	set  bool
}

// String implements flag.Value.
func (f *prefixFlag) String() string {
	if f == nil || f.list == nil {
		return ""
	}
	s := make([]string, len(*f.list))
	for i, p := range *f.list {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

// Set implements flag.Value.
func (f *prefixFlag) Set(v string) error {
	ps, err := config.ParsePrefixes(v)
	if err != nil {
		return err
	}
	if !f.set {
		*f.list, f.set = nil, true
	}
	*f.list = append(*f.list, ps...)
	return nil
}

// greet tells whoever started the server where it is and how to log in.
func greet(ctx context.Context, e env, cfg config.Config, a *app.App, url string, seeded []demo.Account) {
	passwd := e.command(cfg, "user passwd 用户名")
	if len(seeded) > 0 {
		demo.Print(e.stdout, url, passwd, seeded)
	} else if n, err := a.Store.CountUsers(ctx); err == nil && n == 0 {
		firstAccount(ctx, e, cfg, a, url)
	} else {
		fmt.Fprintf(e.stdout, "xuezuo 已启动：%s\n密码只在创建或重设时显示一次；忘记密码可运行 %s\n", url, passwd)
	}
	if !cfg.TLS() && cfg.SecureCookies && len(cfg.TrustedProxies) == 0 && !loopback(cfg.Addr) {
		fmt.Fprintln(e.stdout, "注意：从其他电脑经 http:// 访问时，浏览器不保存带 Secure 标记的会话 Cookie，无法登录。"+
			"请用 --tls-cert 与 --tls-key 直接提供 HTTPS，或放在 HTTPS 反向代理之后（并用 --trusted-proxy 指明代理）；仅限内网时可加 --insecure-cookies。")
	}
}

// firstAccount explains how to create the first account in a database that
// holds data (an imported data set) but no account, so no demo was seeded.
func firstAccount(ctx context.Context, e env, cfg config.Config, a *app.App, url string) {
	org, top := "组织ID", "最上级组织的 ID"
	if tops, err := a.Org.Tops(operator(ctx)); err == nil && len(tops) > 0 {
		org = fmt.Sprint(tops[0].ID)
		top = fmt.Sprintf("%s 是最上级组织“%s”的 ID", org, tops[0].Name)
	}
	fmt.Fprintf(e.stdout, "xuezuo 已启动：%s\n数据库里还没有账号。请在服务器上另开一个终端，创建第一个账号并授权：\n  %s\n  %s\n"+
		"（%s；user add 会显示一次初始密码，之后即可在网页上登录。负责账号与授权的安全管理员请另建一个账号，授予“安全管理员”，组织ID 填 0。）\n",
		url, e.command(cfg, "user add 用户名"), e.command(cfg, "user grant 用户名 组织管理员 "+org), top)
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
