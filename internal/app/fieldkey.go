package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"xuezuo"
	"xuezuo/internal/config"
	"xuezuo/internal/store"
)

// loadFieldKey reads the key file cfg.FieldKey names: nil when none is
// set. The file must be readable by its owner alone and lie outside the
// data directory, so a copy or backup of the data never carries it.
func loadFieldKey(cfg config.Config) ([]byte, error) {
	path := cfg.FieldKey
	if path == "" {
		return nil, nil
	}
	if cfg.DataDir != "" && inside(path, cfg.DataDir) {
		return nil, xuezuo.Errorf(xuezuo.EInvalid, "密钥文件 %s 在数据目录 %s 之内：复制或备份数据目录时会把密钥一起带走；请把它移到数据目录之外（如 /etc/xuezuo/field.key）", path, cfg.DataDir)
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, xuezuo.Errorf(xuezuo.EInvalid, "找不到 --field-key 指定的密钥文件 %s：请检查路径；新启用加密可先运行 xuezuo fieldkey new %s 生成", path, path)
	}
	if err != nil {
		return nil, fmt.Errorf("无法读取密钥文件 %s：%w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, xuezuo.Errorf(xuezuo.EInvalid, "密钥文件 %s 不是普通文件", path)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return nil, xuezuo.Errorf(xuezuo.EInvalid, "密钥文件 %s 的权限是 %04o，同组或其他用户也能访问：请执行 chmod 600 %s 后再启动", path, perm, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("无法读取密钥文件 %s：%w", path, err)
	}
	key, err := store.ParseFieldKey(data)
	if err != nil {
		return nil, fmt.Errorf("密钥文件 %s：%w", path, err)
	}
	return key, nil
}

// inside reports whether path lies in dir (or is dir), comparing absolute,
// symlink-resolved paths as far as they exist.
func inside(path, dir string) bool {
	p, d := resolve(path), resolve(dir)
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// resolve returns path absolute, with the symlinks of its existing parent
// resolved (the file itself may not exist yet).
func resolve(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	if r, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(r, filepath.Base(abs))
	}
	return abs
}

// NewFieldKeyFile writes a new random field key to path, mode 0600. It
// never overwrites: a key that sealed data must not be lost to a typo.
func NewFieldKeyFile(path, dataDir string) error {
	if dataDir != "" && inside(path, dataDir) {
		return xuezuo.Errorf(xuezuo.EInvalid, "密钥文件 %s 在数据目录 %s 之内：请放到数据目录之外（如 /etc/xuezuo/field.key），备份才不会带上它", path, dataDir)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return xuezuo.Errorf(xuezuo.EConflict, "文件 %s 已存在，未覆盖：已用来加密的密钥一旦丢失，手机号就无法解密；请换一个文件名", path)
	}
	if err != nil {
		return fmt.Errorf("无法创建密钥文件 %s：%w", path, err)
	}
	if _, err := f.Write(store.NewFieldKey()); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("写入密钥文件 %s：%w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("写入密钥文件 %s：%w", path, err)
	}
	return f.Close()
}
