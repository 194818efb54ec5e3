package member_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/member"
	"xuezuo/internal/store/storetest"
)

// TestMemberInputHygiene holds the write rules of issue 12: names refuse
// invisible and control characters, reasons keep line breaks, dates stay
// between the Party's founding (birth: 1900) and today.
func TestMemberInputHygiene(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := storetest.System()
	tests := []struct {
		name  string
		edit  func(*member.Input)
		field string // "" when the input is accepted
		text  string
	}{
		{"nul in name", func(in *member.Input) { in.Name = "张\x00三" }, "name", "姓名含有不可见或控制字符"},
		{"bidi override in name", func(in *member.Input) { in.Name = "张\u202E三" }, "name", "U+202E"},
		{"zero-width space in name", func(in *member.Input) { in.Name = "张\u200B三" }, "name", "U+200B"},
		{"newline in name", func(in *member.Input) { in.Name = "张\n三" }, "name", "请删除后重新输入"},
		{"reason keeps line breaks", func(in *member.Input) { in.Status, in.StatusReason = "ill", "住院\r\n\t治疗" }, "", ""},
		{"reason refuses nul", func(in *member.Input) { in.Status, in.StatusReason = "ill", "住院\x00" }, "status_reason", "状态说明含有"},
		{"birth year 0001", func(in *member.Input) { in.Birth = xuezuo.NewDate(1, 1, 1) }, "birth", "出生日期应在 1900 年"},
		{"birth year 1899", func(in *member.Input) { in.Birth, in.BirthYearOnly = xuezuo.NewDate(1899, 1, 1), true }, "birth", "1900"},
		{"birth year 1900", func(in *member.Input) {
			in.Birth, in.JoinDate, in.FullDate = xuezuo.NewDate(1900, 1, 1), xuezuo.NewDate(1921, 7, 1), xuezuo.Date{}
		}, "", ""},
		{"join before the founding", func(in *member.Input) { in.JoinDate = xuezuo.NewDate(1921, 6, 30) }, "join_date", "入党日期应在 1921-07-01"},
		{"join 0000-01-01", func(in *member.Input) { in.JoinDate = xuezuo.Date{Y: 0, M: 1, D: 1} }, "join_date", "入党日期应在"},
		{"full date 1000", func(in *member.Input) { in.FullDate = xuezuo.NewDate(1000, 1, 1) }, "full_date", "转正日期应在"},
		{"transfer in 0201", func(in *member.Input) { in.TransferIn = xuezuo.NewDate(201, 3, 1) }, "transfer_in", "转入日期应在"},
		{"join 9999-12-31", func(in *member.Input) { in.JoinDate = xuezuo.NewDate(9999, 12, 31) }, "join_date", "入党日期"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := storetest.MemberInput(f.eco.ID, "测试"+tc.name)
			tc.edit(&in)
			_, err := f.s.Member.Create(ctx, in)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("got %v, want accepted", err)
				}
				return
			}
			msg := xuezuo.ErrorFields(err)[tc.field]
			if xuezuo.ErrorCode(err) != xuezuo.EInvalid || !strings.Contains(msg, tc.text) {
				t.Errorf("got %v, want field %s containing %q", err, tc.field, tc.text)
			}
		})
	}
}

// TestImportInputHygiene runs the same rules on the XLSX import: a row
// with a bidi override in the name or a join date before 1921-07-01 is
// listed with its line and column, and nothing is written.
func TestImportInputHygiene(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	good := []any{"周一", "男", "1985-03-02", "2008-07-01", "2009-07-01", "在职", "生态党支部", "正常", ""}
	tests := []struct {
		name   string
		row    []any
		column string
		text   string
	}{
		{"bidi override in name", []any{"吴\u202E二", "男", "1985-03-02", "2008-07-01", "", "在职", "生态党支部"}, "姓名", "U+202E"},
		{"zero-width in name", []any{"\u200B吴二", "男", "1985-03-02", "2008-07-01", "", "在职", "生态党支部"}, "姓名", "不可见或控制字符"},
		{"join before the founding", []any{"吴二", "男", "1900-03-02", "1920-07-01", "", "在职", "生态党支部"}, "入党日期", "1921-07-01"},
		{"transfer before the founding", []any{"吴二", "男", "1900-03-02", "1921-07-01", "", "在职", "生态党支部", "正常", "1900-01-01"}, "转入日期", "1921-07-01"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.Member.Import(storetest.System(), f.unit.ID, bytes.NewReader(xlsx(t, good, tc.row)), nil)
			var ie *member.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an ImportError", err)
			}
			found := false
			for _, r := range ie.Rows {
				found = found || r.Line == 3 && r.Column == tc.column && strings.Contains(r.Message, tc.text)
			}
			if !found {
				t.Errorf("got rows %+v, want line 3 column %s containing %q", ie.Rows, tc.column, tc.text)
			}
			if got := f.count(t); got != 1 {
				t.Errorf("members after a refused import: got %d, want 1", got)
			}
		})
	}
}
