package audit

import "testing"

// TestSecurityActionsHaveLabels: the auditor reads every security event in
// Chinese, not as a code.
func TestSecurityActionsHaveLabels(t *testing.T) {
	t.Parallel()
	for _, a := range []string{"user.password_reset", "user.unlock", "access.refused", "access.refused.summary",
		"checkin.wrong_code", "checkin.locked", "system.backup", "system.restore",
		"login.locked", "login.unknown", "export.ledger", "export.signin", "attachment.download",
		"member.import", "dataset.import", "user.unlink"} {
		if ActionLabel(a) == a {
			t.Errorf("action %s has no label", a)
		}
	}
}

// TestActionsListed: every labelled action is offered in the filter, and
// once.
func TestActionsListed(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, a := range Actions() {
		if seen[a] {
			t.Errorf("action %s listed twice", a)
		}
		seen[a] = true
	}
	for a := range actionLabels {
		if !seen[a] {
			t.Errorf("action %s has a label but is not listed", a)
		}
	}
}
