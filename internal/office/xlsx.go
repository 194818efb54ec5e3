package office

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// XLSXOptions tunes WriteTable; the zero value is a good default.
type XLSXOptions struct {
	// Widths overrides column widths, in characters, by column index; a zero
	// or missing entry means "fit the content".
	Widths []float64
	// MaxWidth caps fitted widths so one long remark does not make a column
	// wider than the screen; zero means 50.
	MaxWidth float64
	// Notes are lines between the title and the header row (whose table,
	// which period, when exported), each merged across the columns.
	Notes []string
	// FreezeCols keeps the first columns (序号, 姓名) in view while a wide
	// table scrolls sideways; zero freezes rows only.
	FreezeCols int
	// Landscape prints the sheet across the paper; a table wider than A4
	// portrait holds prints so anyway.
	Landscape bool
	// RowHeight is the least height of a data row in points, e.g. 30 for a
	// sign-in sheet's handwritten names; zero keeps Excel's default.
	RowHeight float64
}

// Sheet is one table of a workbook written by WriteSheets.
type Sheet struct {
	Name    string // "" means Sheet1, Sheet2, …
	Title   string // "" leaves out the title row
	Headers []string
	Rows    [][]any
	Options XLSXOptions
}

// dateFormat is how time.Time cells display. It is explicit because the
// built-in date format 14 shows differently in Excel's and WPS's locales.
const dateFormat = "yyyy-mm-dd"

// WriteTable writes one sheet to w as a plain .xlsx workbook (no macros) that
// Excel and WPS open: title in A1 merged across the columns (skipped when
// empty), a bold bordered header row, frozen panes below it and bordered
// data cells. Numbers stay numbers, strings stay text (so 身份证号 keeps its
// digits), and a time.Time becomes a yyyy-mm-dd date cell holding its wall-clock
// date; a zero time.Time or nil becomes an empty cell. The sheet prints on
// A4 one page wide, with the header row on every page and page numbers in
// the footer; doc gives the document properties.
func WriteTable(w io.Writer, doc DocInfo, sheet string, title string, headers []string, rows [][]any, opts XLSXOptions) error {
	return WriteSheets(w, doc, Sheet{Name: sheet, Title: title, Headers: headers, Rows: rows, Options: opts})
}

// WriteSheets writes a workbook of several tables, one sheet each, laid out
// and set up for print as WriteTable does one; the first sheet is the one
// that opens.
func WriteSheets(w io.Writer, doc DocInfo, sheets ...Sheet) (err error) {
	if len(sheets) == 0 {
		return errors.New("office: workbook has no sheets")
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("office: close workbook: %w", cerr)
		}
	}()
	if err := setDocInfo(f, doc); err != nil {
		return err
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, sh := range sheets {
		if sh.Name == "" {
			sh.Name = fmt.Sprintf("Sheet%d", i+1)
		}
		// Excel compares sheet names without case; excelize would hand back
		// the existing sheet and write both tables into it.
		key := strings.ToLower(sh.Name)
		if seen[key] {
			return fmt.Errorf("office: sheet name %q used twice", sh.Name)
		}
		seen[key] = true
		if err := addSheet(f, i, sh.Name); err != nil {
			return err
		}
		ncol := len(sh.Headers)
		for _, r := range sh.Rows {
			ncol = max(ncol, len(r))
		}
		if ncol == 0 {
			return fmt.Errorf("office: sheet %q has no columns", sh.Name)
		}
		l := newSheetLayout(ncol, sh)
		if err := setPrint(f, sh.Name, printLayout{landscape: sh.Options.Landscape || wide(l.widths), titleRow: l.titleRow()}); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(sh.Name)
		if err != nil {
			return fmt.Errorf("office: stream %q: %w", sh.Name, err)
		}
		if err := writeSheet(sw, st, l, sh); err != nil {
			return fmt.Errorf("office: write sheet %q: %w", sh.Name, err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("office: write workbook: %w", err)
	}
	return nil
}

// addSheet names the new file's own Sheet1 for the first table and adds
// a sheet for each later one.
func addSheet(f *excelize.File, i int, name string) error {
	if i == 0 {
		if name == "Sheet1" {
			return nil
		}
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return fmt.Errorf("office: sheet name %q: %w", name, err)
		}
		return nil
	}
	if _, err := f.NewSheet(name); err != nil {
		return fmt.Errorf("office: sheet name %q: %w", name, err)
	}
	return nil
}

// sheetStyles holds the style IDs one workbook uses.
type sheetStyles struct {
	title, note, header, cell, date int
}

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1},
		{Type: "bottom", Color: "000000", Style: 1},
	}
	date := dateFormat
	specs := []*excelize.Style{
		{
			Font:      &excelize.Font{Bold: true, Size: 14},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		},
		{Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}},
		{
			Font:      &excelize.Font{Bold: true},
			Border:    border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		},
		// WrapText shows a value's own line breaks ("支部\n（预备党员）").
		{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}},
		{Border: border, Alignment: &excelize.Alignment{Vertical: "center"}, CustomNumFmt: &date},
	}
	ids := make([]int, len(specs))
	for i, s := range specs {
		id, err := f.NewStyle(s)
		if err != nil {
			return sheetStyles{}, fmt.Errorf("office: style: %w", err)
		}
		ids[i] = id
	}
	return sheetStyles{title: ids[0], note: ids[1], header: ids[2], cell: ids[3], date: ids[4]}, nil
}

