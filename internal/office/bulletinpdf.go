package office

import (
	"fmt"
	"io"
	"strings"

	"github.com/signintech/gopdf"
)

// The 公文 page of GB/T 9704-2012 in points: A4 with the type area
// (版心) 156 × 225 mm placed 37 mm from the top and 28 mm from the left,
// which leaves 35 mm at the bottom and 26 mm at the right; 22 lines of
// 3号 (16 pt) text, so a line is 225 mm ÷ 22 = 28.95 pt.
const (
	gwTop      = 37 * ptPerMM
	gwLeft     = 28 * ptPerMM
	gwWidth    = 156 * ptPerMM
	gwHeight   = 225 * ptPerMM
	gwLine     = gwHeight / 22
	gwBody     = 16   // 3号
	gwTitle    = 22   // 2号
	gwIssuer   = 30   // the issuing organ's mark; shrunk to fit the width
	gwTable    = 10.5 // 5号, so a table of nine columns fits the width
	gwPageNo   = 14   // 4号
	gwPageNoMM = 7    // page number below the type area (GB/T 9704 §7.5)
	indentMark = '\uE000'
)

// WriteBulletinPDF writes b to w as an A4 PDF laid out as the DOCX is, with
// the embedded WenQuanYi font (PDFs carry their font; the DOCX names the
// 公文 fonts offices have) and one chart, b.Chart.
func (f *Fonts) WriteBulletinPDF(w io.Writer, b *Bulletin) error {
	gp, err := f.newPDF()
	if err != nil {
		return err
	}
	gp.SetInfo(gopdf.PdfInfo{Title: b.Title, Creator: Creator, Producer: Creator})
	d := &gwDoc{painter: painter{gp: gp}}
	d.newPage()
	d.head(b)
	d.para(b.Addressee, gwBody, false)
	d.paras(b.Preface)
	d.heading("一、总体情况")
	d.paras(b.Summary)
	d.heading("二、" + b.RowsHeading)
	d.heading("（一）学习教育主要指标")
	d.table([]float64{8, 36, 12, 18, 15, 17, 15, 17, 18}, progressHeaders(b.UnitHeader), progressCells(b))
	d.chart(b.ChartTitle, b.Chart)
	d.heading("（二）党课开展情况")
	d.table([]float64{8, 36, 12, 12, 12, 12, 12, 12, 10, 12, 18}, lectureHeaders(b.UnitHeader), lectureCells(b))
	d.heading("三、需要关注的支部")
	d.heading("（一）专题学习讨论逾期未开展的支部")
	d.list(b.Overdue, "无。")
	d.heading("（二）未报送总结材料的支部")
	d.list(b.Missing, "无。")
	d.heading("四、优秀材料采用情况")
	d.list(b.Highlights, "本期没有采用的材料。")
	d.paras(b.Closing)
	d.signature(b.Issuer, b.Date)
	if d.err != nil {
		return fmt.Errorf("office: render bulletin: %w", d.err)
	}
	if _, err := gp.WriteTo(w); err != nil {
		return fmt.Errorf("office: write pdf: %w", err)
	}
	return nil
}

func progressCells(b *Bulletin) [][]string {
	out := make([][]string, 0, len(b.Rows)+1)
	for _, r := range b.Rows {
		out = append(out, r.cells())
	}
	return append(out, b.Total.cells())
}

func lectureCells(b *Bulletin) [][]string {
	out := make([][]string, 0, len(b.LectureRows)+1)
	for _, r := range b.LectureRows {
		out = append(out, r.cells())
	}
	return append(out, b.LectureTotal.cells())
}

// gwDoc flows blocks down 公文 pages.
type gwDoc struct {
	painter
	y    float64 // the next block's top
	page int
	size float64 // the text size set last by the document's blocks
	cur  float64 // the size the PDF writer has now; SetFont is not free
	// widths caches each rune's advance at size 1: a root bulletin names
	// thousands of branches, and wrapping measures every line's growing
	// prefix, so measuring through the font each time cost seconds.
	widths map[rune]float64
}

