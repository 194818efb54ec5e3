// Package cli is the command line of xuezuo: serve (the default), migrate,
// user, token, import, backup, fieldkey, restore and version. Each subcommand parses its own
// flags, with XUEZUO_* environment variables as defaults, and calls the same
// services as the web and API.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"xuezuo"
	"xuezuo/internal/app"
	"xuezuo/internal/config"
)

// Version is the program version, set at build time with -ldflags.
const Version = "0.1.0"

// env carries the process environment into the commands.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// prog is how the reader starts this program again: "xuezuo" (as typed),
	// or "go run ./cmd/xuezuo" under go run. See progName.
	prog string
	// help is set when the command line asks for help: the usage then
	// lists every flag, where an error shows only the usage line.
	help bool
}

type command struct {
	name, usage, summary string
	run                  func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", serveUsage, "启动网站和接口服务（默认命令）；空数据库会写入演示数据", runServe},
		{"migrate", "migrate", "创建或升级数据库结构", runMigrate},
		{"user", "user add|grant|passwd …", "账号管理：user add 用户名 [--password-stdin]；user grant 用户名 角色 组织ID；user passwd 用户名", runUser},
		{"token", "token create 用户名 [--expires 720h]", "为账号创建接口访问令牌", runToken},
		{"import", "import members 文件.xlsx --org 组织ID | import dataset 目录", "从 Excel 批量导入党员，或把基准数据集导入空数据库（全部通过校验才写入）", runImport},
		{"audit", auditUsage, "校验审计日志的哈希链，指出被修改、删除或插入的记录", runAudit},
		{"backup", "backup 目标文件", "在线备份为一个文件（仅本用户可读写）：数据库快照、全部附件与校验清单；PostgreSQL 用 pg_dump", runBackup},
		{"fieldkey", fieldKeyUsage, "生成手机号加密存储（SM4-GCM）的密钥文件，供 --field-key 使用", runFieldKey},
		{"restore", "restore 备份文件 --data 空目录 [--db postgres://…空数据库]", "把备份恢复到空目录（及空数据库），逐表逐文件核对清单后才算完成", runRestore},
		{"version", "version", "显示版本", runVersion},
	}
}

// Run runs the command line and returns the exit code. args is the whole
// command line, os.Args: args[0] names the program in the messages.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, prog: "xuezuo"}
	if len(args) > 0 {
		e.prog, args = progName(args[0]), args[1:]
	}
	name, explicit := "serve", false
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args, explicit = args[0], args[1:], true
	}
	switch {
	case (name == "help" && len(args) == 0) || (!explicit && len(args) > 0 && isHelp(args[0])):
		usage(e, stdout)
		return 0
	case name == "help": // help serve is serve --help
		name, args = args[0], []string{"--help"}
	case !explicit && len(args) > 0 && (args[0] == "--version" || args[0] == "-version"):
		name, args = "version", nil
	}
	if wantsHelp(args) {
		// Help is asked for, not an error: it goes to stdout, for less and grep.
		e.stderr, e.help = e.stdout, true
	}
	for _, c := range commands() {
		if c.name == name {
			err := c.run(ctx, e, args)
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			if err != nil {
				fmt.Fprintln(stderr, "错误："+message(flagError(err)))
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "未知命令 %q。可用的命令如下：\n\n", name)
	usage(e, stderr)
	return 2
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "-help" }

// wantsHelp reports whether a help flag comes before any "--".
func wantsHelp(args []string) bool {
	end := len(args)
	if i := slices.Index(args, "--"); i >= 0 {
		end = i
	}
	return slices.ContainsFunc(args[:end], isHelp)
}

func usage(e env, w io.Writer) {
	fmt.Fprintf(w, "xuezuo（学做）：党组织学习教育管理平台\n\n用法：%s <命令> [参数]\n\n命令：\n", e.prog)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %s\n      %s\n", c.usage, c.summary)
	}
	fmt.Fprintf(w, "\n每个命令都接受 --data 目录 与 --db 地址（postgres://… 选用 PostgreSQL），也可用 XUEZUO_DATA、XUEZUO_DB 等环境变量设置。\n"+
		"查看某个命令的全部参数：%s help 命令，或 %s 命令 --help。\n", e.prog, e.prog)
}

