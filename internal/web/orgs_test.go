package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"xuezuo"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// tree is a small org tree: a unit with two branches, members in each.
type tree struct {
	unit, branch1, branch2 *org.Org
}

func newTree(t *testing.T, e *env) tree {
	t.Helper()
	unit := storetest.MustCreateUnit(t, e.s, 0, "植物研究所党委")
	b1 := storetest.MustCreateOrg(t, e.s, unit.ID, "生态第一党支部", org.KindBranch)
	b2 := storetest.MustCreateOrg(t, e.s, unit.ID, "系统第二党支部", org.KindBranch)
	storetest.MustCreateMember(t, e.s, b1.ID, "李红")
	storetest.MustCreateMember(t, e.s, b1.ID, "王明")
	storetest.MustCreateMember(t, e.s, b2.ID, "陈刚")
	return tree{unit: unit, branch1: b1, branch2: b2}
}

// names returns the texts of the matches of sel.
func names(doc *goquery.Document, sel string) []string {
	var out []string
	doc.Find(sel).Each(func(_ int, s *goquery.Selection) { out = append(out, strings.TrimSpace(s.Text())) })
	return out
}

func TestOrgAdminSeesOrgPageWithMembers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	c := e.user(t, "orgadmin", xuezuo.RoleOrgAdmin, tr.unit.ID)

	r := c.get(fmt.Sprintf("/orgs/%d", tr.branch1.ID))
	wantStatus(t, r, http.StatusOK)
	if got := r.text("#org-name"); got != "生态第一党支部" {
		t.Errorf("heading %q", got)
	}
	if got := names(r.doc, ".breadcrumb li"); strings.Join(got, "/") != "植物研究所党委/生态第一党支部" {
		t.Errorf("breadcrumb %v", got)
	}
	if facts := r.text("#org-facts"); !strings.Contains(facts, "党支部") {
		t.Errorf("facts lack the kind: %q", facts)
	}
	// Two full members: the R1 warning (fewer than 3) shows.
	if w := r.text("#org-warnings"); !strings.Contains(w, "不足 3 人") {
		t.Errorf("warnings %q", w)
	}
	rows := names(r.doc, "table.members tbody tr td:first-child a")
	if strings.Join(rows, ",") != "李红,王明" && strings.Join(rows, ",") != "王明,李红" {
		t.Errorf("member rows %v", rows)
	}
	// The organiser sees phones in full, in a list too (issue 12).
	if phone := r.doc.Find("table.members tbody tr").First().Find("td").Last().Text(); phone != "13812345678" {
		t.Errorf("phone in list %q, want the full number", phone)
	}
	for _, button := range []string{"新增党员", "编辑", "调整隶属关系", "批量导入", "撤销"} {
		if !strings.Contains(r.doc.Find(".actions").Text(), button) {
			t.Errorf("button %s missing", button)
		}
	}

	// The unit's page lists both branches; the tree expands in place.
	r = c.get("/orgs")
	wantStatus(t, r, http.StatusOK)
	if got := names(r.doc, "#org-tree > li > a"); strings.Join(got, ",") != "植物研究所党委" {
		t.Errorf("tree tops %v", got)
	}
	hx, _ := r.doc.Find("#org-tree > li > button").Attr("hx-get")
	if hx != fmt.Sprintf("/orgs/%d/children", tr.unit.ID) {
		t.Errorf("expand button hx-get %q", hx)
	}
	frag := c.get(hx, "HX-Request", "true")
	wantStatus(t, frag, http.StatusOK)
	if strings.Contains(frag.body, "<html") {
		t.Errorf("children answer is a whole page")
	}
	if got := names(frag.doc, "li > a"); strings.Join(got, ",") != "生态第一党支部,系统第二党支部" {
		t.Errorf("children %v", got)
	}
	if !strings.Contains(frag.body, "党员 2") {
		t.Errorf("children lack member counts: %s", frag.body)
	}
}

func TestMemberListFiltersAndPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	for i := 0; i < 21; i++ {
		storetest.MustCreateMember(t, e.s, tr.branch2.ID, fmt.Sprintf("赵%02d", i))
	}
	c := e.user(t, "orgadmin", xuezuo.RoleOrgAdmin, tr.unit.ID)
	base := fmt.Sprintf("/orgs/%d/members", tr.unit.ID)
	cases := []struct {
		name, query string
		rows        int
		total       string
	}{
		{"first page", "", 20, "共 24 名党员"},
		{"second page", "?page=2", 4, "共 24 名党员"},
		{"name contains", "?name=" + url.QueryEscape("李"), 1, "共 1 名党员"},
		{"status", "?status=lost", 0, "共 0 名党员"},
		{"standing", "?standing=full", 20, "共 24 名党员"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.get(base+tc.query, "HX-Request", "true", "HX-Target", "member-list")
			wantStatus(t, r, http.StatusOK)
			if strings.Contains(r.body, "<html") {
				t.Fatalf("htmx list answer is a whole page")
			}
			if got := r.doc.Find("table.members tbody tr td a").Length(); got != tc.rows {
				t.Errorf("rows %d, want %d", got, tc.rows)
			}
			if !strings.Contains(r.body, tc.total) {
				t.Errorf("body lacks %q", tc.total)
			}
		})
	}
	// Without htmx the same URL is a whole page.
	r := c.get(base + "?page=2")
	wantStatus(t, r, http.StatusOK)
	if r.doc.Find("main h1").Length() != 1 || r.doc.Find(".pager a").Length() != 1 {
		t.Errorf("whole page or pager missing: %s", r.body)
	}
}

func TestSecretarySeesOwnBranchOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	c := e.user(t, "secretary", xuezuo.RoleSecretary, tr.branch1.ID)

	r := c.get("/orgs")
	wantStatus(t, r, http.StatusOK)
	if got := names(r.doc, "#org-tree a"); strings.Join(got, ",") != "生态第一党支部" {
		t.Errorf("tree %v, want only the own branch", got)
	}
	for _, other := range []string{"植物研究所党委", "系统第二党支部", "陈刚"} {
		if strings.Contains(r.body, other) {
			t.Errorf("tree shows %s", other)
		}
	}
	r = c.get(fmt.Sprintf("/orgs/%d", tr.branch1.ID))
	wantStatus(t, r, http.StatusOK)
	if strings.Contains(r.body, "植物研究所党委") {
		t.Errorf("breadcrumb leaks the unit above the secretary's scope")
	}
	for _, path := range []string{
		fmt.Sprintf("/orgs/%d", tr.branch2.ID), fmt.Sprintf("/orgs/%d", tr.unit.ID),
		fmt.Sprintf("/orgs/%d/children", tr.unit.ID), fmt.Sprintf("/orgs/%d/members", tr.branch2.ID),
	} {
		if r := c.get(path); r.status != http.StatusNotFound || strings.Contains(r.body, "陈刚") {
			t.Errorf("GET %s: %d, want 404 without data", path, r.status)
		}
	}
}

