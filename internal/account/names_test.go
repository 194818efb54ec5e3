package account_test

import (
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

// TestNamesChecked: display names and token purposes refuse control,
// bidi and zero-width characters and overlong text, each on its field.
func TestNamesChecked(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	sys := storetest.System()
	u, err := s.Account.CreateUser(sys, "wang", "王 五", storetest.Password)
	if err != nil {
		t.Fatal(err)
	}
	bad := []struct{ name, text string }{
		{"bidi override", "王\u202e五"}, {"zero width", "王\u200b五"}, {"control", "王\x07五"},
		{"line feed", "王\n五"}, {"too long", strings.Repeat("王", 65)},
	}
	for i, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Account.CreateUser(sys, "user"+string(rune('a'+i)), tc.text, storetest.Password)
			if msg := xuezuo.ErrorFields(err)["display_name"]; msg == "" {
				t.Errorf("create with display name %q: got %v, want a display_name message", tc.text, err)
			}
			if err := s.Account.LinkMember(sys, u.ID, 0, tc.text); xuezuo.ErrorFields(err)["display_name"] == "" {
				t.Errorf("edit with display name %q: got %v, want a display_name message", tc.text, err)
			}
			if _, _, err := s.Account.CreateToken(sys, u.ID, tc.text, 24*time.Hour); xuezuo.ErrorFields(err)["name"] == "" {
				t.Errorf("token named %q: got %v, want a name message", tc.text, err)
			}
		})
	}
	if _, _, err := s.Account.CreateToken(sys, u.ID, "导入脚本（每日）", 24*time.Hour); err != nil {
		t.Errorf("a plain token name: %v", err)
	}
}