// measure returns the width of s at the current size, from the cached
// advances of its runes (the faces embedded here have no kerning).
func (d *gwDoc) measure(s string) float64 {
	if d.cur == 0 {
		return d.painter.measure(s)
	}
	if d.widths == nil {
		d.widths = map[rune]float64{}
	}
	w := 0.0
	for _, r := range s {
		a, ok := d.widths[r]
		if !ok {
			a = d.painter.measure(string(r)) / d.cur
			d.widths[r] = a
		}
		w += a
	}
	return w * d.cur
}

// font sets the PDF writer's size unless it has it already.
func (d *gwDoc) font(size float64) {
	if size != d.cur {
		d.cur = size
		d.painter.setSize(size)
	}
}

// setSize sets the text size and remembers it, so that a page break in the
// middle of a block (newPage draws the page number in 4号) resumes the
// block in its own size: a table that moved to a new page was drawn in the
// page number's 14 pt and its percentages broke over two lines.
func (d *gwDoc) setSize(size float64) {
	d.size = size
	d.font(size)
}

func (d *gwDoc) bottom() float64 { return gwTop + gwHeight }

// newPage starts a page with its page number: "— 1 —", at the right on odd
// pages and at the left on even ones, one character in from the edge.
func (d *gwDoc) newPage() {
	d.gp.AddPage()
	d.page++
	d.y = gwTop
	d.font(gwPageNo)
	d.gp.SetTextColor(0, 0, 0)
	y := d.bottom() + gwPageNoMM*ptPerMM
	align := gopdf.Right
	x, w := gwLeft, gwWidth-gwPageNo
	if d.page%2 == 0 {
		align, x = gopdf.Left, gwLeft+gwPageNo
	}
	d.text(x, y, w, gwPageNo, fmt.Sprintf("— %d —", d.page), align)
	if d.size > 0 {
		d.font(d.size)
	}
}

// room starts a new page unless h more points fit on this one.
func (d *gwDoc) room(h float64) {
	if d.y+h > d.bottom()+0.01 {
		d.newPage()
	}
}

// head draws the 版头: the red issuing organ, the document number and the
// red rule 4 mm under it, then the title two lines lower.
func (d *gwDoc) head(b *Bulletin) {
	size := float64(gwIssuer)
	d.setSize(size)
	for size > 12 && d.measure(b.Issuer) > gwWidth {
		size--
		d.setSize(size)
	}
	d.gp.SetTextColor(255, 0, 0)
	d.text(gwLeft, d.y, gwWidth, size*1.4, b.Issuer, gopdf.Center)
	d.gp.SetTextColor(0, 0, 0)
	d.y += size*1.4 + gwLine
	d.setSize(gwBody)
	d.text(gwLeft, d.y, gwWidth, gwLine, b.DocNo, gopdf.Center)
	d.y += gwLine + 4*ptPerMM
	d.gp.SetStrokeColor(255, 0, 0)
	d.gp.SetLineWidth(1.5)
	d.gp.Line(gwLeft, d.y, gwLeft+gwWidth, d.y)
	d.gp.SetStrokeColor(0, 0, 0)
	d.y += 2 * gwLine
	d.setSize(gwTitle)
	for _, l := range d.wrapAt(b.Title, gwWidth) {
		d.text(gwLeft, d.y, gwWidth, gwTitle*1.3, l, gopdf.Center)
		d.y += gwTitle * 1.3
	}
	d.y += gwLine / 2
}

// paras draws text as body paragraphs, one per line of text.
func (d *gwDoc) paras(text string) {
	for p := range strings.SplitSeq(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(p) != "" {
			d.para(p, gwBody, true)
		}
	}
}

func (d *gwDoc) heading(s string) { d.para(s, gwBody, true) }

// para draws one paragraph on the line grid, its first line indented two
// characters when indent is set.
func (d *gwDoc) para(s string, size float64, indent bool) {
	d.setSize(size)
	if indent {
		s = string([]rune{indentMark, indentMark}) + s
	}
	measure := func(t string) float64 {
		n := strings.Count(t, string(indentMark))
		return float64(n)*size + d.measure(strings.ReplaceAll(t, string(indentMark), ""))
	}
	for _, l := range wrap(s, gwWidth, measure) {
		d.room(gwLine)
		x := gwLeft
		if n := strings.Count(l, string(indentMark)); n > 0 {
			x += float64(n) * size
			l = strings.ReplaceAll(l, string(indentMark), "")
		}
		d.text(x, d.y, gwWidth, gwLine, l, gopdf.Left)
		d.y += gwLine
	}
}

