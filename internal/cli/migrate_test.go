package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrateSaysWhatItDid(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "new")
	steps := []struct {
		name, want, not string
	}{
		{"new directory", "已创建数据库结构（版本 ", "已是最新"},
		{"again", "数据库结构已是最新（版本 ", "已创建"},
	}
	for _, st := range steps {
		code, out, errOut := runAs(t, "xuezuo", nil, "", "migrate", "--data", dir)
		if code != 0 || !strings.Contains(out, st.want) || strings.Contains(out, st.not) {
			t.Fatalf("%s: got %d %q (stderr %q), want 0 and %q", st.name, code, out, errOut, st.want)
		}
		// The database is still empty: both say how to start the demo.
		if want := "运行 xuezuo serve --data " + dir; !strings.Contains(out, want) {
			t.Errorf("%s: stdout lacks %q:\n%s", st.name, want, out)
		}
	}
}
