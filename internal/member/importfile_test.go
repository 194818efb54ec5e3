package member

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xuezuo"
)

// required is the header of a minimal valid file.
var required = []any{"姓名", "性别", "出生日期", "入党日期", "转正日期", "人员类别", "所在支部"}

// buildXLSX writes rows to the first sheet from A1 down; a nil row leaves
// that sheet row out of the file entirely, as Excel does for untouched rows.
func buildXLSX(tb testing.TB, rows ...[]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		if row == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			tb.Fatal(err)
		}
	}
	return writeXLSX(tb, f)
}

func writeXLSX(tb testing.TB, f *excelize.File) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadImportFile(t *testing.T) {
	// A real date cell: a time value under a date number format, which is
	// what a user gets by typing 2016/5/1 into Excel or WPS.
	dated := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		header := append(slices.Clone(required), "手机")
		row := []any{"张三", "男", nil, "2016年5月1日", "2017-05-01", "正式党员", "第一支部", 13800138000}
		for i, r := range [][]any{header, row} {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
				t.Fatal(err)
			}
		}
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // short date
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue("Sheet1", "C2", time.Date(1990, 3, 15, 0, 0, 0, 0, xuezuo.Beijing)); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle("Sheet1", "C2", "C2", style); err != nil {
			t.Fatal(err)
		}
		return writeXLSX(t, f)
	}()
	// The first sheet in workbook order is read even when another is active.
	twoSheets := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		first := []any{"李四", "女", "1990-01-01", "2015-07-01", "2016-07-01", "预备党员", "第二支部"}
		other := []any{"别读我"}
		for i, r := range [][]any{slices.Clone(required), first} {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
				t.Fatal(err)
			}
		}
		idx, err := f.NewSheet("其他")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow("其他", "A1", &other); err != nil {
			t.Fatal(err)
		}
		f.SetActiveSheet(idx)
		return writeXLSX(t, f)
	}()
	member := []any{"王五", "男", "1985-06-01", "2010-07-01", "2011-07-01", "正式党员", "第三支部"}

	tests := []struct {
		name string
		file []byte
		want []ImportRow
	}{
		{
			name: "date cell reads as serial",
			file: dated,
			want: []ImportRow{{Line: 2, Cells: map[string]string{
				"姓名": "张三", "性别": "男", "出生日期": "32947", "入党日期": "2016年5月1日",
				"转正日期": "2017-05-01", "人员类别": "正式党员", "所在支部": "第一支部", "手机": "13800138000",
			}}},
		},
		{
			name: "first sheet in workbook order",
			file: twoSheets,
			want: []ImportRow{{Line: 2, Cells: map[string]string{
				"姓名": "李四", "性别": "女", "出生日期": "1990-01-01", "入党日期": "2015-07-01",
				"转正日期": "2016-07-01", "人员类别": "预备党员", "所在支部": "第二支部",
			}}},
		},
		{
			name: "blank rows skipped and lines kept",
			file: buildXLSX(t,
				nil,
				required,
				nil,
				[]any{" ", "", "\u3000"},
				member,
				nil,
				[]any{" 赵六 ", "女", "", "", "", "", ""},
				[]any{"", ""},
			),
			want: []ImportRow{
				{Line: 5, Cells: rowCells(member...)},
				{Line: 7, Cells: rowCells("赵六", "女", "", "", "", "", "")},
			},
		},
		{
			name: "extra and repeated unknown columns ignored",
			file: buildXLSX(t,
				append([]any{"序号", "备注"}, append(slices.Clone(required), "备注")...),
				append([]any{"1", "x"}, append(slices.Clone(member), "y")...),
			),
			want: []ImportRow{{Line: 2, Cells: rowCells(member...)}},
		},
		{
			name: "header trimmed and width folded",
			file: buildXLSX(t,
				[]any{" 姓名 ", "性别\u3000", "出生日期", "入党日期", "转正日期", "人员类别", "所在支部", "状态", "党员领导干部"},
				[]any{"孙七", "男", "1970-01-01", "1995-07-01", "1996-07-01", "正式党员", "第一支部", "正常"},
			),
			want: []ImportRow{{Line: 2, Cells: map[string]string{
				"姓名": "孙七", "性别": "男", "出生日期": "1970-01-01", "入党日期": "1995-07-01",
				"转正日期": "1996-07-01", "人员类别": "正式党员", "所在支部": "第一支部",
				"状态": "正常", "党员领导干部": "",
			}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadImportFile(bytes.NewReader(tt.file), 1<<20)
			if err != nil {
				t.Fatalf("ReadImportFile: %v", err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) { // fmt sorts map keys
				t.Errorf("ReadImportFile =\n%v\nwant\n%v", got, tt.want)
			}
		})
	}

	t.Run("date cell parses", func(t *testing.T) {
		rows, err := ReadImportFile(bytes.NewReader(dated), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		d, _, err := ParseImportDate(rows[0].Cells["出生日期"])
		if want := xuezuo.NewDate(1990, 3, 15); err != nil || d != want {
			t.Errorf("ParseImportDate(%q) = %v, %v; want %v", rows[0].Cells["出生日期"], d, err, want)
		}
	})
	t.Run("exactly max bytes", func(t *testing.T) {
		if _, err := ReadImportFile(bytes.NewReader(dated), int64(len(dated))); err != nil {
			t.Errorf("file of exactly maxBytes refused: %v", err)
		}
	})
}

// rowCells maps the required columns, in order, to vals.
func rowCells(vals ...any) map[string]string {
	m := make(map[string]string, len(vals))
	for i, v := range vals {
		m[ImportColumns[i]] = strings.TrimSpace(fmt.Sprint(v))
	}
	return m
}

func TestReadImportFileErrors(t *testing.T) {
	good := buildXLSX(t, required, []any{"王五", "男", "1985-06-01", "2010-07-01", "2011-07-01", "正式党员", "第三支部"})
	notXLSX := "文件不是有效的 Excel（.xlsx）文件，请用 WPS 或 Excel 另存为 .xlsx 后重试"

	// A well-formed zip that is not a workbook, like a zipped folder.
	var otherZip bytes.Buffer
	zw := zip.NewWriter(&otherZip)
	w, _ := zw.Create("readme.txt")
	_, _ = w.Write([]byte("hello"))
	_ = zw.Close()

	tests := []struct {
		name     string
		file     []byte
		maxBytes int64
		want     string
	}{
		{"not a file", []byte("hello"), 1 << 20, notXLSX},
		{"empty", nil, 1 << 20, notXLSX},
		{"old xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0}, 1 << 20, notXLSX},
		{"other zip", otherZip.Bytes(), 1 << 20, notXLSX},
		{"truncated", good[:len(good)/2], 1 << 20, notXLSX},
		{"too large", good, int64(len(good)) - 1, "文件超过 " + sizeText(int64(len(good))-1) + "，请删除多余内容或分批导入"},
		{"too large MB", bytes.Repeat([]byte("x"), 1<<20+1), 1 << 20, "文件超过 1 MB，请删除多余内容或分批导入"},
		{
			"missing columns",
			buildXLSX(t, []any{"姓名", "性别", "转正日期", "人员类别", "所在支部"}, []any{"a"}),
			1 << 20, "缺少必需的列：出生日期、入党日期",
		},
		{
			"duplicated header",
			buildXLSX(t, append(slices.Clone(required), " 姓名"), []any{"a"}),
			1 << 20, "表头“姓名”重复",
		},
		{
			"duplicated optional header",
			buildXLSX(t, append(slices.Clone(required), "手机", "手机"), []any{"a"}),
			1 << 20, "表头“手机”重复",
		},
		{"header only", buildXLSX(t, required, nil, []any{" "}), 1 << 20, "文件中没有数据行"},
		{"empty sheet", buildXLSX(t), 1 << 20, "第一个工作表是空的，请把党员名单放在第一个工作表"},
		{
			"title row above header",
			buildXLSX(t, nil, []any{"2024年党员名册"}, required, []any{"a"}),
			1 << 20, "第 2 行应为表头（姓名、性别、出生日期……），如表头上方有标题行请删除后重试",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ReadImportFile(bytes.NewReader(tt.file), tt.maxBytes)
			var xe *xuezuo.Error
			if !errors.As(err, &xe) {
				t.Fatalf("ReadImportFile = %v, %v; want *xuezuo.Error", rows, err)
			}
			if xe.Code != xuezuo.EInvalid || xe.Message != tt.want {
				t.Errorf("error = %s %q; want %s %q", xe.Code, xe.Message, xuezuo.EInvalid, tt.want)
			}
		})
	}
}

func TestReadImportFileReadError(t *testing.T) {
	cause := errors.New("connection reset")
	_, err := ReadImportFile(failingReader{cause}, 1<<20)
	if xuezuo.ErrorCode(err) != xuezuo.EInvalid || !errors.Is(err, cause) {
		t.Errorf("ReadImportFile = %v; want EInvalid wrapping %v", err, cause)
	}
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestReadImportFileTooManyRows(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", required); err != nil {
		t.Fatal(err)
	}
	row := []any{"a"}
	for i := 2; i <= maxImportRows+2; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	_, err = ReadImportFile(bytes.NewReader(writeXLSX(t, f)), 10<<20)
	if want := fmt.Sprintf("数据超过 %d 行，请分批导入", maxImportRows); xuezuo.ErrorMessage(err) != want {
		t.Errorf("ReadImportFile error %v; want %q", err, want)
	}
}

func TestSizeText(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{10 << 20, "10 MB"},
		{3 << 19, "1.5 MB"},
		{2048, "2 KB"},
		{100, "100 字节"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := sizeText(tt.n); got != tt.want {
				t.Errorf("sizeText(%d) = %q; want %q", tt.n, got, tt.want)
			}
		})
	}
}

