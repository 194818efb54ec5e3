package archtest

import (
	"slices"
	"strings"
	"testing"
)

// module is the module path of xuezuo's own packages.
const module = "xuezuo"

// features in house-style.md's dependency order: each may import only
// earlier ones (report gathers from all the others but search, which
// stands last).
var features = []string{"audit", "org", "account", "member", "campaign", "meeting", "reflection", "attachment", "progress",
	"rectify", "appraisal", "quiz", "inspect", "report", "search"}

// infra are the packages under internal/ that are not features; each has
// its own row in violation below, or only the general rules.
var infra = []string{"store", "web", "api", "app", "cli", "config", "office", "blob", "archtest", "e2e", "crashtest", "demo", "dataset",
	"jobs", "server", "service"}

// Who may import service and server.
var (
	serviceUsers = []string{"web", "api", "cli", "jobs", "demo", "app"}
	serverUsers  = []string{"web", "api", "app", "cli"}
)

// ref describes a package or an import in the terms the rules use.
type ref struct {
	path string // a module-relative directory (a package) or an import path
	own  bool   // a package of this module
	root bool   // the module's root package
	name string // the part below internal/ ("store/sqlcdb"); "" elsewhere
	top  string // the first element of name ("store")
}

// pkgRef describes a package by its directory below the module root.
func pkgRef(dir string) ref {
	return describe(dir, true, dir == ".")
}

// impRef describes an import path.
func impRef(path string) ref {
	own := path == module || strings.HasPrefix(path, module+"/")
	rel := strings.TrimPrefix(strings.TrimPrefix(path, module), "/")
	if !own {
		rel = ""
	}
	r := describe(rel, own, path == module)
	r.path = path
	return r
}

func describe(rel string, own, root bool) ref {
	r := ref{path: rel, own: own, root: root}
	if name, ok := strings.CutPrefix(rel, "internal/"); ok && own {
		r.name = name
		r.top, _, _ = strings.Cut(name, "/")
	}
	return r
}

// isFeature reports whether r is a feature package (or below one).
func (r ref) isFeature() bool { return slices.Contains(features, r.top) }

// in reports whether r sits in (or below) one of the internal packages.
func (r ref) in(tops ...string) bool { return r.top != "" && slices.Contains(tops, r.top) }

// under reports whether an import path is prefix or one of its packages.
func under(path, prefix string) bool { return path == prefix || strings.HasPrefix(path, prefix+"/") }

// unclassified returns why a package under internal/ is in neither the
// feature order nor the infrastructure list, or "".
func unclassified(dir string) string {
	p := pkgRef(dir)
	if p.top == "" || p.isFeature() || p.in(infra...) {
		return ""
	}
	return "unclassified: add it to features (in house-style.md's order) or to infra in rules_test.go, with its rules"
}

// violation returns why package dir may not import imp, or "".
func violation(dir, imp string) string {
	p, i := pkgRef(dir), impRef(imp)
	for _, rule := range []func(p, i ref) string{
		libraries, rootAndConfig, featureRule, frontDoors, storeRule, officeAndBlob, serviceRule, serverRule,
	} {
		if msg := rule(p, i); msg != "" {
			return msg
		}
	}
	return ""
}

// libraries keeps each heavy dependency behind the one package that wraps
// it. database/sql/driver stays open: the root's Date is a Scanner/Valuer.
func libraries(p, i ref) string {
	switch {
	case (i.path == "database/sql" || under(i.path, "github.com/jackc/pgx") || under(i.path, "modernc.org/sqlite")) &&
		!p.in("store"):
		return "only the store talks to the database (database/sql, pgx, sqlite)"
	case (under(i.path, "github.com/xuri/excelize") || under(i.path, "github.com/signintech/gopdf") ||
		under(i.path, "github.com/wcharczuk/go-chart")) && !p.in("office"):
		return "only office reads and writes documents (excelize, gopdf, go-chart)"
	}
	return ""
}

// rootAndConfig: the root and config import none of the module's packages;
// the root does no I/O.
func rootAndConfig(p, i ref) string {
	switch {
	case p.root && i.own:
		return "the root package imports no internal package"
	case p.root && i.path == "net/http":
		return "the root package does no I/O"
	case p.top == "config" && i.own:
		return "config imports no internal package"
	}
	return ""
}

// featureRule: a feature imports the root, office, blob and earlier
// features only, never net/http.
func featureRule(p, i ref) string {
	if !p.isFeature() {
		return ""
	}
	switch {
	case i.path == "net/http":
		return "features never import net/http"
	case i.in("store", "web", "api", "app", "cli"):
		return "features never import store or front doors"
	case i.isFeature() && slices.Index(features, i.top) >= slices.Index(features, p.top) && i.top != p.top:
		return "a feature imports only features earlier in the order"
	case i.own && !i.root && !i.isFeature() && !i.in("office", "blob"):
		return "a feature imports only the root, office, blob and earlier features"
	}
	return ""
}