// flagError rewrites the flag package's English parse errors in Chinese;
// any other error is returned as it is.
func flagError(err error) error {
	msg := err.Error()
	name := func(s string) string { return "-" + strings.TrimLeft(s, "-") }
	for _, p := range []struct{ prefix, format string }{
		{"flag provided but not defined: ", "没有参数 -%s：请用 --help 查看这个命令接受的参数"},
		{"flag needs an argument: ", "参数 -%s 缺少取值：请在它后面写上值"},
		{"bad flag syntax: ", "参数 %s 的写法不对：请写成 --名称 值 或 --名称=值"},
	} {
		if rest, ok := strings.CutPrefix(msg, p.prefix); ok {
			return fmt.Errorf(p.format, name(rest))
		}
	}
	// invalid value "x" for flag -name: reason
	rest, ok := strings.CutPrefix(msg, "invalid value ")
	if !ok {
		rest, ok = strings.CutPrefix(msg, "invalid boolean value ")
	}
	value, rest, ok2 := strings.Cut(rest, " for flag ")
	flagName, reason, ok3 := strings.Cut(rest, ": ")
	if !ok || !ok2 || !ok3 {
		return err
	}
	if strings.IndexFunc(reason, func(r rune) bool { return r > 127 }) >= 0 { // already Chinese: our own flag.Value
		return fmt.Errorf("-%s：%s", name(flagName), reason)
	}
	return fmt.Errorf("参数 -%s 的值 %s 无效（%s）：请用 --help 查看应有的格式", name(flagName), value, reason)
}

// message returns the user-facing text of err.
func message(err error) string {
	var xe *xuezuo.Error
	if errors.As(err, &xe) {
		msg := xuezuo.ErrorMessage(err)
		for k, v := range xe.Fields {
			msg += fmt.Sprintf("\n  %s：%s", k, v)
		}
		if xe.Code == xuezuo.EInternal {
			msg += "（" + err.Error() + "）"
		}
		return msg
	}
	return err.Error()
}

// flags returns a flag set with the common --data and --db flags bound to cfg.
func flags(e env, name, usage string, cfg *config.Config) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package's own error lines are English; Run prints them in
	// Chinese (flagError), so only the usage below reaches the reader.
	fs.SetOutput(io.Discard)
	fs.StringVar(&cfg.DataDir, "data", config.Env(e.getenv, "DATA", "data"), "数据目录 `DIR`：SQLite 数据库文件与上传的附件所在，环境变量 XUEZUO_DATA")
	fs.StringVar(&cfg.DB, "db", config.Env(e.getenv, "DB", ""), "数据库地址 `URL`：postgres://… 或 SQLite 文件路径，环境变量 XUEZUO_DB")
	fs.StringVar(&cfg.FieldKey, "field-key", config.Env(e.getenv, "FIELD_KEY", ""),
		"手机号加密存储（SM4-GCM）的密钥文件 `FILE`，须在数据目录之外、仅本用户可读（xuezuo fieldkey new 生成）；一经启用，以后每次启动都要给出，环境变量 XUEZUO_FIELD_KEY")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "用法：%s %s\n", e.prog, usage)
		if !e.help {
			fmt.Fprintf(e.stderr, "（全部参数：%s %s --help）\n", e.prog, name)
			return
		}
		fmt.Fprintln(e.stderr, "\n参数：")
		printFlags(e.stderr, fs)
	}
	cfg.Version = Version
	cfg.SecureCookies = true
	return fs
}

// printFlags lists the flags of fs as PrintDefaults would, in Chinese.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	kinds := map[string]string{"string": "值", "duration": "时长", "int": "整数", "value": "值"}
	fs.VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		if k, ok := kinds[arg]; ok {
			arg = k
		}
		fmt.Fprintf(w, "  %s\n        %s", strings.TrimSpace("--"+f.Name+" "+arg), text)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			fmt.Fprintf(w, "（默认 %s）", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// operator returns ctx acting as the local operator (whoever runs the CLI
// on the server, like root in a database shell); its writes are audited.
func operator(ctx context.Context) context.Context {
	return app.System(ctx, "cli")
}

func runVersion(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprintf(fs.Output(), "用法：%s version\n", e.prog) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "xuezuo", Version)
	return nil
}
