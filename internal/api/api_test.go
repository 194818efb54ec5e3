package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/api"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// world is two disjoint subtrees A and B with accounts for every role on A.
type world struct {
	s         *storetest.Services
	h         *api.Handler
	unitA     *org.Org
	branchA   *org.Org
	unitB     *org.Org
	branchB   *org.Org
	memberA   xuezuo.ID
	memberB   xuezuo.ID
	tokens    map[string]string // role name → bearer token
	campaignB xuezuo.ID
	meetingB  xuezuo.ID
	lectureB  xuezuo.ID // unit B's lecture for branch B, with a check-in window
	exclB     xuezuo.ID // a campaign-wide exclusion of memberB
	summaryB  xuezuo.ID // branch B's submitted summary on campaign B's topic
	forwardB  xuezuo.ID // branch B's reflection recommended to unit B
	bulletinB xuezuo.ID // unit B's published bulletin
	secretNm  []string  // names only subtree B holds
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldOn(t, storetest.OpenServices(t))
}

// newWorldOn builds the world on the services s.
func newWorldOn(t *testing.T, s *storetest.Services) *world {
	t.Helper()
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	w := &world{s: s, h: api.New(api.Deps{Services: s.Services}), tokens: map[string]string{}}
	w.unitA = storetest.MustCreateUnit(t, s, root.ID, "甲研究所党委")
	w.branchA = storetest.MustCreateOrg(t, s, w.unitA.ID, "甲生态党支部", org.KindBranch)
	w.unitB = storetest.MustCreateUnit(t, s, root.ID, "乙研究所党委机密")
	w.branchB = storetest.MustCreateOrg(t, s, w.unitB.ID, "乙支部机密", org.KindBranch)
	w.memberA = storetest.MustCreateMember(t, s, w.branchA.ID, "甲党员").ID
	w.memberB = storetest.MustCreateMember(t, s, w.branchB.ID, "乙秘密党员").ID
	w.secretNm = []string{"乙研究所党委机密", "乙支部机密", "乙秘密党员", "乙机密学习教育", "乙机密推荐理由", "乙机密开头语", "乙机密主讲人", "乙机密讲稿"}
	w.campaignB, w.meetingB = foreignCampaign(t, s, w.unitB.ID, w.branchB.ID)
	now := storetest.Clock.Now()
	lec, err := s.Meeting.Create(storetest.System(), meeting.Input{OrgID: w.unitB.ID, Kind: meeting.KindLecture, Title: "七一党课",
		HeldOn: xuezuo.DateOf(now), CheckinFrom: now.Add(-time.Hour), CheckinTo: now.Add(time.Hour),
		Lecture: meeting.LectureInput{Kind: meeting.LecturerExpert, Name: "乙机密主讲人", Material: "乙机密讲稿"}})
	if err != nil {
		t.Fatal(err)
	}
	w.lectureB = lec.ID
	ex, err := s.Meeting.Exclude(storetest.System(), meeting.Exclusion{CampaignID: w.campaignB, MemberID: w.memberB,
		Category: "long_abroad", DecidedOn: xuezuo.NewDate(2026, 1, 10)})
	if err != nil {
		t.Fatal(err)
	}
	w.exclB = ex.ID
	w.summaryB = foreignSummary(t, s, w.branchB.ID, w.campaignB)
	w.forwardB = foreignForward(t, s, w.branchB.ID, w.memberB, w.campaignB)
	w.bulletinB = foreignBulletin(t, s, w.unitB.ID, w.campaignB)
	roles := []struct {
		name string
		role xuezuo.Role
		org  xuezuo.ID
	}{
		{"org_admin", xuezuo.RoleOrgAdmin, w.unitA.ID},
		{"secretary", xuezuo.RoleSecretary, w.branchA.ID},
		{"member", xuezuo.RoleMember, w.branchA.ID},
		{"inspector", xuezuo.RoleInspector, w.unitA.ID},
		{"system_admin", xuezuo.RoleSystemAdmin, 0},
		{"security_admin", xuezuo.RoleSecurityAdmin, 0},
		{"auditor", xuezuo.RoleAuditor, 0},
	}
	for _, r := range roles {
		ctx := storetest.MustUser(t, s, strings.ReplaceAll(r.name, "_", "-"), r.role, r.org)
		if r.role == xuezuo.RoleMember {
			ctx = storetest.MustLinkMember(t, s, ctx, w.memberA)
		}
		raw, _, err := s.Account.CreateToken(ctx, xuezuo.ActorFrom(ctx).UserID, "test", time.Hour)
		if err != nil {
			t.Fatalf("token for %s: %v", r.name, err)
		}
		w.tokens[r.name] = raw
	}
	return w
}

