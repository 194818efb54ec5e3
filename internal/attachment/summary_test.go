package attachment_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/attachment"
	"xuezuo/internal/audit"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// summaryFixture adds to the meeting fixture a draft summary of the branch
// on the meeting's topic, the unit's organiser (the level above, who
// reviews it) and the secretary of a sibling branch in the same unit.
type summaryFixture struct {
	*fixture
	summaryID         xuezuo.ID
	organiser, sister context.Context
}

func newSummaryFixture(t *testing.T) *summaryFixture {
	t.Helper()
	f := newFixture(t)
	sys := storetest.System()
	m, err := f.s.Meeting.Get(sys, f.meetingID)
	if err != nil {
		t.Fatal(err)
	}
	sm, err := f.s.Report.Create(f.secretary, f.branch.ID, m.TopicID)
	if err != nil {
		t.Fatal(err)
	}
	views := "学习党章，对照检查。"
	if _, err := f.s.Report.Edit(f.secretary, sm.ID, report.Input{Views: &views}); err != nil {
		t.Fatal(err)
	}
	sister := storetest.MustCreateOrg(t, f.s, f.branch.ParentID, "机关党支部", org.KindBranch)
	return &summaryFixture{fixture: f, summaryID: sm.ID,
		organiser: storetest.MustUser(t, f.s, "organiser", xuezuo.RoleOrgAdmin, f.branch.ParentID),
		sister:    storetest.MustUser(t, f.s, "sister", xuezuo.RoleSecretary, sister.ID)}
}

func (f *summaryFixture) upload(ctx context.Context, name string) (*attachment.Attachment, error) {
	return f.s.Attachment.Upload(ctx, attachment.Summary, f.summaryID, name, bytes.NewReader(jpeg))
}

// TestSummaryFilesFollowTheSummary: the branch uploads while the summary is
// a draft; the level above reads the files when it reviews; once submitted
// the files are fixed (409 with the reason) until the summary is returned;
// after acceptance they stay fixed.
func TestSummaryFilesFollowTheSummary(t *testing.T) {
	t.Parallel()
	f := newSummaryFixture(t)
	photo, err := f.upload(f.secretary, "学习现场.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Report.Submit(f.secretary, f.summaryID); err != nil {
		t.Fatal(err)
	}
	// The reviewer above and the unit's inspector read the files.
	for name, ctx := range map[string]context.Context{"organiser": f.organiser, "inspector": f.inspector} {
		got, rc, err := f.s.Attachment.Download(ctx, photo.ID)
		if err != nil {
			t.Fatalf("%s downloads: %v", name, err)
		}
		if b := read(t, rc); !bytes.Equal(b, jpeg) || got.OwnerKind != attachment.Summary {
			t.Errorf("%s: %d bytes of %q", name, len(b), got.OwnerKind)
		}
		if list, err := f.s.Attachment.List(ctx, attachment.Summary, f.summaryID); err != nil || len(list) != 1 {
			t.Errorf("%s lists: %v %v", name, list, err)
		}
	}
	const locked = "总结材料已报送，附件不能再上传或删除；如需更改，请上级退回后再改"
	if _, err := f.upload(f.secretary, "补充.jpg"); xuezuo.ErrorCode(err) != xuezuo.EConflict || xuezuo.ErrorMessage(err) != locked {
		t.Errorf("upload after submit: %v, want 409 %s", err, locked)
	}
	if _, err := f.s.Attachment.Delete(f.secretary, photo.ID); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("delete after submit: %v, want 409", err)
	}
	// Returned: the branch may change its files again.
	if _, err := f.s.Report.Return(f.organiser, f.summaryID, "请补充会议纪要"); err != nil {
		t.Fatal(err)
	}
	minutes, err := f.s.Attachment.Upload(f.secretary, attachment.Summary, f.summaryID, "会议纪要.txt", strings.NewReader("纪要"))
	if err != nil {
		t.Fatalf("upload after return: %v", err)
	}
	if _, err := f.s.Report.Submit(f.secretary, f.summaryID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Report.Accept(f.organiser, f.summaryID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.upload(f.organiser, "再传.jpg"); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("upload after accept: %v, want 409", err)
	}
	if _, err := f.s.Attachment.Delete(f.secretary, minutes.ID); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("delete after accept: %v, want 409", err)
	}
	if list, _ := f.s.Attachment.List(f.organiser, attachment.Summary, f.summaryID); len(list) != 2 {
		t.Errorf("files on the accepted summary: %d, want 2", len(list))
	}
}

