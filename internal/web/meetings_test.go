package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/reflection"
	"xuezuo/internal/store/storetest"
)

// uploadFile posts one file as multipart/form-data field "file".
func (c *client) uploadFile(path, name string, data []byte) result {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		c.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+path, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func TestOrgMeetingsList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	topicID := f.newMeeting(t) // 2026-05-20, topic 1
	day, err := e.s.Meeting.Create(storetest.System(), meeting.Input{OrgID: f.branch1.ID, Kind: "theme_day", Title: "六月主题党日",
		HeldOn: xuezuo.NewDate(2026, 6, 5)})
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, f.secretary.post(fmt.Sprintf("/meetings/%d/register", topicID), register(map[xuezuo.ID][3]string{
		f.m[0].ID: {"present"}, f.m[1].ID: {"remote"}})), http.StatusSeeOther)
	wantStatus(t, f.secretary.post(fmt.Sprintf("/meetings/%d/close", topicID), url.Values{}), http.StatusSeeOther)

	path := fmt.Sprintf("/orgs/%d/meetings", f.branch1.ID)
	page := wantStatusOf(t, f.me.get(path), http.StatusOK) // a member of the branch reads it
	rows := rowsOf(page, "table.meetings tbody tr")
	// A member is not told 应到 (roster minus 应到 would count the
	// excluded peers); the secretary is.
	want := [][]string{
		{"2026-06-05", "主题党日", "六月主题党日", "", "—", "0", "登记中"},
		{"2026-05-20", "专题学习讨论", "专题学习讨论", "专题1 学党章", "—", "2", "已关闭"},
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("rows\n got %v\nwant %v", rows, want)
	}
	want[0][4], want[1][4] = "0", "3"
	if rows := rowsOf(wantStatusOf(t, f.secretary.get(path), http.StatusOK), "table.meetings tbody tr"); fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("secretary's rows\n got %v\nwant %v", rows, want)
	}
	if href, _ := page.doc.Find("table.meetings tbody tr a").First().Attr("href"); href != fmt.Sprintf("/meetings/%d", day.ID) {
		t.Errorf("link %q", href)
	}
	filtered := wantStatusOf(t, f.secretary.get(path+"?kind=topic_study"), http.StatusOK)
	if n := filtered.doc.Find("table.meetings tbody tr[data-meeting]").Length(); n != 1 {
		t.Errorf("filtered rows %d, want 1", n)
	}
	if v, _ := filtered.doc.Find(`select[name=kind] option[selected]`).Attr("value"); v != "topic_study" {
		t.Errorf("kind filter not kept: %q", v)
	}
	bad := f.secretary.get(path + "?from=2026/01/01")
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	if got := strings.TrimSpace(bad.doc.Find(`input[name=from]`).NextFiltered("small.error").Text()); got != msgBadDate {
		t.Errorf("from message %q", got)
	}
	// The unit's page lists its own meetings only.
	unit := wantStatusOf(t, f.admin.get(fmt.Sprintf("/orgs/%d/meetings", f.unit.ID)), http.StatusOK)
	if n := unit.doc.Find("table.meetings tbody tr[data-meeting]").Length(); n != 0 {
		t.Errorf("unit page lists %d branch meetings", n)
	}
}

