package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestSummaryPages walks a summary through the pages: the secretary drafts
// it from the status page (basics from the topic meeting), is told in
// Chinese what is missing, submits; the unit returns it with a reason,
// then sees the changes of the resubmitted version and the version history;
// each page offers exactly the steps the service allows the viewer.
func TestSummaryPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	f.newMeeting(t)
	topic := fmt.Sprint(f.c.Topics[0].ID)
	status := fmt.Sprintf("/orgs/%d/summaries?topic=%s", f.branch1.ID, topic)

	page := wantStatusOf(t, f.secretary.get(status), http.StatusOK)
	if page.doc.Find("form#summary-new").Length() != 1 {
		t.Fatalf("the secretary is not offered a draft: %s", page.body)
	}
	r := f.secretary.post(fmt.Sprintf("/orgs/%d/summaries", f.branch1.ID), url.Values{"topic_id": {topic}})
	wantStatus(t, r, http.StatusSeeOther)
	path := r.header.Get("Location")
	if !strings.HasPrefix(path, "/summaries/") {
		t.Fatalf("draft went to %q", path)
	}
	forms := func(r result) string {
		var out []string
		r.doc.Find("main form[method=post]:not(#attachment-form)").Each(func(_ int, s *goquery.Selection) { out = append(out, s.AttrOr("action", "")) })
		return strings.Join(out, " ")
	}
	draft := wantStatusOf(t, f.secretary.get(path), http.StatusOK)
	if got, want := forms(draft), path+"/submit "+path+"/edit"; got != want {
		t.Errorf("secretary on a draft: forms %q, want %q", got, want)
	}
	if got := draft.text("#summary-basics dd"); !strings.Contains(got, "2026-05-20") || !strings.Contains(got, "会议室") {
		t.Errorf("basics do not name the meeting: %q", got)
	}
	// Submitting without views re-renders the page with the message at the views.
	r = f.secretary.post(path+"/submit", url.Values{})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#summary-edit small.error"); got != "请先填写主要观点再报送" {
		t.Errorf("views message: %q", got)
	}
	wantStatus(t, f.secretary.post(path+"/edit", url.Values{"views": {"学习了党章\n讨论了义务"}, "basics_note": {""}}), http.StatusSeeOther)
	wantStatus(t, f.secretary.post(path+"/submit", url.Values{}), http.StatusSeeOther)
	if got := forms(wantStatusOf(t, f.secretary.get(path), http.StatusOK)); got != "" {
		t.Errorf("secretary on a submitted summary: forms %q, want none", got)
	}
	// The secretary may not accept the own branch's summary, even by hand.
	wantStatus(t, f.secretary.post(path+"/accept", url.Values{}), http.StatusForbidden)

	sub := wantStatusOf(t, f.admin.get(path), http.StatusOK)
	if got, want := forms(sub), path+"/accept "+path+"/return"; got != want {
		t.Errorf("unit on a submitted summary: forms %q, want %q", got, want)
	}
	r = f.admin.post(path+"/return", url.Values{"reason": {" "}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("#summary-return small.error"); got != "请填写退回原因" {
		t.Errorf("reason message: %q", got)
	}
	wantStatus(t, f.admin.post(path+"/return", url.Values{"reason": {"请联系实际"}}), http.StatusSeeOther)
	ret := wantStatusOf(t, f.secretary.get(path), http.StatusOK)
	if got := ret.text("#summary-reason"); !strings.Contains(got, "请联系实际") {
		t.Errorf("returned page does not show the reason: %q", got)
	}
	wantStatus(t, f.secretary.post(path+"/edit", url.Values{"views": {"学习了党章\n联系科研实际"}}), http.StatusSeeOther)
	wantStatus(t, f.secretary.post(path+"/submit", url.Values{}), http.StatusSeeOther)

	again := wantStatusOf(t, f.admin.get(path), http.StatusOK)
	if add, del := again.text("#summary-changes .diff-add"), again.text("#summary-changes .diff-del"); !strings.Contains(add, "联系科研实际") || !strings.Contains(del, "讨论了义务") {
		t.Errorf("changes since the return: added %q, removed %q", add, del)
	}
	if n := again.doc.Find("#summary-versions details").Length(); n != 2 {
		t.Errorf("versions listed: %d, want 2", n)
	}
	wantStatus(t, f.admin.post(path+"/accept", url.Values{}), http.StatusSeeOther)
	// A second accept is a conflict told on the page.
	r = f.admin.post(path+"/accept", url.Values{})
	wantStatus(t, r, http.StatusConflict)

	// The unit's status table: branch 1 accepted, branch 2 missing.
	table := wantStatusOf(t, f.admin.get(fmt.Sprintf("/orgs/%d/summaries?topic=%s", f.unit.ID, topic)), http.StatusOK)
	rows := rowsOf(table, "table.summary-status tbody tr")
	want := [][]string{{"生态党支部", "1", "0", "0", "1", "0", "0"}, {"系统党支部", "1", "0", "0", "0", "1", "0"}}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("status rows: got %q, want %q", rows, want)
	}
	if got := table.doc.Find("table.summary-status tbody a").First().AttrOr("href", ""); got != status {
		t.Errorf("drill-down link %q, want %q", got, status)
	}
	if table.doc.Find("#summary-due-form form").Length() != 1 {
		t.Error("the unit is not offered the due date")
	}
	// A member of the branch reads neither the summary nor the table.
	wantStatus(t, f.me.get(path), http.StatusNotFound)
	wantStatus(t, f.me.get(status), http.StatusNotFound)
}
