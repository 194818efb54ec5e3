package office

import (
	"xuezuo/internal/office/officetest"

	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// newTestFonts parses the font once per test; it is cheap enough.
func newTestFonts(t *testing.T) *Fonts {
	t.Helper()
	f, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// pdfText extracts text from a rendered PDF, skipping the test when
// poppler-utils is missing.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	s, err := PDFText(pdf)
	if errors.Is(err, ErrNoPDFToText) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// squash drops all white space, so checks ignore layout jitter.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

func renderTable(t *testing.T, f *Fonts, doc TableDoc) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Table(&buf, doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// signInSheet builds a sign-in sheet with n members, with names made from
// fixed lists so the golden file is stable.
func signInSheet(n int) TableDoc {
	surnames := []rune("王李张刘陈杨赵黄周吴")
	given := []string{"伟", "芳", "秀英", "敏", "静", "丽娟", "强", "磊", "军", "洋"}
	doc := TableDoc{
		Title:    "生态党支部 2016 年第二季度党员大会签到表",
		Subtitle: []string{"时间：2016-04-30 14:30　地点：三楼会议室", fmt.Sprintf("应到 %d 人　实到 ____ 人", n)},
		Columns: []Column{
			{Header: "序号", Width: 0.6, Center: true},
			{Header: "姓名", Width: 1.2, Center: true},
			{Header: "所在支部", Width: 2},
			{Header: "入党日期", Width: 1.4, Center: true},
			{Header: "学习完成率", Width: 1.2, Center: true},
			{Header: "签名", Width: 2, Blank: true},
		},
		Footer: "制表人：__________　审核人：__________",
	}
	for i := range n {
		branch := "生态学院第一党支部"
		if i%3 == 1 {
			branch = "机关第二党支部"
		}
		doc.Rows = append(doc.Rows, []string{
			fmt.Sprint(i + 1),
			string(surnames[i%len(surnames)]) + given[(i/len(surnames)+i)%len(given)],
			branch,
			fmt.Sprintf("20%02d-%02d-%02d", 10+i%7, 1+i%12, 1+i%28),
			fmt.Sprintf("%.1f%%", 60+float64(i)*0.5),
			"不应出现", // a Blank column ignores its value
		})
	}
	if n > 0 {
		doc.Rows[0][3], doc.Rows[0][4] = "2016-04-30", "98.5%"
	}
	return doc
}

func TestTableSignInSheet(t *testing.T) {
	f := newTestFonts(t)
	text := pdfText(t, renderTable(t, f, signInSheet(60)))
	// pdftotext may drop the narrow spaces in "第 1 页", so count without spaces.
	flat := squash(text)

	checks := []struct {
		name string
		sub  string
		want int
	}{
		{"header row on every page", "序号", 3},
		{"signature header on every page", "签名", 3},
		{"title once", "党员大会签到表", 1},
		{"page 1 number", "第 1 页 / 共 3 页", 1},
		{"page 3 number", "第 3 页 / 共 3 页", 1},
		{"no page 4", "第 4 页", 0},
		{"date with digits", "2016-04-30", 2}, // subtitle and row 1
		{"percent", "98.5%", 1},
		{"Chinese name", "王伟", 1},
		{"blank column stays blank", "不应出现", 0},
		{"footer once", "制表人", 1},
	}
	for _, tc := range checks {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Count(flat, squash(tc.sub)); got != tc.want {
				t.Errorf("count of %q: got %d, want %d", tc.sub, got, tc.want)
			}
		})
	}
	officetest.Golden(t, "testdata/signin.pdf.golden", CollapseSpaces(text))
}

func TestTableLayout(t *testing.T) {
	f := newTestFonts(t)
	long := strings.Repeat("很长的备注文字", 200)
	tests := []struct {
		name      string
		rows      int
		tallRow   bool
		wantPages int
	}{
		{"no rows", 0, false, 1},
		{"one page", 5, false, 1},
		{"three pages", 60, false, 3},
		{"row taller than a page is cut", 1, true, 2}, // the footer moves to page 2
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := signInSheet(tc.rows)
			if tc.tallRow {
				doc.Rows[0][2] = long
			}
			gp, err := f.newPDF()
			if err != nil {
				t.Fatal(err)
			}
			p := &painter{gp: gp}
			l := p.layout(doc)
			if p.err != nil {
				t.Fatal(p.err)
			}
			if got := len(l.pages); got != tc.wantPages {
				t.Errorf("pages: got %d, want %d", got, tc.wantPages)
			}
			for i, pg := range l.pages {
				if pg.end > pg.start && !pg.header {
					t.Errorf("page %d: got rows without a header row, want the header repeated", i+1)
				}
			}
			if !l.pages[len(l.pages)-1].footer {
				t.Errorf("last page: got no footer, want one")
			}
			for i, r := range l.rows {
				if r.height < minRowHeight {
					t.Errorf("row %d height: got %.1f pt, want at least %.1f", i, r.height, minRowHeight)
				}
				if r.height > 842-marginTop-marginBottom {
					t.Errorf("row %d height: got %.1f pt, taller than a page", i, r.height)
				}
			}
			if tc.tallRow {
				cell := l.rows[0].cells[2]
				if last := cell[len(cell)-1]; !strings.HasSuffix(last, "…") {
					t.Errorf("cut cell's last line: got %q, want it to end in …", last)
				}
			}
		})
	}
}

