package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/storetest"
)

// summaryJSON is the part of a summary answer the tests read.
type summaryJSON struct {
	ID      xuezuo.ID `json:"id"`
	State   string    `json:"state"`
	Version int       `json:"version"`
	Basics  struct {
		HeldOn   *string `json:"held_on"`
		Place    string  `json:"place"`
		Expected int     `json:"expected"`
		Present  int     `json:"present"`
		Leave    int     `json:"leave"`
	} `json:"basics"`
	Views       string  `json:"views"`
	DueOn       string  `json:"due_on"`
	SubmittedAt *string `json:"submitted_at"`
	Late        bool    `json:"late"`
	Reason      string  `json:"reason"`
	Versions    []struct {
		Version     int    `json:"version"`
		SubmittedAt string `json:"submitted_at"`
		State       string `json:"state"`
	} `json:"versions"`
}

// TestSummaryFlowThroughAPI walks issue 13's fixed shapes: draft with the
// basics prefilled, edit, submit (late: the fixture's day is after the due
// date), return with a reason, edit, resubmit, accept, and the list; every
// exchange is held to openapi.json by do.
func TestSummaryFlowThroughAPI(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := storetest.System()
	c, err := w.s.Campaign.Create(ctx, campaign.Input{OwnerOrgID: w.unitA.ID, Title: "两学一做", Start: xuezuo.NewDate(2026, 1, 1),
		Topics: []campaign.TopicInput{{Title: "学党章", Deadline: xuezuo.NewDate(2026, 4, 30)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.Campaign.Publish(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	topic := c.Topics[0].ID
	leaver := storetest.MustCreateMember(t, w.s, w.branchA.ID, "甲请假党员").ID
	m, err := w.s.Meeting.Create(ctx, meeting.Input{OrgID: w.branchA.ID, Kind: "topic_study", TopicID: topic,
		HeldOn: xuezuo.NewDate(2026, 4, 20), Place: "报告厅"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []meeting.Entry{{MemberID: w.memberA, Status: meeting.Present}, {MemberID: leaver, Status: meeting.Leave, Reason: "illness"}} {
		if err := w.s.Meeting.Record(ctx, m.ID, e); err != nil {
			t.Fatal(err)
		}
	}

	create := fmt.Sprintf(`{"org_id":%d,"topic_id":%d}`, w.branchA.ID, topic)
	code, body := w.do(t, "secretary", "POST", "/api/v1/summaries", create)
	id := created(t, "summary", code, body)
	sm := decodeJSON[summaryJSON](t, body)
	if sm.State != "draft" || sm.Version != 0 || sm.Basics.HeldOn == nil || *sm.Basics.HeldOn != "2026-04-20" || sm.Basics.Place != "报告厅" ||
		sm.Basics.Expected != 2 || sm.Basics.Present != 1 || sm.Basics.Leave != 1 || sm.DueOn != "2026-05-15" || sm.SubmittedAt != nil || len(sm.Versions) != 0 {
		t.Errorf("new draft: %s", body)
	}
	path := fmt.Sprintf("/api/v1/summaries/%d", id)
	steps := []struct {
		name, role, method, path, body string
		code                           int
		check                          func(summaryJSON) bool
	}{
		{"second draft", "secretary", "POST", "/api/v1/summaries", create, http.StatusConflict, nil},
		{"unknown field", "secretary", "PATCH", path, `{"view":"笔误"}`, http.StatusUnprocessableEntity, nil},
		{"submit without views", "secretary", "POST", path + "/submit", "", http.StatusUnprocessableEntity, nil},
		{"edit", "secretary", "PATCH", path, `{"views":"观点一"}`, http.StatusOK, func(s summaryJSON) bool { return s.Views == "观点一" }},
		{"accept a draft", "org_admin", "POST", path + "/accept", "", http.StatusConflict, nil},
		{"submit", "secretary", "POST", path + "/submit", "", http.StatusOK, func(s summaryJSON) bool {
			return s.State == "submitted" && s.Version == 1 && s.Late && s.SubmittedAt != nil && strings.HasSuffix(*s.SubmittedAt, "+08:00")
		}},
		{"edit submitted", "secretary", "PATCH", path, `{"views":"改"}`, http.StatusConflict, nil},
		{"own secretary accepts", "secretary", "POST", path + "/accept", "", http.StatusForbidden, nil},
		{"inspector returns", "inspector", "POST", path + "/return", `{"reason":"不行"}`, http.StatusForbidden, nil},
		{"return without reason", "org_admin", "POST", path + "/return", `{"reason":""}`, http.StatusUnprocessableEntity, nil},
		{"return", "org_admin", "POST", path + "/return", `{"reason":"请联系实际"}`, http.StatusOK, func(s summaryJSON) bool {
			return s.State == "returned" && s.Reason == "请联系实际"
		}},
		{"edit returned", "secretary", "PATCH", path, `{"views":"观点二","basics_note":"补学 1 人"}`, http.StatusOK, nil},
		{"resubmit", "secretary", "POST", path + "/submit", "", http.StatusOK, func(s summaryJSON) bool {
			return s.Version == 2 && s.Late && len(s.Versions) == 2 && s.Versions[0].State == "returned" && s.Versions[1].State == "submitted"
		}},
		{"accept", "org_admin", "POST", path + "/accept", "", http.StatusOK, func(s summaryJSON) bool {
			return s.State == "accepted" && s.Versions[1].State == "accepted" && s.Reason == "请联系实际"
		}},
		{"accept twice", "org_admin", "POST", path + "/accept", "", http.StatusConflict, nil},
		{"member reads", "member", "GET", path, "", http.StatusNotFound, nil},
		{"read", "inspector", "GET", path, "", http.StatusOK, func(s summaryJSON) bool {
			return s.Views == "观点二" && len(s.Versions) == 2 && s.Versions[0].Version == 1
		}},
	}
	for _, st := range steps {
		code, body := w.do(t, st.role, st.method, st.path, st.body)
		if code != st.code {
			t.Fatalf("%s: got %d, want %d; %s", st.name, code, st.code, body)
		}
		if st.check != nil && !st.check(decodeJSON[summaryJSON](t, body)) {
			t.Errorf("%s: unexpected answer %s", st.name, body)
		}
	}
	lists := []struct {
		name, role, query string
		code, total       int
	}{
		{"accepted under the unit", "org_admin", fmt.Sprintf("org=%d&topic=%d&state=accepted", w.unitA.ID, topic), http.StatusOK, 1},
		{"none returned", "inspector", fmt.Sprintf("org=%d&state=returned", w.unitA.ID), http.StatusOK, 0},
		{"bad state", "org_admin", fmt.Sprintf("org=%d&state=done", w.unitA.ID), http.StatusUnprocessableEntity, 0},
		{"no org", "org_admin", "", http.StatusUnprocessableEntity, 0},
		{"member", "member", fmt.Sprintf("org=%d", w.branchA.ID), http.StatusNotFound, 0},
		{"foreign org", "org_admin", fmt.Sprintf("org=%d", w.branchB.ID), http.StatusNotFound, 0},
	}
	for _, l := range lists {
		code, body := w.do(t, l.role, "GET", "/api/v1/summaries?"+l.query, "")
		if code != l.code {
			t.Errorf("%s: got %d, want %d; %s", l.name, code, l.code, body)
			continue
		}
		if code == http.StatusOK {
			if page := decodeJSON[struct {
				Total int           `json:"total"`
				Items []summaryJSON `json:"items"`
			}](t, body); page.Total != l.total || len(page.Items) != l.total {
				t.Errorf("%s: got %s, want %d items", l.name, body, l.total)
			}
		}
		for _, secret := range w.secretNm {
			if strings.Contains(body, secret) {
				t.Errorf("%s leaks %q", l.name, secret)
			}
		}
	}
}
