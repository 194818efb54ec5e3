package office

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Template is a fill-in workbook for an import: a header row and example
// rows under it.
type Template struct {
	Sheet    string // "" keeps Sheet1
	Headers  []string
	Examples [][]string
	// ColWidth is every column's width in characters; zero keeps the
	// spreadsheet's default.
	ColWidth float64
	// Doc gives the document properties; Doc.Created is required.
	Doc DocInfo
}

// defaultColWidth is a spreadsheet's column width when none is set.
const defaultColWidth = 9

// textFormat is Excel's built-in "@" (text) number format.
const textFormat = 49

// TemplateXLSX writes t as an .xlsx workbook to w. Every header column is
// formatted as text, so that WPS and Excel keep what a user types (a date,
// 13812345678) instead of turning it into a serial or 1.38E+10. It prints
// as every export does (see WriteTable), the header row on every page.
func TemplateXLSX(w io.Writer, t Template) (err error) {
	if len(t.Headers) == 0 {
		return fmt.Errorf("office: template has no columns")
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("office: close template: %w", cerr)
		}
	}()
	sheet := f.GetSheetName(0)
	if t.Sheet != "" && t.Sheet != sheet {
		if err := f.SetSheetName(sheet, t.Sheet); err != nil {
			return fmt.Errorf("office: sheet name %q: %w", t.Sheet, err)
		}
		sheet = t.Sheet
	}
	if err := setDocInfo(f, t.Doc); err != nil {
		return err
	}
	width := t.ColWidth
	if width <= 0 {
		width = defaultColWidth
	}
	widths := make([]float64, len(t.Headers))
	for i := range widths {
		widths[i] = width
	}
	if err := setPrint(f, sheet, printLayout{landscape: wide(widths), titleRow: 1}); err != nil {
		return err
	}
	for i, r := range append([][]string{t.Headers}, t.Examples...) {
		cells := make([]any, len(r))
		for k, v := range r {
			cells[k] = v
		}
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &cells); err != nil {
			return fmt.Errorf("office: template row %d: %w", i+1, err)
		}
	}
	last, err := excelize.ColumnNumberToName(len(t.Headers))
	if err != nil {
		return fmt.Errorf("office: template columns: %w", err)
	}
	style, err := f.NewStyle(&excelize.Style{NumFmt: textFormat})
	if err != nil {
		return fmt.Errorf("office: style: %w", err)
	}
	if err := f.SetColStyle(sheet, "A:"+last, style); err != nil {
		return fmt.Errorf("office: template style: %w", err)
	}
	if t.ColWidth > 0 {
		if err := f.SetColWidth(sheet, "A", last, t.ColWidth); err != nil {
			return fmt.Errorf("office: template widths: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("office: write template: %w", err)
	}
	return nil
}
