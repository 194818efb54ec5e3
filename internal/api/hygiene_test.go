package api_test

import (
	"fmt"
	"strings"
	"testing"

	"xuezuo/internal/store/storetest"
)

// TestMalformedBodies: duplicate names, wrong-case names and trailing data
// answer 400 malformed with a Chinese message naming the problem, and
// change nothing; unknown names keep answering 422. Every exchange is held
// to openapi.json by w.do.
func TestMalformedBodies(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	good := fmt.Sprintf(`"org_id":%d,"gender":"male","birth":"1990-01-01","join_date":"2012-01-01","category":"in_service"`, w.branchA.ID)
	tests := []struct {
		name, path, body string
		status           int
		code, text       string
	}{
		{"duplicate name", "/api/v1/members", `{"name":"甲","name":"乙",` + good + `}`, 400, "malformed", "“name”出现了两次"},
		{"wrong-case name", "/api/v1/members", `{"Name":"甲",` + good + `}`, 400, "malformed", "“Name”大小写不正确，应为“name”"},
		{"trailing data", "/api/v1/members", `{"name":"甲",` + good + `}{"name":"乙"}`, 400, "malformed", "多余的内容"},
		{"trailing garbage", "/api/v1/members", `{"name":"甲",` + good + `} garbage`, 400, "malformed", "多余的内容"},
		{"unknown name", "/api/v1/members", `{"nom":"甲",` + good + `}`, 422, "invalid", "不认识的字段"},
		{"bidi override in a name", "/api/v1/members", `{"name":"甲\u202e乙",` + good + `}`, 422, "invalid", ""},
		{"birth year 0001", "/api/v1/members", fmt.Sprintf(`{"name":"甲","org_id":%d,"gender":"male","birth":"0001-01-01","join_date":"2012-01-01","category":"in_service"}`, w.branchA.ID), 422, "invalid", ""},
		{"check-in with a duplicate status", fmt.Sprintf("/api/v1/meetings/%d/attendance", w.meetingB), `{"member_id":1,"status":"leave","status":"present"}`, 400, "malformed", "出现了两次"},
		{"wrong-case org name", "/api/v1/orgs", fmt.Sprintf(`{"parent_id":%d,"NAME":"x","kind":"branch"}`, w.unitA.ID), 400, "malformed", "应为“name”"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := w.do(t, "org_admin", "POST", tc.path, tc.body)
			if code != tc.status {
				t.Fatalf("got %d %s, want %d", code, body, tc.status)
			}
			e := decodeJSON[apiErr](t, body)
			if e.Error.Code != tc.code || !strings.Contains(e.Error.Message, tc.text) || !hasHan(e.Error.Message) {
				t.Errorf("got %s %q, want %s containing %q", e.Error.Code, e.Error.Message, tc.code, tc.text)
			}
		})
	}
	if n, _ := w.s.Member.List(storetest.System(), memberFilter(w.branchA.ID)); n.Total != 1 {
		t.Errorf("refused bodies changed data: %d members, want 1", n.Total)
	}
}
