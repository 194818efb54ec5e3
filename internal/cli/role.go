package cli

import (
	"fmt"
	"strings"

	"xuezuo"
)

// parseRole reads a role by its code (org_admin) or its Chinese name
// (组织管理员), as README's role table lists both.
func parseRole(s string) (xuezuo.Role, error) {
	s = strings.TrimSpace(s)
	for _, r := range xuezuo.Roles {
		if strings.EqualFold(s, string(r)) || s == r.Label() {
			return r, nil
		}
	}
	return "", fmt.Errorf("没有“%s”这个角色。请写下列角色之一（中文名或代码均可）：\n%s", s, roleList())
}

// roleList lists every role, one a line: code, Chinese name and where its
// grant applies.
func roleList() string {
	var b strings.Builder
	for _, r := range xuezuo.Roles {
		scope := "组织ID 为所管组织，覆盖其下级"
		if r.Admin() {
			scope = "组织ID 填 0（三员分立，不能再兼任其他角色）"
		}
		fmt.Fprintf(&b, "  %-15s %s\t%s\n", r, r.Label(), scope)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
