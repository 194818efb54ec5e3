package office

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ErrNoPDFToText reports that the pdftotext command (Debian poppler-utils)
// is not installed; tests should t.Skip on it.
var ErrNoPDFToText = errors.New("pdftotext not found: install poppler-utils")

// XLSXText renders every sheet of a workbook as text for golden files: a
// "# SheetName" line, then one tab-separated line per row with cells as
// displayed (dates as yyyy-mm-dd). Tabs, newlines and backslashes inside a
// cell are escaped as \t, \n and \\ so each row stays on one line.
func XLSXText(r io.Reader) (string, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return "", fmt.Errorf("office: open xlsx: %w", err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "# %s\n", sheet)
		rows, err := f.Rows(sheet)
		if err != nil {
			return "", fmt.Errorf("office: read sheet %q: %w", sheet, err)
		}
		var lines []string
		for rows.Next() {
			cols, err := rows.Columns()
			if err != nil {
				rows.Close()
				return "", fmt.Errorf("office: read sheet %q: %w", sheet, err)
			}
			for i, c := range cols {
				cols[i] = cellEscaper.Replace(c)
			}
			lines = append(lines, strings.Join(cols, "\t"))
		}
		if err := rows.Close(); err != nil {
			return "", err
		}
		// Trailing blank rows carry no content but vary with how a file was saved.
		for len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String(), nil
}

var cellEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// PDFText extracts the text of a PDF with `pdftotext -layout`; pages are
// separated by form feeds as pdftotext writes them. It returns an error
// wrapping ErrNoPDFToText when the command is missing.
func PDFText(pdf []byte) (string, error) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", fmt.Errorf("office: %w", ErrNoPDFToText)
	}
	cmd := exec.Command(bin, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("office: pdftotext: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// pageBreakLine stands for a form feed in CollapseSpaces output, because an
// invisible \f in a golden file is easy to lose in an editor.
const pageBreakLine = "----- page break -----"

// CollapseSpaces makes PDFText output stable for golden files: it trims
// each line, turns every run of spaces into one space, drops blank lines and
// shows each page break as a "----- page break -----" line. Column positions
// then no longer matter, only the words and their order.
func CollapseSpaces(text string) string {
	var b strings.Builder
	pages := strings.Split(strings.TrimRight(text, "\f\n\r\t "), "\f")
	for i, pg := range pages {
		if i > 0 {
			b.WriteString(pageBreakLine + "\n")
		}
		for line := range strings.SplitSeq(pg, "\n") {
			if f := strings.Fields(line); len(f) > 0 {
				b.WriteString(strings.Join(f, " "))
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}
