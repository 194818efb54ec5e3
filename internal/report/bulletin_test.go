package report_test

import (
	"bytes"
	"context"
	"testing"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/office"
	"xuezuo/internal/office/officetest"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// fakeLectures answers fixed lecture figures per row org: the 党课
// register is built elsewhere; bulletins only read its figures.
type fakeLectures map[xuezuo.ID]report.LectureFigures

func (f fakeLectures) LectureFigures(_ context.Context, _ xuezuo.ID, orgIDs []xuezuo.ID, _, _ xuezuo.Date) (map[xuezuo.ID]report.LectureFigures, error) {
	out := map[xuezuo.ID]report.LectureFigures{}
	for _, id := range orgIDs {
		out[id] = f[id]
	}
	return out, nil
}

// bulletins returns a bulletin service over the chain fixture with fixed
// lecture figures for 甲所党委 (2 leader, 1 secretary lecture; one branch
// with a secretary lecture).
func (f *chainFixture) bulletins() *report.Bulletins {
	lec := fakeLectures{f.unit.ID: {ByKind: map[string]int{"leader": 2, "secretary": 1}, SecretaryBranches: 1, QiyiBranches: 1}}
	return report.NewBulletins(f.s.Store, f.s.Policy, f.s.Campaign, f.s.Progress, lec, f.clk)
}

// campaignID is the fixture campaign's id.
func (f *chainFixture) campaignID(t *testing.T) xuezuo.ID {
	t.Helper()
	tp, _ := must2(f.s.Campaign.Topic(storetest.System(), f.topic))(t)
	return tp.CampaignID
}

func rowNames(b *report.Bulletin) []string {
	var out []string
	for _, r := range b.Content.Rows {
		out = append(out, r.Name)
	}
	return out
}

// TestBulletinRows: an org above unit level lists its units (the top's
// bulletin every unit, however deep), a unit lists its children, a branch
// issues none.
func TestBulletinRows(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	bs, cid := f.bulletins(), f.campaignID(t)
	for _, tc := range []struct {
		name string
		org  *org.Org
		want []string
	}{
		{"top lists all units", f.top, []string{"甲所党委", "乙所党委"}},
		{"region lists its unit", f.region, []string{"甲所党委"}},
		{"unit lists its branches", f.unit, []string{"一支部", "二支部"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := must(bs.CreateBulletin(storetest.System(), report.BulletinInput{OrgID: tc.org.ID, CampaignID: cid, TopicID: f.topic}))(t)
			if got := rowNames(b); !equal(got, tc.want) {
				t.Errorf("rows %v, want %v", got, tc.want)
			}
		})
	}
	_, err := bs.CreateBulletin(storetest.System(), report.BulletinInput{OrgID: f.b1.ID, CampaignID: cid, TopicID: f.topic})
	if xuezuo.ErrorCode(err) != xuezuo.EInvalid {
		t.Errorf("branch bulletin: got %v, want invalid", err)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestBulletinNumbering: 第 N 期 counts per org and year, and the 发文字号
// is made from the org's 机关代字.
func TestBulletinNumbering(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	bs, cid := f.bulletins(), f.campaignID(t)
	ctx := storetest.System()
	in := org.Input{Name: f.region.Name, Kind: f.region.Kind, IssuerName: "中共中国科学院京区委员会", DocCode: "京区党通"}
	must(f.s.Org.Update(ctx, f.region.ID, in))(t)
	q := func(o xuezuo.ID) *report.Bulletin {
		return must(bs.CreateBulletin(ctx, report.BulletinInput{OrgID: o, CampaignID: cid, Quarter: "2026Q2"}))(t)
	}
	first, second, unit := q(f.region.ID), q(f.region.ID), q(f.unit.ID)
	f.clk.on(xuezuo.NewDate(2027, 1, 5))
	nextYear := q(f.region.ID)
	for _, tc := range []struct {
		name   string
		b      *report.Bulletin
		number int
		docNo  string
	}{
		{"first of the region", first, 1, "京区党通〔2026〕1号"},
		{"second of the region", second, 2, "京区党通〔2026〕2号"},
		{"the unit counts apart, without a code", unit, 1, ""},
		{"a new year starts at 1", nextYear, 1, "京区党通〔2027〕1号"},
	} {
		if tc.b.Number != tc.number || tc.b.DocNo != tc.docNo {
			t.Errorf("%s: got %d %q, want %d %q", tc.name, tc.b.Number, tc.b.DocNo, tc.number, tc.docNo)
		}
	}
	if first.Content.Issuer != "中共中国科学院京区委员会" {
		t.Errorf("issuer %q", first.Content.Issuer)
	}
}

// TestBulletinFigures: the rows carry the progress figures, §5.6 summary
// counts, the lecture figures and the branches needing attention by name;
// highlights are the items this org adopted in the period.
func TestBulletinFigures(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	bs, cid := f.bulletins(), f.campaignID(t)
	ctx := storetest.System()
	ids := f.memberIDs(t)
	f.topicMeeting(t, f.b1.ID, xuezuo.NewDate(2026, 4, 20), ids, []string{meeting.Present, meeting.Present, meeting.Absent})
	sm := f.acceptedSummary(t, f.b1.ID, xuezuo.NewDate(2026, 5, 10)) // due 05-15: on time
	fw := f.forward(t, f.unitAdmin, xuezuo.NewDate(2026, 5, 11), report.ForwardInput{Kind: report.KindSummary, ItemID: sm.ID, Note: "好"})
	f.clk.on(xuezuo.NewDate(2026, 5, 12))
	must(f.s.Report.Adopt(f.regionAdmin, fw.ID))(t)
	f.clk.on(xuezuo.NewDate(2026, 6, 1))
	b := must(bs.CreateBulletin(ctx, report.BulletinInput{OrgID: f.region.ID, CampaignID: cid, Quarter: "2026Q2"}))(t)
	r := b.Content.Rows[0]
	if r.Branches != 2 || r.TopicOnTime[0] != 1 || r.AttendancePresent != 2 || r.AttendanceExpected != 3 {
		t.Errorf("progress figures %+v", r)
	}
	if r.SummariesExpected != 2 || r.SummariesAccepted != 1 || r.SummariesLate != 0 || r.SummariesMissing != 1 {
		t.Errorf("summary figures %+v", r)
	}
	if r.Lectures["leader"] != 2 || r.SecretaryLectures != 1 || r.QiyiBranches != 1 {
		t.Errorf("lecture figures %+v", r)
	}
	if len(b.Content.Overdue) != 1 || b.Content.Overdue[0].Name != "二支部" || b.Content.Overdue[0].RowName != "甲所党委" {
		t.Errorf("overdue %+v, want 二支部 of 甲所党委", b.Content.Overdue)
	}
	if len(b.Content.WithoutSummary) != 1 || b.Content.WithoutSummary[0].Name != "二支部" {
		t.Errorf("without summary %+v, want 二支部", b.Content.WithoutSummary)
	}
	if len(b.Content.Highlights) != 1 || b.Content.Highlights[0].ForwardID != fw.ID || b.Content.Highlights[0].SourceOrg != "甲所党委" {
		t.Errorf("highlights %+v, want the adopted forward from 甲所党委", b.Content.Highlights)
	}
	// The unit did not adopt it; a period before the adoption has none.
	u := must(bs.CreateBulletin(ctx, report.BulletinInput{OrgID: f.unit.ID, CampaignID: cid, Quarter: "2026Q2"}))(t)
	early := must(bs.CreateBulletin(ctx, report.BulletinInput{OrgID: f.region.ID, CampaignID: cid, Quarter: "2026Q1"}))(t)
	if len(u.Content.Highlights) != 0 || len(early.Content.Highlights) != 0 {
		t.Errorf("highlights of the unit %v, of Q1 %v; want none", u.Content.Highlights, early.Content.Highlights)
	}
}

// memberIDs lists the fixture's members of 一支部.
func (f *chainFixture) memberIDs(t *testing.T) []xuezuo.ID {
	t.Helper()
	var ids []xuezuo.ID
	for _, c := range f.authors {
		ids = append(ids, xuezuo.ActorFrom(c).MemberID)
	}
	return ids
}

// topicMeeting holds a topic meeting of a branch with the members' statuses.
func (f *chainFixture) topicMeeting(t *testing.T, branch xuezuo.ID, on xuezuo.Date, ids []xuezuo.ID, st []string) *meeting.Meeting {
	t.Helper()
	ctx := storetest.System()
	m := must(f.s.Meeting.Create(ctx, meeting.Input{OrgID: branch, Kind: "topic_study", TopicID: f.topic, HeldOn: on, Place: "会议室"}))(t)
	for i, s := range st {
		if err := f.s.Meeting.Record(ctx, m.ID, meeting.Entry{MemberID: ids[i], Status: s}); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// TestBulletinFrozen: once published a bulletin's figures never change,
// while the live figures move on and the difference shows.
func TestBulletinFrozen(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	bs, cid := f.bulletins(), f.campaignID(t)
	ids := f.memberIDs(t)
	m := f.topicMeeting(t, f.b1.ID, xuezuo.NewDate(2026, 4, 20), ids, []string{meeting.Present, meeting.Absent})
	b := must(bs.CreateBulletin(f.regionAdmin, report.BulletinInput{OrgID: f.region.ID, CampaignID: cid, TopicID: f.topic}))(t)
	pub := must(bs.Publish(f.regionAdmin, b.ID))(t)
	if !pub.Published() || pub.Content.Rows[0].AttendancePresent != 1 {
		t.Fatalf("published %+v", pub.Content.Rows[0])
	}
	if err := f.s.Meeting.Record(storetest.System(), m.ID, meeting.Entry{MemberID: ids[2], Status: meeting.Present}); err != nil {
		t.Fatal(err)
	}
	again := must(bs.Bulletin(f.regionAdmin, b.ID))(t)
	if r := again.Content.Rows[0]; r.AttendancePresent != 1 || r.AttendanceExpected != 2 {
		t.Errorf("frozen row changed: %+v", r)
	}
	diff := must(bs.LiveDiff(f.regionAdmin, again))(t)
	if got := diff[report.DiffKey(f.unit.ID, "attendance_rate")]; got != "66.7%" {
		t.Errorf("live attendance %q, want 66.7%% (%v)", got, diff)
	}
	if _, ok := diff[report.DiffKey(f.unit.ID, "branches")]; ok {
		t.Errorf("unchanged figure marked: %v", diff)
	}
	if _, err := bs.Publish(f.regionAdmin, b.ID); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("second publish: %v, want conflict", err)
	}
	p := "改"
	if _, err := bs.EditBulletin(f.regionAdmin, b.ID, &p, nil); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("edit after publish: %v, want conflict", err)
	}
}

// TestBulletinReaders: a draft is its org's readers' only; once published
// everyone in the subtree reads it; only organisers publish.
func TestBulletinReaders(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	bs, cid := f.bulletins(), f.campaignID(t)
	b := must(bs.CreateBulletin(f.regionAdmin, report.BulletinInput{OrgID: f.region.ID, CampaignID: cid, TopicID: f.topic}))(t)
	inspector := storetest.MustUser(t, f.s, "region-inspector", xuezuo.RoleInspector, f.region.ID)
	read := func(ctx context.Context) string {
		_, err := bs.Bulletin(ctx, b.ID)
		return string(xuezuo.ErrorCode(err))
	}
	if got := read(f.authors[0]); got != xuezuo.ENotFound {
		t.Errorf("member reads the draft: %q, want not found", got)
	}
	if got := read(inspector); got != "" {
		t.Errorf("inspector reads the draft: %q", got)
	}
	if _, err := bs.Publish(inspector, b.ID); xuezuo.ErrorCode(err) != xuezuo.EForbidden {
		t.Errorf("inspector publishes: %v, want forbidden", err)
	}
	if _, err := bs.Publish(f.unitAdmin, b.ID); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("unit organiser publishes the region's draft: %v, want not found", err)
	}
	must(bs.Publish(f.regionAdmin, b.ID))(t)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want string
	}{
		{"member of a branch below", f.authors[0], ""},
		{"unit organiser below", f.unitAdmin, ""},
		{"organiser outside the subtree", f.otherAdmin, xuezuo.ENotFound},
	} {
		if got := read(tc.ctx); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	list, total := must2(bs.ListBulletins(f.authors[0], report.BulletinFilter{OrgID: f.region.ID}))(t)
	if total != 1 || len(list) != 1 {
		t.Errorf("member's list: %d of %d", len(list), total)
	}
}

// TestBulletinXLSX: the workbook's cells, as text, match the golden file:
// one row per unit with every figure and its parts, the branches needing
// attention and the adopted items.
func TestBulletinXLSX(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	bs, cid := f.bulletins(), f.campaignID(t)
	ids := f.memberIDs(t)
	f.topicMeeting(t, f.b1.ID, xuezuo.NewDate(2026, 4, 20), ids, []string{meeting.Present, meeting.Present, meeting.Absent})
	f.clk.on(xuezuo.NewDate(2026, 6, 1))
	b := must(bs.CreateBulletin(f.topAdmin, report.BulletinInput{OrgID: f.top.ID, CampaignID: cid, Quarter: "2026Q2"}))(t)
	must(bs.Publish(f.topAdmin, b.ID))(t)
	doc := must(bs.Document(f.topAdmin, b.ID, report.FormatXLSX))(t)
	if doc.Name != "院党组-关于两学一做进展情况的通报-第1期.xlsx" {
		t.Errorf("file name %q", doc.Name)
	}
	text := must(office.XLSXText(bytes.NewReader(doc.Data)))(t)
	officetest.Golden(t, "testdata/bulletin.xlsx.golden", text)
	wp := must(office.ReadPrint(bytes.NewReader(doc.Data)))(t)
	for _, bad := range office.CheckPrint(wp, f.clk.Now()) {
		t.Error(bad)
	}
}
