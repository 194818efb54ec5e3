package cli

import (
	"strings"
	"testing"
)

func TestHelpListsCommands(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"-help"}} {
		t.Run(args[0], func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runAs(t, "xuezuo", nil, "", args...)
			if code != 0 || errOut != "" {
				t.Fatalf("got exit %d, stderr %q; want 0 and nothing on stderr", code, errOut)
			}
			for _, c := range commands() {
				if !strings.Contains(out, "\n  "+c.name) {
					t.Errorf("help lacks command %s:\n%s", c.name, out)
				}
			}
			for _, flag := range []string{"--tls-cert", "--trusted-proxy", "--metrics-addr", "--log-format", "用法：xuezuo <命令>"} {
				if !strings.Contains(out, flag) {
					t.Errorf("help lacks %q", flag)
				}
			}
		})
	}
}

func TestSubcommandHelp(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
		want string // on stdout
	}{
		{"serve", []string{"serve", "--help"}, "--trusted-proxy CIDR"},
		{"help serve", []string{"help", "serve"}, "--metrics-addr HOST:PORT"},
		{"serve -h", []string{"serve", "-h"}, "--log-format text|json"},
		{"migrate", []string{"migrate", "--help"}, "用法：xuezuo migrate"},
		{"user", []string{"user", "--help"}, "组织管理员"},
		{"help user", []string{"help", "user"}, "user grant 用户名 角色 组织ID"},
		{"user add", []string{"user", "add", "--help"}, "--password-stdin"},
		{"user grant", []string{"user", "grant", "-h"}, "security_admin"},
		{"user passwd", []string{"user", "passwd", "--help"}, "用法：xuezuo user passwd"},
		{"token", []string{"token", "--help"}, "token create"},
		{"token create", []string{"token", "create", "--help"}, "--expires 时长"},
		{"import", []string{"import", "--help"}, "import dataset"},
		{"import members", []string{"import", "members", "--help"}, "--org"},
		{"import dataset", []string{"import", "dataset", "--help"}, "用法：xuezuo import dataset"},
		{"backup", []string{"backup", "--help"}, "用法：xuezuo backup"},
		{"version", []string{"version", "--help"}, "用法：xuezuo version"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runAs(t, "xuezuo", nil, "", tc.args...)
			if code != 0 {
				t.Fatalf("got exit %d, want 0\nstdout: %s\nstderr: %s", code, out, errOut)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("stdout lacks %q:\n%s", tc.want, out)
			}
			if strings.Contains(out, "(default") {
				t.Errorf("flag defaults are in English:\n%s", out)
			}
		})
	}
}

func TestCommandLineMistakes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
		code int
		want string // on stderr
	}{
		{"unknown command", []string{"frobnicate"}, 2, "未知命令 \"frobnicate\""},
		{"help for unknown command", []string{"help", "frobnicate"}, 2, "可用的命令"},
		{"unknown flag", []string{"serve", "--bogus"}, 1, "错误：没有参数 --bogus：请用 --help"},
		{"missing value", []string{"token", "create", "x", "--expires"}, 1, "参数 --expires 缺少取值"},
		{"bad duration", []string{"token", "create", "x", "--expires", "abc"}, 1, "参数 --expires 的值 \"abc\" 无效"},
		{"serve takes no arguments", []string{"serve", "8080"}, 1, "--addr"},
		{"error shows the usage line only", []string{"user", "add"}, 1, "全部参数：xuezuo user add --help"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runAs(t, "xuezuo", nil, "", tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("got exit %d, stderr %q; want %d and %q (stdout %q)", code, errOut, tc.code, tc.want, out)
			}
			if strings.Contains(errOut, "flag provided") || strings.Contains(errOut, "invalid value") {
				t.Errorf("English flag error on stderr: %s", errOut)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, _ := runAs(t, "xuezuo", nil, "", args...)
		if code != 0 || !strings.Contains(out, Version) {
			t.Errorf("%v: got %d %q, want 0 and %s", args, code, out, Version)
		}
	}
}
