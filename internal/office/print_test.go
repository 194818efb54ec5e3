package office

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// testDoc is the document information of the tests' workbooks.
var testDoc = DocInfo{Title: "测试", Created: time.Date(2016, 4, 28, 6, 30, 0, 0, time.UTC)}

// TestPrintSetup reads back every writer's print set-up: A4, one page
// wide, the header row on every page, page numbers, and xuezuo's document
// properties instead of excelize's defaults.
func TestPrintSetup(t *testing.T) {
	t.Parallel()
	wideHeaders := make([]string, 12)
	for i := range wideHeaders {
		wideHeaders[i] = "二零一六年四月二十八日"
	}
	tests := []struct {
		name        string
		write       func(*bytes.Buffer) error
		orientation []string
		titles      []string
		heights     map[int]float64 // sheet 0: row (1-based) → least height
	}{
		{"narrow table with title and notes", func(b *bytes.Buffer) error {
			return WriteTable(b, testDoc, "签到表", "签到表", []string{"序号", "姓名", "签到"}, [][]any{{1, "王伟", ""}, {2, "", ""}},
				XLSXOptions{Notes: []string{"时间：2016年4月28日"}, RowHeight: 30})
		}, []string{portrait}, []string{"'签到表'!$3:$3"}, map[int]float64{4: 30, 5: 30}},
		{"wide table prints across", func(b *bytes.Buffer) error {
			return WriteTable(b, testDoc, "台账", "", wideHeaders, nil, XLSXOptions{})
		}, []string{landscape}, []string{"'台账'!$1:$1"}, nil},
		{"landscape asked for, two sheets", func(b *bytes.Buffer) error {
			return WriteSheets(b, testDoc, Sheet{Name: "甲's", Headers: []string{"姓名"}, Options: XLSXOptions{Landscape: true}},
				Sheet{Name: "乙", Title: "乙", Headers: []string{"姓名"}})
		}, []string{landscape, portrait}, []string{`'甲''s'!$1:$1`, "'乙'!$2:$2"}, nil},
		{"import template", func(b *bytes.Buffer) error {
			return TemplateXLSX(b, Template{Headers: wideHeaders, ColWidth: 14, Doc: testDoc})
		}, []string{landscape}, []string{"'Sheet1'!$1:$1"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := tc.write(&buf); err != nil {
				t.Fatal(err)
			}
			wp, err := ReadPrint(&buf)
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range CheckPrint(wp, testDoc.Created) {
				t.Error(bad)
			}
			if len(wp.Sheets) != len(tc.orientation) {
				t.Fatalf("got %d sheets, want %d", len(wp.Sheets), len(tc.orientation))
			}
			for i, s := range wp.Sheets {
				if s.Orientation != tc.orientation[i] {
					t.Errorf("%s: orientation %q, want %q", s.Name, s.Orientation, tc.orientation[i])
				}
				if s.PrintTitles != tc.titles[i] {
					t.Errorf("%s: print titles %q, want %q", s.Name, s.PrintTitles, tc.titles[i])
				}
			}
			for row, want := range tc.heights {
				if got := wp.Sheets[0].RowHeights[row-1]; got < want {
					t.Errorf("row %d: height %v, want at least %v", row, got, want)
				}
			}
		})
	}
}

// TestCheckPrintFindsDefaults: a workbook as excelize writes it by
// default fails the check on every count.
func TestCheckPrintFindsDefaults(t *testing.T) {
	t.Parallel()
	wp := &WorkbookPrint{Creator: "xuri", Created: time.Date(2006, 9, 16, 0, 0, 0, 0, time.UTC),
		Sheets: []SheetPrint{{Name: "Sheet1", Orientation: portrait}}}
	bad := strings.Join(CheckPrint(wp, testDoc.Created), "\n")
	for _, want := range []string{"creator", "created", "paper size", "fit to page", "print titles", "footer"} {
		if !strings.Contains(bad, want) {
			t.Errorf("check lacks %q in:\n%s", want, bad)
		}
	}
}

func TestWriteNeedsCreated(t *testing.T) {
	t.Parallel()
	if err := WriteTable(&bytes.Buffer{}, DocInfo{}, "", "", []string{"姓名"}, nil, XLSXOptions{}); err == nil {
		t.Error("no creation time: got nil, want an error")
	}
}

func TestSheetNames(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("长", 40)
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"kept", []string{"生态党支部", "系统党支部"}, []string{"生态党支部", "系统党支部"}},
		{"refused characters", []string{"A/B:C?*", "[临时]党支部", "'引号'"}, []string{"ABC", "（临时）党支部", "引号"}},
		{"cut to 31", []string{long}, []string{strings.Repeat("长", 31)}},
		{"repeats numbered, ignoring case", []string{"第一党支部", "第一党支部", "abc", "ABC"},
			[]string{"第一党支部", "第一党支部(2)", "abc", "ABC(2)"}},
		{"long repeats stay within 31", []string{long, long}, []string{strings.Repeat("长", 31), strings.Repeat("长", 28) + "(2)"}},
		{"empty", []string{" / "}, []string{"Sheet1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SheetNames(tc.in)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFileName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		parts []string
		want  string
	}{
		{"joined", []string{"生态党支部", "考勤台账", "隐私学习教育"}, "生态党支部-考勤台账-隐私学习教育.xlsx"},
		{"Windows characters dropped", []string{`A/B\C:D*E?F"G<H>I|J`, "签到表"}, "ABCDEFGHIJ-签到表.xlsx"},
		{"empty parts and trailing dots", []string{"", "支部.", " ", "表\n"}, "支部-表.xlsx"},
		{"nothing left", []string{"///"}, "export.xlsx"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FileName(".xlsx", tc.parts...); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