// TestSummaryFilePermissions: outside the summary's reach every file
// operation is not found; a reader in reach may not change the files.
func TestSummaryFilePermissions(t *testing.T) {
	t.Parallel()
	f := newSummaryFixture(t)
	photo, err := f.upload(f.secretary, "学习现场.jpg")
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]func(ctx context.Context) error{
		"upload": func(ctx context.Context) error { _, err := f.upload(ctx, "a.jpg"); return err },
		"list": func(ctx context.Context) error {
			_, err := f.s.Attachment.List(ctx, attachment.Summary, f.summaryID)
			return err
		},
		"download": func(ctx context.Context) error { _, _, err := f.s.Attachment.Download(ctx, photo.ID); return err },
		"delete":   func(ctx context.Context) error { _, err := f.s.Attachment.Delete(ctx, photo.ID); return err },
	}
	cases := []struct {
		who  string
		ctx  context.Context
		want map[string]string // op → code; missing: allowed
	}{
		{"secretary of a sibling branch", f.sister, map[string]string{"upload": xuezuo.ENotFound, "list": xuezuo.ENotFound, "download": xuezuo.ENotFound, "delete": xuezuo.ENotFound}},
		{"secretary of another unit", f.foreign, map[string]string{"upload": xuezuo.ENotFound, "list": xuezuo.ENotFound, "download": xuezuo.ENotFound, "delete": xuezuo.ENotFound}},
		{"member of the branch", f.author, map[string]string{"upload": xuezuo.ENotFound, "list": xuezuo.ENotFound, "download": xuezuo.ENotFound, "delete": xuezuo.ENotFound}},
		{"inspector of the unit", f.inspector, map[string]string{"upload": xuezuo.EForbidden, "delete": xuezuo.EForbidden}},
		{"system admin", f.sysadmin, map[string]string{"upload": xuezuo.EForbidden, "list": xuezuo.EForbidden, "download": xuezuo.EForbidden, "delete": xuezuo.EForbidden}},
	}
	for _, tc := range cases {
		for _, op := range []string{"upload", "list", "download", "delete"} {
			t.Run(tc.who+" "+op, func(t *testing.T) {
				if err := ops[op](tc.ctx); xuezuo.ErrorCode(err) != tc.want[op] {
					t.Errorf("got %v, want %q", err, tc.want[op])
				}
			})
		}
	}
	if list, _ := f.s.Attachment.List(f.secretary, attachment.Summary, f.summaryID); len(list) != 1 || list[0].ID != photo.ID {
		t.Errorf("files after the refusals: %+v, want the one photo", list)
	}
	// The organiser above may edit the draft, so may change its files.
	extra, err := f.upload(f.organiser, "单位补充.jpg")
	if err != nil {
		t.Fatalf("organiser uploads to the draft: %v", err)
	}
	if _, err := f.s.Attachment.Delete(f.secretary, extra.ID); err != nil {
		t.Errorf("secretary deletes the organiser's file: %v", err)
	}
}

// TestSummaryFilesAudited: upload, download and deletion of a summary's
// file each leave an audit row naming the summary's branch.
func TestSummaryFilesAudited(t *testing.T) {
	t.Parallel()
	f := newSummaryFixture(t)
	a, err := f.upload(f.secretary, "学习现场.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if _, rc, err := f.s.Attachment.Download(f.organiser, a.ID); err != nil {
		t.Fatal(err)
	} else {
		rc.Close()
	}
	if _, err := f.s.Attachment.Delete(f.secretary, a.ID); err != nil {
		t.Fatal(err)
	}
	rows, _, err := f.s.Audit.List(storetest.System(), audit.Filter{Action: "attachment."})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"attachment.upload": "summary", attachment.ActionDownload: "attachment", "attachment.delete": "summary"}
	if len(rows) != len(want) {
		t.Fatalf("audit rows %+v, want %d", rows, len(want))
	}
	for _, r := range rows {
		if want[r.Action] != r.TargetType || r.OrgID != f.branch.ID {
			t.Errorf("audit row %s on %s %d in org %d, want %s in org %d", r.Action, r.TargetType, r.TargetID, r.OrgID, want[r.Action], f.branch.ID)
		}
		if r.Action == attachment.ActionDownload && !strings.Contains(strings.Join(r.Fields, ","), "owner=summary") {
			t.Errorf("download row fields %q, want owner=summary", r.Fields)
		}
	}
}
