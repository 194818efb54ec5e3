// Package search holds the CJK bigram tokeniser behind xuezuo's full-text
// search. Text is indexed as tokens (FTS5 on SQLite, tsvector + GIN on
// PostgreSQL); a query is turned into phrases of tokens that every text
// containing the query as a substring must hold, and the store then confirms
// the substring, so totals equal a plain substring count.
package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Tokenize folds full-width forms and splits s into index tokens: each run
// of Han characters becomes its overlapping pairs (党建工作 → 党建 建工 工作), a
// lone Han character stays a token, and runs of letters and digits become
// lower-case words. Everything else separates.
func Tokenize(s string) []string {
	var out []string
	for _, r := range runs(s) {
		if r.han {
			out = append(out, bigrams(r.text)...)
		} else {
			out = append(out, strings.ToLower(string(r.text)))
		}
	}
	return out
}

// Index returns the token string stored beside a text for the index.
func Index(parts ...string) string {
	var toks []string
	for _, p := range parts {
		toks = append(toks, Tokenize(p)...)
	}
	return strings.Join(toks, " ")
}

// Phrases returns, for a query, the token phrases that any text containing
// the query must contain: the bigram sequences of its Han runs of two or more
// characters. Runs at the edges of the query may sit inside longer runs of
// the text, but their inner pairs always appear in order. An empty result
// means the index cannot narrow the query (one Han character, or only
// letters and digits, which may sit inside longer words); the store then
// scans the actor's scope with a substring match.
func Phrases(q string) [][]string {
	var out [][]string
	for _, r := range runs(q) {
		if r.han && len(r.text) >= 2 {
			out = append(out, bigrams(r.text))
		}
	}
	return out
}

// Fold returns q with full-width forms folded, as the index sees text.
func Fold(q string) string { return width.Fold.String(q) }

type run struct {
	text []rune
	han  bool
}

// runs splits s into Han runs and letter/digit runs.
func runs(s string) []run {
	var out []run
	var cur []rune
	curHan := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, run{text: cur, han: curHan})
			cur = nil
		}
	}
	for _, r := range width.Fold.String(s) {
		switch {
		case unicode.Is(unicode.Han, r):
			if !curHan {
				flush()
			}
			curHan = true
			cur = append(cur, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if curHan {
				flush()
			}
			curHan = false
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

func bigrams(h []rune) []string {
	if len(h) == 1 {
		return []string{string(h)}
	}
	out := make([]string, 0, len(h)-1)
	for i := 0; i+1 < len(h); i++ {
		out = append(out, string(h[i:i+2]))
	}
	return out
}
