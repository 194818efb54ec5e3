// Package archtest checks the dependency rules of house-style.md by parsing
// the imports of every non-test Go file in the module. The rules themselves
// are in rules_test.go; this file walks the module and applies them.
package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// imports maps each package (its directory below the module root, "." for
// the root) to every import path of its non-test files: the module's own
// packages, the standard library and third-party modules alike. Test files
// are left out: a test may import what it needs to check its package.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	root := "../.."
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		for _, imp := range f.Imports {
			out[pkg] = append(out[pkg], strings.Trim(imp.Path.Value, `"`))
		}
		if _, ok := out[pkg]; !ok {
			out[pkg] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDependencyRules applies every rule to every import of the module.
func TestDependencyRules(t *testing.T) {
	pkgs := imports(t)
	if len(pkgs) < 10 {
		t.Fatalf("found only %d packages; is the walk broken?", len(pkgs))
	}
	for pkg, imps := range pkgs {
		for _, imp := range imps {
			if msg := violation(pkg, imp); msg != "" {
				t.Errorf("%s imports %s: %s", pkg, imp, msg)
			}
		}
	}
}

// TestWalkSeesEveryImport guards the walk itself: it must record standard
// and third-party imports, not only the module's own, or the library rules
// would pass by seeing nothing.
func TestWalkSeesEveryImport(t *testing.T) {
	pkgs := imports(t)
	for _, want := range [][2]string{
		{"internal/store", "database/sql"}, {"internal/store", "modernc.org/sqlite"},
		{"internal/office", "github.com/xuri/excelize/v2"}, {"internal/member", "xuezuo/internal/org"},
	} {
		found := false
		for _, imp := range pkgs[want[0]] {
			found = found || imp == want[1]
		}
		if !found {
			t.Errorf("the walk missed %s → %s", want[0], want[1])
		}
	}
}

// TestEveryPackageClassified makes sure each package under internal/ is a
// feature or a known infrastructure package, so a new one is placed in the
// rules deliberately.
func TestEveryPackageClassified(t *testing.T) {
	for pkg := range imports(t) {
		if msg := unclassified(pkg); msg != "" {
			t.Errorf("%s: %s", pkg, msg)
		}
	}
}
