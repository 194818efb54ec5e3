// Package cli is the command line of xuezuo: serve (the default), migrate,
// user, token, import, backup and version. Each subcommand parses its own
// flags, with XUEZUO_* environment variables as defaults, and calls the same
// services as the web and API.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
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
}

type command struct {
	name, usage, summary string
	run                  func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "serve [--addr 127.0.0.1:8080]", "启动网站和接口服务（默认命令）；空数据库会写入演示数据", runServe},
		{"migrate", "migrate", "升级数据库结构", runMigrate},
		{"user", "user add|grant|passwd …", "账号管理：user add 用户名 [--password-stdin]；user grant 用户名 角色 组织ID；user passwd 用户名", runUser},
		{"token", "token create 用户名 [--expires 720h]", "为账号创建接口访问令牌", runToken},
		{"import", "import members 文件.xlsx --org 组织ID | import dataset 目录", "从 Excel 批量导入党员，或把基准数据集导入空数据库（全部通过校验才写入）", runImport},
		{"backup", "backup 目标文件", "备份 SQLite 数据库（在线、一致）", runBackup},
		{"version", "version", "显示版本", runVersion},
	}
}

// Run runs the command line and returns the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" || name == "--help" || name == "-h" {
		usage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == name {
			err := c.run(ctx, e, args)
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			if err != nil {
				fmt.Fprintln(stderr, "错误："+message(err))
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "未知命令 %q\n\n", name)
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "xuezuo（学做）：党组织学习教育管理平台\n\n用法：xuezuo <命令> [参数]\n\n命令：")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-48s %s\n", c.usage, c.summary)
	}
	fmt.Fprintln(w, "\n每个命令都接受 --data 目录 与 --db 地址（postgres://… 选用 PostgreSQL），也可用 XUEZUO_DATA、XUEZUO_DB 等环境变量设置。\n各命令用 --help 查看详细参数。")
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
	fs.SetOutput(e.stderr)
	fs.StringVar(&cfg.DataDir, "data", config.Env(e.getenv, "DATA", "data"), "数据目录（SQLite 数据库文件所在）`DIR`，环境变量 XUEZUO_DATA")
	fs.StringVar(&cfg.DB, "db", config.Env(e.getenv, "DB", ""), "数据库地址 `URL`：postgres://… 或 SQLite 文件路径，环境变量 XUEZUO_DB")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "用法：xuezuo %s\n\n参数：\n", usage)
		fs.PrintDefaults()
	}
	cfg.Version = Version
	cfg.SecureCookies = true
	return fs
}

// open builds the app for a command that is not serving.
func open(ctx context.Context, e env, cfg config.Config) (*app.App, error) {
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return app.New(ctx, cfg, log)
}

// operator returns ctx acting as the local operator (whoever runs the CLI
// on the server, like root in a database shell); its writes are audited.
func operator(ctx context.Context) context.Context {
	return app.System(ctx, "cli")
}

func runVersion(ctx context.Context, e env, args []string) error {
	fmt.Fprintln(e.stdout, "xuezuo", Version)
	return nil
}

func runMigrate(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fs := flags(e, "migrate", "migrate [--data DIR | --db URL]", &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	v, err := a.Store.MigrationVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "数据库结构已是最新（版本 %d，%s）\n", v, a.Store.Engine())
	return nil
}
