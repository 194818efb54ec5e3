package api_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

// TestMeetingCheckinCode: a meeting with a self check-in window gets a
// generated 6-digit code that the secretary reads back and a member never
// sees; a typed code must be 6 digits.
func TestMeetingCheckinCode(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	now := storetest.Clock.Now()
	body := func(code string) string {
		return fmt.Sprintf(`{"org_id":%d,"kind":"theme_day","held_at":%q,"checkin_from":%q,"checkin_to":%q,"checkin_code":%q}`,
			w.branchA.ID, xuezuo.DateOf(now).String(), now.Add(-time.Hour).Format(time.RFC3339), now.Add(time.Hour).Format(time.RFC3339), code)
	}
	type out struct {
		ID          int64   `json:"id"`
		CheckinCode *string `json:"checkin_code"`
	}
	code, created := w.do(t, "secretary", "POST", "/api/v1/meetings", body(""))
	if code != http.StatusCreated {
		t.Fatalf("create: %d %s", code, created)
	}
	m := decodeJSON[out](t, created)
	if m.CheckinCode == nil || !regexp.MustCompile(`^[0-9]{6}$`).MatchString(*m.CheckinCode) {
		t.Fatalf("created meeting's code: %s, want 6 digits", created)
	}
	path := fmt.Sprintf("/api/v1/meetings/%d", m.ID)
	for _, tc := range []struct {
		role string
		see  bool
	}{{"secretary", true}, {"member", false}, {"inspector", false}} {
		t.Run(tc.role, func(t *testing.T) {
			code, got := w.do(t, tc.role, "GET", path, "")
			if code != http.StatusOK {
				t.Fatalf("get: %d %s", code, got)
			}
			if seen := strings.Contains(got, *m.CheckinCode); seen != tc.see {
				t.Errorf("code shown %v, want %v: %s", seen, tc.see, got)
			}
		})
	}
	code, bad := w.do(t, "secretary", "POST", "/api/v1/meetings", body("2468"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(bad, `"checkin_code"`) {
		t.Errorf("4-digit code: %d %s, want 422 on checkin_code", code, bad)
	}
}
