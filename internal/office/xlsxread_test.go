package office

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// testLimits are the limits of the tests: roomy enough for every fixture.
var testLimits = XLSXLimits{Unzip: 16 << 20, UnzipXML: 8 << 20}

// workbook builds an .xlsx whose sheets hold the given rows from A1 down; a
// nil row is left out of the file, as Excel does for untouched rows.
func workbook(tb testing.TB, sheets map[string][][]any, order ...string) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range order {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				tb.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			tb.Fatal(err)
		}
		for r, row := range sheets[name] {
			if row == nil {
				continue
			}
			if err := f.SetSheetRow(name, fmt.Sprintf("A%d", r+1), &row); err != nil {
				tb.Fatal(err)
			}
		}
	}
	// The last sheet is active: reading must still start with the first.
	f.SetActiveSheet(len(order) - 1)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// readAll collects every row ReadXLSX reports as "line:cell|cell".
func readAll(b []byte, lim XLSXLimits) ([]string, error) {
	var out []string
	err := ReadXLSX(b, lim, func(line int, cells []string) error {
		out = append(out, fmt.Sprintf("%d:%s", line, strings.Join(cells, "|")))
		return nil
	})
	return out, err
}

func TestReadXLSX(t *testing.T) {
	t.Parallel()
	dated := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue("Sheet1", "A1", time.Date(2016, 5, 1, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle("Sheet1", "A1", "A1", style); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}()
	tests := []struct {
		name string
		file []byte
		want []string
	}{
		{"rows and gaps keep their numbers",
			workbook(t, map[string][][]any{"名单": {{"姓名", "性别"}, nil, {"张三", "男"}, {"", ""}, {"李四", nil, 42}}}, "名单"),
			[]string{"1:姓名|性别", "2:", "3:张三|男", "4:", "5:李四||42"}},
		{"first sheet in workbook order, not the active one",
			workbook(t, map[string][][]any{"甲": {{"读我"}}, "乙": {{"别读我"}}}, "甲", "乙"),
			[]string{"1:读我"}},
		{"a date cell arrives as its serial", dated, []string{"1:42491"}},
		{"an empty sheet calls nothing", workbook(t, map[string][][]any{"空": nil}, "空"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readAll(tc.file, testLimits)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadXLSXBadFiles(t *testing.T) {
	t.Parallel()
	good := workbook(t, map[string][][]any{"S": {{strings.Repeat("党建", 2000)}}}, "S")
	tests := []struct {
		name string
		file []byte
		lim  XLSXLimits
	}{
		{"empty", nil, testLimits},
		{"not a zip", []byte("姓名,性别\n张三,男\n"), testLimits},
		{"truncated", good[:len(good)/2], testLimits},
		{"a zip without a workbook", zipOf(t, "hello.txt", "hi"), testLimits},
		{"expands beyond the unzip limit", good, XLSXLimits{Unzip: 2 << 10, UnzipXML: 1 << 10}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := readAll(tc.file, tc.lim)
			if !errors.Is(err, ErrNotXLSX) {
				t.Errorf("got rows %q, error %v; want ErrNotXLSX", rows, err)
			}
		})
	}
}

// TestReadXLSXStopsOnRowError checks that the caller's error ends the read
// at once and comes back unchanged, not as ErrNotXLSX.
func TestReadXLSXStopsOnRowError(t *testing.T) {
	t.Parallel()
	b := workbook(t, map[string][][]any{"S": {{"a"}, {"b"}, {"c"}}}, "S")
	errStop := errors.New("stop")
	var seen []int
	err := ReadXLSX(b, testLimits, func(line int, _ []string) error {
		seen = append(seen, line)
		if line == 2 {
			return errStop
		}
		return nil
	})
	if err != errStop || errors.Is(err, ErrNotXLSX) {
		t.Errorf("got %v, want the row's own error", err)
	}
	if !slices.Equal(seen, []int{1, 2}) {
		t.Errorf("rows read %v, want [1 2]", seen)
	}
}

// zipOf returns a zip archive holding one file.
func zipOf(tb testing.TB, name, body string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := w.Write([]byte(body)); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzReadXLSX feeds arbitrary bytes: ReadXLSX must never panic, and any
// error it makes itself must be ErrNotXLSX.
func FuzzReadXLSX(f *testing.F) {
	f.Add(workbook(f, map[string][][]any{"S": {{"姓名", "出生日期"}, {"张三", 42491}}}, "S"))
	f.Add(zipOf(f, "[Content_Types].xml", "<Types/>"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		err := ReadXLSX(b, XLSXLimits{Unzip: 1 << 20, UnzipXML: 512 << 10}, func(line int, _ []string) error {
			if line < 1 {
				t.Fatalf("line %d, want ≥ 1", line)
			}
			return nil
		})
		if err != nil && !errors.Is(err, ErrNotXLSX) {
			t.Fatalf("error %v is not ErrNotXLSX", err)
		}
	})
}
