package search

import (
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"党建工作", "党建 建工 工作"},
		{"学习党章，做合格党员", "学习 习党 党章 做合 合格 格党 党员"},
		{"两学一做 2016年", "两学 学一 一做 2016 年"},
		{"ＡＢＣ１２３党", "abc123 党"},
		{"", ""},
		{"！!?", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := strings.Join(Tokenize(tc.in), " "); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPhrases(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"党章", "党章"},
		{"系列重要讲话", "系列 列重 重要 要讲 讲话"},
		{"党", ""},
		{"abc", ""},
		{"2016年党建工作", "年党 党建 建工 工作"},
		{"党章 初心", "党章|初心"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			var ps []string
			for _, p := range Phrases(tc.in) {
				ps = append(ps, strings.Join(p, " "))
			}
			if got := strings.Join(ps, "|"); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzPhrasesCover checks the promise the store relies on: when q is a
// substring of text, every phrase of q appears in order in text's tokens.
func FuzzPhrasesCover(f *testing.F) {
	f.Add("学习党章做合格党员", "党章")
	f.Add("系列重要讲话精神", "重要讲话")
	f.Add("2016年党建", "6年党建")
	f.Fuzz(func(t *testing.T, text, q string) {
		if q == "" || !strings.Contains(Fold(text), Fold(q)) {
			return
		}
		idx := " " + Index(text) + " "
		for _, p := range Phrases(q) {
			if !strings.Contains(idx, " "+strings.Join(p, " ")+" ") {
				t.Fatalf("text %q contains %q but tokens %q lack phrase %v", text, q, idx, p)
			}
		}
	})
}
