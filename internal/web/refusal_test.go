package web

import (
	"fmt"
	"net/http"
	"testing"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/storetest"
)

// TestRefusalAudited: a member probing a meeting of another branch gets
// 404, and the audit log has a row naming the member, the route pattern,
// the target kind and id; a 403 is recorded as denied.
func TestRefusalAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	m, err := e.s.Meeting.Create(storetest.System(), meeting.Input{OrgID: f.branch2.ID, Kind: "theme_day", HeldOn: f.c.Start})
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, f.me.get(fmt.Sprintf("/meetings/%d", m.ID)), http.StatusNotFound)
	got := storetest.QueryStrings(t, e.s.Store, fmt.Sprintf(
		"SELECT username || '|' || target_type || '|' || CAST(target_id AS TEXT) || '|' || outcome || '|' || fields FROM audit_log WHERE action = 'access.refused' AND target_id = %d", m.ID))
	if want := fmt.Sprintf("eco_member|meeting|%d|not_found|route=GET /meetings/{id}", m.ID); len(got) != 1 || got[0] != want {
		t.Errorf("audit rows %q, want [%q]", got, want)
	}
	// The unit's inspector may read the branch's meeting but not edit it: 403.
	own, err := e.s.Meeting.Create(storetest.System(), meeting.Input{OrgID: f.branch1.ID, Kind: "theme_day", HeldOn: f.c.Start})
	if err != nil {
		t.Fatal(err)
	}
	insp := e.user(t, "unit_inspector", xuezuo.RoleInspector, f.unit.ID)
	wantStatus(t, insp.get(fmt.Sprintf("/meetings/%d/edit", own.ID)), http.StatusForbidden)
	got = storetest.QueryStrings(t, e.s.Store, fmt.Sprintf(
		"SELECT username || '|' || outcome || '|' || fields FROM audit_log WHERE action = 'access.refused' AND target_id = %d", own.ID))
	if want := "unit_inspector|denied|route=GET /meetings/{id}/edit"; len(got) != 1 || got[0] != want {
		t.Errorf("audit rows %q, want [%q]", got, want)
	}
	// A page that answers 200 leaves no refusal row.
	wantStatus(t, f.me.get(fmt.Sprintf("/meetings/%d", own.ID)), http.StatusOK)
	if n := storetest.QueryStrings(t, e.s.Store, "SELECT COUNT(*) FROM audit_log WHERE action = 'access.refused'"); n[0] != "2" {
		t.Errorf("%s refusal rows, want 2", n[0])
	}
}
