package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"xuezuo"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// TestForwardPages: the secretary recommends a member's reflection from its
// page (told in Chinese when the note is missing), the unit finds it in its
// inbox with the chain, sends it on to 京区党委 and adopts it; the root sees
// both hops; the author sees where it was recommended to and is offered no
// form; the quota form says what a bad number should be.
func TestForwardPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	rootAdmin := e.user(t, "root_admin", xuezuo.RoleOrgAdmin, f.unit.ParentID)
	r := f.me.post("/reflections", url.Values{"topic_id": {fmt.Sprint(f.c.Topics[0].ID)}, "title": {"学党章的体会"}, "body": {"认真学习了党章。"}})
	wantStatus(t, r, http.StatusSeeOther)
	refPath := r.header.Get("Location")

	if got := wantStatusOf(t, f.secretary.get(refPath), http.StatusOK).doc.Find("#forward-form form").Length(); got != 1 {
		t.Fatalf("the secretary is offered %d forward forms, want 1", got)
	}
	r = f.secretary.post(refPath+"/forward", url.Values{"note": {" "}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#forward-form small.error"); got != "请填写推荐理由" {
		t.Errorf("note message: %q", got)
	}
	wantStatus(t, f.secretary.post(refPath+"/forward", url.Values{"note": {"联系实际，真情实感"}}), http.StatusSeeOther)

	inbox := fmt.Sprintf("/orgs/%d/forwards", f.unit.ID)
	page := wantStatusOf(t, f.admin.get(inbox), http.StatusOK)
	if got := page.text(".forward-group h3"); got != "生态党支部 · 心得体会" {
		t.Errorf("group: %q", got)
	}
	if got := page.text(".forward-item > p a"); got != "《学党章的体会》" {
		t.Errorf("item title: %q", got)
	}
	if got := page.text(".forward-chain li"); !strings.Contains(got, "联系实际，真情实感") || !strings.Contains(got, "推荐至 植物所党委") {
		t.Errorf("chain: %q", got)
	}
	var forms []string
	page.doc.Find(".forward-item form[method=post]").Each(func(_ int, s *goquery.Selection) { forms = append(forms, s.AttrOr("action", "")) })
	if len(forms) != 2 || !strings.HasSuffix(forms[0], "/adopt") || !strings.HasSuffix(forms[1], "/forward") {
		t.Fatalf("unit's forms on the item: %v", forms)
	}
	// Figures: one reflection was written under the unit, and the unit
	// itself forwarded none yet.
	if got := page.text(".forward-figures tbody tr:nth-child(2)"); got != "心得体会01 本季度提交的心得体会0.0%" {
		t.Errorf("reflection figure: %q", got)
	}
	fwd := strings.TrimSuffix(forms[0], "/adopt")
	wantStatus(t, f.admin.post(fwd+"/forward", url.Values{"note": {"本所推荐"}}), http.StatusSeeOther)
	wantStatus(t, f.admin.post(fwd+"/adopt", url.Values{}), http.StatusSeeOther)
	after := wantStatusOf(t, f.admin.get(inbox), http.StatusOK)
	if after.text(".forward-item .rag") != "已采用" || after.doc.Find(".forward-item form[method=post]").Length() != 0 {
		t.Errorf("after adopting and sending on: %s", after.text(".forward-item"))
	}
	// The branch's secretary reads no unit inbox.
	wantStatus(t, f.secretary.get(inbox), http.StatusNotFound)

	top := wantStatusOf(t, rootAdmin.get(fmt.Sprintf("/orgs/%d/forwards", f.unit.ParentID)), http.StatusOK)
	if got := top.doc.Find(".forward-chain li").Length(); got != 2 {
		t.Errorf("root sees %d hops, want 2: %s", got, top.text(".forward-chain"))
	}
	if got := top.text(".forward-chain li:last-child"); !strings.Contains(got, "植物所党委 推荐至 京区党委") || !strings.Contains(got, "本所推荐") {
		t.Errorf("root's last hop: %q", got)
	}

	mine := wantStatusOf(t, f.me.get(refPath), http.StatusOK)
	if got := mine.text("#reflection-recognition"); got != "本文已被推荐至植物所党委、京区党委" {
		t.Errorf("recognition: %q", got)
	}
	if mine.doc.Find("#forward-form").Length() != 0 {
		t.Error("the author is offered the forward form")
	}

	r = f.admin.post(inbox+"/quotas", url.Values{"kind": {report.KindSummary}, "quarter": {"2026Q2"}, "max": {"三"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#forward-quota small.error"); got != "名额应为 1 到 1000 之间的整数" {
		t.Errorf("quota message: %q", got)
	}
	wantStatus(t, f.admin.post(inbox+"/quotas", url.Values{"kind": {report.KindSummary}, "quarter": {"2026Q2"}, "max": {"3"}}), http.StatusSeeOther)
	if got := wantStatusOf(t, f.admin.get(inbox), http.StatusOK).text("#forward-quota li"); got != "2026Q2 · 总结材料：每个下级至多 3 件" {
		t.Errorf("quota list: %q", got)
	}
}

// TestSummaryForwardForm: an accepted summary offers the unit's organiser
// the 推荐上报 form (not the branch's secretary); a second recommendation
// from the unit is refused on the page in Chinese (409).
func TestSummaryForwardForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	sys := storetest.System()
	sm, err := e.s.Report.Create(sys, f.branch1.ID, f.c.Topics[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	views := "主要观点"
	if _, err := e.s.Report.Edit(sys, sm.ID, report.Input{Views: &views}); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/summaries/%d", sm.ID)
	if _, err := e.s.Report.Submit(sys, sm.ID); err != nil {
		t.Fatal(err)
	}
	if got := wantStatusOf(t, f.admin.get(path), http.StatusOK).doc.Find("#forward-form").Length(); got != 0 {
		t.Error("a submitted summary offers the forward form")
	}
	if _, err := e.s.Report.Accept(sys, sm.ID); err != nil {
		t.Fatal(err)
	}
	if got := wantStatusOf(t, f.admin.get(path), http.StatusOK).doc.Find("#forward-form form").AttrOr("action", ""); got != path+"/forward" {
		t.Errorf("organiser's forward form: %q", got)
	}
	if got := wantStatusOf(t, f.secretary.get(path), http.StatusOK).doc.Find("#forward-form").Length(); got != 0 {
		t.Error("the secretary is offered the summary's forward form")
	}
	wantStatus(t, f.admin.post(path+"/forward", url.Values{"note": {"材料扎实"}}), http.StatusSeeOther)
	r := f.admin.post(path+"/forward", url.Values{"note": {"再报一次"}})
	wantStatus(t, r, http.StatusConflict)
	if got := r.text(".alert"); !strings.Contains(got, "本组织已推荐上报过这份材料，不能重复报送") {
		t.Errorf("duplicate message: %q", got)
	}
}
