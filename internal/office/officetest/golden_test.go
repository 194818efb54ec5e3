package officetest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestNormalizeGolden(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"CRLF", "a\r\nb\r\n", "a\nb\n"},
		{"trailing spaces", "a  \nb\t\n", "a\nb\n"},
		{"missing final newline", "a", "a\n"},
		{"extra final newlines", "a\n\n\n", "a\n"},
		{"inner blank line kept", "a\n\nb", "a\n\nb\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := normalizeGolden(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// recorder stands in for *testing.T so Golden's failures can be observed.
// Run Golden on its own goroutine: Fatalf stops it with runtime.Goexit, as
// the real FailNow does.
type recorder struct {
	testing.TB
	failed bool
	msg    string // the first failure
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	if !r.failed {
		r.failed, r.msg = true, fmt.Sprintf(format, args...)
	}
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func TestGolden(t *testing.T) {
	if *update {
		t.Skip("compares fixed files; meaningless with -update")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "x.golden")
	if err := os.WriteFile(path, []byte("第一行\r\n第二行  \r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		path     string
		got      string
		wantFail string // substring of the failure, or "" for a pass
	}{
		{"equal after normalising", path, "第一行\n第二行\n", ""},
		{"different line", path, "第一行\n第三行\n", "line 2"},
		{"longer output", path, "第一行\n第二行\n第三行\n", "line 3"},
		{"missing file", filepath.Join(dir, "none.golden"), "x", "to create it"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			done := make(chan struct{})
			go func() {
				defer close(done)
				Golden(r, tc.path, tc.got)
			}()
			<-done
			switch {
			case tc.wantFail == "" && r.failed:
				t.Errorf("got failure %q, want pass", r.msg)
			case tc.wantFail != "" && !strings.Contains(r.msg, tc.wantFail):
				t.Errorf("got failure %q, want one mentioning %q", r.msg, tc.wantFail)
			}
		})
	}
}
