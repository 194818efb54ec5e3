package cli

import (
	"context"
	"errors"
	"fmt"

	"xuezuo/internal/config"
)

// runBackup writes one archive: the database copied online, the uploaded
// files and a manifest to check them by (see app.Backup).
func runBackup(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fs := flags(e, "backup", "backup 目标文件 [--data DIR] [--db URL]", &cfg)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("请给出备份文件路径")
	}
	a, err := open(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	m, err := a.Backup(operator(ctx), pos[0])
	if err != nil {
		return err
	}
	restore := e.prog + " restore " + shellQuote(pos[0]) + " --data 新的空目录"
	if cfg.Postgres() {
		restore += " --db postgres://…/新的空数据库"
	}
	fmt.Fprintf(e.stdout, "已备份到 %s（仅本用户可读写）：%d 张表共 %d 行，%d 个附件文件。恢复：%s\n",
		pos[0], len(m.Tables), m.Rows(), len(m.Blobs), restore)
	return nil
}
