package office

import (
	"errors"
	"fmt"
	"io"

	"github.com/signintech/gopdf"
)

// Column is one column of a PDF table.
type Column struct {
	// Header is the column title, repeated at the top of every page.
	Header string
	// Width is the column's share of the page width, relative to the other
	// columns; zero or less counts as 1.
	Width float64
	// Blank leaves every cell of the column empty, e.g. for signatures.
	Blank bool
	// Center centres the cells' text instead of aligning it left.
	Center bool
}

// TableDoc describes a one-table A4 PDF such as a sign-in sheet (签到表).
type TableDoc struct {
	// Title is centred above the table on the first page.
	Title string
	// Subtitle lines (time, place, 应到人数…) sit under the title.
	Subtitle []string
	// Columns lays out the table; at least one is required.
	Columns []Column
	// Rows holds one string per column; missing cells are empty and extra
	// ones are ignored.
	Rows [][]string
	// Footer is printed under the table on the last page (e.g. 制表人).
	Footer string
	// Landscape prints across the paper, for wide tables such as a
	// 考勤台账 with a column per meeting.
	Landscape bool
}

// Page geometry, in points. A4 is 595 × 842 pt.
const (
	ptPerMM      = 72 / 25.4
	marginX      = 15 * ptPerMM
	marginTop    = 15 * ptPerMM
	marginBottom = 18 * ptPerMM // keeps the page number clear of the table
	pageNoBottom = 9 * ptPerMM  // page number's centre, from the paper's edge
	bodySize     = 10.5         // 五号, the usual size for Chinese forms
	titleSize    = 16           // 三号
	pageNoSize   = 9
	leading      = 1.4 // line height as a multiple of the font size
	cellPad      = 1.5 * ptPerMM
	// minRowHeight leaves room to sign by hand.
	minRowHeight = 9 * ptPerMM
	gapMM        = 3 * ptPerMM
)

// Table renders doc as an A4 PDF to w. Rows are as tall as their longest
// wrapped cell and at least 9 mm; a page break repeats the header row, and
// every page carries "第 N 页 / 共 M 页".
func (f *Fonts) Table(w io.Writer, doc TableDoc) error {
	return f.Tables(w, doc.Title, doc)
}

// Tables renders several tables into one A4 PDF titled title, each laid
// out as Table lays out one and starting on a new page (a unit's register:
// one table per branch). Pages are numbered through the whole file.
func (f *Fonts) Tables(w io.Writer, title string, docs ...TableDoc) error {
	if len(docs) == 0 {
		return errors.New("office: pdf has no tables")
	}
	for _, doc := range docs {
		if len(doc.Columns) == 0 {
			return errors.New("office: table has no columns")
		}
	}
	gp, err := f.newPDF()
	if err != nil {
		return err
	}
	gp.SetInfo(gopdf.PdfInfo{Title: title, Creator: Creator, Producer: Creator})
	p := &painter{gp: gp}
	layouts := make([]tableLayout, len(docs))
	total := 0
	for i, doc := range docs {
		layouts[i] = p.layout(doc)
		total += len(layouts[i].pages)
	}
	done := 0
	for i, doc := range docs {
		p.draw(doc, layouts[i], done, total)
		done += len(layouts[i].pages)
	}
	if p.err != nil {
		return fmt.Errorf("office: render table: %w", p.err)
	}
	if _, err := gp.WriteTo(w); err != nil {
		return fmt.Errorf("office: write pdf: %w", err)
	}
	return nil
}

// laidRow is one table row broken into lines, per column.
type laidRow struct {
	cells  [][]string
	height float64
}

// page is a run of rows [start, end) drawn on one sheet of paper.
type page struct {
	start, end int
	header     bool // whether the table header row is drawn
	footer     bool // whether doc.Footer is drawn after the rows
}