func TestMeetingEdit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	id := f.newMeeting(t)
	path := fmt.Sprintf("/meetings/%d/edit", id)
	form := wantStatusOf(t, f.secretary.get(path), http.StatusOK)
	if v, _ := form.doc.Find(`input[name=place]`).Attr("value"); v != "会议室" {
		t.Errorf("place not filled: %q", v)
	}
	if n := form.doc.Find(`select[name=speakers] option[selected]`).Length(); n != 2 {
		t.Errorf("speakers selected %d, want 2", n)
	}
	if form.doc.Find(`select[name=kind]`).Length() != 0 || !strings.Contains(form.text("#meeting-fixed"), "专题学习讨论") {
		t.Error("the kind is offered for change")
	}
	// The member and the inspector never get the form.
	if r := f.me.get(path); r.status != http.StatusNotFound {
		t.Errorf("member: %d, want 404", r.status)
	}

	good := url.Values{"title": {"专题一学习讨论"}, "held_at": {"2026-05-21"}, "place": {"三楼会议室"},
		"host_id": {fmt.Sprint(f.m[0].ID)}, "recorder_id": {fmt.Sprint(f.m[1].ID)}, "agenda": {"1. 领学党章\n2. 重点发言"},
		"minutes": {"张一领学，王二、李三发言。"}, "speakers": {fmt.Sprint(f.m[0].ID), fmt.Sprint(f.m[1].ID), fmt.Sprint(f.m[2].ID)}}
	wantStatus(t, f.secretary.post(path, good), http.StatusSeeOther)
	show := wantStatusOf(t, f.secretary.get(fmt.Sprintf("/meetings/%d", id)), http.StatusOK)
	for _, want := range []string{"主持人张一", "记录人王二", "会议日期2026-05-21", "3 人"} {
		if got := strings.ReplaceAll(show.text("#meeting-facts"), "\n", ""); !strings.Contains(got, want) {
			t.Errorf("facts %q lack %q", got, want)
		}
	}
	if got := show.text("#meeting-agenda p"); got != "1. 领学党章" {
		t.Errorf("agenda %q", got)
	}

	// A date before the campaign: 422, message beside the date, input kept.
	bad := url.Values{"held_at": {"2025-12-01"}, "place": {"保留的地点"}}
	r := f.secretary.post(path, bad)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := strings.TrimSpace(r.doc.Find(`input[name=held_at]`).NextFiltered("small.error").Text()); !strings.Contains(got, "时间范围内（2026-01-01 至今）") {
		t.Errorf("date message %q", got)
	}
	if v, _ := r.doc.Find(`input[name=place]`).Attr("value"); v != "保留的地点" {
		t.Errorf("place kept %q", v)
	}
	// With attendance recorded, the date stays.
	wantStatus(t, f.secretary.post(fmt.Sprintf("/meetings/%d/register", id), register(map[xuezuo.ID][3]string{f.m[0].ID: {"present"}})), http.StatusSeeOther)
	good.Set("held_at", "2026-05-22")
	r = f.secretary.post(path, good)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := strings.TrimSpace(r.doc.Find(`input[name=held_at]`).NextFiltered("small.error").Text()); !strings.HasPrefix(got, "本次会议已登记考勤，不能再修改会议日期") {
		t.Errorf("locked date message %q", got)
	}
	if r.doc.Find("#date-locked").Length() != 1 {
		t.Error("the form does not say the date is locked")
	}
	m, _ := e.s.Meeting.Get(storetest.System(), id)
	if m.HeldOn != xuezuo.NewDate(2026, 5, 21) || m.Place != "三楼会议室" {
		t.Errorf("a refused edit changed the meeting: %s %s", m.HeldOn, m.Place)
	}
}

func TestRegisterShowsEachBadLine(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	id := f.newMeeting(t)
	path := fmt.Sprintf("/meetings/%d", id)
	page := wantStatusOf(t, f.secretary.get(path), http.StatusOK)
	lineNo := map[string]int{} // member id → line number as shown
	page.doc.Find("table.register tbody tr[data-member]").Each(func(i int, tr *goquery.Selection) {
		lineNo[tr.AttrOr("data-member", "")] = i + 1
	})
	bad := register(map[xuezuo.ID][3]string{f.m[0].ID: {"present"}, f.m[1].ID: {"leave"}, f.m[2].ID: {"excluded"}})
	r := f.secretary.post(path+"/register", bad)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	want := map[xuezuo.ID]string{
		f.m[1].ID: fmt.Sprintf("第%d行 王二：请假须填写原因", lineNo[fmt.Sprint(f.m[1].ID)]),
		f.m[2].ID: fmt.Sprintf("第%d行 李三：不计入应到人数须选择类别", lineNo[fmt.Sprint(f.m[2].ID)]),
	}
	for mid, msg := range want {
		tr := r.doc.Find(fmt.Sprintf(`tr[data-member="%d"]`, mid))
		if got := strings.TrimSpace(tr.Find(".line-error").Text()); !strings.HasPrefix(got, msg) {
			t.Errorf("line of %d: got %q, want %q…", mid, got, msg)
		}
		if v, _ := tr.Find("select").First().Attr("aria-invalid"); v != "true" {
			t.Errorf("line of %d not marked invalid", mid)
		}
	}
	if tr := r.doc.Find(fmt.Sprintf(`tr[data-member="%d"]`, f.m[0].ID)); tr.Find(".line-error").Length() != 0 {
		t.Error("the good line shows an error")
	}
	if got := r.text(".alert p"); got != "登记表有 2 行需要修改，本次没有保存任何记录" {
		t.Errorf("headline %q", got)
	}
	if n := r.doc.Find(".alert li").Length(); n != 2 {
		t.Errorf("headline lists %d lines, want 2", n)
	}
	// Every typed status is kept, the good line's too.
	if v := r.doc.Find(fmt.Sprintf(`select[name=status_%d] option[selected]`, f.m[0].ID)).AttrOr("value", ""); v != "present" {
		t.Errorf("good line's status %q", v)
	}
	if m, _ := e.s.Meeting.Get(storetest.System(), id); m.Counts.Present != 0 {
		t.Errorf("a refused register saved rows: %+v", m.Counts)
	}
}

// jpegBytes is a tiny file that the content check takes for a JPEG.
var jpegBytes = append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{9}, 300)...)

