package office

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// DocInfo is what a workbook says about itself in File → Properties.
// Without it excelize writes its own defaults (creator "xuri", created in
// 2006), which an archive of exported registers then carries.
type DocInfo struct {
	// Title is the document title, e.g. "生态党支部 考勤台账".
	Title string
	// Created is when the export was made, from the caller's clock; it is
	// required, so a test with a fixed clock gets a fixed file.
	Created time.Time
}

// Creator is the application named as every export's author.
const Creator = "xuezuo"

// PageFooter prints "第 1 页 共 3 页" centred at the bottom of every page.
const PageFooter = "&C第 &P 页 共 &N 页"

// Paper and fitting: A4 is paper size 9 in SpreadsheetML.
const (
	paperA4   = 9
	landscape = "landscape"
	portrait  = "portrait"
	// landscapeWidth is the summed column width (in characters) above
	// which a table prints across the paper: A4 portrait holds about 90
	// characters of 11-point text between the margins.
	landscapeWidth = 90
)

// printLayout is how one sheet prints.
type printLayout struct {
	landscape bool
	// titleRow is the header row repeated at the top of every printed
	// page; zero repeats none.
	titleRow int
}

// setDocInfo writes the document properties of f.
func setDocInfo(f *excelize.File, info DocInfo) error {
	if info.Created.IsZero() {
		return errors.New("office: document has no creation time")
	}
	at := info.Created.UTC().Format(time.RFC3339)
	err := f.SetDocProps(&excelize.DocProperties{Creator: Creator, LastModifiedBy: Creator, Created: at, Modified: at,
		Title: info.Title, Language: "zh-CN"})
	if err != nil {
		return fmt.Errorf("office: document properties: %w", err)
	}
	return nil
}

// setPrint sets up a sheet for paper: A4, the orientation, one page wide
// and as many tall as the rows need, the header row on every page, and
// page numbers in the footer. A stream writer copies these settings from
// the sheet when it is created, so call setPrint before NewStreamWriter.
func setPrint(f *excelize.File, sheet string, p printLayout) error {
	size, one, anyTall := paperA4, 1, 0
	orient := portrait
	if p.landscape {
		orient = landscape
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient,
		FitToWidth: &one, FitToHeight: &anyTall}); err != nil {
		return fmt.Errorf("office: page layout %q: %w", sheet, err)
	}
	// fitToWidth only takes effect when the sheet is told to fit to pages.
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("office: sheet props %q: %w", sheet, err)
	}
	// Room under the table for the page number: 0.6" bottom, footer at 0.3".
	left, right, top, bottom, footer, header := 0.5, 0.5, 0.6, 0.7, 0.3, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &left, Right: &right, Top: &top,
		Bottom: &bottom, Footer: &footer, Header: &header}); err != nil {
		return fmt.Errorf("office: margins %q: %w", sheet, err)
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: PageFooter}); err != nil {
		return fmt.Errorf("office: footer %q: %w", sheet, err)
	}
	if p.titleRow > 0 {
		rows := fmt.Sprintf("$%d:$%d", p.titleRow, p.titleRow)
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(sheet) + "!" + rows,
			Scope: sheet}); err != nil {
			return fmt.Errorf("office: print titles %q: %w", sheet, err)
		}
	}
	return nil
}

// quoteSheet quotes a sheet name for a formula reference.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// wide reports whether columns of these widths need landscape paper.
func wide(widths []float64) bool {
	var total float64
	for _, w := range widths {
		total += w
	}
	return total > landscapeWidth
}

// maxSheetName is Excel's limit on a sheet name, in UTF-16 units.
const maxSheetName = 31

// sheetNameCleaner drops the characters Excel refuses in a sheet name.
var sheetNameCleaner = strings.NewReplacer(":", "", `\`, "", "/", "", "?", "", "*", "", "[", "（", "]", "）")

// SheetNames turns names (branch names, say) into valid, distinct sheet
// names, in order: characters Excel refuses are dropped, a leading or
// trailing apostrophe too, names are cut to 31 characters, an empty name
// becomes SheetN, and a name met again (Excel ignores case) gets "(2)",
// "(3)"… within the limit.
func SheetNames(names []string) []string {
	out := make([]string, len(names))
	seen := map[string]bool{}
	for i, n := range names {
		n = strings.Trim(sheetNameCleaner.Replace(strings.TrimSpace(n)), "' ")
		if n == "" {
			n = fmt.Sprintf("Sheet%d", i+1)
		}
		name := cutUTF16(n, maxSheetName)
		for k := 2; seen[strings.ToLower(name)]; k++ {
			suffix := fmt.Sprintf("(%d)", k)
			name = cutUTF16(n, maxSheetName-len(suffix)) + suffix
		}
		seen[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// cutUTF16 keeps at most n UTF-16 units of s, never splitting a character.
func cutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		u := 1
		if r > 0xFFFF {
			u = 2
		}
		if units+u > n {
			return s[:i]
		}
		units += u
	}
	return s
}

// FileName joins parts with "-" into a download's file name with ext
// (".xlsx"), dropping empty parts and the characters Windows refuses in a
// name (\ / : * ? " < > | and control characters), so that a branch named
// "A/B" still saves as one file. A name cut to 120 characters stays well
// inside every file system's limit.
func FileName(ext string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		p = strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f || strings.ContainsRune(`\/:*?"<>|`, r) {
				return -1
			}
			return r
		}, p)
		// Windows also refuses a name ending in a dot or a space.
		if p = strings.Trim(p, " ."); p != "" {
			kept = append(kept, p)
		}
	}
	name := strings.Join(kept, "-")
	if utf8.RuneCountInString(name) > 120 {
		name = string([]rune(name)[:120])
	}
	if name == "" {
		name = "export"
	}
	return name + ext
}
