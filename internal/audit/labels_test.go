package audit

import "testing"

// TestSecurityActionsHaveLabels: the auditor reads every security event in
// Chinese, not as a code.
func TestSecurityActionsHaveLabels(t *testing.T) {
	t.Parallel()
	for _, a := range []string{"user.password_reset", "user.unlock", "access.refused", "access.refused.summary",
		"checkin.wrong_code", "checkin.locked", "system.backup", "system.restore"} {
		if ActionLabel(a) == a {
			t.Errorf("action %s has no label", a)
		}
	}
}
