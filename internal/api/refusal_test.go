package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"xuezuo/internal/store/storetest"
)

// TestRefusalAudited: a member asking for a meeting outside the own subtree
// gets 404 and leaves an audit row with the route pattern, kind and id.
func TestRefusalAudited(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	code, body := w.do(t, "member", "GET", fmt.Sprintf("/api/v1/meetings/%d", w.meetingB), "")
	if code != http.StatusNotFound {
		t.Fatalf("foreign meeting: %d %s", code, body)
	}
	got := storetest.QueryStrings(t, w.s.Store, fmt.Sprintf(
		"SELECT username || '|' || target_type || '|' || outcome || '|' || fields FROM audit_log WHERE action = 'access.refused' AND target_id = %d", w.meetingB))
	if want := "member|meeting|not_found|route=GET /api/v1/meetings/{id}"; len(got) != 1 || got[0] != want {
		t.Errorf("audit rows %q, want [%q]", got, want)
	}
}
