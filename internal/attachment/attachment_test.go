package attachment_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/attachment"
	"xuezuo/internal/audit"
	"xuezuo/internal/blob"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/reflection"
	"xuezuo/internal/store/storetest"
)

// jpeg is the start of a JPEG file, enough for the content check.
var jpeg = append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{7}, 500)...)

// fixture is a branch with a meeting and two members (one the author of a
// reflection), with contexts for its secretary, the author, the other
// member, the unit's inspector and a secretary of another unit.
type fixture struct {
	s                            *storetest.Services
	branch                       *org.Org
	meetingID, reflectionID      xuezuo.ID
	secretary, author, peer      context.Context
	inspector, foreign, sysadmin context.Context
	members                      []*member.Member
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s := storetest.OpenServices(t)
	sys := storetest.System()
	f := &fixture{s: s}
	root := storetest.MustCreateOrg(t, s, 0, "京区党委", org.KindCommittee)
	unit := storetest.MustCreateUnit(t, s, root.ID, "植物所党委")
	f.branch = storetest.MustCreateOrg(t, s, unit.ID, "生态党支部", org.KindBranch)
	otherUnit := storetest.MustCreateUnit(t, s, root.ID, "化学所党委")
	other := storetest.MustCreateOrg(t, s, otherUnit.ID, "化学党支部", org.KindBranch)
	f.members = []*member.Member{storetest.MustCreateMember(t, s, f.branch.ID, "张一"), storetest.MustCreateMember(t, s, f.branch.ID, "王二")}
	c, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: unit.ID, Title: "测试学习教育", Start: xuezuo.NewDate(2026, 1, 1),
		Topics: []campaign.TopicInput{{No: 1, Title: "学党章", Deadline: xuezuo.NewDate(2026, 6, 30)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Campaign.Publish(sys, c.ID); err != nil {
		t.Fatal(err)
	}
	c, _ = s.Campaign.Get(sys, c.ID)
	m, err := s.Meeting.Create(sys, meeting.Input{OrgID: f.branch.ID, Kind: "topic_study", TopicID: c.Topics[0].ID, HeldOn: xuezuo.NewDate(2026, 5, 20)})
	if err != nil {
		t.Fatal(err)
	}
	f.meetingID = m.ID
	f.secretary = storetest.MustUser(t, s, "secretary", xuezuo.RoleSecretary, f.branch.ID)
	f.author = storetest.MustLinkMember(t, s, storetest.MustUser(t, s, "author", xuezuo.RoleMember, f.branch.ID), f.members[0].ID)
	f.peer = storetest.MustLinkMember(t, s, storetest.MustUser(t, s, "peer", xuezuo.RoleMember, f.branch.ID), f.members[1].ID)
	f.inspector = storetest.MustUser(t, s, "inspector", xuezuo.RoleInspector, unit.ID)
	f.foreign = storetest.MustUser(t, s, "foreign", xuezuo.RoleSecretary, other.ID)
	f.sysadmin = storetest.MustUser(t, s, "sysadmin", xuezuo.RoleSystemAdmin, 0)
	r, err := s.Reflection.Submit(f.author, reflection.Input{TopicID: c.Topics[0].ID, Title: "学习体会", Body: "正文"})
	if err != nil {
		t.Fatal(err)
	}
	f.reflectionID = r.ID
	return f
}

func read(t *testing.T, rc io.ReadCloser) []byte {
	t.Helper()
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMeetingUploadDownloadDelete(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a, err := f.s.Attachment.Upload(f.secretary, attachment.Meeting, f.meetingID, `D:\照片\会议现场.jpg`, bytes.NewReader(jpeg))
	if err != nil {
		t.Fatal(err)
	}
	if a.FileName != "会议现场.jpg" || a.ContentType != attachment.TypeJPEG || a.Size != int64(len(jpeg)) || len(a.SHA256) != 64 {
		t.Errorf("attachment %+v", a)
	}
	// Everyone who reads the meeting downloads the same bytes.
	for name, ctx := range map[string]context.Context{"secretary": f.secretary, "member": f.author, "inspector": f.inspector} {
		got, rc, err := f.s.Attachment.Open(ctx, a.ID)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := read(t, rc); !bytes.Equal(b, jpeg) || got.UploaderName != "secretary" {
			t.Errorf("%s: %d bytes by %q, want the upload", name, len(b), got.UploaderName)
		}
	}
	list, err := f.s.Attachment.List(f.author, attachment.Meeting, f.meetingID)
	if err != nil || len(list) != 1 || list[0].ID != a.ID || !list[0].Image() {
		t.Fatalf("list %+v %v", list, err)
	}
	// Readers may not delete; the secretary may.
	if _, err := f.s.Attachment.Delete(f.author, a.ID); err == nil {
		t.Fatal("a member deleted a meeting's file")
	}
	if _, err := f.s.Attachment.Delete(f.secretary, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.s.Attachment.Open(f.secretary, a.ID); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("open after delete: %v", err)
	}
	rows, _, _ := f.s.Audit.List(storetest.System(), audit.Filter{Action: "attachment."})
	if len(rows) != 2 || rows[0].TargetType != "meeting" || rows[0].TargetID != f.meetingID {
		t.Errorf("audit rows %+v", rows)
	}
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	mine, err := f.s.Attachment.Upload(f.secretary, attachment.Meeting, f.meetingID, "纪要.txt", strings.NewReader("会议纪要"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		ctx  context.Context
		do   func(ctx context.Context) error
		want string
	}{
		{"member uploads to the meeting", f.author, func(ctx context.Context) error {
			_, err := f.s.Attachment.Upload(ctx, attachment.Meeting, f.meetingID, "a.txt", strings.NewReader("x"))
			return err
		}, xuezuo.ENotFound},
		{"inspector uploads to the meeting", f.inspector, func(ctx context.Context) error {
			_, err := f.s.Attachment.Upload(ctx, attachment.Meeting, f.meetingID, "a.txt", strings.NewReader("x"))
			return err
		}, xuezuo.EForbidden},
		{"foreign secretary uploads", f.foreign, func(ctx context.Context) error {
			_, err := f.s.Attachment.Upload(ctx, attachment.Meeting, f.meetingID, "a.txt", strings.NewReader("x"))
			return err
		}, xuezuo.ENotFound},
		{"foreign secretary lists", f.foreign, func(ctx context.Context) error {
			_, err := f.s.Attachment.List(ctx, attachment.Meeting, f.meetingID)
			return err
		}, xuezuo.ENotFound},
		{"foreign secretary downloads", f.foreign, func(ctx context.Context) error {
			_, _, err := f.s.Attachment.Open(ctx, mine.ID)
			return err
		}, xuezuo.ENotFound},
		{"foreign secretary deletes", f.foreign, func(ctx context.Context) error {
			_, err := f.s.Attachment.Delete(ctx, mine.ID)
			return err
		}, xuezuo.ENotFound},
		{"system admin downloads", f.sysadmin, func(ctx context.Context) error {
			_, _, err := f.s.Attachment.Open(ctx, mine.ID)
			return err
		}, xuezuo.EForbidden},
		{"unknown owner kind", f.secretary, func(ctx context.Context) error {
			_, err := f.s.Attachment.Upload(ctx, "member", f.members[0].ID, "a.txt", strings.NewReader("x"))
			return err
		}, xuezuo.ENotFound},
		{"peer uploads to another's reflection", f.peer, func(ctx context.Context) error {
			_, err := f.s.Attachment.Upload(ctx, attachment.Reflection, f.reflectionID, "a.txt", strings.NewReader("x"))
			return err
		}, xuezuo.ENotFound}, // a member reads only the own reflections
		{"secretary uploads to a member's reflection", f.secretary, func(ctx context.Context) error {
			_, err := f.s.Attachment.Upload(ctx, attachment.Reflection, f.reflectionID, "a.txt", strings.NewReader("x"))
			return err
		}, xuezuo.EForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.do(tc.ctx); xuezuo.ErrorCode(err) != tc.want {
				t.Errorf("got %v, want %s", err, tc.want)
			}
		})
	}
	if list, _ := f.s.Attachment.List(f.secretary, attachment.Meeting, f.meetingID); len(list) != 1 {
		t.Errorf("files on the meeting: %d, want 1", len(list))
	}
}

func TestRefusedFilesStoreNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	big := append(append([]byte{}, jpeg...), make([]byte, attachment.MaxBytes)...)
	cases := []struct {
		name, file string
		r          io.Reader
		want       string
	}{
		{"too big", "大照片.jpg", bytes.NewReader(big), "文件超过 20 MB，请压缩或拆分后再上传"},
		{"executable", "setup.exe", strings.NewReader("MZ\x90\x00\x03"), "只能上传图片（JPEG、PNG、WebP）、PDF、Word（.doc、.docx）、Excel（.xls、.xlsx）或文本（.txt）文件"},
		{"html renamed", "页面.jpg", strings.NewReader("<html><script>alert(1)</script></html>"), "只能上传图片"},
		{"empty", "空.txt", strings.NewReader(""), "文件是空的，请重新选择"},
		{"no file", "", nil, "请选择要上传的照片或文件"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.Attachment.Upload(f.secretary, attachment.Meeting, f.meetingID, tc.file, tc.r)
			if xuezuo.ErrorCode(err) != xuezuo.EInvalid || !strings.HasPrefix(xuezuo.ErrorFields(err)["file"], tc.want) {
				t.Errorf("got %v, want file: %s", err, tc.want)
			}
		})
	}
	if list, _ := f.s.Attachment.List(f.secretary, attachment.Meeting, f.meetingID); len(list) != 0 {
		t.Errorf("refused files recorded: %d", len(list))
	}
	n := 0
	f.s.Blobs.List(context.Background(), func(blob.Object) error { n++; return nil })
	if n != 0 {
		t.Errorf("refused files stored: %d blobs", n)
	}
}

func TestReflectionFileWhileEditable(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	doc := []byte("%PDF-1.4\n手写心得扫描件")
	a, err := f.s.Attachment.Upload(f.author, attachment.Reflection, f.reflectionID, "心得.pdf", bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	// The secretary reads it; the peer, who cannot read the reflection, cannot.
	_, rc, err := f.s.Attachment.Open(f.secretary, a.ID)
	if err != nil || !bytes.Equal(read(t, rc), doc) {
		t.Fatalf("secretary download: %v", err)
	}
	if _, _, err := f.s.Attachment.Open(f.peer, a.ID); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("peer download: %v, want not found", err)
	}
	if err := f.s.Reflection.Review(f.secretary, f.reflectionID); err != nil {
		t.Fatal(err)
	}
	_, err = f.s.Attachment.Upload(f.author, attachment.Reflection, f.reflectionID, "再传.pdf", bytes.NewReader(doc))
	if xuezuo.ErrorCode(err) != xuezuo.EConflict || xuezuo.ErrorMessage(err) != "支部书记已审阅，不能再修改" {
		t.Errorf("upload after review: %v", err)
	}
	if _, err := f.s.Attachment.Delete(f.author, a.ID); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("delete after review: %v", err)
	}
}

