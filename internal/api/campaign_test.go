package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// created decodes the id of a 201 answer.
func created(t *testing.T, what string, code int, body string) xuezuo.ID {
	t.Helper()
	if code != http.StatusCreated {
		t.Fatalf("%s: %d %s", what, code, body)
	}
	var j struct {
		ID xuezuo.ID `json:"id"`
	}
	if err := json.Unmarshal([]byte(body), &j); err != nil || j.ID == 0 {
		t.Fatalf("%s: no id in %s (%v)", what, body, err)
	}
	return j.ID
}

// TestCampaignFlowThroughAPI walks the fixed shapes of issue 4: create and
// publish a campaign, hold meetings (one stored in UTC on the deadline day
// in Beijing, one a day late), record attendance with every answer the
// issue names, write a reflection, and read progress and search.
func TestCampaignFlowThroughAPI(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	second := storetest.MustCreateMember(t, w.s, w.branchA.ID, "甲党员二").ID
	code, body := w.do(t, "org_admin", "POST", "/api/v1/campaigns", fmt.Sprintf(`{"owner_org_id":%d,"title":"两学一做",
		"start":"2016-02-01","topics":[{"no":1,"title":"学党章","deadline":"2016-04-30"},{"no":2,"title":"学党规","deadline":"2016-06-30T00:00:00+08:00"}]}`, w.unitA.ID))
	cid := created(t, "campaign", code, body)
	if code, body = w.do(t, "org_admin", "POST", fmt.Sprintf("/api/v1/campaigns/%d/publish", cid), ""); code != http.StatusOK {
		t.Fatalf("publish: %d %s", code, body)
	}
	var c struct {
		Topics []struct {
			ID       xuezuo.ID `json:"id"`
			Deadline string    `json:"deadline"`
		} `json:"topics"`
	}
	code, body = w.do(t, "secretary", "GET", fmt.Sprintf("/api/v1/campaigns/%d", cid), "")
	if err := json.Unmarshal([]byte(body), &c); code != http.StatusOK || err != nil || len(c.Topics) != 2 {
		t.Fatalf("get campaign: %d %s", code, body)
	}
	// A deadline is a calendar date (judged in Beijing), so it stays one.
	if c.Topics[0].Deadline != "2016-04-30" || c.Topics[1].Deadline != "2016-06-30" {
		t.Errorf("deadlines: %+v", c.Topics)
	}
	code, body = w.do(t, "secretary", "GET", "/api/v1/campaigns", "")
	if code != http.StatusOK || !strings.Contains(body, `"items":[{"id":`+fmt.Sprint(cid)) || strings.Contains(body, "乙机密") {
		t.Errorf("list: %d %s", code, body)
	}

	// 2016-04-30T16:30:00Z is 05-01 00:30 in Beijing: late. 15:59:59Z is
	// still 04-30 in Beijing: on time.
	meetingAt := func(at string) xuezuo.ID {
		t.Helper()
		code, body := w.do(t, "secretary", "POST", "/api/v1/meetings", fmt.Sprintf(
			`{"org_id":%d,"kind":"topic_study","title":"专题一","topic_id":%d,"held_at":%q}`, w.branchA.ID, c.Topics[0].ID, at))
		return created(t, "meeting at "+at, code, body)
	}
	onTime := func() int {
		t.Helper()
		var p struct {
			Items []struct {
				OrgID       xuezuo.ID `json:"org_id"`
				TopicOnTime []int     `json:"topic_on_time"`
				Present     int       `json:"attendance_present"`
				Expected    int       `json:"attendance_expected"`
				Rate        float64   `json:"attendance_rate"`
				Reflections int       `json:"reflections"`
			} `json:"items"`
		}
		code, body := w.do(t, "org_admin", "GET", fmt.Sprintf("/api/v1/campaigns/%d/progress?org=%d&by=branch", cid, w.unitA.ID), "")
		if err := json.Unmarshal([]byte(body), &p); code != http.StatusOK || err != nil || len(p.Items) != 1 || len(p.Items[0].TopicOnTime) != 2 {
			t.Fatalf("progress: %d %s", code, body)
		}
		return p.Items[0].TopicOnTime[0]
	}
	late := meetingAt("2016-04-30T16:30:00Z")
	code, body = w.do(t, "secretary", "GET", fmt.Sprintf("/api/v1/meetings/%d", late), "")
	if code != http.StatusOK || !strings.Contains(body, `"held_at":"2016-05-01T00:00:00+08:00"`) {
		t.Errorf("late meeting: %d %s", code, body)
	}
	if n := onTime(); n != 0 {
		t.Errorf("a meeting on 05-01 Beijing time counted on time: %d", n)
	}
	m := meetingAt("2016-04-30T15:59:59Z")
	if n := onTime(); n != 1 {
		t.Errorf("a meeting on 04-30 Beijing time (stored in UTC) is not on time: %d", n)
	}

	// Attendance: 201, 409 for a second row, 404 for a member out of scope,
	// 422 for a member not expected unless recorded as a guest.
	otherBranch := storetest.MustCreateOrg(t, w.s, w.unitA.ID, "甲系统党支部", org.KindBranch)
	visitor := storetest.MustCreateMember(t, w.s, otherBranch.ID, "甲系统党员").ID
	tests := []struct {
		name, role, body, want string
		code                   int
	}{
		{"present", "secretary", fmt.Sprintf(`{"member_id":%d,"status":"present"}`, w.memberA), "", http.StatusCreated},
		{"second row", "secretary", fmt.Sprintf(`{"member_id":%d,"status":"absent"}`, w.memberA), "", http.StatusConflict},
		{"out of scope", "secretary", fmt.Sprintf(`{"member_id":%d,"status":"present"}`, w.memberB), "", http.StatusNotFound},
		{"exclusion needs a category", "secretary", fmt.Sprintf(`{"member_id":%d,"status":"excluded","reason":"忙"}`, second), "类别", http.StatusUnprocessableEntity},
		{"not expected", "org_admin", fmt.Sprintf(`{"member_id":%d,"status":"present"}`, visitor), "不是", http.StatusUnprocessableEntity},
		{"guest", "org_admin", fmt.Sprintf(`{"member_id":%d,"status":"present","guest":true}`, visitor), "", http.StatusCreated},
		{"excluded long abroad", "secretary", fmt.Sprintf(`{"member_id":%d,"status":"excluded","reason":"long_abroad"}`, second), "", http.StatusCreated},
	}
	for _, tc := range tests {
		code, body := w.do(t, tc.role, "POST", fmt.Sprintf("/api/v1/meetings/%d/attendance", m), tc.body)
		if code != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s; want %d", tc.name, code, body, tc.code)
		}
	}
	code, body = w.do(t, "secretary", "GET", fmt.Sprintf("/api/v1/meetings/%d", m), "")
	if code != http.StatusOK || !strings.Contains(body, `"present":1`) || !strings.Contains(body, `"excluded":1`) ||
		!strings.Contains(body, `"guests":1`) {
		t.Errorf("meeting counts: %d %s", code, body)
	}

	// A campaign-wide exclusion: recorded, listed, counted, withdrawn.
	code, body = w.do(t, "secretary", "POST", fmt.Sprintf("/api/v1/campaigns/%d/exclusions", cid),
		fmt.Sprintf(`{"member_id":%d,"category":"long_abroad","reason":"公派访学","decided_on":"2016-03-01"}`, second))
	ex := created(t, "exclusion", code, body)
	code, body = w.do(t, "secretary", "POST", fmt.Sprintf("/api/v1/campaigns/%d/exclusions", cid),
		fmt.Sprintf(`{"member_id":%d,"category":"holiday","decided_on":"2016-03-01"}`, w.memberA))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"category"`) {
		t.Errorf("bad category: %d %s", code, body)
	}
	code, body = w.do(t, "inspector", "GET", fmt.Sprintf("/api/v1/campaigns/%d/exclusions?org=%d", cid, w.branchA.ID), "")
	if code != http.StatusOK || !strings.Contains(body, `"member_name":"甲党员二","category":"long_abroad"`) {
		t.Errorf("exclusion list: %d %s", code, body)
	}
	// A peer's exclusion is private: the member of the branch lists none.
	code, body = w.do(t, "member", "GET", fmt.Sprintf("/api/v1/campaigns/%d/exclusions?org=%d", cid, w.branchA.ID), "")
	if code != http.StatusOK || !strings.Contains(body, `{"total":0,"items":[]}`) {
		t.Errorf("exclusion list as a member: %d %s", code, body)
	}
	if code, body = w.do(t, "member", "DELETE", fmt.Sprintf("/api/v1/exclusions/%d", ex), ""); code != http.StatusForbidden && code != http.StatusNotFound {
		t.Errorf("a member withdrew an exclusion: %d %s", code, body)
	}
	if code, body = w.do(t, "secretary", "DELETE", fmt.Sprintf("/api/v1/exclusions/%d", ex), ""); code != http.StatusNoContent {
		t.Errorf("withdraw: %d %s", code, body)
	}
	if code, _ = w.do(t, "secretary", "DELETE", fmt.Sprintf("/api/v1/exclusions/%d", ex), ""); code != http.StatusNotFound {
		t.Errorf("withdraw twice: %d", code)
	}

	// The member writes a reflection and finds it by a 2-character word.
	code, body = w.do(t, "member", "POST", "/api/v1/reflections", fmt.Sprintf(`{"topic_id":%d,"title":"体会","body":"逐条学习党章，对照检查。"}`, c.Topics[0].ID))
	created(t, "reflection", code, body)
	code, body = w.do(t, "secretary", "GET", fmt.Sprintf("/api/v1/reflections?org=%d&topic=%d&q=党章", w.branchA.ID, c.Topics[0].ID), "")
	if code != http.StatusOK || !strings.HasPrefix(body, `{"total":1,"items":[{"id":`) || !strings.Contains(body, `"submitted_at":"2026-06-15T10:00:00+08:00"`) {
		t.Errorf("search: %d %s", code, body)
	}
	code, body = w.do(t, "secretary", "GET", fmt.Sprintf("/api/v1/reflections?org=%d&q=党规", w.branchA.ID), "")
	if code != http.StatusOK || !strings.HasPrefix(body, `{"total":0,"items":[]`) {
		t.Errorf("search with no match: %d %s", code, body)
	}
}