// sheetLayout is what is measured before a sheet is written: StreamWriter
// needs column widths and panes before the first row, and the print set-up
// needs the header row before the stream starts.
type sheetLayout struct {
	ncol      int
	hasHeader bool
	widths    []float64
	headerRow int // the header's row number, or the last row above the data when there is no header
}

func newSheetLayout(ncol int, sh Sheet) sheetLayout {
	top := len(sh.Options.Notes) // rows above the header
	if sh.Title != "" {
		top++
	}
	headerRow := top + 1
	if len(sh.Headers) == 0 {
		headerRow-- // no header row: data starts right under the title
	}
	return sheetLayout{ncol: ncol, hasHeader: len(sh.Headers) > 0, widths: columnWidths(ncol, sh.Headers, sh.Rows, sh.Options), headerRow: headerRow}
}

// titleRow is the row printed atop every page: the header, if any.
func (l sheetLayout) titleRow() int {
	if l.headerRow > 0 && l.hasHeader {
		return l.headerRow
	}
	return 0
}

// writeSheet streams the rows.
func writeSheet(sw *excelize.StreamWriter, st sheetStyles, l sheetLayout, sh Sheet) error {
	headers, rows, opts := sh.Headers, sh.Rows, sh.Options
	ncol, widths, headerRow := l.ncol, l.widths, l.headerRow
	// excelize puts each new <col> before the earlier ones, and Excel wants
	// them ascending, so set the last column first.
	for i := len(widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return err
		}
	}
	if len(headers) > 0 {
		if err := sw.SetPanes(panes(headerRow, min(opts.FreezeCols, ncol-1))); err != nil {
			return err
		}
	}

	row := 1
	if sh.Title != "" {
		if err := mergedRow(sw, row, ncol, excelize.Cell{StyleID: st.title, Value: sh.Title}, 24); err != nil {
			return err
		}
		row++
	}
	for _, note := range opts.Notes {
		// Excel never fits the height of a merged cell, so give a long note
		// the lines it will wrap to.
		if err := mergedRow(sw, row, ncol, excelize.Cell{StyleID: st.note, Value: note}, 16*float64(noteLines(note, widths))); err != nil {
			return err
		}
		row++
	}
	if len(headers) > 0 {
		cells := make([]any, ncol)
		for i := range cells {
			h := ""
			if i < len(headers) {
				h = headers[i]
			}
			cells[i] = excelize.Cell{StyleID: st.header, Value: h}
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", headerRow), cells); err != nil {
			return err
		}
	}
	for n, r := range rows {
		cells := make([]any, ncol)
		for i := range cells {
			var v any
			if i < len(r) {
				v = r[i]
			}
			cells[i] = cellValue(v, st)
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", headerRow+1+n), cells, rowOpts(opts, r)...); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// rowOpts gives a data row the least height opts asks for, or more when a
// cell has line breaks (Excel fits a row's height itself only when no
// height is set).
func rowOpts(opts XLSXOptions, r []any) []excelize.RowOpts {
	if opts.RowHeight <= 0 {
		return nil
	}
	lines := 1
	for _, v := range r {
		lines = max(lines, strings.Count(displayText(v), "\n")+1)
	}
	return []excelize.RowOpts{{Height: max(opts.RowHeight, 15*float64(lines))}}
}

// panes freezes the rows down to the header and the first cols columns.
func panes(headerRow, cols int) *excelize.Panes {
	p := &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft"}
	if cols > 0 {
		cell, _ := excelize.CoordinatesToCellName(cols+1, headerRow+1)
		p.XSplit, p.TopLeftCell, p.ActivePane = cols, cell, "bottomRight"
		p.Selection = []excelize.Selection{{SQRef: cell, ActiveCell: cell, Pane: "bottomRight"}}
	}
	return p
}

// mergedRow writes one cell merged across all columns.
func mergedRow(sw *excelize.StreamWriter, row, ncol int, c excelize.Cell, height float64) error {
	first := fmt.Sprintf("A%d", row)
	if err := sw.SetRow(first, []any{c}, excelize.RowOpts{Height: height}); err != nil {
		return err
	}
	if ncol < 2 {
		return nil
	}
	last, err := excelize.CoordinatesToCellName(ncol, row)
	if err != nil {
		return err
	}
	return sw.MergeCell(first, last)
}

// noteLines estimates how many lines a note wraps to across the columns.
func noteLines(note string, widths []float64) int {
	total := 0.0
	for _, w := range widths {
		total += w
	}
	n := 0
	for line := range strings.SplitSeq(note, "\n") {
		n += max(1, int(math.Ceil(float64(displayWidth(line))/max(total, 1))))
	}
	return n
}

// cellValue styles one value; every cell, even an empty one, gets a border.
func cellValue(v any, st sheetStyles) excelize.Cell {
	switch t := v.(type) {
	case time.Time:
		return dateCell(t, st)
	case *time.Time:
		if t != nil {
			return dateCell(*t, st)
		}
		return excelize.Cell{StyleID: st.cell}
	}
	return excelize.Cell{StyleID: st.cell, Value: v}
}

// dateCell keeps only the wall-clock date, so a date is a whole-day serial
// that sorts and filters as a date, whatever the time zone of t.
func dateCell(t time.Time, st sheetStyles) excelize.Cell {
	if t.IsZero() {
		return excelize.Cell{StyleID: st.cell}
	}
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return excelize.Cell{StyleID: st.date, Value: d}
}

// columnWidths fits each column to its widest header or value, counting a
// CJK character as two, plus a little padding.
func columnWidths(ncol int, headers []string, rows [][]any, opts XLSXOptions) []float64 {
	maxW := opts.MaxWidth
	if maxW <= 0 {
		maxW = 50
	}
	widths := make([]float64, ncol)
	fit := func(i int, s string) {
		for line := range strings.SplitSeq(s, "\n") {
			widths[i] = max(widths[i], float64(displayWidth(line)))
		}
	}
	for i, h := range headers {
		fit(i, h)
	}
	for _, r := range rows {
		for i, v := range r {
			fit(i, displayText(v))
		}
	}
	for i := range widths {
		widths[i] = min(max(widths[i]+2, 6), maxW)
		if i < len(opts.Widths) && opts.Widths[i] > 0 {
			widths[i] = opts.Widths[i]
		}
	}
	return widths
}

// displayText approximates how a value reads in a cell, for fitting widths.
func displayText(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case time.Time, *time.Time:
		return dateFormat
	case string:
		return t
	}
	return fmt.Sprint(v)
}
