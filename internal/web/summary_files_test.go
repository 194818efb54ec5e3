package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSummaryAttachments: the secretary attaches a photo to the draft; the
// unit, reviewing it, sees and downloads it but gets no upload form; once
// submitted an upload or a deletion is refused with the reason on the
// page; a member of the branch reads nothing; after a return the
// secretary deletes it and lands on the summary.
func TestSummaryAttachments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	f.newMeeting(t)
	r := f.secretary.post(fmt.Sprintf("/orgs/%d/summaries", f.branch1.ID), url.Values{"topic_id": {fmt.Sprint(f.c.Topics[0].ID)}})
	wantStatus(t, r, http.StatusSeeOther)
	path := r.header.Get("Location")
	draft := wantStatusOf(t, f.secretary.get(path), http.StatusOK)
	form := draft.doc.Find("#attachments #attachment-form")
	if form.AttrOr("action", "") != path+"/attachments" || form.AttrOr("enctype", "") != "multipart/form-data" {
		t.Fatalf("no upload form on the draft: %q", form.AttrOr("action", ""))
	}
	r = f.secretary.uploadFile(path+"/attachments", "学习现场.jpg", jpegBytes)
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.header.Get("Location"); loc != path+"#attachments" {
		t.Errorf("after upload: %q", loc)
	}
	wantStatus(t, f.secretary.post(path+"/edit", url.Values{"views": {"学习了党章"}}), http.StatusSeeOther)
	wantStatus(t, f.secretary.post(path+"/submit", url.Values{}), http.StatusSeeOther)

	sub := wantStatusOf(t, f.admin.get(path), http.StatusOK)
	link := sub.doc.Find("#attachments ul.attachments a")
	if link.Length() != 1 || link.Text() != "学习现场.jpg" || sub.doc.Find("#attachment-form").Length() != 0 ||
		sub.doc.Find(`#attachments form[action$="/delete"]`).Length() != 0 {
		t.Fatalf("reviewer's box: %q, forms %d", link.Text(), sub.doc.Find("#attachments form").Length())
	}
	href := link.AttrOr("href", "")
	if d := f.admin.get(href); d.status != http.StatusOK || d.body != string(jpegBytes) {
		t.Errorf("reviewer download: %d, %d bytes", d.status, len(d.body))
	}

	const locked = "总结材料已报送，附件不能再上传或删除；如需更改，请上级退回后再改"
	r = f.secretary.uploadFile(path+"/attachments", "补充.jpg", jpegBytes)
	wantStatus(t, r, http.StatusConflict)
	if !strings.Contains(r.body, locked) {
		t.Errorf("upload after submit does not say why: %s", r.body)
	}
	wantStatus(t, f.secretary.post(href+"/delete", url.Values{}), http.StatusConflict)

	wantStatus(t, f.me.get(href), http.StatusNotFound)
	wantStatus(t, f.me.uploadFile(path+"/attachments", "a.jpg", jpegBytes), http.StatusNotFound)

	wantStatus(t, f.admin.post(path+"/return", url.Values{"reason": {"请换一张清楚的照片"}}), http.StatusSeeOther)
	r = f.secretary.post(href+"/delete", url.Values{})
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.header.Get("Location"); loc != path+"#attachments" {
		t.Errorf("after delete: %q", loc)
	}
	if n := wantStatusOf(t, f.secretary.get(path), http.StatusOK).doc.Find("#attachments ul.attachments li").Length(); n != 0 {
		t.Errorf("files after delete: %d", n)
	}
}
