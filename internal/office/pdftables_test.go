package office

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// mediaBoxes lists the page sizes of a gopdf file as "W H" strings.
func mediaBoxes(pdf []byte) []string {
	var out []string
	for _, m := range regexp.MustCompile(`/MediaBox \[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]`).FindAllSubmatch(pdf, -1) {
		out = append(out, string(m[1])+" "+string(m[2]))
	}
	return out
}

// TestTablesOneFile: several tables share one file, each from a new page,
// landscape where asked, numbered through the file.
func TestTablesOneFile(t *testing.T) {
	f := newTestFonts(t)
	wide := TableDoc{Title: "生态党支部 考勤台账", Landscape: true, Columns: []Column{{Header: "姓名"}, {Header: "2016-04-28"}},
		Rows: [][]string{{"王伟", "出席"}}}
	other := wide
	other.Title, other.Rows = "系统党支部 考勤台账", [][]string{{"李秀英", "请假（出差）"}}
	var buf bytes.Buffer
	if err := f.Tables(&buf, "植物所党委 考勤台账", wide, other); err != nil {
		t.Fatal(err)
	}
	// The page tree's default box comes first; each page then has its own.
	boxes := mediaBoxes(buf.Bytes())
	landscape := 0
	for _, b := range boxes {
		if b == "842.00 595.00" {
			landscape++
		}
	}
	if landscape != 2 {
		t.Errorf("page boxes %v, want two pages of A4 landscape (842 × 595)", boxes)
	}
	text := squash(pdfText(t, buf.Bytes()))
	for _, want := range []string{"生态党支部考勤台账", "系统党支部考勤台账", "第1页/共2页", "第2页/共2页", "请假（出差）"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if err := f.Tables(&bytes.Buffer{}, "空"); err == nil {
		t.Error("no tables: got nil, want an error")
	}
}
