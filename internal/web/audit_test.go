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

func TestAuditorSeesAuditAndNoBusinessData(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := newTree(t, e)
	m := storetest.MustCreateMember(t, e.s, tr.branch1.ID, "冯静")
	admin := e.user(t, "orgadmin", xuezuo.RoleOrgAdmin, tr.unit.ID)
	wantStatus(t, admin.post(fmt.Sprintf("/orgs/%d/members", tr.branch1.ID), goodMember("何平")), http.StatusSeeOther)
	c := e.user(t, "auditor", xuezuo.RoleAuditor, 0)

	r := c.get("/audit")
	wantStatus(t, r, http.StatusOK)
	rows := rowsOf(r, "table.audit tbody tr")
	var found bool
	for _, row := range rows {
		if row[1] == "orgadmin" && row[2] == "新增党员" && strings.HasPrefix(row[3], "党员 #") && row[5] == "成功" && row[6] == "127.0.0.1" {
			found = true
			if !strings.Contains(row[4], "name") {
				t.Errorf("changed fields %q", row[4])
			}
			if !strings.HasPrefix(row[0], "2026-") || len(row[0]) != len("2006-01-02 15:04:05") {
				t.Errorf("time %q", row[0])
			}
		}
	}
	if !found {
		t.Fatalf("no member.create row by orgadmin in %v", rows)
	}
	if strings.Contains(r.body, "何平") {
		t.Errorf("the audit log shows member data")
	}

	cases := []struct {
		name, query string
		want        func([][]string) bool
	}{
		{"by user", "?username=orgadmin", func(rs [][]string) bool {
			for _, r := range rs {
				if r[1] != "orgadmin" {
					return false
				}
			}
			return len(rs) > 0
		}},
		{"by action", "?action=" + url.QueryEscape("login"), func(rs [][]string) bool {
			for _, r := range rs {
				if r[2] != "登录" {
					return false
				}
			}
			return len(rs) >= 2
		}},
		{"future range", "?from=2099-01-01", func(rs [][]string) bool { return len(rs) == 1 && len(rs[0]) == 1 }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.get("/audit" + tc.query)
			wantStatus(t, r, http.StatusOK)
			if rs := rowsOf(r, "table.audit tbody tr"); !tc.want(rs) {
				t.Errorf("rows %v", rs)
			}
		})
	}
	r = c.get("/audit?from=2026-13-40")
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := fieldError(r, "from"); got != msgBadDate {
		t.Errorf("from message %q", got)
	}

	for _, path := range []string{fmt.Sprintf("/orgs/%d", tr.branch1.ID), fmt.Sprintf("/members/%d", m.ID)} {
		r := c.get(path)
		wantStatus(t, r, http.StatusForbidden)
		if strings.Contains(r.body, "冯静") || strings.Contains(r.body, "生态第一党支部") {
			t.Errorf("GET %s leaks data", path)
		}
	}
	wantStatus(t, admin.get("/audit"), http.StatusForbidden)
}