// failingStore refuses every metadata insert, as a full disk or a lost
// connection would.
type failingStore struct{ attachment.Store }

func (failingStore) CreateAttachment(context.Context, *attachment.Attachment, audit.Entry) error {
	return errors.New("insert failed")
}

// failingBlobs refuses every write.
type failingBlobs struct{ blob.Blob }

func (failingBlobs) Put(context.Context, io.Reader, int64) (blob.Object, error) {
	return blob.Object{}, errors.New("disk full")
}

func TestNothingHalfSaved(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// The blob write fails: no row is written, so none points to a missing blob.
	noBlobs := attachment.NewService(f.s.Store, failingBlobs{f.s.Blobs}, f.s.FileOwners, storetest.Clock)
	if _, err := noBlobs.Upload(f.secretary, attachment.Meeting, f.meetingID, "a.jpg", bytes.NewReader(jpeg)); err == nil {
		t.Fatal("upload succeeded without its blob")
	}
	if list, _ := f.s.Attachment.List(f.secretary, attachment.Meeting, f.meetingID); len(list) != 0 {
		t.Fatalf("a row points to a blob never written: %+v", list)
	}
	// The insert fails after the blob was written: no row, and the orphan
	// blob goes with the next sweep.
	noRows := attachment.NewService(failingStore{f.s.Store}, f.s.Blobs, f.s.FileOwners, storetest.Clock)
	if _, err := noRows.Upload(f.secretary, attachment.Meeting, f.meetingID, "a.jpg", bytes.NewReader(jpeg)); err == nil {
		t.Fatal("upload succeeded without its row")
	}
	if list, _ := f.s.Attachment.List(f.secretary, attachment.Meeting, f.meetingID); len(list) != 0 {
		t.Fatalf("rows after a failed insert: %+v", list)
	}
	if n, err := f.s.Attachment.Sweep(storetest.System(), -time.Minute); err != nil || n != 1 {
		t.Errorf("sweep: %d %v, want the orphan removed", n, err)
	}
}

