package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xuezuo/internal/campaign"
	"xuezuo/internal/store/storetest"
)

// TestCampaignFormScopePhasesBatches creates a blank campaign with topics
// of its own kinds, a chosen-orgs scope, phases and a batch; a bad line is
// reported beside that line and saves nothing.
func TestCampaignFormScopePhasesBatches(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	page := wantStatusOf(t, f.admin.get("/campaigns/new"), http.StatusOK)
	if n := page.doc.Find(`#topic-lines input[name^=topic_title_]`).Length(); n != campaignTopicRows {
		t.Errorf("topic lines: %d", n)
	}
	if page.doc.Find(`select[name=scope_orgs] option`).Length() < 3 {
		t.Error("the scope picker lacks the unit and its branches")
	}
	b1, b2 := fmt.Sprint(f.branch1.ID), fmt.Sprint(f.branch2.ID)
	form := url.Values{"owner_org_id": {fmt.Sprint(f.unit.ID)}, "title": {"主题教育"}, "start": {"2026-03-01"},
		"scope": {campaign.ScopeOrgs}, "scope_orgs": {b1, b2},
		"topic_title_1": {"理论学习"}, "topic_deadline_1": {"2026-04-30"}, "topic_kind_1": {"lecture"}, "topic_speakers_1": {"0"},
		"topic_theme_1": {"读原著学原文"},
		"topic_title_3": {"专题党日"}, "topic_deadline_3": {"2026-05-31"}, "topic_kind_3": {"theme_day"}, "topic_speakers_3": {"2"},
		"phase_name_1": {"学习动员"}, "phase_start_1": {"2026-03-01"}, "phase_end_1": {"2026-03-31"},
		"phase_name_2": {"整改提高"},
		"batch_name_1": {"第一批"}, "batch_start_1": {"2026-03-01"}, "batch_end_1": {"2026-06-30"}, "batch_orgs_1": {b1},
	}
	// A batch ending before it starts, and a topic line without a date:
	// each message sits beside its line; nothing is saved.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("batch_end_1", "2026-02-01")
	bad.Del("topic_deadline_3")
	r := wantStatusOf(t, f.admin.post("/campaigns", bad), http.StatusUnprocessableEntity)
	if got := r.doc.Find(`input[name=batch_end_1]`).NextFiltered("small.error").Text(); !strings.Contains(got, "结束日期不能早于") {
		t.Errorf("batch end message %q", got)
	}
	if got := r.doc.Find(`input[name=topic_deadline_3]`).NextFiltered("small.error").Text(); !strings.Contains(got, "期限") {
		t.Errorf("topic 3 deadline message %q", got)
	}
	if v := r.doc.Find(`input[name=topic_theme_1]`).AttrOr("value", ""); v != "读原著学原文" {
		t.Errorf("input not kept: %q", v)
	}
	if r.doc.Find(fmt.Sprintf(`select[name=scope_orgs] option[value="%s"][selected]`, b2)).Length() != 1 {
		t.Error("chosen scope orgs not kept")
	}
	if cs, _ := e.s.Campaign.List(storetest.System()); len(cs) != 1 {
		t.Fatalf("a refused form saved a campaign: %d campaigns", len(cs))
	}

	r = f.admin.post("/campaigns", form)
	wantStatus(t, r, http.StatusSeeOther)
	show := wantStatusOf(t, f.admin.get(r.header.Get("Location")), http.StatusOK)
	topics := rowsOf(show, "table.topics tbody tr")
	if len(topics) != 2 || topics[0][0] != "1" || topics[0][3] != "党课" || topics[1][0] != "3" || topics[1][3] != "主题党日" ||
		topics[1][4] != "≥2 人" {
		t.Errorf("topics: %q", topics)
	}
	if got := show.text("#campaign-batches"); !strings.Contains(got, "第一批") || !strings.Contains(got, "生态党支部") ||
		strings.Contains(got, "系统党支部") {
		t.Errorf("batches: %q", got)
	}
	if got := show.text("dl.facts"); !strings.Contains(got, "生态党支部、系统党支部") {
		t.Errorf("scope orgs not shown: %q", got)
	}
	cs, _ := e.s.Campaign.List(storetest.System())
	var c *campaign.Campaign
	for i := range cs {
		if cs[i].Title == "主题教育" {
			c, _ = e.s.Campaign.Get(storetest.System(), cs[i].ID)
		}
	}
	if c == nil || len(c.Phases) != 2 || c.Phases[0].Name != "学习动员" || len(c.Batches) != 1 || c.Scope != campaign.ScopeOrgs ||
		len(c.ScopeOrgs) != 2 || c.Topics[0].MinSpeakers != 0 || c.Topics[0].MeetingKind != "lecture" {
		t.Errorf("saved campaign: %+v", c)
	}
	// A secretary may not launch a campaign over orgs it does not manage.
	r = f.secretary.post("/campaigns", form)
	if r.status == http.StatusSeeOther {
		t.Error("a secretary created a campaign")
	}
}