// do sends a request with the role's token and returns status and body;
// checkExchange holds the request and the answer to openapi.json.
func (w *world) do(t *testing.T, role, method, path, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+w.tokens[role])
	}
	req.Header.Set("Content-Type", "application/json")
	header := req.Header.Clone()
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	checkExchange(t, method, path, body, header, rec)
	return rec.Code, rec.Body.String()
}

// TestScopeMatrix walks every route of the table with an id, for every role,
// using ids from the foreign subtree B: the answer is 404 (403 for roles that
// may never use the route) and never carries B's data.
func TestScopeMatrix(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	foreign := map[string]xuezuo.ID{"org": w.branchB.ID, "member": w.memberB, "campaign": w.campaignB, "meeting": w.meetingB,
		"exclusion": w.exclB, "summary": w.summaryB, "forward": w.forwardB,
		"bulletin": w.bulletinB}
	businessRoles := map[string]bool{"org_admin": true, "secretary": true, "member": true, "inspector": true}
	for _, rt := range w.h.Routes() {
		if strings.Contains(rt.Pattern, "{id}") && rt.IDKind == "" {
			t.Errorf("route %s has an {id} but no IDKind", rt.Pattern)
		}
		if rt.IDKind == "" {
			continue
		}
		method, path, _ := strings.Cut(rt.Pattern, " ")
		id, ok := foreign[rt.IDKind]
		if !ok {
			t.Fatalf("route %s: no foreign id of kind %q", rt.Pattern, rt.IDKind)
		}
		path = strings.Replace(path, "{id}", fmt.Sprint(id), 1)
		if strings.HasSuffix(path, "/progress") || strings.HasSuffix(path, "/exclusions") && method == http.MethodGet {
			path += fmt.Sprintf("?org=%d", w.branchB.ID)
		}
		body := ""
		if method != http.MethodGet {
			body = fmt.Sprintf(`{"parent_id":%d}`, w.unitA.ID)
			switch rt.IDKind {
			case "member":
				body = `{"name":"改名"}`
			case "meeting":
				body = fmt.Sprintf(`{"member_id":%d,"status":"present"}`, w.memberB)
			case "campaign":
				body = ""
				if method == http.MethodPatch {
					body = `{"qiyi_from":"06-01","qiyi_to":"06-30"}`
				}
				if strings.HasSuffix(path, "/exclusions") {
					body = fmt.Sprintf(`{"member_id":%d,"category":"old_or_ill","decided_on":"2026-02-01"}`, w.memberB)
				}
			case "exclusion", "forward":
				body = ""
			case "org":
				if method == http.MethodPatch {
					body = `{"name":"越权改名"}`
				}
			case "bulletin":
				body = ""
				if method == http.MethodPatch {
					body = `{"preface":"越权修改"}`
				}
			case "summary":
				body = ""
				switch {
				case method == http.MethodPatch:
					body = `{"views":"越权修改"}`
				case strings.HasSuffix(path, "/return"):
					body = `{"reason":"越权退回"}`
				}
			}

		}
		paths := []string{path}
		if rt.IDKind == "meeting" {
			// B's unit lecture to its branch too: A's roles are not in its
			// audience.
			paths = append(paths, strings.Replace(path, fmt.Sprint(id), fmt.Sprint(w.lectureB), 1))
		}
		for i, path := range paths {
			for role := range w.tokens {
				t.Run(fmt.Sprintf("%s/%s/%d", rt.Pattern, role, i), func(t *testing.T) {
					code, got := w.do(t, role, method, path, body)
					want := []int{http.StatusNotFound}
					if !businessRoles[role] {
						want = []int{http.StatusForbidden, http.StatusNotFound}
					}
					if !containsInt(want, code) {
						t.Errorf("got %d, want %v; body %s", code, want, got)
					}
					for _, secret := range w.secretNm {
						if strings.Contains(got, secret) {
							t.Errorf("response leaks %q: %s", secret, got)
						}
					}
				})
			}
		}
	}
	// B's exclusion survives every DELETE, and no new one was recorded.
	if list, err := w.s.Meeting.Exclusions(storetest.System(), w.campaignB, w.unitB.ID); err != nil || len(list) != 1 || list[0].ID != w.exclB {
		t.Errorf("foreign exclusions changed: %+v, %v", list, err)
	}
	// B's summary is still submitted, as written, after every step tried on it.
	if sm, err := w.s.Report.Get(storetest.System(), w.summaryB); err != nil || sm.State != "submitted" || sm.Views != "乙支部的观点" || len(sm.Versions) != 1 {
		t.Errorf("foreign summary changed: %+v, %v", sm, err)
	}
	// B's forward is still unadopted after every adopt tried on it.
	if f, err := w.s.Report.GetForward(storetest.System(), w.forwardB); err != nil || f.Adopted {
		t.Errorf("foreign forward changed: %+v, %v", f, err)
	}
	// B's campaign keeps its 七一 window after every PATCH tried on it.
	if c, err := w.s.Campaign.Get(storetest.System(), w.campaignB); err != nil || c.QiyiFrom != "06-15" || c.QiyiTo != "07-15" {
		t.Errorf("foreign campaign changed: %+v, %v", c, err)
	}
	// B's bulletin keeps its preface after every PATCH tried on it.
	if b, err := w.s.Bulletins.Bulletin(storetest.System(), w.bulletinB); err != nil || b.Preface != "乙机密开头语" {
		t.Errorf("foreign bulletin changed: %+v, %v", b, err)
	}
	if o, err := w.s.Org.Get(storetest.System(), w.branchB.ID); err != nil || o.Name != "乙支部机密" {
		t.Errorf("foreign org changed: %+v, %v", o, err)
	}
	// The foreign member must be unchanged after all those PATCHes.
	m, err := w.s.Member.Get(storetest.System(), w.memberB)
	if err != nil || m.Name != "乙秘密党员" {
		t.Fatalf("foreign member changed: %+v, %v", m, err)
	}
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func TestUnauthenticated(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, rt := range w.h.Routes() {
		if rt.Public {
			continue
		}
		method, path, _ := strings.Cut(rt.Pattern, " ")
		path = strings.Replace(path, "{id}", fmt.Sprint(w.branchA.ID), 1)
		code, body := w.do(t, "", method, path, "")
		if code != http.StatusUnauthorized || !strings.Contains(body, `"code":"unauthenticated"`) {
			t.Errorf("%s without token: got %d %s, want 401", rt.Pattern, code, body)
		}
	}
}

func decodeJSON[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return v
}

type apiErr struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// TestTokenLoginAndMembers: a token login, then members created and
// listed with phones in full or masked by role, on a store with phones in
// clear and on one with them encrypted at rest.
func TestTokenLoginAndMembers(t *testing.T) {
	t.Parallel()
	for name, open := range map[string]func(testing.TB) *storetest.Services{
		"clear": storetest.OpenServices, "encrypted": storetest.OpenServicesKeyed} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := newWorldOn(t, open(t))
			code, body := w.do(t, "", "POST", "/api/v1/auth/token", `{"username":"secretary","password":"`+storetest.Password+`"}`)
			if code != http.StatusOK {
				t.Fatalf("token: got %d %s", code, body)
			}
			tok := decodeJSON[struct{ Token string }](t, body).Token
			w.tokens["fresh"] = tok

			create := fmt.Sprintf(`{"org_id":%d,"name":"新党员","gender":"male","birth":"1990","join_date":"2012-07-01","full_date":"2013-07-01T10:00:00+08:00","category":"in_service","phone":"13900001111"}`, w.branchA.ID)
			code, body = w.do(t, "fresh", "POST", "/api/v1/members", create)
			if code != http.StatusCreated {
				t.Fatalf("create member: got %d %s", code, body)
			}
			m := decodeJSON[struct {
				ID            int64
				Birth         string
				BirthYearOnly bool `json:"birth_year_only"`
				Standing      string
			}](t, body)
			if m.Birth != "1990" || !m.BirthYearOnly || m.Standing != "full" {
				t.Errorf("created member: got %+v", m)
			}

			code, body = w.do(t, "fresh", "GET", fmt.Sprintf("/api/v1/members?org=%d&name=新", w.branchA.ID), "")
			page := decodeJSON[struct {
				Total int
				Items []struct{ Name, Phone string }
			}](t, body)
			if code != 200 || page.Total != 1 || page.Items[0].Name != "新党员" {
				t.Fatalf("list: got %d %+v", code, page)
			}
			if page.Items[0].Phone != "13900001111" {
				t.Errorf("secretary list phone: got %q, want the full number", page.Items[0].Phone)
			}
			_, body = w.do(t, "org_admin", "GET", fmt.Sprintf("/api/v1/members?org=%d&name=新", w.unitA.ID), "")
			if !strings.Contains(body, `"phone":"13900001111"`) {
				t.Errorf("organiser list should show phones in full: %s", body)
			}
			_, body = w.do(t, "inspector", "GET", fmt.Sprintf("/api/v1/members?org=%d&name=新", w.unitA.ID), "")
			if !strings.Contains(body, "139****1111") {
				t.Errorf("inspector list should mask phones: %s", body)
			}

			code, body = w.do(t, "fresh", "PATCH", fmt.Sprintf("/api/v1/members/%d", m.ID), `{"status":"abroad","status_since":"2026-03-01"}`)
			if code != 200 || !strings.Contains(body, `"status":"abroad"`) {
				t.Fatalf("patch: got %d %s", code, body)
			}
		})
	}
}

