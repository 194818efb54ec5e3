package xuezuo

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBadRune(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		s         string
		multiline bool
		wantRune  rune
		wantPos   int
	}{
		{"plain chinese", "生态党支部", false, 0, 0},
		{"latin and digits", "Xuezuo 2016（第一批）", false, 0, 0},
		{"replacement char typed", "a\uFFFDb", false, 0, 0},
		{"emoji", "学习👍", false, 0, 0},
		{"empty", "", false, 0, 0},
		{"nul", "张\x00三", false, 0, 2},
		{"bell", "\a", false, 0x07, 1},
		{"del", "x\x7f", false, 0x7f, 2},
		{"c1", "x\u0085", false, 0x85, 2},
		{"newline in name", "张\n三", false, '\n', 2},
		{"tab in name", "张\t三", false, '\t', 2},
		{"cr in name", "张\r三", false, '\r', 2},
		{"line separator in name", "张\u2028三", false, 0x2028, 2},
		{"rlo", "admin\u202Egpj.exe", false, 0x202e, 6},
		{"lre", "\u202A", false, 0x202a, 1},
		{"pdf", "\u202C", false, 0x202c, 1},
		{"lri", "\u2066x", false, 0x2066, 1},
		{"pdi", "x\u2069", false, 0x2069, 2},
		{"rlm", "x\u200F", false, 0x200f, 2},
		{"zwsp", "张\u200B三", false, 0x200b, 2},
		{"zwnj", "\u200C", false, 0x200c, 1},
		{"zwj", "\u200D", false, 0x200d, 1},
		{"word joiner", "\u2060", false, 0x2060, 1},
		{"bom", "\uFEFF党支部", false, 0xfeff, 1},
		{"noncharacter fdd0", "\uFDD0", false, 0xfdd0, 1},
		{"noncharacter fdef", "\uFDEF", false, 0xfdef, 1},
		{"noncharacter fffe", "\uFFFE", false, 0xfffe, 1},
		{"noncharacter ffff", "\uFFFF", false, 0xffff, 1},
		{"noncharacter 1fffe", "\U0001FFFE", false, 0x1fffe, 1},
		{"noncharacter 10ffff", "\U0010FFFF", false, 0x10ffff, 1},
		{"invalid utf-8", "张\xff", false, utf8.RuneError, 2},
		{"multiline keeps crlf and tabs", "一、学习\r\n\t二、讨论\n", true, 0, 0},
		{"multiline keeps line separator", "一\u2028二", true, 0, 0},
		{"multiline refuses nul", "一\n\x00", true, 0, 3},
		{"multiline refuses rlo", "一\n\u202E", true, 0x202e, 3},
		{"multiline refuses zwsp", "\u200B", true, 0x200b, 1},
		{"multiline refuses vertical tab", "\v", true, '\v', 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, pos, bad := BadRune(tc.s, tc.multiline)
			if bad != (tc.wantPos != 0) || pos != tc.wantPos || bad && r != tc.wantRune && tc.wantRune != 0 {
				t.Errorf("BadRune(%q, %v) = %U, %d, %v; want %U at %d", tc.s, tc.multiline, r, pos, bad, tc.wantRune, tc.wantPos)
			}
		})
	}
}

func TestCheckTextMessage(t *testing.T) {
	t.Parallel()
	var v Validation
	CheckText(&v, "name", "姓名", "张\u202E三", false)
	CheckText(&v, "minutes", "会议记录", "一\r\n二\t三", true)
	CheckText(&v, "title", "标题", "x\xfe", false)
	got := ErrorFields(v.Err())
	if want := "姓名含有不可见或控制字符（第 2 个字符 U+202E），请删除后重新输入"; got["name"] != want {
		t.Errorf("name: got %q, want %q", got["name"], want)
	}
	if _, ok := got["minutes"]; ok {
		t.Errorf("minutes: got %q, want no message", got["minutes"])
	}
	if !strings.Contains(got["title"], "不是有效的 UTF-8") {
		t.Errorf("title: got %q, want the invalid UTF-8 text", got["title"])
	}
}

// FuzzCheckText holds BadRune to its definition: a clean text is valid
// UTF-8 and holds no refused rune; a refused one names a position whose
// rune is refused; every single-line text that is clean is clean as a
// multi-line text too; CheckText adds a message exactly when BadRune
// finds one.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"生态党支部", "张\u202E三", "一\r\n\t二", "\uFEFF", "\xff", "\U0010FFFF", "a\u200Db"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		r, pos, bad := BadRune(s, multiline)
		if !bad {
			if !utf8.ValidString(s) {
				t.Fatalf("BadRune(%q) clean but not valid UTF-8", s)
			}
			for _, c := range s {
				if refused(c, multiline) {
					t.Fatalf("BadRune(%q) clean but holds %U", s, c)
				}
			}
			if !multiline {
				if _, _, bad := BadRune(s, true); bad {
					t.Fatalf("BadRune(%q) clean on one line but refused as multi-line", s)
				}
			}
		} else {
			rs := []rune(s)
			if pos < 1 || pos > len(rs) {
				t.Fatalf("BadRune(%q) position %d outside 1..%d", s, pos, len(rs))
			}
			if r != utf8.RuneError && rs[pos-1] != r {
				t.Fatalf("BadRune(%q) = %U at %d, rune there is %U", s, r, pos, rs[pos-1])
			}
		}
		var v Validation
		CheckText(&v, "f", "字段", s, multiline)
		if v.Has("f") != bad {
			t.Fatalf("CheckText(%q) message %v, BadRune %v", s, v.Has("f"), bad)
		}
	})
}
