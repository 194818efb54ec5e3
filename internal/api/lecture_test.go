package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"xuezuo"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// lectureJSON is what the meeting shapes say about a lecture.
type lectureJSON struct {
	ID               int64   `json:"id"`
	OrgID            int64   `json:"org_id"`
	Kind             string  `json:"kind"`
	Title            string  `json:"title"`
	LecturerKind     *string `json:"lecturer_kind"`
	LecturerMemberID *int64  `json:"lecturer_member_id"`
	LecturerName     string  `json:"lecturer_name"`
	LecturerTitle    string  `json:"lecturer_title"`
	Material         string  `json:"material"`
	AudienceOrgIDs   []int64 `json:"audience_org_ids"`
}

// TestLectureAPI: a unit's organiser records lectures through the API (the
// exchanges held to openapi.json), the shapes carry the lecturer, material
// and audience, other meetings carry null and empty ones, and the refusals
// name their fields.
func TestLectureAPI(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	branch2 := storetest.MustCreateOrg(t, w.s, w.unitA.ID, "甲第二党支部", org.KindBranch)
	create := func(role, body string) (int, string) {
		return w.do(t, role, "POST", "/api/v1/meetings", body)
	}
	code, body := create("org_admin", fmt.Sprintf(`{"org_id":%d,"kind":"lecture","title":"学党章 守规矩","held_at":"2026-06-10",
		"lecturer_kind":"expert","lecturer_name":"刘教授","lecturer_title":"中央党校教授","material":"一、党章的由来"}`, w.unitA.ID))
	if code != http.StatusCreated {
		t.Fatalf("create: %d %s", code, body)
	}
	var l lectureJSON
	if err := json.Unmarshal([]byte(body), &l); err != nil {
		t.Fatal(err)
	}
	if l.LecturerKind == nil || *l.LecturerKind != "expert" || l.LecturerMemberID != nil || l.LecturerName != "刘教授" ||
		l.LecturerTitle != "中央党校教授" || l.Material != "一、党章的由来" || l.Title != "学党章 守规矩" ||
		fmt.Sprint(l.AudienceOrgIDs) != fmt.Sprint([]int64{w.branchA.ID, branch2.ID}) {
		t.Errorf("created lecture: %s", body)
	}
	// A member lecturer, one branch as the audience; read back the same.
	code, body = create("org_admin", fmt.Sprintf(`{"org_id":%d,"kind":"lecture","held_at":"2026-06-11","lecturer_kind":"member",
		"lecturer_member_id":%d,"audience_org_ids":[%d]}`, w.unitA.ID, w.memberA, branch2.ID))
	if code != http.StatusCreated {
		t.Fatalf("create with a member: %d %s", code, body)
	}
	if err := json.Unmarshal([]byte(body), &l); err != nil {
		t.Fatal(err)
	}
	code, got := w.do(t, "org_admin", "GET", fmt.Sprintf("/api/v1/meetings/%d", l.ID), "")
	var back lectureJSON
	if err := json.Unmarshal([]byte(got), &back); err != nil || code != http.StatusOK {
		t.Fatalf("get: %d %s", code, got)
	}
	if back.LecturerMemberID == nil || *back.LecturerMemberID != w.memberA || back.LecturerName != "甲党员" ||
		fmt.Sprint(back.AudienceOrgIDs) != fmt.Sprint([]int64{branch2.ID}) {
		t.Errorf("lecture read back: %s", got)
	}
	// Another meeting: no lecture.
	code, body = create("secretary", fmt.Sprintf(`{"org_id":%d,"kind":"theme_day","held_at":"2026-06-12"}`, w.branchA.ID))
	var other lectureJSON
	if err := json.Unmarshal([]byte(body), &other); err != nil || code != http.StatusCreated || other.LecturerKind != nil ||
		other.LecturerMemberID != nil || other.AudienceOrgIDs == nil || len(other.AudienceOrgIDs) != 0 {
		t.Errorf("theme day: %d %s", code, body)
	}
	cases := []struct {
		name, role, body string
		code             int
		field            string
	}{
		{"kind required", "org_admin", fmt.Sprintf(`{"org_id":%d,"kind":"lecture","held_at":"2026-06-10","lecturer_name":"刘教授"}`, w.unitA.ID),
			http.StatusUnprocessableEntity, "lecturer_kind"},
		{"member or name", "org_admin", fmt.Sprintf(`{"org_id":%d,"kind":"lecture","held_at":"2026-06-10","lecturer_kind":"case"}`, w.unitA.ID),
			http.StatusUnprocessableEntity, "lecturer_member_id"},
		{"audience under the unit", "org_admin", fmt.Sprintf(`{"org_id":%d,"kind":"lecture","held_at":"2026-06-10","lecturer_kind":"case",
			"lecturer_name":"现场教学","audience_org_ids":[%d]}`, w.unitA.ID, w.branchB.ID), http.StatusUnprocessableEntity, "audience_org_ids"},
		{"a foreign unit", "org_admin", fmt.Sprintf(`{"org_id":%d,"kind":"lecture","held_at":"2026-06-10","lecturer_kind":"case",
			"lecturer_name":"现场教学"}`, w.unitB.ID), http.StatusNotFound, ""},
		{"a secretary lecture by a member without the post", "org_admin", fmt.Sprintf(`{"org_id":%d,"kind":"lecture","held_at":"2026-06-10",
			"lecturer_kind":"secretary","lecturer_member_id":%d}`, w.branchA.ID, w.memberA), http.StatusUnprocessableEntity, "lecturer_member_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := create(tc.role, tc.body)
			if code != tc.code {
				t.Fatalf("got %d %s, want %d", code, body, tc.code)
			}
			if tc.field != "" && fieldOf(t, body, tc.field) == "" {
				t.Errorf("no message on %s: %s", tc.field, body)
			}
		})
	}
}

