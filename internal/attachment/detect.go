package attachment

import (
	"archive/zip"
	"bytes"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"xuezuo"
)

// Content types of the files people attach: photos of the meeting and of
// handwritten pages, scans, Word and Excel documents, plain text.
const (
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeWebP = "image/webp"
	TypePDF  = "application/pdf"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypeDOC  = "application/msword"
	TypeXLS  = "application/vnd.ms-excel"
	TypeText = "text/plain; charset=utf-8"
	// TypeGBText is a text file from Chinese Windows (GBK/GB18030).
	TypeGBText = "text/plain; charset=gb18030"
)

// msgBadType is the answer to any file whose content is not an allowed type.
const msgBadType = "只能上传图片（JPEG、PNG、WebP）、PDF、Word（.doc、.docx）、Excel（.xls、.xlsx）或文本（.txt）文件"

// Detect returns the content type of data, judged by its bytes (never by
// the browser's claim), or "" when the type is not allowed. The name's
// extension only tells apart what the bytes cannot: old Word from old
// Excel, and text files.
func Detect(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return TypeWebP
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return TypePDF
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		// An OLE compound file: Word 97–2003, Excel 97–2003 and others.
		switch ext {
		case ".doc":
			return TypeDOC
		case ".xls":
			return TypeXLS
		}
		return ""
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return officeZip(data)
	case ext == ".txt" && isText(data):
		if utf8.Valid(data) {
			return TypeText
		}
		return TypeGBText
	}
	return ""
}

// officeZip tells a .docx or .xlsx from any other zip by its main part.
func officeZip(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			return TypeDOCX
		case "xl/workbook.xml":
			return TypeXLSX
		}
	}
	return ""
}

// isText accepts bytes without NULs or stray control characters, so that a
// binary renamed to .txt is refused.
func isText(data []byte) bool {
	for _, b := range data {
		if b == 0 || (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
			return false
		}
	}
	return true
}

// Extensions maps each type to the extension a download name should end in.
var Extensions = map[string]string{TypeJPEG: ".jpg", TypePNG: ".png", TypeWebP: ".webp", TypePDF: ".pdf",
	TypeDOCX: ".docx", TypeXLSX: ".xlsx", TypeDOC: ".doc", TypeXLS: ".xls", TypeText: ".txt", TypeGBText: ".txt"}

// maxNameRunes bounds a stored file name.
const maxNameRunes = 100

// synonyms lists the other extensions a name of a type may already end in.
var synonyms = map[string][]string{TypeJPEG: {".jpeg"}}

// CleanName turns a browser's file name into a safe display name: no path,
// none of the characters xuezuo.BadRune refuses (controls, bidi overrides
// that could show "poly\u202Egpj.exe" as "polyexe.jpg", zero-width
// characters), at most 100 characters, and the extension of the type the
// bytes were detected as. A name whose extension contradicts its content
// keeps its own name and gets the right extension appended: poly.html with
// JPEG bytes becomes poly.html.jpg. Appending, not replacing, loses nothing
// the uploader typed (a name such as "会议 2016.03" has no extension to
// replace), shows the mismatch, and every browser and desktop judges a
// download by its last extension only. "附件" plus the extension stands in
// when nothing is left. The characters are dropped rather than refused:
// the name comes from the uploader's disk, not from a form field.
func CleanName(name, contentType string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		if _, _, bad := xuezuo.BadRune(string(r), false); bad {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	want := Extensions[contentType]
	if strings.Trim(name, ".") == "" {
		return "附件" + want
	}
	ext := path.Ext(name)
	if want != "" && !hasExt(ext, contentType) {
		ext = want
		name += want
	}
	if r := []rune(name); len(r) > maxNameRunes {
		e := []rune(ext)
		if len(e) > 10 {
			e = nil
		}
		name = string(r[:maxNameRunes-len(e)]) + string(e)
	}
	return name
}

// hasExt reports whether ext (with its dot, any case) is an extension of
// the content type.
func hasExt(ext, contentType string) bool {
	ext = strings.ToLower(ext)
	return ext == Extensions[contentType] || slices.Contains(synonyms[contentType], ext)
}