func FuzzReadImportFile(f *testing.F) {
	good := buildXLSX(f, required, []any{"张三", "男", "1990-01-01", "2015-07-01", "2016-07-01", "正式党员", "第一支部"})
	f.Add(good)
	// Uncompressed, so that byte mutations land in the XML rather than in
	// the deflate stream, where they only ever fail the checksum.
	f.Add(storeZip(f, good))
	f.Add(good[:len(good)/2])
	f.Add([]byte("hello"))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := ReadImportFile(bytes.NewReader(b), 1<<20)
		if err != nil {
			var xe *xuezuo.Error
			if !errors.As(err, &xe) || xe.Code != xuezuo.EInvalid || xe.Message == "" {
				t.Fatalf("ReadImportFile: error %v is not an EInvalid *xuezuo.Error", err)
			}
			return
		}
		if len(rows) == 0 {
			t.Fatal("ReadImportFile: no rows and no error")
		}
		last := 0
		for _, r := range rows {
			if r.Line <= last {
				t.Fatalf("ReadImportFile: line %d after %d", r.Line, last)
			}
			last = r.Line
			for k := range r.Cells {
				if !slices.Contains(ImportColumns, k) {
					t.Fatalf("ReadImportFile: unknown column %q", k)
				}
			}
		}
	})
}

// storeZip rewrites the zip b with every entry stored uncompressed.
func storeZip(tb testing.TB, b []byte) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		if err != nil {
			tb.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := io.Copy(w, rc); err != nil {
			tb.Fatal(err)
		}
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
