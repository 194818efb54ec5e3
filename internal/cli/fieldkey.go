package cli

import (
	"context"
	"errors"
	"fmt"

	"xuezuo/internal/app"
	"xuezuo/internal/config"
)

// fieldKeyUsage is the fieldkey command's usage line, also in the commands table.
const fieldKeyUsage = "fieldkey new 密钥文件"

// runFieldKey writes a new random key file for --field-key (mode 0600,
// never over an existing file). Using it is a separate step: the next
// start with --field-key encrypts the phones in place.
func runFieldKey(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "new" {
		fmt.Fprintf(e.stderr, "用法：%s %s [--data DIR]\n", e.prog, fieldKeyUsage)
		if len(args) > 0 && isHelp(args[0]) {
			return nil
		}
		return errors.New("缺少子命令 new")
	}
	var cfg config.Config
	fs := flags(e, "fieldkey new", fieldKeyUsage+" [--data DIR]", &cfg)
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("请给出要生成的密钥文件路径（放在数据目录之外）")
	}
	if err := app.NewFieldKeyFile(pos[0], cfg.DataDir); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已生成手机号加密密钥 %s（仅本用户可读写）。请另行备份它：备份文件里不含密钥，丢失后手机号无法解密。\n"+
		"启用：%s serve --field-key %s（首次启动会把已有手机号就地加密，此后每次启动都须给出）\n",
		pos[0], e.prog, shellQuote(pos[0]))
	return nil
}