// TestCampaignQiyiAPI: a campaign's 七一 window is set when it is created,
// read back, changed with PATCH, and a bad month-day names its field.
func TestCampaignQiyiAPI(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	code, body := w.do(t, "org_admin", "POST", "/api/v1/campaigns", fmt.Sprintf(`{"owner_org_id":%d,"title":"学习教育","start":"2026-01-01",
		"qiyi_from":"06-20","qiyi_to":"07-10"}`, w.unitA.ID))
	var c struct {
		ID       int64  `json:"id"`
		QiyiFrom string `json:"qiyi_from"`
		QiyiTo   string `json:"qiyi_to"`
	}
	if err := json.Unmarshal([]byte(body), &c); err != nil || code != http.StatusCreated || c.QiyiFrom != "06-20" || c.QiyiTo != "07-10" {
		t.Fatalf("create: %d %s", code, body)
	}
	if _, err := w.s.Campaign.Publish(storetest.System(), xuezuo.ID(c.ID)); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/campaigns/%d", c.ID)
	code, body = w.do(t, "org_admin", "PATCH", path, `{"qiyi_to":"07-31"}`)
	if err := json.Unmarshal([]byte(body), &c); err != nil || code != http.StatusOK || c.QiyiFrom != "06-20" || c.QiyiTo != "07-31" {
		t.Errorf("patch: %d %s", code, body)
	}
	for _, tc := range []struct {
		name, role, body string
		code             int
		field            string
	}{
		{"not a month-day", "org_admin", `{"qiyi_from":"6月15日"}`, http.StatusUnprocessableEntity, "qiyi_from"},
		{"ends before it starts", "org_admin", `{"qiyi_from":"07-01","qiyi_to":"06-30"}`, http.StatusUnprocessableEntity, "qiyi_to"},
		{"a secretary reads but may not change it", "secretary", `{"qiyi_from":"06-01"}`, http.StatusForbidden, ""},
		{"unknown field", "org_admin", `{"title":"改名"}`, http.StatusUnprocessableEntity, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := w.do(t, tc.role, "PATCH", path, tc.body)
			if code != tc.code {
				t.Fatalf("got %d %s, want %d", code, body, tc.code)
			}
			if tc.field != "" && fieldOf(t, body, tc.field) == "" {
				t.Errorf("no message on %s: %s", tc.field, body)
			}
		})
	}
	// Defaults when the window is left out.
	code, body = w.do(t, "org_admin", "POST", "/api/v1/campaigns", fmt.Sprintf(`{"owner_org_id":%d,"title":"另一项","start":"2026-01-01"}`, w.unitA.ID))
	if err := json.Unmarshal([]byte(body), &c); err != nil || code != http.StatusCreated || c.QiyiFrom != "06-15" || c.QiyiTo != "07-15" {
		t.Errorf("default window: %d %s", code, body)
	}
}

// fieldOf returns the message an error body holds for field.
func fieldOf(t *testing.T, body, field string) string {
	t.Helper()
	var e struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body %s: %v", body, err)
	}
	return e.Error.Fields[field]
}
