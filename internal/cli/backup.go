package cli

import (
	"context"
	"errors"
	"fmt"

	"xuezuo/internal/config"
)

func runBackup(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fs := flags(e, "backup", "backup 目标文件 [--data DIR]", &cfg)
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
	if err := a.Store.Backup(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已备份到 %s\n", pos[0])
	return nil
}
