package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

// goodMember is a complete member form.
func goodMember(name string) url.Values {
	return url.Values{"name": {name}, "gender": {"male"}, "birth": {"1990-05-04"}, "join_date": {"2015-07-01"},
		"full_date": {"2016-07-01"}, "category": {"in_service"}, "status": {"normal"}, "post": {"research"},
		"phone": {"13900001111"}}
}

// fieldError returns the message shown beside the input named field.
func fieldError(r result, field string) string {
	return strings.TrimSpace(r.doc.Find(fmt.Sprintf(`[name=%q]`, field)).First().NextFiltered("small.error").Text())
}

func TestMemberForm422KeepsInputAndShowsChineseMessages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	c := e.user(t, "secretary", xuezuo.RoleSecretary, tr.branch1.ID)
	path := fmt.Sprintf("/orgs/%d/members", tr.branch1.ID)
	wantStatus(t, c.get(path+"/new"), http.StatusOK)

	cases := []struct {
		name   string
		change func(url.Values)
		field  string
		want   string
	}{
		{"missing name", func(v url.Values) { v.Set("name", "") }, "name", "请填写姓名"},
		{"bad join date", func(v url.Values) { v.Set("join_date", "2015/07/01") }, "join_date", msgBadDate},
		{"bad birth", func(v url.Values) { v.Set("birth", "九零年") }, "birth", msgBadDate + "（只知年份时可填 4 位年份）"},
		{"full before join", func(v url.Values) { v.Set("full_date", "2014-01-01") }, "full_date", "转正日期不能早于入党日期"},
		{"bad phone", func(v url.Values) { v.Set("phone", "12345") }, "phone", "手机号格式不正确，应为 11 位数字，或区号-座机号"},
		{"no gender", func(v url.Values) { v.Del("gender") }, "gender", "请选择性别"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := goodMember("刘洋")
			tc.change(form)
			r := c.post(path, form, "HX-Request", "true", "HX-Boosted", "true")
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if got := fieldError(r, tc.field); got != tc.want {
				t.Errorf("message beside %s: %q, want %q", tc.field, got, tc.want)
			}
			// Every typed value comes back.
			for _, keep := range []string{"name", "join_date", "phone", "birth"} {
				if v, _ := r.doc.Find(fmt.Sprintf(`input[name=%q]`, keep)).Attr("value"); v != form.Get(keep) {
					t.Errorf("%s: kept %q, want %q", keep, v, form.Get(keep))
				}
			}
			if v, _ := r.doc.Find(`select[name=category] option[selected]`).Attr("value"); v != "in_service" {
				t.Errorf("category not kept: %q", v)
			}
			if r.doc.Find(".alert").Length() == 0 {
				t.Errorf("no headline message")
			}
		})
	}
	page := c.get(path, "HX-Request", "true")
	if strings.Contains(page.body, "刘洋") {
		t.Errorf("a failed submission saved the member")
	}
}

func TestCreateMemberRedirectsAndListsIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	c := e.user(t, "orgadmin", xuezuo.RoleOrgAdmin, tr.unit.ID)
	form := goodMember("周新")
	form.Set("birth", "1990") // only the year is known
	form.Del("full_date")     // probationary
	r := c.post(fmt.Sprintf("/orgs/%d/members", tr.branch2.ID), form)
	wantStatus(t, r, http.StatusSeeOther)
	loc := r.header.Get("Location")
	if !strings.HasPrefix(loc, "/members/") {
		t.Fatalf("Location %q", loc)
	}
	show := c.get(loc)
	wantStatus(t, show, http.StatusOK)
	facts := show.text("#member-facts")
	for _, want := range []string{"周新", "男", "1990", "预备党员", "在职", "科研", "系统第二党支部", "13900001111"} {
		if !strings.Contains(facts, want) {
			t.Errorf("member page lacks %s: %q", want, facts)
		}
	}
	if strings.Contains(facts, "1990-01-01") {
		t.Errorf("year-only birth shown as a full date")
	}
	list := c.get(fmt.Sprintf("/orgs/%d/members?name=%s", tr.branch2.ID, url.QueryEscape("周")), "HX-Request", "true")
	if got := names(list.doc, "table.members tbody td:first-child a"); strings.Join(got, ",") != "周新" {
		t.Errorf("list %v, want the new member", got)
	}
	if !strings.Contains(list.body, "预备党员") {
		t.Errorf("standing label missing in list")
	}
}

