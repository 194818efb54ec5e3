package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"xuezuo/internal/app"
	"xuezuo/internal/config"
)

// runRestore restores a backup into an empty data directory (and, with
// --db postgres://…, an empty database) and checks it against its manifest.
func runRestore(ctx context.Context, e env, args []string) error {
	var cfg config.Config
	fs := flags(e, "restore", "restore 备份文件 --data 空目录 [--db postgres://…空数据库]", &cfg)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("请给出要恢复的备份文件")
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	m, err := app.Restore(operator(ctx), cfg, pos[0], log)
	if err != nil {
		return err
	}
	serve := e.prog + " serve --data " + shellQuote(cfg.DataDir)
	if cfg.DB != "" {
		serve += " --db " + shellQuote(redact(cfg.DB))
	}
	if cfg.FieldKey != "" {
		serve += " --field-key " + shellQuote(cfg.FieldKey)
	}
	fmt.Fprintf(e.stdout, "已从 %s 恢复到 %s：%d 张表共 %d 行、%d 个附件文件，行数与校验和均与清单相符。启动：%s\n",
		pos[0], cfg.DataDir, len(m.Tables), m.Rows(), len(m.Blobs), serve)
	return nil
}
