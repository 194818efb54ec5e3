package report

import "testing"

// TestStates: every state has a zh-CN label, and nothing else is a state.
func TestStates(t *testing.T) {
	t.Parallel()
	for _, s := range []string{Draft, Submitted, Returned, Accepted} {
		if !ValidState(s) || StateLabel(s) == s {
			t.Errorf("state %s: valid %v, label %q", s, ValidState(s), StateLabel(s))
		}
	}
	for _, s := range []string{"", "done", "Draft"} {
		if ValidState(s) {
			t.Errorf("%q is not a state", s)
		}
	}
}
