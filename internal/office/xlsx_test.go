package office

import (
	"xuezuo/internal/office/officetest"

	"archive/zip"
	"bytes"
	"encoding/xml"
	"slices"
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
	if err := WriteTable(&buf, "党员名册", title, rosterHeaders, rosterRows(), opts); err != nil {
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
	if err := WriteTable(&buf, "", "", []string{"姓名"}, [][]any{{"王伟"}}, XLSXOptions{}); err != nil {
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
			if err := WriteTable(&buf, tc.sheet, "标题", tc.headers, tc.rows, tc.opts); err == nil {
				t.Errorf("got nil error, want one")
			}
		})
	}
}
