package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/store/storetest"
)

// TestBulletinFlowThroughAPI: the unit's organiser names its issuing organ
// and 机关代字 on the org, creates a bulletin, edits its preface, publishes
// it and downloads it in three formats; the member reads it once
// published; an edit after publishing is 409. Every exchange is held to
// openapi.json by do.
func TestBulletinFlowThroughAPI(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c, err := w.s.Campaign.Create(storetest.System(), campaign.Input{OwnerOrgID: w.unitA.ID, Title: "两学一做", Start: xuezuo.NewDate(2026, 1, 1),
		Topics: []campaign.TopicInput{{Title: "学党章", Deadline: xuezuo.NewDate(2026, 4, 30)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.Campaign.Publish(storetest.System(), c.ID); err != nil {
		t.Fatal(err)
	}
	code, body := w.do(t, "org_admin", http.MethodPatch, fmt.Sprintf("/api/v1/orgs/%d", w.unitA.ID),
		`{"issuer_name":"中共甲研究所委员会","doc_code":"甲所党通"}`)
	if code != http.StatusOK || !strings.Contains(body, `"doc_code":"甲所党通"`) {
		t.Fatalf("patch org: %d %s", code, body)
	}
	if code, body := w.do(t, "org_admin", http.MethodPatch, fmt.Sprintf("/api/v1/orgs/%d", w.unitA.ID), `{"doc_code":"甲〔2016〕"}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"doc_code"`) {
		t.Errorf("bad doc code: %d %s", code, body)
	}
	code, body = w.do(t, "org_admin", http.MethodPost, "/api/v1/bulletins",
		fmt.Sprintf(`{"org_id":%d,"campaign_id":%d,"from":"2026-04-01","to":"2026-06-30","preface":"开头"}`, w.unitA.ID, c.ID))
	if code != http.StatusCreated {
		t.Fatalf("create: %d %s", code, body)
	}
	type row struct {
		OrgID xuezuo.ID `json:"org_id"`
		Name  string    `json:"name"`
	}
	b := decodeJSON[struct {
		ID     xuezuo.ID `json:"id"`
		State  string    `json:"state"`
		Number int       `json:"number"`
		DocNo  string    `json:"doc_no"`
		Rows   []row     `json:"rows"`
	}](t, body)
	if b.State != "draft" || b.Number != 1 || b.DocNo != "甲所党通〔2026〕1号" || len(b.Rows) != 1 || b.Rows[0].Name != "甲生态党支部" {
		t.Errorf("created %+v", b)
	}
	path := fmt.Sprintf("/api/v1/bulletins/%d", b.ID)
	if code, _ := w.do(t, "member", http.MethodGet, path, ""); code != http.StatusNotFound {
		t.Errorf("member reads the draft: %d", code)
	}
	if code, body := w.do(t, "org_admin", http.MethodPatch, path, `{"closing":"结束"}`); code != http.StatusOK || !strings.Contains(body, `"closing":"结束"`) {
		t.Errorf("patch: %d %s", code, body)
	}
	if code, body := w.do(t, "inspector", http.MethodPost, path+"/publish", ""); code != http.StatusForbidden {
		t.Errorf("inspector publishes: %d %s", code, body)
	}
	if code, body := w.do(t, "org_admin", http.MethodPost, path+"/publish", ""); code != http.StatusOK || !strings.Contains(body, `"state":"published"`) {
		t.Fatalf("publish: %d %s", code, body)
	}
	if code, _ := w.do(t, "org_admin", http.MethodPatch, path, `{"closing":"再改"}`); code != http.StatusConflict {
		t.Errorf("patch after publish: %d, want 409", code)
	}
	if code, body := w.do(t, "member", http.MethodGet, path, ""); code != http.StatusOK || !strings.Contains(body, "甲生态党支部") {
		t.Errorf("member reads the published bulletin: %d %s", code, body)
	}
	code, body = w.do(t, "member", http.MethodGet, fmt.Sprintf("/api/v1/bulletins?org=%d&state=published", w.unitA.ID), "")
	if code != http.StatusOK || !strings.Contains(body, `"total":1`) {
		t.Errorf("member's list: %d %s", code, body)
	}
	for _, tc := range []struct{ ext, magic string }{{"docx", "PK"}, {"xlsx", "PK"}, {"pdf", "%PDF"}} {
		code, body := w.do(t, "member", http.MethodGet, path+"/document."+tc.ext, "")
		if code != http.StatusOK || !strings.HasPrefix(body, tc.magic) {
			t.Errorf("%s: %d %q", tc.ext, code, body[:min(len(body), 40)])
		}
	}
}
