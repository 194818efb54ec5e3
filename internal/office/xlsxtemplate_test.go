package office

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestTemplateXLSX(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		tpl       Template
		wantSheet string
		wantRows  []string
		wantWidth float64 // 0: the default width
	}{
		{"header and example",
			Template{Headers: []string{"姓名", "出生日期", "手机"}, Examples: [][]string{{"张三", "1985-03-02", "13812345678"}}, ColWidth: 14, Doc: testDoc},
			"Sheet1", []string{"1:姓名|出生日期|手机", "2:张三|1985-03-02|13812345678"}, 14},
		{"named sheet, no example, default width",
			Template{Sheet: "导入", Headers: []string{"名称"}, Doc: testDoc},
			"导入", []string{"1:名称"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := TemplateXLSX(&buf, tc.tpl); err != nil {
				t.Fatal(err)
			}
			got, err := readAll(buf.Bytes(), testLimits)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.wantRows) {
				t.Errorf("rows %q, want %q", got, tc.wantRows)
			}
			f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if sheets := f.GetSheetList(); !slices.Equal(sheets, []string{tc.wantSheet}) {
				t.Errorf("sheets %v, want [%s]", sheets, tc.wantSheet)
			}
			defWidth, _ := excelize.NewFile().GetColWidth("Sheet1", "A")
			for i := range tc.tpl.Headers {
				col, _ := excelize.ColumnNumberToName(i + 1)
				// A typed value lands in a text-formatted cell (row 3 is empty).
				id, err := f.GetCellStyle(tc.wantSheet, fmt.Sprintf("%s3", col))
				if err != nil {
					t.Fatal(err)
				}
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				if st.NumFmt != textFormat {
					t.Errorf("column %s: number format %d, want text (%d)", col, st.NumFmt, textFormat)
				}
				w, err := f.GetColWidth(tc.wantSheet, col)
				if err != nil {
					t.Fatal(err)
				}
				if want := cmp.Or(tc.wantWidth, defWidth); w != want {
					t.Errorf("column %s: width %v, want %v", col, w, want)
				}
			}
		})
	}
}

func TestTemplateXLSXNoColumns(t *testing.T) {
	t.Parallel()
	if err := TemplateXLSX(&bytes.Buffer{}, Template{}); err == nil {
		t.Error("template without headers: got nil, want an error")
	}
}