// frontDoors call services, never the store.
func frontDoors(p, i ref) string {
	if p.in("web", "api", "jobs", "cli", "demo") && i.in("store") {
		return "front doors call services, never the store"
	}
	return ""
}

// storeRule: the store imports features and the root; only app (and tests)
// import it.
func storeRule(p, i ref) string {
	switch {
	case p.in("store") && i.in("web", "api", "app", "cli", "jobs", "demo"):
		return "the store imports only features and the root"
	case i.in("store") && !p.in("app", "store"):
		return "only app (and tests) import the store"
	}
	return ""
}

// officeAndBlob are small libraries: they import no feature.
func officeAndBlob(p, i ref) string {
	if p.in("office", "blob") && i.isFeature() {
		return "office and blob import no feature"
	}
	return ""
}

// serviceRule: service wires the feature services. It imports the root,
// features, office and blob (and dataset, whose service it holds too);
// the front doors, jobs, demo and app import it, and storetest, which builds
// fixtures through the services as a test would.
func serviceRule(p, i ref) string {
	switch {
	case p.in("service") && i.path == "net/http":
		return "service does no HTTP"
	case p.in("service") && i.own && !i.root && !i.isFeature() && !i.in("office", "blob", "dataset"):
		return "service imports only the root, features, office, blob and dataset"
	case i.in("service") && !p.in("service") && !p.in(serviceUsers...) && p.name != "store/storetest":
		return "only web, api, cli, jobs, demo, app (and storetest) import service"
	}
	return ""
}

// serverRule: server's HTTP layers know nothing of xuezuo; the front doors,
// app and cli use them.
func serverRule(p, i ref) string {
	switch {
	case p.in("server") && i.own:
		return "server imports no xuezuo package"
	case i.in("server") && !p.in("server") && !p.in(serverUsers...):
		return "only web, api, app and cli import server"
	}
	return ""
}

