package config

import (
	"strings"
	"testing"
)

// TestValidateSync accepts the two durability settings (and none, the
// default) and refuses anything else with a message that names both.
func TestValidateSync(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sync string
		want string // substring of the error; "" for none
	}{
		{"", ""},
		{SyncNormal, ""},
		{SyncFull, ""},
		{"FULL", "只能是 normal"},
		{"off", "或 full"},
	}
	for _, tc := range cases {
		t.Run(tc.sync, func(t *testing.T) {
			t.Parallel()
			err := Config{DataDir: "data", Sync: tc.sync}.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
