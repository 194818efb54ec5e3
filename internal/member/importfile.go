package member

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"xuezuo"
	"xuezuo/internal/office"
)

// ImportColumns are the header names the member import understands; the first
// seven are required.
var ImportColumns = []string{"姓名", "性别", "出生日期", "入党日期", "转正日期", "人员类别", "所在支部", "状态", "转入日期", "手机", "岗位", "党员领导干部"}

// requiredColumns is how many leading ImportColumns a file must have.
const requiredColumns = 7

// ImportRow is one data row of an import file: Line is the 1-based sheet row
// number, Cells maps a header name from ImportColumns to its trimmed text.
// Every known column present in the header has an entry, empty when the cell
// is blank, so a caller can tell an absent column from an empty cell.
type ImportRow struct {
	Line  int
	Cells map[string]string
}

// Unzip limits bound what a small upload may expand to: a zip bomb stops at
// open, and worksheets above the XML limit stream from a temporary file
// instead of memory.
const (
	unzipSizeLimit    = 64 << 20
	unzipXMLSizeLimit = 32 << 20
)

// maxImportRows caps the data rows of one file: far above any real roster,
// low enough that a sheet of a million filled rows cannot exhaust memory.
const maxImportRows = 20000

// msgNotXLSX covers every way a file fails to open: a user cannot act on the
// difference between an .xls, a CSV, a renamed image and a broken upload,
// and the fix is the same for all.
const msgNotXLSX = "文件不是有效的 Excel（.xlsx）文件，请用 WPS 或 Excel 另存为 .xlsx 后重试"

// ReadImportFile reads the first sheet of an XLSX file. It returns the data
// rows (blank rows skipped) or an *xuezuo.Error (Code EInvalid) with a zh-CN message
// when the file is not an XLSX, is truncated, or lacks a required column.
//
// The header is the first non-blank row; its cells are trimmed and folded
// from full width, unknown columns are ignored and a repeated known column is
// an error. Cells are read raw, so a date-formatted cell arrives as its Excel
// serial ("42491"), which ParseImportDate understands. Files larger than
// maxBytes are refused without being parsed.
func ReadImportFile(r io.Reader, maxBytes int64) (rows []ImportRow, err error) {
	limit := maxBytes
	if limit < math.MaxInt64 {
		limit++ // one byte more than allowed tells "too large" from "exactly full"
	}
	b, err := io.ReadAll(io.LimitReader(r, limit))
	if err != nil {
		return nil, &xuezuo.Error{Code: xuezuo.EInvalid, Message: "上传的文件读取失败，请重试", Err: err}
	}
	if int64(len(b)) > maxBytes {
		return nil, invalidFile("文件超过 "+sizeText(maxBytes)+"，请删除多余内容或分批导入", nil)
	}

	var rd importReader
	err = office.ReadXLSX(b, office.XLSXLimits{Unzip: unzipSizeLimit, UnzipXML: unzipXMLSizeLimit}, rd.row)
	if errors.Is(err, office.ErrNotXLSX) {
		return nil, invalidFile(msgNotXLSX, err)
	}
	if err != nil {
		return nil, err
	}
	if rd.header == nil {
		return nil, invalidFile("第一个工作表是空的，请把党员名单放在第一个工作表", nil)
	}
	if len(rd.rows) == 0 {
		return nil, invalidFile("文件中没有数据行", nil)
	}
	return rd.rows, nil
}

// importReader keeps the rows of the first sheet as office.ReadXLSX streams
// them, so that memory follows the rows kept, not the size of the sheet XML.
type importReader struct {
	header map[string]int // known column name → cell index
	rows   []ImportRow
}

// row takes one sheet row: blank rows are skipped, the first other row is
// the header, and every later one a data row.
func (r *importReader) row(line int, cells []string) error {
	if isBlank(cells) {
		return nil
	}
	if r.header == nil {
		header, err := parseHeader(cells, line)
		if err != nil {
			return err
		}
		r.header = header
		return nil
	}
	if len(r.rows) == maxImportRows {
		return invalidFile(fmt.Sprintf("数据超过 %d 行，请分批导入", maxImportRows), nil)
	}
	row := ImportRow{Line: line, Cells: make(map[string]string, len(r.header))}
	for name, i := range r.header {
		v := ""
		if i < len(cells) {
			v = strings.TrimSpace(cells[i])
		}
		row.Cells[name] = v
	}
	r.rows = append(r.rows, row)
	return nil
}

// parseHeader maps the known column names of the header row to their index.
func parseHeader(cells []string, line int) (map[string]int, error) {
	known := make(map[string]bool, len(ImportColumns))
	for _, name := range ImportColumns {
		known[name] = true
	}
	header := make(map[string]int, len(ImportColumns))
	for i, c := range cells {
		name := strings.TrimSpace(width.Fold.String(c))
		if !known[name] {
			continue
		}
		if _, dup := header[name]; dup {
			return nil, invalidFile("表头“"+name+"”重复", nil)
		}
		header[name] = i
	}
	if len(header) == 0 {
		// Most often a title row ("2024年党员名册") sits above the real
		// header; listing every column as missing would hide that.
		return nil, invalidFile(fmt.Sprintf(
			"第 %d 行应为表头（姓名、性别、出生日期……），如表头上方有标题行请删除后重试", line), nil)
	}
	var missing []string
	for _, name := range ImportColumns[:requiredColumns] {
		if _, ok := header[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, invalidFile("缺少必需的列："+strings.Join(missing, "、"), nil)
	}
	return header, nil
}

// isBlank reports whether every cell is empty after trimming; Excel often
// keeps formatted but empty rows below the data.
func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func invalidFile(msg string, cause error) *xuezuo.Error {
	return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Err: cause}
}

// sizeText words a byte limit for the message, in whole MB when it is one.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}
