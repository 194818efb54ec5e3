package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

func TestReflectionWriteEditReviewListSearch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	topic := fmt.Sprint(f.c.Topics[0].ID)

	form := wantStatusOf(t, f.me.get("/reflections/new?topic="+topic), http.StatusOK)
	if v := form.doc.Find(`select[name=topic_id] option[selected]`).AttrOr("value", ""); v != topic {
		t.Errorf("topic preselected %q", v)
	}
	// An empty body is refused in Chinese, with the title kept.
	r := f.me.post("/reflections", url.Values{"topic_id": {topic}, "title": {"保留标题"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := strings.TrimSpace(r.doc.Find(`textarea[name=body]`).NextFiltered("small.error").Text()); got != "请填写心得体会的正文" {
		t.Errorf("body message %q", got)
	}
	if v, _ := r.doc.Find(`input[name=title]`).Attr("value"); v != "保留标题" {
		t.Errorf("title kept %q", v)
	}
	r = f.me.post("/reflections", url.Values{"topic_id": {topic}, "title": {"学党章的体会"}, "body": {"坚定理想信念。\n\n对照党章找差距。"}})
	wantStatus(t, r, http.StatusSeeOther)
	loc := r.header.Get("Location")
	show := wantStatusOf(t, f.me.get(loc), http.StatusOK)
	if n := show.doc.Find("#reflection-body p").Length(); n != 2 {
		t.Errorf("paragraphs %d, want 2", n)
	}
	// A second one on the same topic is a conflict.
	wantStatus(t, f.me.post("/reflections", url.Values{"topic_id": {topic}, "body": {"再写一篇"}}), http.StatusConflict)

	// The author edits it.
	wantStatus(t, f.me.post(loc+"/edit", url.Values{"title": {"学党章的体会（修改）"}, "body": {"坚定理想信念，对照检查。"}}), http.StatusSeeOther)
	if got := wantStatusOf(t, f.me.get(loc), http.StatusOK).text("#reflection-title"); got != "学党章的体会（修改）" {
		t.Errorf("title after edit %q", got)
	}

	// The secretary lists, searches and sees who has written.
	list := fmt.Sprintf("/orgs/%d/reflections", f.branch1.ID)
	cases := []struct {
		name, query string
		rows        int
	}{
		{"all", "", 1},
		{"two characters", "?q=" + url.QueryEscape("对照"), 1},
		{"one character", "?q=" + url.QueryEscape("坚"), 1},
		{"no match", "?q=" + url.QueryEscape("整改落实"), 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := wantStatusOf(t, f.secretary.get(list+tc.query), http.StatusOK)
			if n := p.doc.Find(`table.reflections tbody tr a`).Length(); n != tc.rows {
				t.Errorf("rows %d, want %d", n, tc.rows)
			}
		})
	}
	p := wantStatusOf(t, f.secretary.get(list+"?topic="+topic), http.StatusOK)
	if got := p.text("#who-wrote h2"); !strings.Contains(got, "1 / 3 人已写") {
		t.Errorf("who wrote %q", got)
	}
	if n := p.doc.Find("#who-wrote li.not-written").Length(); n != 2 {
		t.Errorf("not written %d, want 2", n)
	}

	// The secretary reviews it; the author can no longer edit.
	sec := wantStatusOf(t, f.secretary.get(loc), http.StatusOK)
	if sec.doc.Find(`form[action$="/review"]`).Length() != 1 {
		t.Fatal("no review button for the secretary")
	}
	wantStatus(t, f.secretary.post(loc+"/review", url.Values{}), http.StatusSeeOther)
	after := wantStatusOf(t, f.me.get(loc), http.StatusOK)
	if after.doc.Find("#reflection-edit").Length() != 0 {
		t.Error("edit form shown after review")
	}
	wantStatus(t, f.me.post(loc+"/edit", url.Values{"body": {"改不了"}}), http.StatusConflict)
	// The secretary may not edit someone else's text.
	if r := f.secretary.post(loc+"/edit", url.Values{"body": {"代写"}}); r.status == http.StatusSeeOther {
		t.Error("secretary edited the member's reflection")
	}
	var id xuezuo.ID
	fmt.Sscanf(loc, "/reflections/%d", &id)
	if got, err := e.s.Reflection.Get(storetest.System(), id); err != nil || got.Body != "坚定理想信念，对照检查。" {
		t.Errorf("stored body %+v %v", got, err)
	}
}
