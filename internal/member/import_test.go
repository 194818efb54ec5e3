package member_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xuezuo"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

var header = []any{"姓名", "性别", "出生日期", "入党日期", "转正日期", "人员类别", "所在支部", "状态", "转入日期"}

func xlsx(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range append([][]any{header}, rows...) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type fixture struct {
	s    *storetest.Services
	unit *org.Org
	eco  *org.Org
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	s := storetest.OpenServices(t)
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	unit := storetest.MustCreateUnit(t, s, root.ID, "植物研究所党委")
	eco := storetest.MustCreateOrg(t, s, unit.ID, "生态党支部", org.KindBranch)
	gb := storetest.MustCreateOrg(t, s, unit.ID, "离退休党总支", org.KindGeneralBranch)
	storetest.MustCreateOrg(t, s, gb.ID, "第一党支部", org.KindBranch)
	storetest.MustCreateOrg(t, s, unit.ID, "第一党支部", org.KindBranch) // same name twice: ambiguous
	other := storetest.MustCreateUnit(t, s, root.ID, "另一所党委")
	storetest.MustCreateOrg(t, s, other.ID, "光合党支部", org.KindBranch) // outside the import scope
	storetest.MustCreateMember(t, s, eco.ID, "已在册")
	return fixture{s: s, unit: unit, eco: eco}
}

func (f fixture) count(t *testing.T) int {
	t.Helper()
	p, err := f.s.Member.List(storetest.System(), member.Filter{OrgID: f.unit.ID})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

func TestImportGoodFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	data := xlsx(t,
		[]any{"周一", "男", "1985-03-02", "2008-07-01", "2009-07-01", "在职", "生态党支部", "正常", ""},
		[]any{"吴二", "女", "1990", "2012/6/30", "", "学生", "生态党支部", "出国（境）", "2020-09-01"},
		[]any{},
		[]any{"郑三", "女", "1950年5月4日", "1975.7.1", "1976.7.1", "离退休", "生态党支部", "", ""},
	)
	var calls int
	res, err := f.s.Member.Import(storetest.System(), f.unit.ID, bytes.NewReader(data), func(done, total int) { calls++ })
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if res.Created != 3 || calls == 0 {
		t.Fatalf("import: got %+v with %d progress calls, want 3 created", res, calls)
	}
	if got := f.count(t); got != 4 {
		t.Fatalf("members after import: got %d, want 4", got)
	}
	p, _ := f.s.Member.List(storetest.System(), member.Filter{OrgID: f.eco.ID, Name: "吴二"})
	wu := p.Items[0]
	if !wu.BirthYearOnly || wu.Standing != member.StandingProbationary || wu.Status != "abroad" || wu.Category != "student" {
		t.Errorf("吴二: got %+v", wu)
	}
	ms, _, _, err := f.s.Member.History(storetest.System(), wu.ID)
	if err != nil || len(ms) != 1 || ms[0].From != xuezuo.NewDate(2020, 9, 1) {
		t.Errorf("吴二 membership should start at 转入日期: got %+v, %v", ms, err)
	}
}

func TestImportBadRowsWriteNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	good := []any{"周一", "男", "1985-03-02", "2008-07-01", "2009-07-01", "在职", "生态党支部", "正常", ""}
	tests := []struct {
		name   string
		rows   [][]any
		line   int
		column string
		text   string
	}{
		{"missing name", [][]any{good, {"", "男", "1985-03-02", "2008-07-01", "", "在职", "生态党支部"}}, 3, "姓名", "请填写姓名"},
		{"bad date", [][]any{good, {"吴二", "男", "1985-13-45", "2008-07-01", "", "在职", "生态党支部"}}, 3, "出生日期", "不是有效的日期"},
		{"unknown branch", [][]any{good, {"吴二", "男", "1985-03-02", "2008-07-01", "", "在职", "光合党支部"}}, 3, "所在支部", "找不到"},
		{"ambiguous branch", [][]any{good, {"吴二", "男", "1985-03-02", "2008-07-01", "", "在职", "第一党支部"}}, 3, "所在支部", "2 个名为"},
		{"duplicate in file", [][]any{good, good}, 3, "姓名", "与第 2 行重复"},
		{"duplicate of existing", [][]any{good, {"已在册", "女", "1985-03-02", "2008-07-01", "2009-07-01", "在职", "生态党支部"}}, 3, "姓名", "已有同名"},
		{"bad gender", [][]any{good, {"吴二", "未知", "1985-03-02", "2008-07-01", "", "在职", "生态党支部"}}, 3, "性别", "不是有效的性别"},
		{"joined under 18", [][]any{good, {"吴二", "男", "2000-03-02", "2008-07-01", "", "在职", "生态党支部"}}, 3, "入党日期", "年满十八岁"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.Member.Import(storetest.System(), f.unit.ID, bytes.NewReader(xlsx(t, tc.rows...)), nil)
			var ie *member.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an ImportError", err)
			}
			found := false
			for _, r := range ie.Rows {
				if r.Line == tc.line && r.Column == tc.column && strings.Contains(r.Message, tc.text) {
					found = true
				}
			}
			if !found {
				t.Errorf("got rows %+v, want line %d column %s containing %q", ie.Rows, tc.line, tc.column, tc.text)
			}
			if got := f.count(t); got != 1 {
				t.Errorf("members after a failed import: got %d, want 1 (nothing written)", got)
			}
		})
	}
}

func TestImportBadFiles(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	good := xlsx(t, []any{"周一", "男", "1985-03-02", "2008-07-01", "2009-07-01", "在职", "生态党支部", "正常", ""})
	for name, data := range map[string][]byte{
		"not xlsx":  []byte("姓名,性别\n周一,男\n"),
		"truncated": good[:len(good)/2],
		"empty":     {},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.s.Member.Import(storetest.System(), f.unit.ID, bytes.NewReader(data), nil)
			if xuezuo.ErrorCode(err) != xuezuo.EInvalid || !strings.Contains(xuezuo.ErrorMessage(err), "xlsx") {
				t.Errorf("got %v, want an invalid-file message", err)
			}
			if got := f.count(t); got != 1 {
				t.Errorf("members: got %d, want 1", got)
			}
		})
	}
}

func TestImportScope(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sec := storetest.MustUser(t, f.s, "shuji", xuezuo.RoleSecretary, f.eco.ID)
	data := xlsx(t, []any{"周一", "男", "1985-03-02", "2008-07-01", "2009-07-01", "在职", "生态党支部", "正常", ""})
	if _, err := f.s.Member.Import(sec, f.unit.ID, bytes.NewReader(data), nil); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("secretary imports into the unit: got %v, want not found", err)
	}
	if _, err := f.s.Member.Import(sec, f.eco.ID, bytes.NewReader(data), nil); err != nil {
		t.Errorf("secretary imports into the own branch: %v", err)
	}
}