func TestOrgCreateEditMoveDissolve(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	c := e.user(t, "orgadmin", xuezuo.RoleOrgAdmin, tr.unit.ID)
	newPath := fmt.Sprintf("/orgs/%d/children", tr.unit.ID)

	wantStatus(t, c.get(fmt.Sprintf("/orgs/%d/new", tr.unit.ID)), http.StatusOK)
	// A joint branch with one workplace: 422, field message, input kept.
	r := c.post(newPath, url.Values{"name": {"联合党支部"}, "kind": {"branch"}, "joint": {"on"},
		"workplaces": {"温室"}, "established": {"2026-13-01"}}, "HX-Request", "true", "HX-Boosted", "true")
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#established-error"); got != msgBadDate {
		t.Errorf("established error %q", got)
	}
	if v := r.doc.Find(`textarea[name=workplaces]`).Text(); v != "温室" {
		t.Errorf("workplaces not kept: %q", v)
	}
	if r.header.Get("HX-Push-Url") != "false" {
		t.Errorf("a 422 must not push its URL")
	}
	r = c.post(newPath, url.Values{"name": {"联合党支部"}, "kind": {"branch"}, "joint": {"on"}, "workplaces": {"温室"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#workplaces-error"); got != "联合党支部请至少填写两个所覆盖的单位" {
		t.Errorf("workplaces error %q", got)
	}
	r = c.post(newPath, url.Values{"name": {"联合党支部"}, "kind": {"branch"}, "joint": {"on"},
		"workplaces": {"温室\r\n标本馆"}, "org_kind": {"research"}, "established": {"2026-05-01"}})
	wantStatus(t, r, http.StatusSeeOther)
	page := c.get(r.header.Get("Location"))
	wantStatus(t, page, http.StatusOK)
	if f := page.text("#org-facts"); !strings.Contains(f, "联合党支部") || !strings.Contains(f, "温室、标本馆") || !strings.Contains(f, "科研") {
		t.Errorf("facts %q", f)
	}
	jointPath := r.header.Get("Location")

	// Edit keeps the kind, renames.
	edit := c.get(jointPath + "/edit")
	wantStatus(t, edit, http.StatusOK)
	if edit.doc.Find("#move-form select option").Length() == 0 {
		t.Errorf("move form offers no parent")
	}
	r = c.post(jointPath+"/edit", url.Values{"name": {""}, "joint": {"on"}, "workplaces": {"温室\n标本馆"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#name-error"); got != "请填写组织名称" {
		t.Errorf("name error %q", got)
	}
	r = c.post(jointPath+"/edit", url.Values{"name": {"温室联合党支部"}, "joint": {"on"}, "workplaces": {"温室\n标本馆"}})
	wantStatus(t, r, http.StatusSeeOther)

	// Moving a branch under a branch is refused beside the parent field.
	r = c.post(jointPath+"/move", url.Values{"parent_id": {fmt.Sprint(tr.branch1.ID)}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#parent_id-error"); got == "" {
		t.Errorf("no parent_id message: %s", r.body)
	}
	// Dissolving a branch with members is a conflict; the empty one goes.
	r = c.post(fmt.Sprintf("/orgs/%d/dissolve", tr.branch1.ID), nil)
	wantStatus(t, r, http.StatusConflict)
	if !strings.Contains(r.text("#error-message"), "清空后才能撤销") {
		t.Errorf("conflict text %q", r.text("#error-message"))
	}
	r = c.post(jointPath+"/dissolve", url.Values{"on": {"2026-06-01"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != fmt.Sprintf("/orgs/%d", tr.unit.ID) {
		t.Fatalf("dissolve: %d %q", r.status, r.header.Get("Location"))
	}
	if f := c.get(jointPath).text("#org-facts"); !strings.Contains(f, "2026-06-01") {
		t.Errorf("dissolved date missing: %q", f)
	}
}

func TestAdminRolesGetForbiddenOnOrgPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	cases := []struct {
		user string
		role xuezuo.Role
	}{{"secadmin", xuezuo.RoleSecurityAdmin}, {"sysadmin", xuezuo.RoleSystemAdmin}, {"auditor", xuezuo.RoleAuditor}}
	for _, tc := range cases {
		t.Run(string(tc.role), func(t *testing.T) {
			c := e.user(t, tc.user, tc.role, 0)
			for _, path := range []string{"/orgs", fmt.Sprintf("/orgs/%d", tr.branch1.ID), fmt.Sprintf("/orgs/%d/members", tr.branch1.ID)} {
				r := c.get(path)
				if r.status != http.StatusForbidden || strings.Contains(r.body, "李红") || strings.Contains(r.body, "生态第一党支部") {
					t.Errorf("GET %s: %d, want 403 without data", path, r.status)
				}
			}
		})
	}
}
