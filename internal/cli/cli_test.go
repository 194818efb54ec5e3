package cli

import (
	"bytes"
	"cmp"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xuezuo/internal/store/storetest"
)

// run runs the CLI as the built binary "xuezuo" with XUEZUO_DB pointing at
// db (uploads in a temp dir) and returns its exit code, stdout and stderr.
func run(t *testing.T, db, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return runAs(t, "xuezuo", map[string]string{"XUEZUO_DB": db, "XUEZUO_DATA": t.TempDir()}, stdin, args...)
}

// runAs runs the CLI as program prog (os.Args[0]) with the environment env.
func runAs(t *testing.T, prog string, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{prog}, args...), strings.NewReader(stdin), &out, &errb, mapEnv(env))
	return code, out.String(), errb.String()
}

// mapEnv returns a getenv reading m.
func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestCommands(t *testing.T) {
	t.Parallel()
	db := storetest.URL(t)
	steps := []struct {
		name  string
		stdin string
		args  []string
		code  int
		out   string // substring of stdout (or stderr when code != 0)
	}{
		{"version", "", []string{"version"}, 0, Version},
		{"help", "", []string{"help"}, 0, "import members"},
		{"unknown", "", []string{"frobnicate"}, 2, ""},
		{"migrate", "", []string{"migrate"}, 0, "数据库结构"},
		{"user add with stdin", "Zuzhi-Bu-2026!\n", []string{"user", "add", "zuzhibu", "--password-stdin"}, 0, "已创建账号 zuzhibu"},
		{"user add generated", "", []string{"user", "add", "shenji"}, 0, "初始密码"},
		{"weak password", "123\n", []string{"user", "add", "weak", "--password-stdin"}, 1, "密码强度不足"},
		{"grant auditor", "", []string{"user", "grant", "shenji", "auditor", "0"}, 0, "审计员"},
		{"grant unknown org", "", []string{"user", "grant", "zuzhibu", "org_admin", "999"}, 1, "组织不存在"},
		{"grant second admin role", "", []string{"user", "grant", "shenji", "security_admin", "0"}, 1, "三员分立"},
		{"token", "", []string{"token", "create", "zuzhibu", "--expires", "24h"}, 0, "xz_"},
		{"token for nobody", "", []string{"token", "create", "nobody"}, 1, "不存在"},
		{"passwd", "", []string{"user", "passwd", "zuzhibu"}, 0, "新密码"},
		{"import needs org", "", []string{"import", "members", "x.xlsx"}, 1, "--org"},
		{"user help", "", []string{"user", "--help"}, 0, ""},
	}
	for _, st := range steps {
		code, out, errOut := run(t, db, st.stdin, st.args...)
		if code != st.code {
			t.Fatalf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", st.name, code, st.code, out, errOut)
		}
		if !strings.Contains(out+errOut, st.out) {
			t.Errorf("%s: output lacks %q\nstdout: %s\nstderr: %s", st.name, st.out, out, errOut)
		}
	}
}

func TestImportAndBackup(t *testing.T) {
	t.Parallel()
	db := storetest.URL(t)
	// An empty database: seed it through serve's path is not possible without
	// a listener, so build the tree through the app the CLI opens.
	s := storetest.OpenServicesAt(t, db)
	root := storetest.MustCreateOrg(t, s, 0, "党组", "committee")
	storetest.MustCreateOrg(t, s, root.ID, "生态党支部", "branch")
	s.Store.Close()

	f := excelize.NewFile()
	rows := [][]any{
		{"姓名", "性别", "出生日期", "入党日期", "转正日期", "人员类别", "所在支部"},
		{"周一", "男", "1985-03-02", "2008-07-01", "2009-07-01", "在职", "生态党支部"},
		{"吴二", "女", "1990", "2012-06-30", "", "学生", "生态党支部"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, db, "", "import", "members", path, "--org", "1")
	if code != 0 || !strings.Contains(out, "已导入 2 名党员") {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	code, out, _ = run(t, db, "", "import", "members", path, "--org", "1")
	if code != 1 || !strings.Contains(out, "已有同名") {
		t.Fatalf("re-import: got %d %s, want the duplicates listed", code, out)
	}
	// The backup, restored into a new directory (and, on PostgreSQL, an
	// empty database), holds the imported members; backup_test.go has the rest.
	dst := filepath.Join(t.TempDir(), "xuezuo.backup")
	code, out, errOut = run(t, db, "", "backup", dst)
	if code != 0 {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	env := map[string]string{"XUEZUO_DATA": restored}
	if strings.HasPrefix(db, "postgres") {
		env["XUEZUO_DB"] = storetest.URL(t)
	}
	if code, out, errOut = runAs(t, "xuezuo", env, "", "restore", dst); code != 0 {
		t.Fatalf("restore: %d %s %s", code, out, errOut)
	}
	b := storetest.OpenServicesAt(t, cmp.Or(env["XUEZUO_DB"], filepath.Join(restored, "xuezuo.db")))
	p, err := b.Member.List(storetest.System(), memberFilter(1))
	if err != nil || p.Total != 2 {
		t.Errorf("restored content: got %d members, %v; want 2", p.Total, err)
	}
}
