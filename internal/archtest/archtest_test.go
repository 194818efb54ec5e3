// Package archtest checks the dependency rules of house-style.md by parsing
// the imports of every non-test Go file in the module.
package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// features in dependency order: each may import only earlier ones.
var features = []string{"audit", "org", "account", "member", "campaign", "meeting", "reflection", "attachment", "progress",
	"quiz", "inspect", "appraisal", "rectify", "report", "search"}

// imports maps each package (path below the module) to its internal imports.
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
			p := strings.Trim(imp.Path.Value, `"`)
			if p == "xuezuo" || strings.HasPrefix(p, "xuezuo/") {
				out[pkg] = append(out[pkg], strings.TrimPrefix(strings.TrimPrefix(p, "xuezuo"), "/"))
			} else if p == "net/http" {
				out[pkg] = append(out[pkg], "net/http")
			}
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

func name(pkg string) string { return strings.TrimPrefix(pkg, "internal/") }

// violation returns why pkg may not import imp, or "".
func violation(pkg, imp string) string {
	p, i := name(pkg), name(imp)
	isStore := i == "store" || strings.HasPrefix(i, "store/")
	switch {
	case pkg == ".":
		if imp != "net/http" && imp != "" {
			return "the root package imports no internal package"
		}
		if imp == "net/http" {
			return "the root package does no I/O"
		}
	case p == "config":
		if imp != "net/http" {
			return "config imports no internal package"
		}
	case slices.Contains([]string{"web", "api", "jobs", "cli", "demo"}, p):
		if isStore {
			return "front doors call services, never the store"
		}
	case slices.Contains(features, p):
		fi := slices.Index(features, p)
		switch {
		case imp == "net/http":
			return "features never import net/http"
		case isStore, i == "web", i == "api", i == "app", i == "cli":
			return "features never import store or front doors"
		case slices.Contains(features, i) && slices.Index(features, i) >= fi:
			return "a feature imports only features earlier in the order"
		}
	case p == "store" || strings.HasPrefix(p, "store/"):
		if slices.Contains([]string{"web", "api", "app", "cli", "jobs", "demo"}, i) {
			return "the store imports only features and the root"
		}
	case p == "office" || p == "blob":
		if slices.Contains(features, i) {
			return "office and blob import no feature"
		}
	}
	if isStore && !(p == "app" || p == "store" || strings.HasPrefix(p, "store/")) {
		return "only app (and tests) import the store"
	}
	return ""
}

// TestViolationDetects makes sure the rules bite.
func TestViolationDetects(t *testing.T) {
	bad := [][2]string{
		{"internal/web", "internal/store"}, {"internal/api", "internal/store/sqlcdb"}, {"internal/org", "internal/member"},
		{"internal/member", "net/http"}, {".", "internal/org"}, {"internal/cli", "internal/store"},
		{"internal/store", "internal/web"}, {"internal/account", "internal/store"},
	}
	for _, b := range bad {
		if violation(b[0], b[1]) == "" {
			t.Errorf("%s → %s should be a violation", b[0], b[1])
		}
	}
	good := [][2]string{{"internal/member", "internal/org"}, {"internal/app", "internal/store"}, {"internal/store", "internal/member"}, {"internal/web", "internal/member"}}
	for _, g := range good {
		if msg := violation(g[0], g[1]); msg != "" {
			t.Errorf("%s → %s flagged: %s", g[0], g[1], msg)
		}
	}
}
