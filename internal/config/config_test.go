package config

import (
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestConfig(t *testing.T) {
	t.Parallel()
	c := Config{DataDir: "data"}
	if got := c.DBURL(); got != filepath.Join("data", "xuezuo.db") {
		t.Errorf("DBURL: got %s", got)
	}
	c.DB = "postgres:///x"
	if c.DBURL() != "postgres:///x" || c.Validate() != nil {
		t.Errorf("postgres URL: %s %v", c.DBURL(), c.Validate())
	}
	if got := (Config{DataDir: "data"}).BlobDir(); got != filepath.Join("data", "blobs") {
		t.Errorf("BlobDir: got %s", got)
	}
	env := func(k string) string { return map[string]string{"XUEZUO_ADDR": ":9"}[k] }
	if Env(env, "ADDR", "d") != ":9" || Env(env, "DATA", "d") != "d" {
		t.Error("Env")
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	ok := Config{DataDir: "data", Addr: "127.0.0.1:8080"}
	with := func(f func(*Config)) Config { c := ok; f(&c); return c }
	cases := []struct {
		name string
		cfg  Config
		want string // substring of the error; "" for none
	}{
		{"defaults", ok, ""},
		{"no data, no db", Config{}, "--data"},
		{"mysql", Config{DB: "mysql://x"}, "postgres://"},
		{"tls both", with(func(c *Config) { c.TLSCert, c.TLSKey = "c.pem", "k.pem" }), ""},
		{"tls cert only", with(func(c *Config) { c.TLSCert = "c.pem" }), "须同时给出"},
		{"tls key only", with(func(c *Config) { c.TLSKey = "k.pem" }), "--tls-cert"},
		{"log text", with(func(c *Config) { c.LogFormat = LogText }), ""},
		{"log json", with(func(c *Config) { c.LogFormat = LogJSON }), ""},
		{"log xml", with(func(c *Config) { c.LogFormat = "xml" }), "只能是 text 或 json"},
		{"proxy", with(func(c *Config) { c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")} }), ""},
		{"proxy zero value", with(func(c *Config) { c.TrustedProxies = []netip.Prefix{{}} }), "无效的网段"},
		{"metrics", with(func(c *Config) { c.MetricsAddr = "127.0.0.1:9090" }), ""},
		{"metrics no port", with(func(c *Config) { c.MetricsAddr = "127.0.0.1" }), "主机:端口"},
		{"metrics same as addr", with(func(c *Config) { c.MetricsAddr = c.Addr }), "不能与 --addr 相同"},
		{"metrics and addr both :0", with(func(c *Config) { c.Addr, c.MetricsAddr = "127.0.0.1:0", "127.0.0.1:0" }), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.cfg.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestTLS(t *testing.T) {
	t.Parallel()
	cases := []struct {
		cert, key string
		want      bool
	}{{"", "", false}, {"c", "", false}, {"", "k", false}, {"c", "k", true}}
	for _, tc := range cases {
		if got := (Config{TLSCert: tc.cert, TLSKey: tc.key}).TLS(); got != tc.want {
			t.Errorf("TLS(%q, %q): got %v, want %v", tc.cert, tc.key, got, tc.want)
		}
	}
}

func TestPostgres(t *testing.T) {
	t.Parallel()
	cases := []struct {
		db   string
		want bool
	}{{"", false}, {"data/x.db", false}, {"postgres:///x?host=/run", true}, {"postgresql://u@h/x", true}, {"/srv/postgres/x.db", false}}
	for _, tc := range cases {
		if got := (Config{DB: tc.db}).Postgres(); got != tc.want {
			t.Errorf("Postgres(%q): got %v, want %v", tc.db, got, tc.want)
		}
	}
}

func TestParsePrefixes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in string
		want     []string // canonical prefixes; nil with wantErr
		wantErr  string
	}{
		{"empty", "", nil, ""},
		{"one network", "10.0.0.0/8", []string{"10.0.0.0/8"}, ""},
		{"bare IPv4 is /32", "192.168.1.10", []string{"192.168.1.10/32"}, ""},
		{"bare IPv6 is /128", "::1", []string{"::1/128"}, ""},
		{"mapped IPv4 unmapped", "::ffff:10.1.2.3", []string{"10.1.2.3/32"}, ""},
		{"host bits masked", "10.1.2.3/8", []string{"10.0.0.0/8"}, ""},
		{"comma and spaces", "10.0.0.0/8, 172.16.0.0/12 ,fd00::/8", []string{"10.0.0.0/8", "172.16.0.0/12", "fd00::/8"}, ""},
		{"bad address", "10.0.0.300", nil, "不是 IP 地址或网段"},
		{"bad bits", "10.0.0.0/33", nil, "不是有效的网段"},
		{"hostname", "proxy.local", nil, "proxy.local"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParsePrefixes(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, %v; want an error containing %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got %v, want no error", err)
			}
			var s []string
			for _, p := range got {
				s = append(s, p.String())
			}
			if !slices.Equal(s, tc.want) {
				t.Errorf("got %v, want %v", s, tc.want)
			}
		})
	}
}
