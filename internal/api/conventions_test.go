package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// apiErrFields is the error body with its field messages.
type apiErrFields struct {
	Error struct {
		Code   string            `json:"code"`
		Fields map[string]string `json:"fields"`
	} `json:"error"`
}

// TestPagingBounds: limit outside 1…the route's maximum or offset above
// 1,000,000 is a 422 naming the parameter, never silently replaced.
func TestPagingBounds(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	members := fmt.Sprintf("/api/v1/members?org=%d", w.branchA.ID)
	meetings := fmt.Sprintf("/api/v1/meetings?org=%d", w.branchA.ID)
	cases := []struct {
		name, path, field string
		code              int
	}{
		{"members limit 0", members + "&limit=0", "limit", 422},
		{"members limit 201", members + "&limit=201", "limit", 422},
		{"members limit 200", members + "&limit=200", "", 200},
		{"members limit not a number", members + "&limit=ten", "limit", 422},
		{"meetings limit 101", meetings + "&limit=101", "limit", 422},
		{"meetings limit 100", meetings + "&limit=100", "", 200},
		{"offset too deep", meetings + "&offset=1000001", "offset", 422},
		{"offset negative", members + "&offset=-1", "offset", 422},
		{"offset at the bound", members + "&offset=1000000", "", 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := w.do(t, "org_admin", http.MethodGet, tc.path, "")
			if code != tc.code {
				t.Fatalf("got %d %s, want %d", code, body, tc.code)
			}
			if tc.field != "" {
				if e := decodeJSON[apiErrFields](t, body); e.Error.Code != "invalid" || e.Error.Fields[tc.field] == "" {
					t.Errorf("got %s, want a message on %s", body, tc.field)
				}
			}
		})
	}
}

// TestBodyOfAnotherType: a body declared as something other than JSON is a
// 415 and creates nothing.
func TestBodyOfAnotherType(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	body := fmt.Sprintf(`{"parent_id":%d,"name":"新支部","kind":"branch"}`, w.unitA.ID)
	req := httptest.NewRequest(http.MethodPost, "/api/v1/orgs", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+w.tokens["org_admin"])
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnsupportedMediaType || !strings.Contains(rec.Body.String(), "unsupported_media_type") {
		t.Fatalf("got %d %s, want 415", rec.Code, rec.Body.String())
	}
	code, kids := w.do(t, "org_admin", http.MethodGet, fmt.Sprintf("/api/v1/orgs/%d/children", w.unitA.ID), "")
	if code != http.StatusOK || strings.Contains(kids, "新支部") {
		t.Errorf("the refused body created something: %d %s", code, kids)
	}
}

// TestCreatedCarriesLocation: a 201 names the new resource, and a GET of
// that address answers it.
func TestCreatedCarriesLocation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	req := httptest.NewRequest(http.MethodPost, "/api/v1/orgs",
		strings.NewReader(fmt.Sprintf(`{"parent_id":%d,"name":"新建党支部","kind":"branch"}`, w.unitA.ID)))
	req.Header.Set("Authorization", "Bearer "+w.tokens["org_admin"])
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
	}
	loc := rec.Header().Get("Location")
	if !strings.HasPrefix(loc, "/api/v1/orgs/") {
		t.Fatalf("Location %q", loc)
	}
	if code, body := w.do(t, "org_admin", http.MethodGet, loc, ""); code != http.StatusOK || !strings.Contains(body, "新建党支部") {
		t.Errorf("GET %s: %d %s", loc, code, body)
	}
}

// TestWrongMethodAllows: a known path with another method is a 405 whose
// Allow lists the methods the route table has for it.
func TestWrongMethodAllows(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	req := httptest.NewRequest(http.MethodDelete, fmt.Sprintf("/api/v1/members/%d", w.memberA), nil)
	req.Header.Set("Authorization", "Bearer "+w.tokens["org_admin"])
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD, PATCH" {
		t.Errorf("got %d Allow %q, want 405 Allow \"GET, HEAD, PATCH\"", rec.Code, rec.Header().Get("Allow"))
	}
}
