package office

import (
	"errors"
	"fmt"
	"io"
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
}

// dateFormat is how time.Time cells display. It is explicit because the
// built-in date format 14 shows differently in Excel's and WPS's locales.
const dateFormat = "yyyy-mm-dd"

// WriteTable writes one sheet to w as a plain .xlsx workbook (no macros) that
// Excel and WPS open: title in A1 merged across the columns (skipped when
// empty), a bold bordered header row, frozen panes below it and bordered
// data cells. Numbers stay numbers, strings stay text (so 身份证号 keeps its
// digits), and a time.Time becomes a yyyy-mm-dd date cell holding its wall-clock
// date; a zero time.Time or nil becomes an empty cell.
func WriteTable(w io.Writer, sheet string, title string, headers []string, rows [][]any, opts XLSXOptions) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("office: close workbook: %w", cerr)
		}
	}()
	if sheet == "" {
		sheet = "Sheet1"
	}
	if sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			return fmt.Errorf("office: sheet name %q: %w", sheet, err)
		}
	}
	ncol := len(headers)
	for _, r := range rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return errors.New("office: table has no columns")
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("office: stream %q: %w", sheet, err)
	}
	if err := writeSheet(sw, st, ncol, title, headers, rows, opts); err != nil {
		return fmt.Errorf("office: write sheet %q: %w", sheet, err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("office: write workbook: %w", err)
	}
	return nil
}

// sheetStyles holds the style IDs one workbook uses.
type sheetStyles struct {
	title, header, cell, date int
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
	return sheetStyles{title: ids[0], header: ids[1], cell: ids[2], date: ids[3]}, nil
}

// writeSheet streams the rows. StreamWriter needs column widths and panes
// before the first row, so widths are fitted from all rows up front.
func writeSheet(sw *excelize.StreamWriter, st sheetStyles, ncol int, title string, headers []string, rows [][]any, opts XLSXOptions) error {
	widths := columnWidths(ncol, headers, rows, opts)
	// excelize puts each new <col> before the earlier ones, and Excel wants
	// them ascending, so set the last column first.
	for i := len(widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return err
		}
	}
	headerRow := 1
	if title != "" {
		headerRow = 2
	}
	if len(headers) > 0 {
		err := sw.SetPanes(&excelize.Panes{
			Freeze:      true,
			YSplit:      headerRow,
			TopLeftCell: fmt.Sprintf("A%d", headerRow+1),
			ActivePane:  "bottomLeft",
		})
		if err != nil {
			return err
		}
	} else {
		headerRow-- // no header row: data starts right under the title
	}

	if title != "" {
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: title}},
			excelize.RowOpts{Height: 24}); err != nil {
			return err
		}
		if ncol > 1 {
			last, err := excelize.CoordinatesToCellName(ncol, 1)
			if err != nil {
				return err
			}
			if err := sw.MergeCell("A1", last); err != nil {
				return err
			}
		}
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
		if err := sw.SetRow(fmt.Sprintf("A%d", headerRow+1+n), cells); err != nil {
			return err
		}
	}
	return sw.Flush()
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
