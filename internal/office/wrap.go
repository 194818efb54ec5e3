package office

import (
	"strings"
	"unicode"
)

// wrap breaks text into lines no wider than width, as measured by measure.
// Lines break between CJK characters and between Latin words; a word wider
// than the whole line is broken between characters. Explicit newlines are kept.
// Every returned line is non-empty, except that an empty text gives no lines.
func wrap(text string, width float64, measure func(string) float64) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var lines []string
	for para := range strings.SplitSeq(text, "\n") {
		lines = append(lines, wrapParagraph(para, width, measure)...)
	}
	// Drop trailing blank lines so "姓名\n" is one line tall, not two.
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return nil
	}
	return lines
}

// wrapParagraph wraps one newline-free paragraph greedily.
func wrapParagraph(para string, width float64, measure func(string) float64) []string {
	var lines []string
	cur, space := "", false
	for _, tok := range tokens(para) {
		if tok == " " {
			// A space only matters between two tokens on the same line.
			space = cur != ""
			continue
		}
		cand := tok
		if cur != "" {
			cand = cur + tok
			if space {
				cand = cur + " " + tok
			}
		}
		space = false
		if measure(cand) <= width {
			cur = cand
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
			cur = ""
		}
		if measure(tok) <= width {
			cur = tok
			continue
		}
		// The token alone is too wide: fill whole lines character by character.
		for _, r := range tok {
			if cur != "" && measure(cur+string(r)) > width {
				lines = append(lines, cur)
				cur = ""
			}
			cur += string(r) // at least one rune per line, however narrow the column
		}
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// tokens splits a paragraph into unbreakable pieces: single CJK characters,
// Latin words and single-space tokens. Closing punctuation sticks to the piece
// before it and opening punctuation to the piece after it, so no line starts
// with "，" or ends with "《".
func tokens(s string) []string {
	var (
		toks []string
		word strings.Builder
		open string // opening punctuation waiting for the next piece
	)
	flush := func() {
		if word.Len() > 0 {
			toks = append(toks, open+word.String())
			open = ""
			word.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			flush()
			if len(toks) > 0 && toks[len(toks)-1] != " " {
				toks = append(toks, " ")
			}
		case strings.ContainsRune(closingPunct, r):
			switch {
			case word.Len() > 0 || open != "":
				word.WriteRune(r)
			case len(toks) > 0 && toks[len(toks)-1] != " ":
				toks[len(toks)-1] += string(r)
			default:
				word.WriteRune(r)
			}
		case strings.ContainsRune(openingPunct, r):
			flush()
			open += string(r)
		case isCJK(r):
			flush()
			toks = append(toks, open+string(r))
			open = ""
		default:
			word.WriteRune(r)
		}
	}
	flush()
	if open != "" {
		toks = append(toks, open)
	}
	if len(toks) > 0 && toks[len(toks)-1] == " " {
		toks = toks[:len(toks)-1]
	}
	return toks
}

const (
	closingPunct = "，。、；：？！）》」』〉】〕”’…—·%,.;:?!)]}"
	openingPunct = "（《「『〈【〔“‘([{"
)

// isCJK reports whether a line may break before and after r.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK symbols and punctuation
		(r >= 0xFF00 && r <= 0xFFEF) // full-width forms
}

// displayWidth counts a string's width in Latin columns, a CJK character
// counting as two, as spreadsheet column widths expect.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if isCJK(r) || unicode.Is(unicode.Ideographic, r) {
			n += 2
		} else {
			n++
		}
	}
	return n
}
