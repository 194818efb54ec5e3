package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// statusJSON is the status table answer.
type statusJSON struct {
	Total int `json:"total"`
	Items []struct {
		OrgID     xuezuo.ID `json:"org_id"`
		Name      string    `json:"name"`
		Expected  int       `json:"expected"`
		Submitted int       `json:"submitted"`
		Accepted  int       `json:"accepted"`
		Missing   int       `json:"missing"`
	} `json:"items"`
	Totals struct {
		OrgID     xuezuo.ID `json:"org_id"`
		Expected  int       `json:"expected"`
		Submitted int       `json:"submitted"`
		Missing   int       `json:"missing"`
	} `json:"totals"`
	DueOn string `json:"due_on"`
}

// TestSummaryStatusThroughAPI: the root's table by unit has a row per unit,
// however deep the units lie (here one sits under a region committee), by
// child a row per child; the rows add up to the totals; outside the
// actor's subtree the table is not found and carries no data.
func TestSummaryStatusThroughAPI(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sys := storetest.System()
	root := w.unitA.ParentID
	region := storetest.MustCreateOrg(t, w.s, root, "丙分院党委", org.KindCommittee)
	unitC := storetest.MustCreateUnit(t, w.s, region.ID, "丙研究所党委")
	storetest.MustCreateOrg(t, w.s, unitC.ID, "丙第一党支部", org.KindBranch)
	storetest.MustCreateOrg(t, w.s, unitC.ID, "丙第二党支部", org.KindBranch)
	c, err := w.s.Campaign.Create(sys, campaign.Input{OwnerOrgID: root, Title: "全院学习教育", Start: xuezuo.NewDate(2026, 1, 1),
		Topics: []campaign.TopicInput{{Title: "学党章", Deadline: xuezuo.NewDate(2026, 4, 30)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.Campaign.Publish(sys, c.ID); err != nil {
		t.Fatal(err)
	}
	topic := c.Topics[0].ID
	sm, err := w.s.Report.Create(sys, w.branchA.ID, topic)
	if err != nil {
		t.Fatal(err)
	}
	views := "观点"
	if _, err := w.s.Report.Edit(sys, sm.ID, report.Input{Views: &views}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.Report.Submit(sys, sm.ID); err != nil {
		t.Fatal(err)
	}
	ctx := storetest.MustUser(t, w.s, "root-admin", xuezuo.RoleOrgAdmin, root)
	raw, _, err := w.s.Account.CreateToken(ctx, xuezuo.ActorFrom(ctx).UserID, "test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	w.tokens["root_admin"] = raw

	get := func(role string, org xuezuo.ID, by string) (int, string) {
		return w.do(t, role, "GET", fmt.Sprintf("/api/v1/summaries/status?org=%d&topic=%d%s", org, topic, by), "")
	}
	cases := []struct {
		name, by string
		want     []string // org name: expected/submitted/missing
	}{
		{"by unit", "&by=unit", []string{"甲研究所党委:1/1/0", "乙研究所党委机密:1/0/1", "丙研究所党委:2/0/2"}},
		{"by child", "", []string{"甲研究所党委:1/1/0", "乙研究所党委机密:1/0/1", "丙分院党委:2/0/2"}},
	}
	for _, tc := range cases {
		code, body := get("root_admin", root, tc.by)
		if code != http.StatusOK {
			t.Fatalf("%s: %d %s", tc.name, code, body)
		}
		st := decodeJSON[statusJSON](t, body)
		var got []string
		for _, r := range st.Items {
			got = append(got, fmt.Sprintf("%s:%d/%d/%d", r.Name, r.Expected, r.Submitted, r.Missing))
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") || st.Total != len(tc.want) {
			t.Errorf("%s: rows %q, want %q", tc.name, got, tc.want)
		}
		if st.Totals.OrgID != root || st.Totals.Expected != 4 || st.Totals.Submitted != 1 || st.Totals.Missing != 3 || st.DueOn != "2026-05-15" {
			t.Errorf("%s: totals %+v due %s", tc.name, st.Totals, st.DueOn)
		}
	}
	// A unit's organiser reads the own unit, not the root nor another unit.
	if code, body := get("org_admin", w.unitA.ID, "&by=unit"); code != http.StatusOK || !strings.Contains(body, `"expected":1`) {
		t.Errorf("own unit: %d %s", code, body)
	}
	for _, role := range []string{"org_admin", "secretary", "member", "inspector"} {
		for _, org := range []xuezuo.ID{root, w.unitB.ID, w.branchB.ID} {
			code, body := get(role, org, "&by=unit")
			if code != http.StatusNotFound || strings.Contains(body, "乙") {
				t.Errorf("%s on org %d: %d %s, want 404 without data", role, org, code, body)
			}
		}
	}
	bad := []struct{ name, query, field string }{
		{"no topic", fmt.Sprintf("org=%d", root), "topic"},
		{"no org", fmt.Sprintf("topic=%d", topic), "org"},
		{"bad grouping", fmt.Sprintf("org=%d&topic=%d&by=branch", root, topic), "by"},
	}
	for _, tc := range bad {
		code, body := w.do(t, "root_admin", "GET", "/api/v1/summaries/status?"+tc.query, "")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"`+tc.field+`"`) {
			t.Errorf("%s: %d %s, want 422 on %s", tc.name, code, body, tc.field)
		}
	}
}