// TestViolation feeds each rule deliberate violations, and allowed imports
// that a too eager rule would refuse.
func TestViolation(t *testing.T) {
	tests := []struct {
		name, pkg, imp string
		bad            bool
	}{
		// Database drivers: the store only.
		{"web uses database/sql", "internal/web", "database/sql", true},
		{"a feature uses pgx", "internal/member", "github.com/jackc/pgx/v5", true},
		{"app registers sqlite", "internal/app", "modernc.org/sqlite", true},
		{"bench uses database/sql", "bench/load", "database/sql", true},
		{"cmd uses pgx stdlib", "cmd/xuezuo", "github.com/jackc/pgx/v5/stdlib", true},
		{"store uses database/sql", "internal/store", "database/sql", false},
		{"sqlcdb uses database/sql", "internal/store/sqlcdb", "database/sql", false},
		{"storetest uses pgx", "internal/store/storetest", "github.com/jackc/pgx/v5/stdlib", false},
		{"store uses sqlite", "internal/store", "modernc.org/sqlite", false},
		{"root's Date is a driver.Valuer", ".", "database/sql/driver", false},
		// Document libraries: office only.
		{"web builds a workbook", "internal/web", "github.com/xuri/excelize/v2", true},
		{"a feature reads a workbook", "internal/member", "github.com/xuri/excelize/v2", true},
		{"a feature writes a PDF", "internal/report", "github.com/signintech/gopdf", true},
		{"a feature draws a chart", "internal/progress", "github.com/wcharczuk/go-chart/v2", true},
		{"office uses excelize", "internal/office", "github.com/xuri/excelize/v2", false},
		{"office uses gopdf", "internal/office", "github.com/signintech/gopdf", false},
		{"office uses go-chart", "internal/office", "github.com/wcharczuk/go-chart/v2", false},
		// Root and config.
		{"root imports a feature", ".", "xuezuo/internal/org", true},
		{"root does HTTP", ".", "net/http", true},
		{"config imports the root", "internal/config", "xuezuo", true},
		{"config imports a feature", "internal/config", "xuezuo/internal/org", true},
		// Features.
		{"a feature imports a later one", "internal/org", "xuezuo/internal/member", true},
		{"rectify imports appraisal (later)", "internal/rectify", "xuezuo/internal/appraisal", true},
		{"report imports search (later)", "internal/report", "xuezuo/internal/search", true},
		{"a feature does HTTP", "internal/member", "net/http", true},
		{"a feature imports the store", "internal/account", "xuezuo/internal/store", true},
		{"a feature imports web", "internal/member", "xuezuo/internal/web", true},
		{"a feature imports service", "internal/campaign", "xuezuo/internal/service", true},
		{"a feature imports dataset", "internal/meeting", "xuezuo/internal/dataset", true},
		{"a feature imports config", "internal/meeting", "xuezuo/internal/config", true},
		{"a feature imports an earlier one", "internal/member", "xuezuo/internal/org", false},
		{"appraisal imports rectify (earlier)", "internal/appraisal", "xuezuo/internal/rectify", false},
		{"search stands last", "internal/search", "xuezuo/internal/report", false},
		{"a feature uses blob", "internal/attachment", "xuezuo/internal/blob", false},
		{"a feature uses office", "internal/member", "xuezuo/internal/office", false},
		{"a feature uses the root", "internal/member", "xuezuo", false},
		// Front doors and the store.
		{"web imports the store", "internal/web", "xuezuo/internal/store", true},
		{"api imports sqlcdb", "internal/api", "xuezuo/internal/store/sqlcdb", true},
		{"cli imports the store", "internal/cli", "xuezuo/internal/store", true},
		{"demo imports the store", "internal/demo", "xuezuo/internal/store", true},
		{"store imports web", "internal/store", "xuezuo/internal/web", true},
		{"dataset imports the store", "internal/dataset", "xuezuo/internal/store", true},
		{"app imports the store", "internal/app", "xuezuo/internal/store", false},
		{"store imports a feature", "internal/store", "xuezuo/internal/member", false},
		{"web imports a feature", "internal/web", "xuezuo/internal/member", false},
		// office and blob.
		{"office imports a feature", "internal/office", "xuezuo/internal/member", true},
		{"blob imports a feature", "internal/blob", "xuezuo/internal/org", true},
		// service.
		{"service imports the store", "internal/service", "xuezuo/internal/store", true},
		{"service imports web", "internal/service", "xuezuo/internal/web", true},
		{"service imports api", "internal/service", "xuezuo/internal/api", true},
		{"service imports app", "internal/service", "xuezuo/internal/app", true},
		{"service imports cli", "internal/service", "xuezuo/internal/cli", true},
		{"service does HTTP", "internal/service", "net/http", true},
		{"service imports config", "internal/service", "xuezuo/internal/config", true},
		{"service imports server", "internal/service", "xuezuo/internal/server", true},
		{"service imports the root", "internal/service", "xuezuo", false},
		{"service imports a feature", "internal/service", "xuezuo/internal/meeting", false},
		{"service imports office", "internal/service", "xuezuo/internal/office", false},
		{"service imports blob", "internal/service", "xuezuo/internal/blob", false},
		{"service imports dataset", "internal/service", "xuezuo/internal/dataset", false},
		{"the store imports service", "internal/store", "xuezuo/internal/service", true},
		{"office imports service", "internal/office", "xuezuo/internal/service", true},
		{"config imports service", "internal/config", "xuezuo/internal/service", true},
		{"dataset imports service", "internal/dataset", "xuezuo/internal/service", true},
		{"server imports service", "internal/server", "xuezuo/internal/service", true},
		{"web imports service", "internal/web", "xuezuo/internal/service", false},
		{"api imports service", "internal/api", "xuezuo/internal/service", false},
		{"cli imports service", "internal/cli", "xuezuo/internal/service", false},
		{"jobs import service", "internal/jobs", "xuezuo/internal/service", false},
		{"demo imports service", "internal/demo", "xuezuo/internal/service", false},
		{"app imports service", "internal/app", "xuezuo/internal/service", false},
		{"storetest builds fixtures through service", "internal/store/storetest", "xuezuo/internal/service", false},
		// server.
		{"server imports the root", "internal/server", "xuezuo", true},
		{"server imports config", "internal/server", "xuezuo/internal/config", true},
		{"server imports the store", "internal/server", "xuezuo/internal/store", true},
		{"a feature imports server", "internal/member", "xuezuo/internal/server", true},
		{"the store imports server", "internal/store", "xuezuo/internal/server", true},
		{"jobs import server", "internal/jobs", "xuezuo/internal/server", true},
		{"demo imports server", "internal/demo", "xuezuo/internal/server", true},
		{"server does HTTP", "internal/server", "net/http", false},
		{"server uses gzhttp", "internal/server", "github.com/klauspost/compress/gzhttp", false},
		{"web imports server", "internal/web", "xuezuo/internal/server", false},
		{"api imports server", "internal/api", "xuezuo/internal/server", false},
		{"app imports server", "internal/app", "xuezuo/internal/server", false},
		{"cli imports server", "internal/cli", "xuezuo/internal/server", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := violation(tc.pkg, tc.imp)
			if got := msg != ""; got != tc.bad {
				t.Errorf("violation(%q, %q) = %q; got bad %v, want %v", tc.pkg, tc.imp, msg, got, tc.bad)
			}
		})
	}
}

// TestUnclassified checks that a package outside both lists is refused.
func TestUnclassified(t *testing.T) {
	tests := []struct {
		name, pkg string
		bad       bool
	}{
		{"a new package", "internal/newthing", true},
		{"a misspelt feature", "internal/apprasial", true},
		{"a feature", "internal/report", false},
		{"infrastructure", "internal/server", false},
		{"a store subpackage", "internal/store/sqlcdb", false},
		{"an office-internal package", "internal/office/internal/ttcsplit", false},
		{"outside internal/", "cmd/xuezuo", false},
		{"the root", ".", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := unclassified(tc.pkg)
			if got := msg != ""; got != tc.bad {
				t.Errorf("unclassified(%q) = %q; got bad %v, want %v", tc.pkg, msg, got, tc.bad)
			}
		})
	}
}
