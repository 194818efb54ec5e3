package report

import (
	"reflect"
	"testing"
)

func TestDiff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, old, new string
		want           []Line
	}{
		{"same", "a\nb", "a\nb", []Line{{' ', "a"}, {' ', "b"}}},
		{"from nothing", "", "a", []Line{{'+', "a"}}},
		{"to nothing", "a", "", []Line{{'-', "a"}}},
		{"changed middle", "a\nb\nc", "a\nx\nc", []Line{{' ', "a"}, {'-', "b"}, {'+', "x"}, {' ', "c"}}},
		{"crlf is a newline", "a\r\nb", "a\nb", []Line{{' ', "a"}, {' ', "b"}}},
		{"added tail", "a", "a\nb", []Line{{' ', "a"}, {'+', "b"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Diff(tc.old, tc.new); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestSinceReturn compares the latest version with the last returned one.
func TestSinceReturn(t *testing.T) {
	t.Parallel()
	sm := &Summary{Versions: []Version{{Version: 1, State: Submitted, Views: "a"}}}
	if sm.SinceReturn() != nil {
		t.Error("one version: want no changes")
	}
	sm.Versions = []Version{{Version: 1, State: Returned, Views: "a", BasicsNote: "n"},
		{Version: 2, State: Returned, Views: "b", BasicsNote: "n"}, {Version: 3, State: Submitted, Views: "c", BasicsNote: "m"}}
	c := sm.SinceReturn()
	if c == nil || c.Since != 2 || !reflect.DeepEqual(c.Views, []Line{{'-', "b"}, {'+', "c"}}) || len(c.BasicsNote) != 2 {
		t.Errorf("got %+v", c)
	}
}
