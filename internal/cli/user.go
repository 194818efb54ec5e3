package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/app"
	"xuezuo/internal/config"
)

func runUser(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintf(e.stderr, "用法：\n  %[1]s user add 用户名 [--name 显示名] [--password-stdin]\n  %[1]s user grant 用户名 角色 组织ID\n  %[1]s user passwd 用户名 [--password-stdin]\n\n角色（中文名或代码均可）：\n%[2]s\n", e.prog, roleList())
		if len(args) == 0 {
			return errors.New("缺少子命令")
		}
		return nil
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, e, args[1:])
	case "grant":
		return userGrant(ctx, e, args[1:])
	case "passwd":
		return userPasswd(ctx, e, args[1:])
	}
	return fmt.Errorf("未知子命令 user %s（可用：add、grant、passwd）", args[0])
}

// parseInterleaved lets flags follow positional arguments (xuezuo user add
// alice --password-stdin), as people type them.
func parseInterleaved(fs interface {
	Parse([]string) error
	Args() []string
}, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// password reads a password from stdin, or generates one to print once.
func password(e env, fromStdin bool) (pw string, generated bool, err error) {
	if !fromStdin {
		return account.GeneratePassword(16), true, nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", false, errors.New("没有从标准输入读到密码")
	}
	return strings.TrimRight(line, "\r\n"), false, nil
}

func userAdd(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fs := flags(e, "user add", "user add 用户名 [--name 显示名] [--password-stdin]", &cfg)
	display := fs.String("name", "", "显示名")
	stdin := fs.Bool("password-stdin", false, "从标准输入读取密码；不加则生成随机密码并显示一次")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("请给出一个用户名")
	}
	pw, generated, err := password(e, *stdin)
	if err != nil {
		return err
	}
	a, err := open(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Account.CreateUser(operator(ctx), pos[0], *display, pw)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已创建账号 %s（ID %d）\n", u.Username, u.ID)
	if generated {
		fmt.Fprintf(e.stdout, "初始密码（只显示这一次）：%s\n", pw)
	}
	return nil
}

func userGrant(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fs := flags(e, "user grant", "user grant 用户名 角色 组织ID\n\n角色（中文名或代码均可）：\n"+roleList(), &cfg)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 3 {
		fs.Usage()
		return errors.New("需要三个参数：用户名 角色 组织ID")
	}
	role, err := parseRole(pos[1])
	if err != nil {
		return err
	}
	orgID, err := strconv.ParseInt(pos[2], 10, 64)
	if err != nil {
		return fmt.Errorf("组织ID %q 不是数字：请写组织的编号（网页上组织页地址中的数字），%s 填 0", pos[2], "系统管理员、安全管理员、审计员")
	}
	return onUser(ctx, e, cfg, pos[0], func(a *app.App, op context.Context, u *account.User) error {
		if _, err := a.Account.Grant(op, u.ID, role, orgID); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已授予 %s “%s”角色（组织 %d）\n", u.Username, role.Label(), orgID)
		return nil
	})
}

// onUser opens the app and runs fn as the local operator on the named account.
func onUser(ctx context.Context, e env, cfg config.Config, name string, fn func(a *app.App, op context.Context, u *account.User) error) error {
	a, err := open(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	op := operator(ctx)
	u, err := a.Account.UserByName(op, name)
	if err != nil && xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		return fmt.Errorf("查找账号 %s：%w", name, err)
	}
	if err != nil {
		return fmt.Errorf("账号 %s 不存在：请检查用户名，或先运行 %s 创建它", name, e.command(cfg, "user add "+shellQuote(name)))
	}
	return fn(a, op, u)
}

func userPasswd(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fs := flags(e, "user passwd", "user passwd 用户名 [--password-stdin]", &cfg)
	stdin := fs.Bool("password-stdin", false, "从标准输入读取新密码；不加则生成随机密码并显示一次")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("请给出一个用户名")
	}
	pw, generated, err := password(e, *stdin)
	if err != nil {
		return err
	}
	return onUser(ctx, e, cfg, pos[0], func(a *app.App, op context.Context, u *account.User) error {
		if err := a.Account.SetPassword(op, u.ID, pw); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已重设 %s 的密码\n", u.Username)
		if generated {
			fmt.Fprintf(e.stdout, "新密码（只显示这一次）：%s\n", pw)
		}
		return nil
	})
}
