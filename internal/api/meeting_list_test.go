package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/storetest"
)

func TestMeetingList(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sys := storetest.System()
	for _, on := range []xuezuo.Date{xuezuo.NewDate(2026, 3, 1), xuezuo.NewDate(2026, 5, 1), xuezuo.NewDate(2026, 4, 1)} {
		if _, err := w.s.Meeting.Create(sys, meeting.Input{OrgID: w.branchA.ID, Kind: "theme_day", HeldOn: on}); err != nil {
			t.Fatal(err)
		}
	}
	type page struct {
		Total int `json:"total"`
		Items []struct {
			ID       int64  `json:"id"`
			OrgID    int64  `json:"org_id"`
			Kind     string `json:"kind"`
			HeldAt   string `json:"held_at"`
			Speakers []int64
		} `json:"items"`
	}
	path := fmt.Sprintf("/api/v1/meetings?org=%d", w.branchA.ID)
	code, body := w.do(t, "member", "GET", path+"&limit=2", "")
	if code != http.StatusOK {
		t.Fatalf("list: %d %s", code, body)
	}
	p := decodeJSON[page](t, body)
	if p.Total != 3 || len(p.Items) != 2 || p.Items[0].HeldAt != "2026-05-01T00:00:00+08:00" || p.Items[1].HeldAt != "2026-04-01T00:00:00+08:00" {
		t.Errorf("first page: %+v", p)
	}
	if p.Items[0].OrgID != w.branchA.ID || p.Items[0].Kind != "theme_day" || p.Items[0].Speakers == nil {
		t.Errorf("item shape: %+v", p.Items[0])
	}
	// The same shape as GET /meetings/{id}.
	_, one := w.do(t, "member", "GET", fmt.Sprintf("/api/v1/meetings/%d", p.Items[0].ID), "")
	if !strings.Contains(body, strings.TrimSuffix(strings.TrimSpace(one), "\n")) {
		t.Errorf("list item differs from GET by id:\n%s\n%s", body, one)
	}
	code, body = w.do(t, "secretary", "GET", path+"&offset=2&from=2026-01-01&to=2026-03-31", "")
	if p := decodeJSON[page](t, body); code != http.StatusOK || p.Total != 1 || len(p.Items) != 0 {
		t.Errorf("offset past the filtered total: %d %s", code, body)
	}
	cases := []struct {
		name, role, query string
		code              int
		field             string
	}{
		{"foreign org", "secretary", fmt.Sprintf("org=%d", w.branchB.ID), http.StatusNotFound, ""},
		{"admin role", "auditor", fmt.Sprintf("org=%d", w.branchA.ID), http.StatusForbidden, ""},
		{"no org", "secretary", "", http.StatusUnprocessableEntity, "org"},
		{"bad date", "secretary", fmt.Sprintf("org=%d&from=2026/01/01", w.branchA.ID), http.StatusUnprocessableEntity, "from"},
		{"bad kind", "secretary", fmt.Sprintf("org=%d&kind=party", w.branchA.ID), http.StatusUnprocessableEntity, "kind"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := w.do(t, tc.role, "GET", "/api/v1/meetings?"+tc.query, "")
			if code != tc.code {
				t.Fatalf("got %d %s, want %d", code, body, tc.code)
			}
			if tc.field != "" {
				if e := decodeJSON[apiErr](t, body); e.Error.Fields[tc.field] == "" {
					t.Errorf("no message for %s: %s", tc.field, body)
				}
			}
			for _, s := range w.secretNm {
				if strings.Contains(body, s) {
					t.Errorf("leaks %q", s)
				}
			}
		})
	}
}
