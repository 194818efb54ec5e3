package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFieldKeyCommand: fieldkey new writes an owner-only key; migrate with
// --field-key (or XUEZUO_FIELD_KEY) enables it; without it the database
// then refuses to open, saying which flag to add.
func TestFieldKeyCommand(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	key := filepath.Join(t.TempDir(), "field.key")
	code, out, errOut := runAs(t, "xuezuo", nil, "", "fieldkey", "new", key, "--data", data)
	if code != 0 || !strings.Contains(out, "已生成手机号加密密钥") {
		t.Fatalf("fieldkey new: got %d %q %q", code, out, errOut)
	}
	if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v; want 0600", err, st.Mode().Perm())
	}
	if code, _, errOut := runAs(t, "xuezuo", nil, "", "fieldkey", "new", key); code != 1 || !strings.Contains(errOut, "已存在") {
		t.Errorf("fieldkey new over a key: got %d %q, want 1 and 已存在", code, errOut)
	}
	steps := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"enable by flag", nil, []string{"migrate", "--data", data, "--field-key", key}, 0, ""},
		{"by environment", map[string]string{"XUEZUO_FIELD_KEY": key}, []string{"migrate", "--data", data}, 0, ""},
		{"without the key", nil, []string{"migrate", "--data", data}, 1, "错误：数据库中党员的手机号已加密存储：请用 --field-key 指定密钥文件"},
	}
	for _, st := range steps {
		code, out, errOut := runAs(t, "xuezuo", st.env, "", st.args...)
		if code != st.code || !strings.Contains(errOut, st.want) {
			t.Errorf("%s: got %d %q %q, want %d and %q", st.name, code, out, errOut, st.code, st.want)
		}
	}
}
