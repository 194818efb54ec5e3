package office

import (
	"xuezuo/internal/office/officetest"

	"archive/zip"
	"bytes"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// rosterRows mixes every value kind WriteTable handles.
func rosterRows() [][]any {
	shanghai := time.FixedZone("CST", 8*3600)
	joined := time.Date(2016, 4, 30, 0, 0, 0, 0, shanghai) // midnight in China is the previous day in UTC
	var noDate *time.Time
	return [][]any{
		{1, "王伟", "110101199003071234", joined, 98.5, true},
		{2, "李秀英", "生态学院第一党支部\n（预备党员）", time.Date(2020, 7, 1, 23, 30, 0, 0, time.UTC), 60, nil},
		{3, "Zhang\tSan", "", noDate, int64(-7), false},
		{4, "周洋"}, // short row: the rest stays empty
	}
}

var rosterHeaders = []string{"序号", "姓名", "身份证号/支部", "入党日期", "完成率", "已交"}

func writeRoster(t *testing.T, title string, opts XLSXOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteTable(&buf, testDoc, "党员名册", title, rosterHeaders, rosterRows(), opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteTableGolden(t *testing.T) {
	got, err := XLSXText(bytes.NewReader(writeRoster(t, "生态党支部党员名册", XLSXOptions{})))
	if err != nil {
		t.Fatal(err)
	}
	officetest.Golden(t, "testdata/roster.xlsx.golden", got)
}

// TestWriteTableCells checks what the text view cannot show: cell types,
// formats, merges, panes and widths.
func TestWriteTableCells(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(writeRoster(t, "名册", XLSXOptions{Widths: []float64{0, 0, 0, 0, 0, 30}})))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "党员名册"

	types := []struct {
		cell string
		want excelize.CellType
	}{
		{"A3", excelize.CellTypeNumber},
		{"C3", excelize.CellTypeSharedString}, // an ID number stays text
		{"E3", excelize.CellTypeNumber},
		{"F3", excelize.CellTypeBool},
	}
	for _, tc := range types {
		t.Run("type "+tc.cell, func(t *testing.T) {
			got, err := f.GetCellType(sheet, tc.cell)
			if err != nil {
				t.Fatal(err)
			}
			// A numeric cell may omit t="n", which excelize reports as unset.
			number := tc.want == excelize.CellTypeNumber && got == excelize.CellTypeUnset
			text := tc.want == excelize.CellTypeSharedString && got == excelize.CellTypeInlineString
			if got != tc.want && !number && !text {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}

	values := []struct {
		cell string
		raw  bool
		want string
	}{
		{"D3", true, "42490"}, // 2016-04-30 as a whole-day serial
		{"D3", false, "2016-04-30"},
		{"D4", false, "2020-07-01"},
		{"D5", false, ""},
		{"E3", false, "98.5"},
	}
	for _, tc := range values {
		t.Run("value "+tc.cell, func(t *testing.T) {
			got, err := f.GetCellValue(sheet, tc.cell, excelize.Options{RawCellValue: tc.raw})
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("raw=%v: got %q, want %q", tc.raw, got, tc.want)
			}
		})
	}

	t.Run("title merged across columns", func(t *testing.T) {
		merged, err := f.GetMergeCells(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "F1" {
			t.Errorf("got %v, want one merge A1:F1", merged)
		}
	})
	t.Run("panes frozen below header", func(t *testing.T) {
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 2 || p.TopLeftCell != "A3" {
			t.Errorf("got freeze=%v ysplit=%d topleft=%s, want true 2 A3", p.Freeze, p.YSplit, p.TopLeftCell)
		}
	})
	t.Run("header bold", func(t *testing.T) {
		id, err := f.GetCellStyle(sheet, "B2")
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Font == nil || !st.Font.Bold || len(st.Border) != 4 {
			t.Errorf("got font %+v and %d borders, want bold with 4 borders", st.Font, len(st.Border))
		}
	})

	widths := []struct {
		col  string
		want float64
	}{
		{"A", 6},  // "序号" is 4 wide; the minimum is 6
		{"B", 11}, // "Zhang\tSan" 9 + 2 beats "李秀英" (6)
		{"C", 20}, // "110101199003071234" 18 + 2 beats the 18-wide branch line
		{"D", 12}, // yyyy-mm-dd
		{"F", 30}, // overridden
	}
	for _, tc := range widths {
		t.Run("width "+tc.col, func(t *testing.T) {
			got, err := f.GetColWidth(sheet, tc.col)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestWriteTableColsAscending guards the sheet XML Excel is strict about:
// <col> elements sorted by column.
func TestWriteTableColsAscending(t *testing.T) {
	b := writeRoster(t, "名册", XLSXOptions{})
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var ws struct {
		Cols []struct {
			Min int `xml:"min,attr"`
		} `xml:"cols>col"`
	}
	if err := xml.NewDecoder(rc).Decode(&ws); err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, c := range ws.Cols {
		got = append(got, c.Min)
	}
	if want := []int{1, 2, 3, 4, 5, 6}; !slices.Equal(got, want) {
		t.Errorf("col order: got %v, want %v", got, want)
	}
}

func TestWriteTableNoTitle(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, testDoc, "", "", []string{"姓名"}, [][]any{{"王伟"}}, XLSXOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err := XLSXText(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if want := "# Sheet1\n姓名\n王伟\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriteTableErrors(t *testing.T) {
	tests := []struct {
		name    string
		sheet   string
		headers []string
		rows    [][]any
		opts    XLSXOptions
	}{
		{"no columns", "名册", nil, nil, XLSXOptions{}},
		{"bad sheet name", "a/b", []string{"姓名"}, nil, XLSXOptions{}},
		{"width beyond Excel's limit", "名册", []string{"姓名"}, nil, XLSXOptions{Widths: []float64{300}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteTable(&buf, testDoc, tc.sheet, "标题", tc.headers, tc.rows, tc.opts); err == nil {
				t.Errorf("got nil error, want one")
			}
		})
	}
}

// TestWriteSheets checks a workbook of two sheets: notes under the title,
// the header below them, panes frozen below the header and beside the
// first columns, and the first sheet opening.
func TestWriteSheets(t *testing.T) {
	var buf bytes.Buffer
	err := WriteSheets(&buf, testDoc,
		Sheet{Name: "考勤台账", Title: "生态党支部 考勤台账", Headers: []string{"序号", "姓名", "04-20\n专题一"},
			Rows:    [][]any{{1, "张一", "出席"}, {2, "王二", "请假（出差）\n补课 2026-04-25"}},
			Options: XLSXOptions{Notes: []string{"党支部：生态党支部　导出日期：2026-06-15", "应到 = 出席 + 远程参加 + 请假 + 缺席"}, FreezeCols: 2}},
		Sheet{Name: "会议明细", Headers: []string{"日期"}, Rows: [][]any{{time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC)}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	got, err := XLSXText(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	want := "# 考勤台账\n生态党支部 考勤台账\n党支部：生态党支部　导出日期：2026-06-15\n应到 = 出席 + 远程参加 + 请假 + 缺席\n" +
		"序号\t姓名\t04-20\\n专题一\n1\t张一\t出席\n2\t王二\t请假（出差）\\n补课 2026-04-25\n# 会议明细\n日期\n2026-04-20\n"
	if got != want {
		t.Errorf("text:\n got %q\nwant %q", got, want)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the first", f.GetActiveSheetIndex())
	}
	merged, err := f.GetMergeCells("考勤台账")
	if err != nil {
		t.Fatal(err)
	}
	var ranges []string
	for _, m := range merged {
		ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	slices.Sort(ranges)
	if want := []string{"A1:C1", "A2:C2", "A3:C3"}; !slices.Equal(ranges, want) {
		t.Errorf("merges: got %v, want %v (title and both notes)", ranges, want)
	}
	p, err := f.GetPanes("考勤台账")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Freeze || p.YSplit != 4 || p.XSplit != 2 || p.TopLeftCell != "C5" {
		t.Errorf("panes: freeze=%v ysplit=%d xsplit=%d topleft=%s, want true 4 2 C5", p.Freeze, p.YSplit, p.XSplit, p.TopLeftCell)
	}
	h, err := f.GetRowHeight("考勤台账", 2)
	if err != nil {
		t.Fatal(err)
	}
	if h < 16 {
		t.Errorf("note row height %v, want at least one 16pt line (Excel never fits merged rows)", h)
	}
	p2, err := f.GetPanes("会议明细")
	if err != nil {
		t.Fatal(err)
	}
	if !p2.Freeze || p2.YSplit != 1 || p2.XSplit != 0 || p2.TopLeftCell != "A2" {
		t.Errorf("second sheet panes: %+v, want rows frozen below its header", p2)
	}
}

func TestNoteLines(t *testing.T) {
	tests := []struct {
		name   string
		note   string
		widths []float64
		want   int
	}{
		{"fits", "导出日期：2026-06-15", []float64{10, 20}, 1},
		{"wraps once", strings.Repeat("字", 20), []float64{10, 20}, 2}, // 40 wide over 30
		{"own line breaks", "第一行\n第二行", []float64{30}, 2},
		{"no columns", "甲", nil, 2}, // 2 wide over the floor of 1
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := noteLines(tc.note, tc.widths); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}

func TestWriteSheetsErrors(t *testing.T) {
	tests := []struct {
		name   string
		sheets []Sheet
	}{
		{"no sheets", nil},
		{"a sheet without columns", []Sheet{{Name: "甲", Headers: []string{"姓名"}}, {Name: "乙"}}},
		{"the same name twice", []Sheet{{Name: "甲", Headers: []string{"姓名"}}, {Name: "甲", Headers: []string{"姓名"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSheets(&buf, testDoc, tc.sheets...); err == nil {
				t.Errorf("got nil error, want one")
			}
		})
	}
}
