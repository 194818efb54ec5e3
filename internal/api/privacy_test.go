package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/api"
	"xuezuo/internal/store/storetest"
)

// TestMemberReadsNoPeerPrivacyThroughAPI sends every GET route of the API
// table that is about records (an org, campaign, meeting or member id, or
// no id) with the fixture's ids, as a member of the branch: no answer holds
// a peer's leave reason, exclusion, category or free text, and the own
// exclusion reads in full. The branch's readers still read the peer's.
func TestMemberReadsNoPeerPrivacyThroughAPI(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	f := storetest.MustPrivacyFixture(t, s, "a_")
	h := api.New(api.Deps{Services: s.Services})
	tokens := map[string]string{}
	for role, ctx := range f.Roles {
		raw, _, err := s.Account.CreateToken(ctx, xuezuo.ActorFrom(ctx).UserID, "privacy", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		tokens[role] = raw
	}
	ids := map[string][]xuezuo.ID{"org": {f.Branch.ID, f.Unit.ID}, "campaign": {f.Campaign.ID},
		"meeting": f.Meetings, "member": {f.Self, f.Peer, f.Excluded}, "": {0}}
	query := fmt.Sprintf("?org=%d&campaign=%d", f.Branch.ID, f.Campaign.ID)
	var paths []string
	for _, rt := range h.Routes() {
		method, pattern, _ := strings.Cut(rt.Pattern, " ")
		if method != http.MethodGet || rt.Public {
			continue
		}
		kind, ok := ids[rt.IDKind]
		if !ok {
			continue // not a record kind
		}
		for _, id := range kind {
			paths = append(paths, strings.Replace(pattern, "{id}", fmt.Sprint(id), 1)+query)
		}
	}
	exclusions := fmt.Sprintf("/api/v1/campaigns/%d/exclusions", f.Campaign.ID) + query
	if !containsString(paths, exclusions) {
		t.Fatalf("the classifier left out %s: %v", exclusions, paths)
	}
	secrets := []string{storetest.PeerLeaveReason, storetest.PeerAbsentNote, storetest.PeerExclusionText,
		storetest.PeerCategory, storetest.PeerCategoryLabel}
	get := func(role, path string) (int, string) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+tokens[role])
		header := req.Header.Clone()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkExchange(t, http.MethodGet, path, "", header, rec)
		return rec.Code, rec.Body.String()
	}
	ok, meetings := 0, 0
	split := regexp.MustCompile(`"(leave|absent|excluded|makeups)":[1-9]`)
	for _, p := range paths {
		code, body := get("member", p)
		if code == http.StatusOK {
			ok++
		}
		// A meeting's split counts would tell in a small branch which
		// peer was on leave or excluded: a member gets not_attended only.
		if code == http.StatusOK && strings.Contains(body, `"register_closed"`) {
			meetings++
			if split.MatchString(body) || strings.Contains(body, `"private":false`) {
				t.Errorf("GET %s as a member shows a meeting's split counts: %s", p, body)
			}
		}
		for _, sec := range secrets {
			if strings.Contains(body, sec) {
				t.Errorf("GET %s as a member (%d) shows the peer's %q", p, code, sec)
			}
		}
	}
	if ok < 5 || meetings < 2 {
		t.Errorf("only %d routes (%d with meetings) answered the member; the check is too thin", ok, meetings)
	}
	second := fmt.Sprintf("/api/v1/meetings/%d", f.Meetings[1])
	if _, body := get("member", second); !strings.Contains(body, `"not_attended":2`) || !strings.Contains(body, `"present":1`) {
		t.Errorf("member's meeting: want present 1, not_attended 2 (absent + excluded), got %s", body)
	}
	if _, body := get("secretary", second); !strings.Contains(body, `"absent":1`) || !strings.Contains(body, `"excluded":1`) ||
		!strings.Contains(body, `"private":false`) {
		t.Errorf("secretary's meeting: want the split counts, got %s", body)
	}
	if _, body := get("member", exclusions); !strings.Contains(body, storetest.OwnExclusionText) || !strings.Contains(body, `"total":1`) {
		t.Errorf("member's exclusions: want the own only, got %s", body)
	}
	for _, role := range []string{"secretary", "org_admin", "inspector"} {
		_, body := get(role, exclusions)
		if !strings.Contains(body, storetest.PeerExclusionText) || !strings.Contains(body, storetest.PeerCategory) {
			t.Errorf("%s's exclusions lack the peer's: %s", role, body)
		}
	}
}

func containsString(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}