// tableLayout is everything measured before drawing, so the page count is
// known when the first page number is printed.
type tableLayout struct {
	paper    *gopdf.Rect // A4, upright or across
	widths   []float64
	title    []string
	subtitle []string
	header   laidRow
	rows     []laidRow
	footer   []string
	pages    []page
}

// painter wraps gopdf and keeps the first error, so drawing code reads as a
// sequence of steps rather than a ladder of error checks.
type painter struct {
	gp  *gopdf.GoPdf
	err error
}

func (p *painter) setSize(size float64) {
	if p.err == nil {
		p.err = p.gp.SetFont(fontFamily, "", size)
	}
}

func (p *painter) measure(s string) float64 {
	if p.err != nil {
		return 0
	}
	w, err := p.gp.MeasureTextWidth(s)
	if err != nil {
		p.err = err
	}
	return w
}

// wrapAt wraps s for the current font size in a box w wide.
func (p *painter) wrapAt(s string, w float64) []string {
	return wrap(s, w, p.measure)
}

// layout measures every block and splits the rows into pages.
func (p *painter) layout(doc TableDoc) tableLayout {
	l := tableLayout{paper: gopdf.PageSizeA4}
	if doc.Landscape {
		l.paper = gopdf.PageSizeA4Landscape
	}
	pageW, pageH := l.paper.W, l.paper.H
	bodyW := pageW - 2*marginX

	var total float64
	for _, c := range doc.Columns {
		total += colWeight(c)
	}
	for _, c := range doc.Columns {
		l.widths = append(l.widths, bodyW*colWeight(c)/total)
	}

	p.setSize(titleSize)
	l.title = p.wrapAt(doc.Title, bodyW)
	p.setSize(bodySize)
	for _, s := range doc.Subtitle {
		l.subtitle = append(l.subtitle, p.wrapAt(s, bodyW)...)
	}
	l.footer = p.wrapAt(doc.Footer, bodyW)

	headers := make([]string, len(doc.Columns))
	for i, c := range doc.Columns {
		headers[i] = c.Header
	}
	l.header = p.layoutRow(headers, doc.Columns, l.widths, 0, true)

	top, bottom := marginTop, pageH-marginBottom
	// A row taller than the space under the title is cut, since it could
	// never be placed whole; only absurd cells (pages of text) get here.
	maxRow := bottom - top - titleHeight(l) - l.header.height
	for _, r := range doc.Rows {
		l.rows = append(l.rows, p.layoutRow(r, doc.Columns, l.widths, maxRow, false))
	}

	cur := page{header: true}
	y := top + titleHeight(l) + l.header.height
	for i, r := range l.rows {
		if y+r.height > bottom && i > cur.start {
			cur.end = i
			l.pages = append(l.pages, cur)
			cur = page{start: i, header: true}
			y = top + l.header.height
		}
		y += r.height
	}
	cur.end = len(l.rows)
	if len(l.footer) > 0 {
		if y+footerHeight(l) > bottom {
			l.pages = append(l.pages, cur)
			cur = page{start: cur.end, end: cur.end}
		}
		cur.footer = true
	}
	l.pages = append(l.pages, cur)
	return l
}

// layoutRow wraps each cell to its column; maxHeight > 0 cuts the row's
// lines so the row fits in that height. Blank columns stay empty except in
// the header.
func (p *painter) layoutRow(cells []string, cols []Column, widths []float64, maxHeight float64, header bool) laidRow {
	lineH := bodySize * leading
	r := laidRow{cells: make([][]string, len(cols)), height: minRowHeight}
	maxLines := 0
	if maxHeight > 0 {
		maxLines = max(1, int((maxHeight-2*cellPad)/lineH))
	}
	for i, c := range cols {
		if (c.Blank && !header) || i >= len(cells) {
			continue
		}
		lines := p.wrapAt(cells[i], widths[i]-2*cellPad)
		if maxLines > 0 && len(lines) > maxLines {
			lines = lines[:maxLines]
			lines[maxLines-1] += "…"
		}
		r.cells[i] = lines
		r.height = max(r.height, float64(len(lines))*lineH+2*cellPad)
	}
	return r
}

