package cli

import (
	"context"
	"errors"
	"fmt"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/config"
)

const auditUsage = "audit verify [--head 序号:哈希]"

// runAudit runs "audit verify": it seals what is queued, recomputes the
// chain and names every edited, deleted or inserted row. With --head (a
// head the server logged earlier) it also finds a tail cut off. The exit
// status is 1 when anything was found, so a cron job can alert on it.
func runAudit(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintf(e.stderr, "用法：%s %s\n", e.prog, auditUsage)
		if len(args) > 0 && isHelp(args[0]) {
			return nil
		}
		return errors.New("缺少子命令 verify")
	}
	var cfg config.Config
	fs := flags(e, "audit verify", auditUsage, &cfg)
	headArg := fs.String("head", "", "服务器日志中记下的审计日志头 `序号:哈希`（audit chain head 一行）；给出时还能发现被截掉的尾部")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		fs.Usage()
		return errors.New("audit verify 不接受其他参数")
	}
	var expected *audit.Head
	if *headArg != "" {
		h, err := audit.ParseHead(*headArg)
		if err != nil {
			return errors.New("--head：" + xuezuo.ErrorFields(err)["head"])
		}
		expected = &h
	}
	a, err := open(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	r, err := a.Audit.Verify(operator(ctx), expected)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, r.Summary())
	for _, p := range r.Problems {
		fmt.Fprintf(e.stdout, "  [%s] %s\n", kindLabel(p.Kind), p.Message)
	}
	if r.More > 0 {
		fmt.Fprintf(e.stdout, "  另有 %d 处问题未列出。\n", r.More)
	}
	if !r.OK() {
		return fmt.Errorf("审计日志校验未通过：%d 处问题", len(r.Problems)+r.More)
	}
	fmt.Fprintf(e.stdout, "日志头：%s\n", r.Head)
	return nil
}

// kindLabel names a kind of tampering in zh-CN.
func kindLabel(kind string) string {
	switch kind {
	case audit.Edited:
		return "被修改"
	case audit.Deleted:
		return "被删除"
	case audit.Inserted:
		return "被插入"
	case audit.Truncated:
		return "尾部截断"
	}
	return kind
}