func TestMemberPageEditTransferAndPosts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	m := storetest.MustCreateMember(t, e.s, tr.branch1.ID, "吴芳")
	c := e.user(t, "orgadmin", xuezuo.RoleOrgAdmin, tr.unit.ID)
	path := fmt.Sprintf("/members/%d", m.ID)

	edit := c.get(path + "/edit")
	wantStatus(t, edit, http.StatusOK)
	if v, _ := edit.doc.Find(`input[name=name]`).Attr("value"); v != "吴芳" {
		t.Errorf("edit form name %q", v)
	}
	form := goodMember("吴芳")
	form.Set("status", "abroad")
	form.Set("status_since", "2026-01-10")
	form.Set("status_reason", "公派访学")
	wantStatus(t, c.post(path+"/edit", form), http.StatusSeeOther)

	// Appoint a committee post; a bad term is refused beside its field.
	r := c.post(path+"/posts", url.Values{"post": {"organization"}, "term_from": {"2026-03-01"}, "term_to": {"2025-01-01"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := fieldError(r, "term_to"); got != "任期结束日期须晚于开始日期" {
		t.Errorf("term_to message %q", got)
	}
	wantStatus(t, c.post(path+"/posts", url.Values{"post": {"organization"}, "term_from": {"2026-03-01"}}), http.StatusSeeOther)

	// Transfer to the other branch.
	r = c.post(path+"/transfer", url.Values{"org_id": {fmt.Sprint(tr.branch1.ID)}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := fieldError(r, "org_id"); got != "该党员已在此支部" {
		t.Errorf("org_id message %q", got)
	}
	wantStatus(t, c.post(path+"/transfer", url.Values{"org_id": {fmt.Sprint(tr.branch2.ID)}, "on": {"2026-06-01"}}), http.StatusSeeOther)

	page := c.get(path)
	wantStatus(t, page, http.StatusOK)
	if got := names(page.doc, "table.memberships tbody td:first-child"); strings.Join(got, ",") != "生态第一党支部,系统第二党支部" {
		t.Errorf("memberships %v", got)
	}
	if st := page.text("table.statuses"); !strings.Contains(st, "出国（境）") || !strings.Contains(st, "公派访学") {
		t.Errorf("status history %q", st)
	}
	if p := page.text("table.posts tbody"); !strings.Contains(p, "组织委员") || !strings.Contains(p, "2026-03-01") {
		t.Errorf("posts %q", p)
	}
	// The post appears on its org's page; ending it returns to that page.
	org := c.get(fmt.Sprintf("/orgs/%d", tr.branch1.ID))
	action, ok := org.doc.Find(`#org-posts form`).Attr("action")
	if !ok {
		t.Fatalf("no end-post button on the org page")
	}
	r = c.post(action, url.Values{"next": {fmt.Sprintf("/orgs/%d", tr.branch1.ID)}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != fmt.Sprintf("/orgs/%d", tr.branch1.ID) {
		t.Errorf("end post: %d %q", r.status, r.header.Get("Location"))
	}
	if c.get(fmt.Sprintf("/orgs/%d", tr.branch1.ID)).doc.Find("#org-posts").Length() != 0 {
		t.Errorf("ended post still listed as current")
	}
}

func TestMemberRoleAndInspectorViews(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	self := storetest.MustCreateMember(t, e.s, tr.branch1.ID, "郑洁")
	ctx := storetest.MustUser(t, e.s, "zhengjie", xuezuo.RoleMember, tr.branch1.ID)
	storetest.MustLinkMember(t, e.s, ctx, self.ID)
	mc := e.login(t, "zhengjie")

	r := mc.get(fmt.Sprintf("/orgs/%d", tr.branch1.ID))
	wantStatus(t, r, http.StatusOK)
	if got := names(r.doc, "table.members tbody td:first-child a"); strings.Join(got, ",") != "郑洁" {
		t.Errorf("member sees %v, want only the own record", got)
	}
	if r.doc.Find(".actions a").Length() != 0 {
		t.Errorf("member is offered write buttons")
	}
	own := mc.get(fmt.Sprintf("/members/%d", self.ID))
	wantStatus(t, own, http.StatusOK)
	if own.doc.Find("#transfer").Length() != 0 {
		t.Errorf("member is offered the transfer form")
	}

	ic := e.user(t, "inspector", xuezuo.RoleInspector, tr.unit.ID)
	page := ic.get(fmt.Sprintf("/members/%d", self.ID))
	wantStatus(t, page, http.StatusOK)
	if facts := page.text("#member-facts"); !strings.Contains(facts, "138****5678") {
		t.Errorf("inspector sees an unmasked phone: %q", facts)
	}
	r = ic.post(fmt.Sprintf("/members/%d/edit", self.ID), goodMember("郑洁"))
	wantStatus(t, r, http.StatusForbidden)
	if got := r.text("#error-message"); got != "当前角色无权执行此操作" {
		t.Errorf("forbidden text %q", got)
	}
}
