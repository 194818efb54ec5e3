package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"xuezuo/internal/config"
)

func runMigrate(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fset := flags(e, "migrate", "migrate [--data DIR | --db URL]", &cfg)
	if err := fset.Parse(args); err != nil {
		return err
	}
	// A SQLite file that is not there yet (or empty) gets its schema now.
	// PostgreSQL gives no such sign before the migrations run; there an
	// empty database is reported as such below.
	fresh := false
	if !cfg.Postgres() {
		st, err := os.Stat(cfg.DBURL())
		fresh = errors.Is(err, fs.ErrNotExist) || (err == nil && st.Size() == 0)
	}
	a, err := open(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	v, err := a.Store.MigrationVersion(ctx)
	if err != nil {
		return fmt.Errorf("读取数据库结构版本失败：%w", err)
	}
	if fresh {
		fmt.Fprintf(e.stdout, "已创建数据库结构（版本 %d，%s）：%s\n", v, a.Store.Engine(), cfg.DBURL())
		fmt.Fprintf(e.stdout, "数据库是空的：运行 %s 会写入演示数据并启动网站。\n", e.command(cfg, "serve"))
		return nil
	}
	fmt.Fprintf(e.stdout, "数据库结构已是最新（版本 %d，%s）\n", v, a.Store.Engine())
	if empty, err := a.Store.Empty(ctx); err == nil && empty {
		fmt.Fprintf(e.stdout, "库中还没有组织和账号：运行 %s 会写入演示数据并启动网站。\n", e.command(cfg, "serve"))
	}
	return nil
}