func TestValidationErrors(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	tests := []struct {
		name, body string
		status     int
		field      string
	}{
		{"malformed json", `{"name":`, 400, ""},
		{"unknown field", `{"nom":"x"}`, 422, "nom"},
		{"missing name", fmt.Sprintf(`{"org_id":%d,"gender":"male","birth":"1990-01-01","join_date":"2012-01-01","category":"in_service"}`, w.branchA.ID), 422, "name"},
		{"bad date", fmt.Sprintf(`{"org_id":%d,"name":"x","gender":"male","birth":"1990-01-01","join_date":"2012/01/01","category":"in_service"}`, w.branchA.ID), 422, "join_date"},
		{"too young", fmt.Sprintf(`{"org_id":%d,"name":"x","gender":"male","birth":"2000-01-01","join_date":"2012-01-01","category":"in_service"}`, w.branchA.ID), 422, "join_date"},
		{"member into a committee", fmt.Sprintf(`{"org_id":%d,"name":"x","gender":"male","birth":"1990-01-01","join_date":"2012-01-01","category":"in_service"}`, w.unitA.ID), 422, "org_id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := w.do(t, "org_admin", "POST", "/api/v1/members", tc.body)
			if code != tc.status {
				t.Fatalf("got %d %s, want %d", code, body, tc.status)
			}
			e := decodeJSON[apiErr](t, body)
			if e.Error.Message == "" || !hasHan(e.Error.Message) {
				t.Errorf("message not zh-CN: %q", e.Error.Message)
			}
			if tc.field != "" && e.Error.Fields[tc.field] == "" {
				t.Errorf("no error on field %q: %s", tc.field, body)
			}
		})
	}
	if n, _ := w.s.Member.List(storetest.System(), memberFilter(w.branchA.ID)); n.Total != 1 {
		t.Errorf("bad input changed data: %d members, want 1", n.Total)
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func TestOrgRoutes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	code, body := w.do(t, "org_admin", "POST", "/api/v1/orgs", fmt.Sprintf(`{"parent_id":%d,"name":"新党支部","kind":"branch"}`, w.unitA.ID))
	if code != http.StatusCreated {
		t.Fatalf("create org: %d %s", code, body)
	}
	id := decodeJSON[struct{ ID int64 }](t, body).ID
	code, body = w.do(t, "org_admin", "GET", fmt.Sprintf("/api/v1/orgs/%d/subtree", w.unitA.ID), "")
	if code != 200 || !strings.Contains(body, "新党支部") || !strings.Contains(body, "甲生态党支部") {
		t.Fatalf("subtree: %d %s", code, body)
	}
	code, body = w.do(t, "org_admin", "POST", fmt.Sprintf("/api/v1/orgs/%d/move", w.unitA.ID), fmt.Sprintf(`{"parent_id":%d}`, id))
	if code != http.StatusForbidden {
		t.Errorf("move own root: got %d %s, want 403", code, body)
	}
	code, body = w.do(t, "secretary", "POST", "/api/v1/orgs", fmt.Sprintf(`{"parent_id":%d,"name":"第一党小组","kind":"group"}`, w.branchA.ID))
	if code != http.StatusCreated {
		t.Errorf("secretary creates a group: got %d %s", code, body)
	}
	code, _ = w.do(t, "secretary", "POST", "/api/v1/orgs", fmt.Sprintf(`{"parent_id":%d,"name":"另一支部","kind":"branch"}`, w.unitA.ID))
	if code != http.StatusNotFound {
		t.Errorf("secretary creates a branch in the unit: got %d, want 404", code)
	}
	code, body = w.do(t, "secretary", "GET", "/api/v1/orgs", "")
	if code != 200 || strings.Contains(body, "甲研究所党委") || !strings.Contains(body, "甲生态党支部") {
		t.Errorf("secretary tops: got %d %s, want only the own branch", code, body)
	}
}

var _ = context.Background
