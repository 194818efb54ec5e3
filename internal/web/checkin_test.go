package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/storetest"
)

// TestCheckinCodePage checks that the secretary sees a meeting's generated
// code (on the meeting page and in the edit form) and a member never does,
// and that the check-in form refuses a member after 10 wrong codes with 409,
// the right code too.
func TestCheckinCodePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	now := storetest.Clock.Now()
	local := func(d time.Duration) string { return now.Add(d).In(xuezuo.Beijing).Format("2006-01-02T15:04") }
	r := f.secretary.post(fmt.Sprintf("/orgs/%d/meetings", f.branch1.ID), url.Values{"kind": {"theme_day"},
		"held_at": {xuezuo.DateOf(now).String()}, "checkin_from": {local(-time.Hour)}, "checkin_to": {local(time.Hour)}})
	wantStatus(t, r, http.StatusSeeOther)
	path := r.header.Get("Location")
	m, err := e.s.Meeting.Get(storetest.System(), idFrom(t, path))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9]{6}$`).MatchString(m.CheckinCode) {
		t.Fatalf("generated code %q, want 6 digits", m.CheckinCode)
	}
	if got := f.secretary.get(path); !strings.Contains(got.doc.Find("#meeting-facts").Text(), "签到码"+m.CheckinCode) {
		t.Errorf("secretary's meeting page does not show the code %s", m.CheckinCode)
	}
	if v, _ := f.secretary.get(path + "/edit").doc.Find(`input[name=checkin_code]`).Attr("value"); v != m.CheckinCode {
		t.Errorf("edit form code %q, want %q", v, m.CheckinCode)
	}
	for _, p := range []string{path, path + "/checkin"} {
		if got := f.me.get(p); strings.Contains(got.body, m.CheckinCode) || strings.Contains(got.body, "签到码"+m.CheckinCode) {
			t.Errorf("member's %s shows the code", p)
		}
	}
	// A typed code must be 6 digits, with the message beside the field.
	bad := f.secretary.post(path+"/edit", url.Values{"held_at": {xuezuo.DateOf(now).String()},
		"checkin_from": {local(-time.Hour)}, "checkin_to": {local(time.Hour)}, "checkin_code": {"2468"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	if got := strings.TrimSpace(bad.doc.Find(`input[name=checkin_code]`).NextFiltered("small.error").Text()); !strings.Contains(got, "6 位数字") {
		t.Errorf("code message %q", got)
	}
	wrong := "000000"
	if wrong == m.CheckinCode {
		wrong = "000001"
	}
	for i := 1; i <= meeting.CheckinTries; i++ {
		r := f.me.post(path+"/checkin", url.Values{"code": {wrong}})
		if i < meeting.CheckinTries {
			wantStatus(t, r, http.StatusUnprocessableEntity)
			continue
		}
		wantStatus(t, r, http.StatusConflict)
	}
	locked := f.me.post(path+"/checkin", url.Values{"code": {m.CheckinCode}})
	wantStatus(t, locked, http.StatusConflict)
	if !strings.Contains(locked.body, "请向支部书记说明") {
		t.Errorf("locked page does not say what to do: %s", locked.body)
	}
}

// idFrom reads the id at the end of a /meetings/{id} path.
func idFrom(t *testing.T, path string) xuezuo.ID {
	t.Helper()
	var id xuezuo.ID
	if _, err := fmt.Sscanf(path, "/meetings/%d", &id); err != nil {
		t.Fatalf("path %q: %v", path, err)
	}
	return id
}
