package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/reflection"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// forwardJSON is a forward answer as issue 13 fixes it.
type forwardJSON struct {
	ID        xuezuo.ID `json:"id"`
	Kind      string    `json:"kind"`
	ItemID    xuezuo.ID `json:"item_id"`
	FromOrgID xuezuo.ID `json:"from_org_id"`
	ToOrgID   xuezuo.ID `json:"to_org_id"`
	Quarter   string    `json:"quarter"`
	Adopted   bool      `json:"adopted"`
	Chain     []struct {
		OrgID    xuezuo.ID `json:"org_id"`
		ByUserID xuezuo.ID `json:"by_user_id"`
		At       string    `json:"at"`
		Note     string    `json:"note"`
	} `json:"chain"`
}

// TestForwardFlowThroughAPI: the secretary recommends a reflection to the
// unit, the unit's organiser sends it on to the root and adopts the first
// hop; duplicates, unknown kinds, bad quarters and foreign items are refused.
// Every exchange is held to openapi.json by do.
func TestForwardFlowThroughAPI(t *testing.T) {
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
	author := storetest.MustCreateMember(t, w.s, w.branchA.ID, "甲作者")
	actx := storetest.MustLinkMember(t, w.s, storetest.MustUser(t, w.s, "a-author", xuezuo.RoleMember, w.branchA.ID), author.ID)
	r, err := w.s.Reflection.Submit(actx, reflection.Input{TopicID: c.Topics[0].ID, Title: "心得", Body: "正文"})
	if err != nil {
		t.Fatal(err)
	}

	code, body := w.do(t, "secretary", "POST", "/api/v1/forwards", fmt.Sprintf(`{"kind":"reflection","item_id":%d,"note":"真情实感"}`, r.ID))
	id1 := created(t, "forward", code, body)
	f1 := decodeJSON[forwardJSON](t, body)
	quarter := f1.Quarter // the quarter of the services' clock
	if at, err := time.Parse(time.RFC3339, f1.Chain[0].At); err != nil || report.QuarterOf(at) != quarter {
		t.Errorf("quarter %s of a forward at %s: %v", quarter, f1.Chain[0].At, err)
	}
	if f1.Kind != "reflection" || f1.ItemID != r.ID || f1.FromOrgID != w.branchA.ID || f1.ToOrgID != w.unitA.ID || f1.Quarter != quarter ||
		f1.Adopted || len(f1.Chain) != 1 || f1.Chain[0].Note != "真情实感" || !strings.HasSuffix(f1.Chain[0].At, "+08:00") {
		t.Errorf("first hop: %s", body)
	}
	code, body = w.do(t, "org_admin", "POST", "/api/v1/forwards", fmt.Sprintf(`{"kind":"forward","item_id":%d,"note":"本所推荐"}`, id1))
	id2 := created(t, "forward up", code, body)
	f2 := decodeJSON[forwardJSON](t, body)
	if f2.FromOrgID != w.unitA.ID || len(f2.Chain) != 2 || f2.Chain[0].OrgID != w.branchA.ID || f2.Chain[1].OrgID != w.unitA.ID ||
		f2.Chain[1].Note != "本所推荐" {
		t.Errorf("second hop: %s", body)
	}
	steps := []struct {
		name, role, method, path, body string
		code                           int
		want                           string
	}{
		{"inbox of the unit", "org_admin", "GET", fmt.Sprintf("/api/v1/forwards?org=%d&quarter=%s", w.unitA.ID, quarter), "", 200, `"total":1`},
		{"inbox by kind", "org_admin", "GET", fmt.Sprintf("/api/v1/forwards?org=%d&quarter=%s&kind=summary", w.unitA.ID, quarter), "", 200, `"total":0`},
		{"get with its chain", "inspector", "GET", fmt.Sprintf("/api/v1/forwards/%d", id2), "", 200, `"note":"真情实感"`},
		{"what the chain carries", "inspector", "GET", fmt.Sprintf("/api/v1/forwards/%d", id2), "", 200, `"title":"《心得》"`},
		{"adopt", "org_admin", "POST", fmt.Sprintf("/api/v1/forwards/%d/adopt", id1), "", 200, `"adopted":true`},
		{"adopt again", "org_admin", "POST", fmt.Sprintf("/api/v1/forwards/%d/adopt", id1), "", 409, "已被采用"},
		{"the secretary may not adopt", "secretary", "POST", fmt.Sprintf("/api/v1/forwards/%d/adopt", id1), "", 403, ""},
		{"the same item twice", "secretary", "POST", "/api/v1/forwards", fmt.Sprintf(`{"kind":"reflection","item_id":%d,"note":"再报"}`, r.ID), 409, "不能重复报送"},
		{"an unknown kind", "org_admin", "POST", "/api/v1/forwards", `{"kind":"meeting","item_id":1,"note":"会议"}`, 422, `"kind"`},
		{"a foreign summary", "org_admin", "POST", "/api/v1/forwards", fmt.Sprintf(`{"kind":"summary","item_id":%d,"note":"越权"}`, w.summaryB), 404, ""},
		{"a foreign forward", "org_admin", "POST", "/api/v1/forwards", fmt.Sprintf(`{"kind":"forward","item_id":%d,"note":"越权"}`, w.forwardB), 404, ""},
		{"a foreign inbox", "org_admin", "GET", fmt.Sprintf("/api/v1/forwards?org=%d&quarter=%s", w.unitB.ID, quarter), "", 404, ""},
		{"a bad quarter", "org_admin", "GET", fmt.Sprintf("/api/v1/forwards?org=%d&quarter=2016Q5", w.unitA.ID), "", 422, `"quarter"`},
		{"no org", "org_admin", "GET", "/api/v1/forwards?quarter=2016Q2", "", 422, `"org"`},
		{"a member reads no inbox", "member", "GET", fmt.Sprintf("/api/v1/forwards?org=%d&quarter=%s", w.branchA.ID, quarter), "", 404, ""},
	}
	for _, tc := range steps {
		t.Run(tc.name, func(t *testing.T) {
			code, body := w.do(t, tc.role, tc.method, tc.path, tc.body)
			if code != tc.code || !strings.Contains(body, tc.want) {
				t.Errorf("got %d %s, want %d with %s", code, body, tc.code, tc.want)
			}
			if strings.Contains(body, "乙机密推荐理由") {
				t.Errorf("leaks B's note: %s", body)
			}
		})
	}
}
