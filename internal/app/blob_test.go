package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/app"
	"xuezuo/internal/attachment"
	"xuezuo/internal/config"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// TestUploadsLandInTheDataDir checks the wiring: the app's blob store is
// DataDir/blobs, laid out as ab/cdef… by SHA-256.
func TestUploadsLandInTheDataDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, err := app.New(context.Background(), config.Config{DataDir: dir, DB: storetest.URL(t), FastHash: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := app.System(context.Background(), "test")
	root, err := a.Org.Create(ctx, org.Input{Name: "党委", Kind: org.KindCommittee})
	if err != nil {
		t.Fatal(err)
	}
	branch, err := a.Org.Create(ctx, org.Input{ParentID: root.ID, Name: "第一党支部", Kind: org.KindBranch})
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.Meeting.Create(ctx, meeting.Input{OrgID: branch.ID, Kind: "theme_day", HeldOn: xuezuo.NewDate(2026, 5, 1)})
	if err != nil {
		t.Fatal(err)
	}
	att, err := a.Attachment.Upload(ctx, attachment.Meeting, m.ID, "纪要.txt", strings.NewReader("会议纪要"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "blobs", att.SHA256[:2], att.SHA256[2:]))
	if err != nil || string(b) != "会议纪要" {
		t.Errorf("blob file: %q %v", b, err)
	}
}