func TestSweepKeepsSharedAndYoungBlobs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a, err := f.s.Attachment.Upload(f.secretary, attachment.Meeting, f.meetingID, "a.jpg", bytes.NewReader(jpeg))
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.s.Attachment.Upload(f.author, attachment.Reflection, f.reflectionID, "同一张.jpg", bytes.NewReader(jpeg))
	if err != nil {
		t.Fatal(err)
	}
	if a.SHA256 != b.SHA256 {
		t.Fatal("the same bytes got two blobs")
	}
	if _, err := f.s.Attachment.Sweep(f.secretary, 0); xuezuo.ErrorCode(err) != xuezuo.EForbidden {
		t.Errorf("a user ran the sweep: %v", err)
	}
	if _, err := f.s.Attachment.Delete(f.secretary, a.ID); err != nil {
		t.Fatal(err)
	}
	// The reflection still uses the content.
	if n, _ := f.s.Attachment.Sweep(storetest.System(), -time.Minute); n != 0 {
		t.Errorf("swept %d blobs still in use", n)
	}
	if _, err := f.s.Attachment.Delete(f.author, b.ID); err != nil {
		t.Fatal(err)
	}
	// Unused now, but younger than the grace period.
	if n, _ := f.s.Attachment.Sweep(storetest.System(), time.Hour); n != 0 {
		t.Errorf("swept %d young blobs", n)
	}
	if n, _ := f.s.Attachment.Sweep(storetest.System(), -time.Minute); n != 1 {
		t.Errorf("swept %d, want the unused blob", n)
	}
	if _, err := f.s.Blobs.Stat(context.Background(), a.SHA256); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("blob still there: %v", err)
	}
}