// TestTableWrapsLongCell checks that long text wraps inside its column
// rather than running over the border: the PDF has more text lines than
// table rows, and no text is lost.
func TestTableWrapsLongCell(t *testing.T) {
	f := newTestFonts(t)
	tests := []struct {
		name string
		cell string
	}{
		{"Chinese", "本次组织生活会围绕学习贯彻党的二十大精神开展批评与自我批评，查摆问题并逐条制定整改措施。"},
		{"Latin", "the quick brown fox jumps over the lazy dog again and again until the column is full"},
		{"mixed", "2016-04-30 召开支部委员会，出勤率 98.5%，研究 Q2 工作计划与 budget review 安排。"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := TableDoc{Columns: []Column{{Header: "内容"}, {Header: "备注", Width: 3, Blank: true}}, Rows: [][]string{{tc.cell}}}
			text := CollapseSpaces(pdfText(t, renderTable(t, f, doc)))
			lines := strings.Split(strings.TrimSpace(text), "\n")
			// header line + one row + page number, if nothing wrapped
			if got := len(lines); got <= 3 {
				t.Errorf("text lines: got %d, want more than 3 (the cell should wrap):\n%s", got, text)
			}
			if !strings.Contains(squash(text), squash(tc.cell)) {
				t.Errorf("wrapped text lost characters: got\n%s\nwant it to contain %q", text, tc.cell)
			}
		})
	}
}

// TestTableConcurrent renders from one Fonts on many goroutines; run it with
// -race to check that documents share no mutable font state.
func TestTableConcurrent(t *testing.T) {
	f := newTestFonts(t)
	const n = 8
	out := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			doc := signInSheet(10 + i)
			doc.Title = fmt.Sprintf("并发签到表 %d 号", i)
			var buf bytes.Buffer
			errs[i] = f.Table(&buf, doc)
			out[i] = buf.Bytes()
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("goroutine %d: %v", i, errs[i])
		}
		if !bytes.HasPrefix(out[i], []byte("%PDF-")) {
			t.Fatalf("goroutine %d: got no PDF header", i)
		}
	}
	for i := range n {
		text := pdfText(t, out[i])
		if want := fmt.Sprintf("并发签到表 %d 号", i); !strings.Contains(text, want) {
			t.Errorf("goroutine %d: got text without %q", i, want)
		}
		if want := fmt.Sprintf("应到 %d 人", 10+i); !strings.Contains(text, want) {
			t.Errorf("goroutine %d: got text without %q", i, want)
		}
	}
}

// TestTableMissingGlyph checks that a character the font lacks shows as a
// box rather than vanishing from a name.
func TestTableMissingGlyph(t *testing.T) {
	f := newTestFonts(t)
	doc := TableDoc{Columns: []Column{{Header: "姓名"}}, Rows: [][]string{{"刘䶮"}}}
	if got := squash(pdfText(t, renderTable(t, f, doc))); !strings.Contains(got, "刘□") {
		t.Errorf("got %q, want it to contain 刘□", got)
	}
}

func TestTableRejectsNoColumns(t *testing.T) {
	f := newTestFonts(t)
	var buf bytes.Buffer
	if err := f.Table(&buf, TableDoc{Title: "空表"}); err == nil {
		t.Errorf("got nil error, want one for a table without columns")
	}
}
