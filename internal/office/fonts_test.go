package office

import (
	"testing"
)

// TestFontCoversText guards against swapping in a font that lacks Latin or
// digits (DroidSansFallback drops "2016" and "98.5%" silently).
func TestFontCoversText(t *testing.T) {
	f, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	gp, err := f.newPDF()
	if err != nil {
		t.Fatal(err)
	}
	if err := gp.SetFont(fontFamily, "", bodySize); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		runes string
	}{
		{"digits", "0123456789"},
		{"Latin", "AZaz"},
		{"ASCII punctuation", "%.-:/()"},
		{"CJK", "签到表张三丰党支部"},
		{"CJK punctuation", "，。：（）《》、"},
		{"page number", "第页共"},
		{"missing-glyph box", "□"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, r := range tc.runes {
				ok, err := gp.IsCurrFontContainGlyph(r)
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					t.Errorf("glyph for %q: got missing, want present", r)
				}
			}
		})
	}
}
