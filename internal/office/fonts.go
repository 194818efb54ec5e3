// Package office writes the documents people download and print: PDF tables
// (sign-in sheets, rosters) and XLSX workbooks, plus golden-file helpers that
// turn them back into text for tests. It holds no business rules.
package office

import (
	_ "embed"
	"fmt"

	"github.com/signintech/gopdf"
)

// wqyMicroHei is face 0 of Debian's WenQuanYi Micro Hei collection; see
// fonts/README.md for how it was produced and fonts/LICENSE for its licence.
//
//go:embed fonts/wqy-microhei.ttf
var wqyMicroHei []byte

// fontFamily is the name the font is registered under in every document.
const fontFamily = "wqy"

// Fonts holds the embedded font parsed once. Parsing the 4.6 MB file takes
// a few milliseconds and allocates its tables, so create one Fonts at
// start-up and share it: it is safe for concurrent use.
type Fonts struct {
	container *gopdf.FontContainer
}

// NewFonts parses the embedded WenQuanYi Micro Hei font.
func NewFonts() (*Fonts, error) {
	fc := &gopdf.FontContainer{}
	opt := gopdf.TtfOption{OnGlyphNotFoundSubstitute: missingGlyph}
	if err := fc.AddTTFFontDataWithOption(fontFamily, wqyMicroHei, opt); err != nil {
		return nil, fmt.Errorf("parse embedded font: %w", err)
	}
	return &Fonts{container: fc}, nil
}

// missingGlyph stands in for characters the font lacks (rare CJK Extension
// A/B characters in names such as 䶮). gopdf's default is a space, which
// silently drops a character from a name on a sheet people sign; a box
// shows that something is missing, so it can be written in by hand.
func missingGlyph(rune) rune { return '□' }

// newPDF starts an A4 document, measured in points, with the font attached.
// gopdf copies the parsed font into each document, so documents built from
// one Fonts do not share mutable state.
func (f *Fonts) newPDF() (*gopdf.GoPdf, error) {
	gp := &gopdf.GoPdf{}
	gp.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	if err := gp.AddTTFFontFromFontContainer(fontFamily, f.container); err != nil {
		return nil, fmt.Errorf("add font: %w", err)
	}
	return gp, nil
}
