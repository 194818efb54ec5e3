package office

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// XLSXLimits bound what an uploaded workbook may expand to while it is read.
type XLSXLimits struct {
	// Unzip caps the total unzipped size, so a zip bomb stops at open.
	Unzip int64
	// UnzipXML is the worksheet size above which excelize streams the sheet
	// from a temporary file instead of holding it in memory.
	UnzipXML int64
}

// ErrNotXLSX marks the errors ReadXLSX returns because the bytes are not a
// workbook it can read (not a zip, not an .xlsx, truncated, no sheets, a
// panic inside the parser). errors.Is finds it; the cause is wrapped too.
var ErrNotXLSX = errors.New("office: not a readable .xlsx workbook")

// ReadXLSX streams the first worksheet (in workbook order, whichever sheet is
// active) of the workbook b and calls row for every row number from 1 to the
// last row, in order: line is the row number a user sees in WPS or Excel,
// and a row missing from the file or left blank arrives with no cells.
// Cells are raw values: a date-formatted cell arrives as its Excel serial
// ("42491") and a number as stored, so callers parse them by their own rules.
//
// An error from row stops the read and is returned unchanged; every other
// error wraps ErrNotXLSX. Memory follows what row keeps, not the size of the
// sheet. Business rules (headers, row limits, messages) belong to the caller.
func ReadXLSX(b []byte, lim XLSXLimits, row func(line int, cells []string) error) (err error) {
	// excelize parses hostile input; should one of its code paths panic, the
	// upload is still just a bad file, not a crashed request.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: excelize panic: %v", ErrNotXLSX, p)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{
		UnzipSizeLimit:    lim.Unzip,
		UnzipXMLSizeLimit: lim.UnzipXML,
		RawCellValue:      true,
	})
	if f != nil {
		// OpenReader can fail after it has made temporary files.
		defer f.Close()
	}
	if err != nil {
		return notXLSX(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return notXLSX(errors.New("no sheets"))
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return notXLSX(err)
	}
	defer it.Close()
	line := 0
	// Next steps through every row number, gaps included, so counting calls
	// gives the row number.
	for it.Next() {
		line++
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return notXLSX(err)
		}
		if err := row(line, cells); err != nil {
			return err
		}
	}
	if err := it.Error(); err != nil {
		return notXLSX(err)
	}
	return nil
}

// notXLSX wraps a cause so that errors.Is finds both it and ErrNotXLSX.
func notXLSX(cause error) error {
	return fmt.Errorf("%w: %w", ErrNotXLSX, cause)
}
