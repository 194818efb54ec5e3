package office

import (
	"reflect"
	"testing"
)

// fakeMeasure gives a CJK character width 2 and anything else width 1, so
// cases read like a monospaced layout.
func fakeMeasure(s string) float64 { return float64(displayWidth(s)) }

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"empty", "", 10, nil},
		{"fits", "张三", 10, []string{"张三"}},
		{"CJK breaks per character", "一二三四五六", 6, []string{"一二三", "四五六"}},
		{"Latin breaks per word", "hello world foo", 11, []string{"hello world", "foo"}},
		{"long word breaks per character", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"comma never starts a line", "一二，三四", 4, []string{"一", "二，", "三四"}},
		{"opening bracket never ends a line", "一二《三》", 6, []string{"一二", "《三》"}},
		{"date and percent stay whole", "签到 2016-04-30 98.5%", 10, []string{"签到", "2016-04-30", "98.5%"}},
		{"explicit newline", "a\r\nb\n", 10, []string{"a", "b"}},
		{"blank line kept inside", "a\n\nb", 10, []string{"a", "", "b"}},
		{"narrower than a character", "ab", 0.5, []string{"a", "b"}},
		{"spaces collapse", "a   b  ", 10, []string{"a b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := wrap(tc.text, tc.width, fakeMeasure)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"mixed", "第1次 meeting，好", []string{"第", "1", "次", " ", "meeting，", "好"}},
		{"brackets", "（注）", []string{"（注）"}},
		{"leading punctuation", "，好", []string{"，", "好"}},
		{"trailing opening", "好《", []string{"好", "《"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tokens(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"ab", 2},
		{"张三", 4},
		{"张三ab", 6},
		{"（９）", 6},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := displayWidth(tc.in); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}
