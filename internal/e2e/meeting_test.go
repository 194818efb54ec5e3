package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xuezuo/internal/app"
)

// TestSecretaryEditsMeetingOnPhone walks the meeting pages at 375 px: the
// branch's meeting list, a photo upload, the edit form, and a register
// refused with the message beside the offending line.
func TestSecretaryEditsMeetingOnPhone(t *testing.T) {
	s := start(t)
	eco := s.orgID(t, app.System(context.Background(), "test"), "生态党支部")
	photo := filepath.Join(t.TempDir(), "会议现场.jpg")
	jpeg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{5}, 2000)...)
	if err := os.WriteFile(photo, jpeg, 0o600); err != nil {
		t.Fatal(err)
	}
	sec := tab(t)
	s.login(t, sec, "shuji")

	err := chromedp.Do(sec,
		chromedp.Navigate(fmt.Sprintf("%s/orgs/%d/meetings", s.URL, eco)),
		chromedp.WaitVisible(chromedp.CSS("table.meetings tbody tr[data-meeting] a")),
	)
	if err != nil {
		t.Fatalf("meeting list: %v", err)
	}
	assertFitsPhone(t, sec)
	shot(t, sec, "m1-list")
	err = chromedp.Do(sec,
		chromedp.Click(chromedp.CSS("table.meetings tbody tr[data-meeting] a")),
		chromedp.WaitVisible(chromedp.CSS("#attachment-form")),
		chromedp.SetUploadFiles(chromedp.CSS(`#attachment-form input[type="file"]`), []string{photo}),
		chromedp.Click(chromedp.CSS(`#attachment-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#attachments ul.attachments li")),
	)
	if err != nil {
		t.Fatalf("upload a photo: %v", err)
	}
	if txt := bodyText(t, sec); !strings.Contains(txt, "会议现场.jpg") {
		t.Errorf("uploaded photo not listed")
	}
	assertFitsPhone(t, sec)
	shot(t, sec, "m2-meeting-with-photo")

	err = chromedp.Do(sec,
		chromedp.Click(chromedp.CSS("#meeting-edit")),
		chromedp.WaitVisible(chromedp.CSS("#meeting-form")),
	)
	if err != nil {
		t.Fatalf("open the edit form: %v", err)
	}
	assertFitsPhone(t, sec)
	shot(t, sec, "m3-edit")
	err = chromedp.Do(sec,
		chromedp.SetValue(chromedp.CSS(`#meeting-form input[name="place"]`), "标本馆二楼"),
		chromedp.Click(chromedp.CSS(`#meeting-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#register-form")),
	)
	if err != nil {
		t.Fatalf("save the edit: %v", err)
	}
	if facts, err := chromedp.Run(sec, chromedp.Text(chromedp.CSS("#meeting-facts"))); err != nil || !strings.Contains(facts, "标本馆二楼") {
		t.Errorf("facts after the edit: %q %v", facts, err)
	}

	// A leave without its reason: the message sits on the line itself.
	first := `#register-form tbody tr[data-member]`
	if _, err := chromedp.Run(sec, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const tr = document.querySelector(%q);
		tr.querySelector('select[name^="status_"]').value = "leave"; tr.querySelector('input[name^="reason_"]').value = ""; return true })()`, first))); err != nil {
		t.Fatalf("type a bad line: %v", err)
	}
	err = chromedp.Do(sec,
		chromedp.Click(chromedp.CSS(`#register-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(first+" .line-error")),
	)
	if err != nil {
		t.Fatalf("refused register: %v", err)
	}
	msg, err := chromedp.Run(sec, chromedp.Text(chromedp.CSS(first+" .line-error")))
	if err != nil || !strings.HasPrefix(msg, "第1行 ") || !strings.HasSuffix(msg, "请假须填写原因") {
		t.Errorf("line message %q %v", msg, err)
	}
	assertFitsPhone(t, sec)
	shot(t, sec, "m4-register-error")
}
