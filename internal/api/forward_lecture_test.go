package api_test

import (
	"fmt"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// TestForwardLectureThroughAPI: the secretary recommends the branch's
// lecture to the unit, the unit's organiser sends it on to the root and
// recommends the unit's own lecture, which the root's lecture quota
// refuses; foreign lectures, meetings of other kinds and duplicates are
// refused. Every exchange is held to openapi.json by do.
func TestForwardLectureThroughAPI(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := storetest.System()
	on := xuezuo.DateOf(storetest.Clock.Now())
	lecture := func(orgID xuezuo.ID, title string) xuezuo.ID {
		t.Helper()
		m, err := w.s.Meeting.Create(ctx, meeting.Input{OrgID: orgID, Kind: meeting.KindLecture, Title: title, HeldOn: on,
			Lecture: meeting.LectureInput{Kind: meeting.LecturerExpert, Name: "刘教授", Material: "讲稿"}})
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	branchLecture := lecture(w.branchA.ID, "学党章")
	unitLecture := lecture(w.unitA.ID, "七一党课")
	assembly, err := w.s.Meeting.Create(ctx, meeting.Input{OrgID: w.branchA.ID, Kind: "branch_assembly", Title: "党员大会", HeldOn: on})
	if err != nil {
		t.Fatal(err)
	}

	code, body := w.do(t, "secretary", "POST", "/api/v1/forwards", fmt.Sprintf(`{"kind":"lecture","item_id":%d,"note":"讲得生动"}`, branchLecture))
	id1 := created(t, "lecture forward", code, body)
	f1 := decodeJSON[forwardJSON](t, body)
	if f1.Kind != "lecture" || f1.ItemID != branchLecture || f1.FromOrgID != w.branchA.ID || f1.ToOrgID != w.unitA.ID || len(f1.Chain) != 1 ||
		!strings.Contains(body, `"title":"甲生态党支部党课《学党章》"`) {
		t.Errorf("first hop: %s", body)
	}
	quarter := f1.Quarter
	code, body = w.do(t, "org_admin", "POST", "/api/v1/forwards", fmt.Sprintf(`{"kind":"forward","item_id":%d,"note":"本所推荐"}`, id1))
	id2 := created(t, "forward up", code, body)
	f2 := decodeJSON[forwardJSON](t, body)
	if f2.FromOrgID != w.unitA.ID || len(f2.Chain) != 2 || f2.Chain[0].OrgID != w.branchA.ID || !strings.Contains(body, "党课《学党章》") {
		t.Errorf("second hop: %s", body)
	}
	// The root takes one lecture from each unit this quarter.
	root, err := w.s.Org.Get(ctx, w.unitA.ParentID)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.s.Report.SetQuota(ctx, report.Quota{ToOrgID: root.ID, Kind: report.KindLecture, Quarter: quarter, Max: 1}); err != nil {
		t.Fatal(err)
	}
	post := func(kind string, id xuezuo.ID) string {
		return fmt.Sprintf(`{"kind":%q,"item_id":%d,"note":"推荐"}`, kind, id)
	}
	steps := []struct {
		name, role, method, path, body string
		code                           int
		want                           string
	}{
		{"the unit's lecture over the root's quota", "org_admin", "POST", "/api/v1/forwards", post("lecture", unitLecture), 409, "党课已达名额上限（1 件）"},
		{"the same lecture again", "secretary", "POST", "/api/v1/forwards", post("lecture", branchLecture), 409, "不能重复报送"},
		{"a meeting of another kind", "org_admin", "POST", "/api/v1/forwards", post("lecture", assembly.ID), 422, "只能推荐党课"},
		{"its field", "org_admin", "POST", "/api/v1/forwards", post("lecture", assembly.ID), 422, `"item_id"`},
		{"a foreign lecture", "org_admin", "POST", "/api/v1/forwards", post("lecture", w.lectureB), 404, ""},
		{"a foreign meeting", "org_admin", "POST", "/api/v1/forwards", post("lecture", w.meetingB), 404, ""},
		{"a member of the branch", "member", "POST", "/api/v1/forwards", post("lecture", branchLecture), 403, ""},
		{"the unit's inbox of lectures", "org_admin", "GET", fmt.Sprintf("/api/v1/forwards?org=%d&quarter=%s&kind=lecture", w.unitA.ID, quarter),
			"", 200, `"title":"甲生态党支部党课《学党章》"`},
		{"the chain's title", "inspector", "GET", fmt.Sprintf("/api/v1/forwards/%d", id2), "", 200, `"title":"甲生态党支部党课《学党章》"`},
	}
	for _, tc := range steps {
		t.Run(tc.name, func(t *testing.T) {
			code, body := w.do(t, tc.role, tc.method, tc.path, tc.body)
			if code != tc.code || !strings.Contains(body, tc.want) {
				t.Errorf("got %d %s, want %d with %s", code, body, tc.code, tc.want)
			}
			for _, secret := range w.secretNm {
				if strings.Contains(body, secret) {
					t.Errorf("leaks %q: %s", secret, body)
				}
			}
		})
	}
}
