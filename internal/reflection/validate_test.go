package reflection

import (
	"strings"
	"testing"

	"xuezuo"
)

// TestValidateText: a reflection's title refuses invisible and control
// characters; its body keeps line breaks and tabs but refuses the rest.
func TestValidateText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    Input
		field string // "" when valid
		text  string
	}{
		{"clean", Input{Title: "学党章的体会", Body: "第一段\r\n\t第二段\n"}, "", ""},
		{"bidi override in title", Input{Title: "体会\u202E", Body: "正文"}, "title", "标题含有不可见或控制字符"},
		{"newline in title", Input{Title: "体\n会", Body: "正文"}, "title", "标题含有"},
		{"nul in body", Input{Title: "体会", Body: "正文\x00"}, "body", "正文含有"},
		{"zero-width in body", Input{Title: "体会", Body: "正\u200B文"}, "body", "U+200B"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := validate(tc.in)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			if msg := xuezuo.ErrorFields(err)[tc.field]; !strings.Contains(msg, tc.text) {
				t.Errorf("got %v, want %s containing %q", err, tc.field, tc.text)
			}
		})
	}
}
