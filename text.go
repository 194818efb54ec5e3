package xuezuo

import (
	"fmt"
	"unicode/utf8"
)

// BadRune returns the first rune of s that no name or text may hold, with
// its 1-based position in runes, or ok == false when s is clean. Refused
// everywhere: invalid UTF-8, C0 and C1 control characters, bidi overrides
// and isolates (they reorder what a reader sees, so a name can pose as
// another), bidi marks, zero-width characters and Unicode non-characters.
// A multi-line text (minutes, agendas, reflection bodies, reasons) keeps
// line feeds, carriage returns (browsers send a textarea's lines as CRLF),
// tabs and the Unicode line and paragraph separators.
func BadRune(s string, multiline bool) (r rune, pos int, bad bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		pos++
		if r == utf8.RuneError && size <= 1 {
			return utf8.RuneError, pos, true
		}
		if refused(r, multiline) {
			return r, pos, true
		}
		i += size
	}
	return 0, 0, false
}

// refused reports whether r is refused in a text of that kind.
func refused(r rune, multiline bool) bool {
	switch {
	case r == '\n' || r == '\t' || r == '\r' || r == '\u2028' || r == '\u2029':
		return !multiline
	case r < 0x20 || r >= 0x7f && r <= 0x9f: // C0 and DEL, C1
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi embeddings, overrides, isolates
		return true
	case r == 0x200e || r == 0x200f || r == 0x061c: // bidi marks: invisible, they only steer the order
		return true
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff: // zero-width space, joiners, word joiner, BOM
		return true
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe: // non-characters, including U+xFFFE and U+xFFFF
		return true
	}
	return false
}

// CheckText records a message for field when s holds a rune BadRune
// refuses. label is the field's name as the form shows it (姓名, 会议名称);
// the message says which character is wrong and what to do. Stored data is
// never checked: the rule applies to writes only.
func CheckText(v *Validation, field, label, s string, multiline bool) {
	r, pos, bad := BadRune(s, multiline)
	if !bad {
		return
	}
	what := fmt.Sprintf("第 %d 个字符 U+%04X", pos, r)
	if r == utf8.RuneError {
		what = fmt.Sprintf("第 %d 个字符不是有效的 UTF-8 编码", pos)
	}
	v.Add(field, fmt.Sprintf("%s含有不可见或控制字符（%s），请删除后重新输入", label, what))
}