// list draws one paragraph per item, or empty when there are none.
func (d *gwDoc) list(items []string, empty string) {
	if len(items) == 0 {
		items = []string{empty}
	}
	for _, s := range items {
		d.para(s, gwBody, true)
	}
}

// signature draws the issuing organ and the date at the end: the date four
// characters in from the right, the organ centred over it.
func (d *gwDoc) signature(issuer, date string) {
	d.room(3 * gwLine)
	d.y += gwLine
	d.setSize(gwBody)
	dateW := d.measure(date)
	right := gwLeft + gwWidth - 4*gwBody
	centre := right - dateW/2
	orgW := d.measure(issuer)
	x := min(centre-orgW/2, gwLeft+gwWidth-orgW)
	d.text(x, d.y, orgW+1, gwLine, issuer, gopdf.Left)
	d.y += gwLine
	d.text(right-dateW, d.y, dateW+1, gwLine, date, gopdf.Left)
	d.y += gwLine
}

// table draws a bordered table whose columns have the given widths in mm,
// repeating the header row on each new page.
func (d *gwDoc) table(mm []float64, header []string, rows [][]string) {
	d.setSize(gwTable)
	widths := make([]float64, len(mm))
	for i, w := range mm {
		widths[i] = w * ptPerMM
	}
	cols := make([]Column, len(mm))
	for i := range cols {
		cols[i].Center = true
	}
	lay := func(cells []string) laidRow {
		r := laidRow{cells: make([][]string, len(cells))}
		lines := 1
		for i, c := range cells {
			r.cells[i] = d.wrapAt(c, widths[i]-2*cellPad)
			lines = max(lines, len(r.cells[i]))
		}
		r.height = float64(lines)*gwTable*leading + 2*cellPad
		return r
	}
	head := lay(header)
	d.room(head.height * 2)
	d.y = d.gwRow(head, cols, widths, true)
	for _, c := range rows {
		r := lay(c)
		if d.y+r.height > d.bottom() {
			d.newPage()
			d.setSize(gwTable)
			d.y = d.gwRow(head, cols, widths, true)
		}
		d.y = d.gwRow(r, cols, widths, false)
	}
	d.y += gwLine / 2
}

// gwRow draws a table row at the type area's left edge.
func (d *gwDoc) gwRow(r laidRow, cols []Column, widths []float64, header bool) float64 {
	d.gp.SetLineWidth(0.5)
	x := gwLeft
	lineH := gwTable * leading
	for i := range cols {
		d.gp.RectFromUpperLeftWithStyle(x, d.y, widths[i], r.height, "D")
		ly := d.y + (r.height-float64(len(r.cells[i]))*lineH)/2
		for _, s := range r.cells[i] {
			d.text(x+cellPad, ly, widths[i]-2*cellPad, lineH, s, gopdf.Center)
			ly += lineH
		}
		x += widths[i]
	}
	return d.y + r.height
}

// chart draws horizontal bars of counts under a centred title: a label
// column, the bar and its value.
func (d *gwDoc) chart(title string, bars []Bar) {
	if len(bars) == 0 {
		return
	}
	const barH, gap = 14.0, 6.0
	d.room(gwLine + float64(len(bars))*(barH+gap))
	d.setSize(12)
	d.text(gwLeft, d.y, gwWidth, gwLine, title, gopdf.Center)
	d.y += gwLine
	top := 0.0
	for _, b := range bars {
		top = max(top, b.Value)
	}
	labelW, valueW := 90.0, 40.0
	span := gwWidth - labelW - valueW
	d.setSize(10.5)
	for _, b := range bars {
		d.text(gwLeft, d.y, labelW-6, barH, b.Label, gopdf.Right)
		if top > 0 && b.Value > 0 {
			d.gp.SetFillColor(192, 0, 0)
			d.gp.RectFromUpperLeftWithStyle(gwLeft+labelW, d.y, span*b.Value/top, barH, "F")
			d.gp.SetFillColor(0, 0, 0)
		}
		w := 0.0
		if top > 0 {
			w = span * b.Value / top
		}
		d.text(gwLeft+labelW+w+4, d.y, valueW, barH, fmt.Sprintf("%g", b.Value), gopdf.Left)
		d.y += barH + gap
	}
	d.y += gwLine / 2
}
