package cli

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"xuezuo/internal/config"
)

func TestServeConfig(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		check   func(c config.Config) bool
		wantErr string
	}{
		{"defaults", nil, nil, func(c config.Config) bool {
			return c.Addr == "127.0.0.1:8080" && c.LogFormat == config.LogText && c.TrustedProxies == nil && c.MetricsAddr == "" &&
				c.SecureCookies && !c.TLS()
		}, ""},
		{"proxies repeated and comma-separated", nil, []string{"--trusted-proxy", "10.0.0.0/8,fd00::/8", "--trusted-proxy", "192.168.1.10"},
			proxies("10.0.0.0/8", "fd00::/8", "192.168.1.10/32"), ""},
		{"proxies from the environment", map[string]string{"XUEZUO_TRUSTED_PROXIES": "172.16.0.0/12, ::1"}, nil,
			proxies("172.16.0.0/12", "::1/128"), ""},
		{"flag replaces the environment", map[string]string{"XUEZUO_TRUSTED_PROXIES": "172.16.0.0/12"}, []string{"--trusted-proxy=10.0.0.1"},
			proxies("10.0.0.1/32"), ""},
		{"bad proxy", nil, []string{"--trusted-proxy", "10.0.0.0/8,gateway"}, nil, "--trusted-proxy：\"gateway\" 不是 IP 地址或网段"},
		{"bad proxy in the environment", map[string]string{"XUEZUO_TRUSTED_PROXIES": "10.0.0.0/99"}, nil, nil, "环境变量 XUEZUO_TRUSTED_PROXIES：\"10.0.0.0/99\" 不是有效的网段"},
		{"log format flag", nil, []string{"--log-format", "json"}, func(c config.Config) bool { return c.LogFormat == config.LogJSON }, ""},
		{"log format from the environment", map[string]string{"XUEZUO_LOG_FORMAT": "json"}, nil, func(c config.Config) bool { return c.LogFormat == config.LogJSON }, ""},
		{"tls flags", nil, []string{"--tls-cert", "c.pem", "--tls-key", "k.pem"}, func(c config.Config) bool { return c.TLSCert == "c.pem" && c.TLSKey == "k.pem" && c.TLS() }, ""},
		{"tls from the environment", map[string]string{"XUEZUO_TLS_CERT": "c.pem", "XUEZUO_TLS_KEY": "k.pem"}, nil, func(c config.Config) bool { return c.TLS() }, ""},
		{"metrics flag", nil, []string{"--metrics-addr", "127.0.0.1:9090"}, func(c config.Config) bool { return c.MetricsAddr == "127.0.0.1:9090" }, ""},
		{"metrics from the environment", map[string]string{"XUEZUO_METRICS_ADDR": ":9090"}, nil, func(c config.Config) bool { return c.MetricsAddr == ":9090" }, ""},
		{"insecure cookies", map[string]string{"XUEZUO_INSECURE_COOKIES": "1"}, nil, func(c config.Config) bool { return !c.SecureCookies }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := serveConfig(env{stderr: io.Discard, getenv: mapEnv(tc.env), prog: "xuezuo"}, tc.args)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(message(flagError(err)), tc.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !tc.check(cfg) {
				t.Errorf("got %+v, %v; want the check to pass", cfg, err)
			}
		})
	}
}

// proxies returns a check that the trusted proxies are exactly want.
func proxies(want ...string) func(config.Config) bool {
	return func(c config.Config) bool {
		var got []string
		for _, p := range c.TrustedProxies {
			got = append(got, p.String())
		}
		return slices.Equal(got, want)
	}
}

// TestServeRejectsBadSettings runs serve with settings Validate refuses:
// each fails before any database opens, with a Chinese sentence.
func TestServeRejectsBadSettings(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"cert without key", []string{"--tls-cert", "c.pem"}, "--tls-cert（证书文件）与 --tls-key（私钥文件）须同时给出"},
		{"key without cert", []string{"--tls-key", "k.pem"}, "须同时给出"},
		{"log format", []string{"--log-format", "xml"}, "--log-format 只能是 text 或 json"},
		{"metrics address", []string{"--metrics-addr", "9090"}, "--metrics-addr \"9090\" 不是“主机:端口”形式"},
		{"metrics on the site's port", []string{"--addr", "127.0.0.1:8080", "--metrics-addr", "127.0.0.1:8080"}, "不能与 --addr 相同"},
		{"proxy", []string{"--trusted-proxy", "10.0.0.0/33"}, "不是有效的网段"},
		{"missing certificate", []string{"--tls-cert", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"}, "无法读取 TLS 证书文件 /nonexistent/c.pem"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			code, _, errOut := runAs(t, "xuezuo", map[string]string{"XUEZUO_DATA": dir}, "", append([]string{"serve"}, tc.args...)...)
			if code != 1 || !strings.Contains(errOut, tc.want) {
				t.Errorf("got exit %d, stderr %q; want 1 and %q", code, errOut, tc.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "xuezuo.db")); err == nil {
				t.Error("the database was created; want serve to stop before opening it")
			}
		})
	}
}
