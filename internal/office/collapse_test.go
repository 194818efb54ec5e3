package office

import "testing"

func TestCollapseSpaces(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"runs of spaces", "  序号    姓名  \n", "序号 姓名\n"},
		{"blank lines dropped", "a\n\n   \nb\n", "a\nb\n"},
		{"page breaks marked", "a\n\fb\n\f", "a\n" + pageBreakLine + "\nb\n"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CollapseSpaces(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