func TestMeetingAttachments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	id := f.newMeeting(t)
	path := fmt.Sprintf("/meetings/%d", id)
	page := wantStatusOf(t, f.secretary.get(path), http.StatusOK)
	form := page.doc.Find("#attachment-form")
	if form.AttrOr("enctype", "") != "multipart/form-data" || !strings.Contains(form.Find("input[type=file]").AttrOr("accept", ""), "image/*") {
		t.Fatal("no multipart upload form with accept=image/*")
	}
	wantStatus(t, f.secretary.uploadFile(path+"/attachments", "会议现场.jpg", jpegBytes), http.StatusSeeOther)

	// A bad type: 422 with the message beside the file field, nothing saved.
	r := f.secretary.uploadFile(path+"/attachments", "setup.exe", []byte("MZ\x90\x00\x03\x00"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := strings.TrimSpace(r.doc.Find(`#attachments input[name=file]`).NextFiltered("small.error").Text()); !strings.HasPrefix(got, "只能上传图片") {
		t.Errorf("type message %q", got)
	}

	// The member sees the list, downloads the file, but gets no upload form.
	mine := wantStatusOf(t, f.me.get(path), http.StatusOK)
	link := mine.doc.Find("#attachments ul.attachments a")
	if link.Length() != 1 || link.Text() != "会议现场.jpg" || mine.doc.Find("#attachment-form").Length() != 0 {
		t.Fatalf("member's attachments: %q form=%d", link.Text(), mine.doc.Find("#attachment-form").Length())
	}
	if v, _ := link.Attr("hx-boost"); v != "false" {
		t.Error("the download link would be swapped into the page by htmx")
	}
	href, _ := link.Attr("href")
	d := f.me.get(href)
	wantStatus(t, d, http.StatusOK)
	if d.body != string(jpegBytes) {
		t.Errorf("downloaded %d bytes, want the upload's %d", len(d.body), len(jpegBytes))
	}
	for h, want := range map[string]string{
		"Content-Type":           "image/jpeg",
		"Content-Disposition":    `attachment; filename="attachment.jpg"; filename*=UTF-8''%E4%BC%9A%E8%AE%AE%E7%8E%B0%E5%9C%BA.jpg`,
		"X-Content-Type-Options": "nosniff",
	} {
		if got := d.header.Get(h); got != want {
			t.Errorf("%s: got %q, want %q", h, got, want)
		}
	}
	if r := f.me.uploadFile(path+"/attachments", "a.jpg", jpegBytes); r.status != http.StatusNotFound {
		t.Errorf("member upload: %d, want 404", r.status)
	}
	if r := f.me.post(href+"/delete", url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("member delete: %d, want 404", r.status)
	}

	// The secretary deletes it and goes back to the meeting.
	r = f.secretary.post(href+"/delete", url.Values{})
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.header.Get("Location"); loc != path+"#attachments" {
		t.Errorf("after delete: %q", loc)
	}
	if page := wantStatusOf(t, f.secretary.get(path), http.StatusOK); page.doc.Find("#attachments ul.attachments li").Length() != 0 {
		t.Error("deleted file still listed")
	}
	if r := f.secretary.get(href); r.status != http.StatusNotFound {
		t.Errorf("download after delete: %d", r.status)
	}
}

func TestReflectionAttachment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newCampaignFixture(t, e)
	ref, err := e.s.Reflection.Submit(storetest.ActAs(t, e.s, userID(t, e, "eco_member")),
		reflection.Input{TopicID: f.c.Topics[0].ID, Title: "学习体会", Body: "正文"})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/reflections/%d", ref.ID)
	if page := wantStatusOf(t, f.secretary.get(path), http.StatusOK); page.doc.Find("#attachments").Length() != 0 {
		t.Error("an empty attachments box shown to the secretary, who cannot upload")
	}
	wantStatus(t, f.me.uploadFile(path+"/attachments", "心得.txt", []byte("手写心得的文字版")), http.StatusSeeOther)
	page := wantStatusOf(t, f.secretary.get(path), http.StatusOK)
	href, ok := page.doc.Find("#attachments ul.attachments a").Attr("href")
	if !ok || page.doc.Find("#attachment-form").Length() != 0 {
		t.Fatalf("secretary's view of the file: href=%v form=%d", ok, page.doc.Find("#attachment-form").Length())
	}
	d := f.secretary.get(href)
	wantStatus(t, d, http.StatusOK)
	if d.body != "手写心得的文字版" || d.header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("download %q as %q", d.body, d.header.Get("Content-Type"))
	}
	// The secretary may not upload to a member's reflection.
	if r := f.secretary.uploadFile(path+"/attachments", "b.txt", []byte("x")); r.status != http.StatusForbidden {
		t.Errorf("secretary upload: %d, want 403", r.status)
	}
}
