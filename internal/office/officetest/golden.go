// Package officetest holds test helpers for golden files of exports; only
// tests import it, so production binaries carry no -update flag.
package officetest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// update rewrites testdata/*.golden with the current output:
// go test ./internal/x/ -update
var update = flag.Bool("update", false, "rewrite testdata/*.golden files with the current output")

// Golden compares got with the golden file at path (conventionally
// testdata/name.golden), after normalising CRLF and trailing spaces on both.
// With `go test -update` it rewrites the file instead.
func Golden(t testing.TB, path string, got string) {
	t.Helper()
	got = normalizeGolden(got)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("golden: %v", err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatalf("golden: %v", err)
		}
		return
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden: %v (run go test -update to create it)", err)
	}
	want := normalizeGolden(string(raw))
	if got == want {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(gl), len(wl)) {
		g, w := lineAt(gl, i), lineAt(wl, i)
		if g != w {
			t.Errorf("golden %s differs at line %d:\n got %q\nwant %q\n(run go test -update to accept the new output)", path, i+1, g, w)
			return
		}
	}
}

// normalizeGolden removes CRLF and trailing blanks, which editors and Git
// on Windows change without anyone meaning to.
func normalizeGolden(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n") + "\n"
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "<end of file>"
}
