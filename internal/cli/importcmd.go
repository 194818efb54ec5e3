package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"xuezuo/internal/config"
	"xuezuo/internal/member"
)

func runImport(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && args[0] == "dataset" {
		return runImportDataset(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "members" {
		fmt.Fprintf(e.stderr, "用法：%[1]s import members 文件.xlsx --org 组织ID\n      %[1]s import dataset 目录\n", e.prog)
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			return nil
		}
		return errors.New("缺少子命令 members")
	}
	var cfg config.Config
	fs := flags(e, "import members", "import members 文件.xlsx --org 组织ID", &cfg)
	orgID := fs.Int64("org", 0, "导入范围：所在支部按名称在此组织之下匹配")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 || *orgID == 0 {
		fs.Usage()
		return errors.New("请给出一个 .xlsx 文件和 --org 组织ID")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("无法打开文件：%w", err)
	}
	defer f.Close()
	a, err := open(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	progress := func(done, total int) { fmt.Fprintf(e.stderr, "\r校验中 %d/%d 行", done, total) }
	res, err := a.Member.Import(operator(ctx), *orgID, f, progress)
	fmt.Fprintln(e.stderr)
	var ie *member.ImportError
	if errors.As(err, &ie) {
		fmt.Fprintln(e.stdout, "行号\t列\t问题")
		for _, r := range ie.Rows {
			fmt.Fprintf(e.stdout, "%d\t%s\t%s\n", r.Line, r.Column, r.Message)
		}
		return ie
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已导入 %d 名党员\n", res.Created)
	return nil
}
