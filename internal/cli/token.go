package cli

import (
	"context"
	"errors"
	"fmt"
	"time"
	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/app"

	"xuezuo/internal/config"
)

func runToken(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintf(e.stderr, "用法：%s token create 用户名 [--expires 720h] [--name 用途]\n", e.prog)
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			return nil
		}
		return errors.New("缺少子命令 create")
	}
	var cfg config.Config
	fs := flags(e, "token create", "token create 用户名 [--expires 720h] [--name 用途]", &cfg)
	expires := fs.Duration("expires", 720*time.Hour, "有效期，如 720h")
	name := fs.String("name", "cli", "令牌用途")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("请给出一个用户名")
	}
	return onUser(ctx, e, cfg, pos[0], func(a *app.App, op context.Context, u *account.User) error {
		raw, t, err := a.Account.CreateToken(op, u.ID, *name, *expires)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, raw)
		fmt.Fprintf(e.stderr, "令牌 %d 属于 %s，%s 到期；它只显示这一次。\n", t.ID, u.Username, t.ExpiresAt.In(xuezuo.Beijing).Format("2006-01-02 15:04"))
		return nil
	})
}
