package cli

import (
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

func TestParseRole(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want xuezuo.Role // "" for an error
	}{
		{"org_admin", xuezuo.RoleOrgAdmin}, {"组织管理员", xuezuo.RoleOrgAdmin},
		{"secretary", xuezuo.RoleSecretary}, {"支部书记", xuezuo.RoleSecretary},
		{"member", xuezuo.RoleMember}, {"党员", xuezuo.RoleMember},
		{"inspector", xuezuo.RoleInspector}, {"督导员", xuezuo.RoleInspector},
		{"system_admin", xuezuo.RoleSystemAdmin}, {"系统管理员", xuezuo.RoleSystemAdmin},
		{"security_admin", xuezuo.RoleSecurityAdmin}, {"安全管理员", xuezuo.RoleSecurityAdmin},
		{"auditor", xuezuo.RoleAuditor}, {"审计员", xuezuo.RoleAuditor},
		{"Auditor", xuezuo.RoleAuditor}, {" 审计员 ", xuezuo.RoleAuditor},
		{"admin", ""}, {"管理员", ""}, {"", ""},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := parseRole(tc.in)
			if got != tc.want || (err != nil) != (tc.want == "") {
				t.Errorf("parseRole(%q): got %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestGrantByChineseName(t *testing.T) {
	t.Parallel()
	db := storetest.URL(t)
	if code, out, errOut := run(t, db, "", "user", "add", "shenji"); code != 0 {
		t.Fatalf("user add: %d %s %s", code, out, errOut)
	}
	code, out, errOut := run(t, db, "", "user", "grant", "shenji", "审计员", "0")
	if code != 0 || !strings.Contains(out, "已授予 shenji “审计员”角色") {
		t.Fatalf("grant 审计员: got %d %q %q, want the grant confirmed", code, out, errOut)
	}
	code, _, errOut = run(t, db, "", "user", "grant", "shenji", "管理员", "0")
	if code != 1 {
		t.Fatalf("grant 管理员: got exit %d, want 1", code)
	}
	if !strings.Contains(errOut, "没有“管理员”这个角色") {
		t.Errorf("bad role: stderr %q lacks the Chinese sentence", errOut)
	}
	for _, r := range xuezuo.Roles {
		if !strings.Contains(errOut, string(r)) || !strings.Contains(errOut, r.Label()) {
			t.Errorf("bad role: stderr lacks %s %s:\n%s", r, r.Label(), errOut)
		}
	}
}
