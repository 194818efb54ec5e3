// Command docxtpl turns a DOCX that LibreOffice converted from a template's
// .fodt design into the embedded template, with the few edits a design
// cannot carry (internal/office/templates/README.md):
//
//   - a paragraph whose whole text is one control action ({{range …}},
//     {{else}}, {{end}}, {{if …}}) is replaced by the bare action, so the
//     paragraphs between repeat or drop out;
//   - a table row whose text starts with {{range …}} gets that action in
//     front of its <w:tr>, and one whose text ends with {{end}} gets it
//     after its </w:tr>, so the row repeats once per item;
//   - the section's document grid is written as a line grid of 22 lines
//     (linePitch 579 twips), the way Word reads it. The 28 characters a
//     line come from the body text's 0.25 pt condensed spacing in the
//     design, not from a character grid: Word squeezes 16 pt characters
//     into a 15.79 pt character grid, but LibreOffice gives each of them
//     two cells (a line of 14), so a 公文 made that way reads spaced out
//     there.
//
// Usage: go run ./internal/office/internal/docxtpl IN.docx OUT.docx
package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: docxtpl IN.docx OUT.docx")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "docxtpl:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	zr, err := zip.OpenReader(in)
	if err != nil {
		return err
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if f.Name == "word/document.xml" {
			data = []byte(Edit(string(data)))
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

var (
	paraRe   = regexp.MustCompile(`<w:p>(?:[^<]|<[^/]|</[^w]|</w:[^p]|</w:p[^>])*?</w:p>`)
	rowRe    = regexp.MustCompile(`<w:tr>.*?</w:tr>`)
	textRe   = regexp.MustCompile(`<w:t(?: [^>]*)?>([^<]*)</w:t>`)
	actionRe = regexp.MustCompile(`^\{\{(range .+|if .+|else|end)\}\}$`)
	gridRe   = regexp.MustCompile(`<w:docGrid [^>]*/>`)
)

// Edit applies the edits to document.xml.
func Edit(doc string) string {
	doc = rowRe.ReplaceAllStringFunc(doc, row)
	doc = paraRe.ReplaceAllStringFunc(doc, func(p string) string {
		if a := actionRe.FindString(text(p)); a != "" {
			return a
		}
		return p
	})
	return gridRe.ReplaceAllString(doc, `<w:docGrid w:type="lines" w:linePitch="579"/>`)
}

// row moves a leading {{range …}} and a trailing {{end}} out of a row.
func row(tr string) string {
	t := text(tr)
	before, after := "", ""
	if strings.HasPrefix(t, "{{range ") {
		before = t[:strings.Index(t, "}}")+2]
		tr = strings.Replace(tr, before, "", 1)
	}
	if strings.HasSuffix(t, "{{end}}") {
		after = "{{end}}"
		i := strings.LastIndex(tr, after)
		tr = tr[:i] + tr[i+len(after):]
	}
	return before + tr + after
}

// text joins the text runs of an element.
func text(x string) string {
	var b strings.Builder
	for _, m := range textRe.FindAllStringSubmatch(x, -1) {
		b.WriteString(m[1])
	}
	return b.String()
}