func colWeight(c Column) float64 {
	if c.Width <= 0 {
		return 1
	}
	return c.Width
}

// titleHeight is the space the title and subtitle take on the first page.
func titleHeight(l tableLayout) float64 {
	h := float64(len(l.title))*titleSize*leading + float64(len(l.subtitle))*bodySize*leading
	if h > 0 {
		h += gapMM
	}
	return h
}

func footerHeight(l tableLayout) float64 {
	return gapMM + float64(len(l.footer))*bodySize*leading
}

// draw paints the laid-out pages; done pages of total come before them.
func (p *painter) draw(doc TableDoc, l tableLayout, done, total int) {
	gp := p.gp
	pageW, pageH := l.paper.W, l.paper.H
	bodyW := pageW - 2*marginX
	gp.SetLineWidth(0.6)
	gp.SetStrokeColor(0, 0, 0)
	// PDF paints text with the fill colour; an explicit text colour keeps
	// the header row's grey fill from turning its text grey.
	gp.SetTextColor(0, 0, 0)
	for n, pg := range l.pages {
		gp.AddPageWithOption(gopdf.PageOption{PageSize: l.paper})
		y := marginTop
		if n == 0 {
			p.setSize(titleSize)
			for _, s := range l.title {
				p.text(marginX, y, bodyW, titleSize*leading, s, gopdf.Center)
				y += titleSize * leading
			}
			p.setSize(bodySize)
			for _, s := range l.subtitle {
				p.text(marginX, y, bodyW, bodySize*leading, s, gopdf.Center)
				y += bodySize * leading
			}
			if titleHeight(l) > 0 {
				y += gapMM
			}
		}
		p.setSize(bodySize)
		if pg.header {
			y = p.row(l.header, doc.Columns, l.widths, y, true)
		}
		for _, r := range l.rows[pg.start:pg.end] {
			y = p.row(r, doc.Columns, l.widths, y, false)
		}
		if pg.footer {
			y += gapMM
			for _, s := range l.footer {
				p.text(marginX, y, bodyW, bodySize*leading, s, gopdf.Left)
				y += bodySize * leading
			}
		}
		p.setSize(pageNoSize)
		no := fmt.Sprintf("第 %d 页 / 共 %d 页", done+n+1, total)
		p.text(marginX, pageH-pageNoBottom-pageNoSize*leading/2, bodyW, pageNoSize*leading, no, gopdf.Center)
		p.setSize(bodySize)
	}
}

// row draws one bordered row at y and returns the y below it.
func (p *painter) row(r laidRow, cols []Column, widths []float64, y float64, header bool) float64 {
	gp := p.gp
	lineH := bodySize * leading
	x := marginX
	for i, c := range cols {
		if header {
			gp.SetFillColor(235, 235, 235)
			gp.RectFromUpperLeftWithStyle(x, y, widths[i], r.height, "FD")
			gp.SetFillColor(0, 0, 0)
		} else {
			gp.RectFromUpperLeftWithStyle(x, y, widths[i], r.height, "D")
		}
		align := gopdf.Left
		if header || c.Center {
			align = gopdf.Center
		}
		// Centre the block of lines vertically in the row.
		ly := y + (r.height-float64(len(r.cells[i]))*lineH)/2
		for _, s := range r.cells[i] {
			p.text(x+cellPad, ly, widths[i]-2*cellPad, lineH, s, align)
			ly += lineH
		}
		x += widths[i]
	}
	return y + r.height
}

// text draws one line in the box (x, y, w, h), centred vertically.
func (p *painter) text(x, y, w, h float64, s string, align int) {
	if p.err != nil || s == "" {
		return
	}
	p.gp.SetXY(x, y)
	p.err = p.gp.CellWithOption(&gopdf.Rect{W: w, H: h}, s, gopdf.CellOption{Align: align | gopdf.Middle})
}
