package office

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// SheetPrint is how one sheet of a workbook prints, as read back from the
// file.
type SheetPrint struct {
	Name        string
	PaperSize   int    // 9 is A4
	Orientation string // "portrait" or "landscape"
	FitToPage   bool   // the fitTo* settings take effect
	FitToWidth  int    // pages wide; 1 for every export
	FitToHeight int    // pages tall; 0 means as many as needed
	PrintTitles string // the rows repeated on every page, e.g. "'签到表'!$3:$3"
	Footer      string // the odd-page footer, e.g. PageFooter
	RowHeights  []float64
}

// WorkbookPrint is the print set-up and document properties of a
// workbook, read back so tests check what a user's Excel or WPS will see.
type WorkbookPrint struct {
	Creator string
	Created time.Time
	Title   string
	Sheets  []SheetPrint
}

// ReadPrint reads the print settings of every sheet of an .xlsx workbook,
// with the height of each row that sets one (0 where none is set).
func ReadPrint(r io.Reader) (*WorkbookPrint, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("office: open xlsx: %w", err)
	}
	defer f.Close()
	props, err := f.GetDocProps()
	if err != nil {
		return nil, fmt.Errorf("office: document properties: %w", err)
	}
	wp := &WorkbookPrint{Creator: props.Creator, Title: props.Title}
	if props.Created != "" {
		if wp.Created, err = time.Parse(time.RFC3339, props.Created); err != nil {
			return nil, fmt.Errorf("office: created %q: %w", props.Created, err)
		}
	}
	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = dn.RefersTo
		}
	}
	for _, sheet := range f.GetSheetList() {
		sp, err := readSheetPrint(f, sheet)
		if err != nil {
			return nil, err
		}
		sp.PrintTitles = titles[sheet]
		wp.Sheets = append(wp.Sheets, sp)
	}
	return wp, nil
}

func readSheetPrint(f *excelize.File, sheet string) (SheetPrint, error) {
	sp := SheetPrint{Name: sheet}
	pl, err := f.GetPageLayout(sheet)
	if err != nil {
		return sp, fmt.Errorf("office: page layout %q: %w", sheet, err)
	}
	sp.PaperSize, sp.Orientation = deref(pl.Size), deref(pl.Orientation)
	sp.FitToWidth, sp.FitToHeight = deref(pl.FitToWidth), deref(pl.FitToHeight)
	props, err := f.GetSheetProps(sheet)
	if err != nil {
		return sp, fmt.Errorf("office: sheet props %q: %w", sheet, err)
	}
	sp.FitToPage = deref(props.FitToPage)
	hf, err := f.GetHeaderFooter(sheet)
	if err != nil {
		return sp, fmt.Errorf("office: footer %q: %w", sheet, err)
	}
	sp.Footer = hf.OddFooter
	rows, err := f.GetRows(sheet)
	if err != nil {
		return sp, fmt.Errorf("office: rows %q: %w", sheet, err)
	}
	for i := range rows {
		h, err := f.GetRowHeight(sheet, i+1)
		if err != nil {
			return sp, fmt.Errorf("office: row height %q: %w", sheet, err)
		}
		sp.RowHeights = append(sp.RowHeights, h)
	}
	return sp, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// CheckPrint lists what in wp falls short of a print-ready export made at
// created: A4, one page wide, header rows on every page, page numbers in
// the footer, and xuezuo as the creator; nil when all is well. Tests of
// every export call it, so a new export cannot forget the set-up.
func CheckPrint(wp *WorkbookPrint, created time.Time) []string {
	var bad []string
	if wp.Creator != Creator {
		bad = append(bad, fmt.Sprintf("creator %q, want %q", wp.Creator, Creator))
	}
	if !wp.Created.Equal(created.Truncate(time.Second)) {
		bad = append(bad, fmt.Sprintf("created %s, want %s", wp.Created, created))
	}
	for _, s := range wp.Sheets {
		add := func(format string, args ...any) { bad = append(bad, s.Name+": "+fmt.Sprintf(format, args...)) }
		if s.PaperSize != paperA4 {
			add("paper size %d, want %d (A4)", s.PaperSize, paperA4)
		}
		if s.Orientation != portrait && s.Orientation != landscape {
			add("orientation %q", s.Orientation)
		}
		if !s.FitToPage || s.FitToWidth != 1 || s.FitToHeight != 0 {
			add("fit to page %v, %d wide × %d tall, want 1 wide × any tall", s.FitToPage, s.FitToWidth, s.FitToHeight)
		}
		if !strings.HasPrefix(s.PrintTitles, quoteSheet(s.Name)+"!$") {
			add("print titles %q", s.PrintTitles)
		}
		if s.Footer != PageFooter {
			add("footer %q, want %q", s.Footer, PageFooter)
		}
	}
	return bad
}
