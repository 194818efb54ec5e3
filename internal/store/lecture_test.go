package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
	"xuezuo/internal/store"
	"xuezuo/internal/store/storetest"
)

// TestMigration20 upgrades a database holding lectures recorded before the
// register (and a group's lecture, which meetings of old allowed): each
// reads as of unknown kind with its holding org as its only audience, other
// meetings are no lectures, and a campaign gets the default 七一 window.
func TestMigration20(t *testing.T) {
	t.Parallel()
	url := storetest.URL(t)
	st, err := store.Open(context.Background(), store.Options{URL: url, Clock: storetest.Clock})
	if err != nil {
		t.Fatal(err)
	}
	s := storetest.NewServices(st, storetest.Clock)
	sys := storetest.System()
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	unit := storetest.MustCreateUnit(t, s, root.ID, "植物所党委")
	branch := storetest.MustCreateOrg(t, s, unit.ID, "生态党支部", org.KindBranch)
	group := storetest.MustCreateOrg(t, s, branch.ID, "第一党小组", org.KindGroup)
	c, err := s.Campaign.Create(sys, campaign.Input{OwnerOrgID: root.ID, Title: "学习教育", Start: xuezuo.NewDate(2026, 1, 1)})
	must(t, err)
	create := func(o *org.Org, kind string) xuezuo.ID {
		m, err := s.Meeting.Create(sys, meeting.Input{OrgID: o.ID, Kind: kind, HeldOn: xuezuo.NewDate(2026, 5, 1)})
		must(t, err)
		return m.ID
	}
	branchLecture, groupLecture, themeDay := create(branch, "theme_day"), create(group, "group_meeting"), create(branch, "theme_day")
	must(t, st.MigrateDownToForTest(context.Background(), 19))
	mustExec(t, s, fmt.Sprintf("UPDATE meetings SET kind = 'lecture' WHERE id IN (%d, %d)", branchLecture, groupLecture))
	must(t, st.Close())

	s = storetest.OpenServicesAt(t, url)
	for _, tc := range []struct {
		id       xuezuo.ID
		audience xuezuo.ID // 0: not a lecture
	}{{branchLecture, branch.ID}, {groupLecture, group.ID}, {themeDay, 0}} {
		m, err := s.Meeting.Get(sys, tc.id)
		must(t, err)
		switch {
		case tc.audience == 0 && m.Lecture != nil:
			t.Errorf("meeting %d: a theme day reads as a lecture %+v", tc.id, m.Lecture)
		case tc.audience == 0:
		case m.Lecture == nil || m.Lecture.Kind != meeting.LecturerUnknown || m.Lecture.KindLabel() != "未登记":
			t.Errorf("meeting %d: lecture %+v, want kind unknown (未登记)", tc.id, m.Lecture)
		case len(m.Lecture.Audience) != 1 || m.Lecture.Audience[0].ID != tc.audience:
			t.Errorf("meeting %d: audience %+v, want only org %d", tc.id, m.Lecture.Audience, tc.audience)
		}
	}
	got, err := s.Campaign.Get(sys, c.ID)
	must(t, err)
	if got.QiyiFrom != "06-15" || got.QiyiTo != "07-15" {
		t.Errorf("campaign window %s … %s, want 06-15 … 07-15", got.QiyiFrom, got.QiyiTo)
	}
	f, err := s.Store.LectureFigures(sys, c.ID, []xuezuo.ID{unit.ID, group.ID}, xuezuo.NewDate(2026, 4, 1), xuezuo.NewDate(2026, 6, 30))
	must(t, err)
	if f[unit.ID].ByKind[meeting.LecturerUnknown] != 2 || f[group.ID].ByKind[meeting.LecturerUnknown] != 1 {
		t.Errorf("figures after the upgrade: %+v", f)
	}
}

// TestLectureFiguresInputs: every org asked for is in the answer (zeros
// too, duplicates once), an unknown campaign is not found, and more org ids
// than one statement takes are answered in chunks.
func TestLectureFiguresInputs(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	sys := storetest.System()
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	unit := storetest.MustCreateUnit(t, s, root.ID, "植物所党委")
	branch := storetest.MustCreateOrg(t, s, unit.ID, "生态党支部", org.KindBranch)
	_, err := s.Meeting.Create(sys, meeting.Input{OrgID: unit.ID, Kind: meeting.KindLecture, HeldOn: xuezuo.NewDate(2026, 6, 20),
		Lecture: meeting.LectureInput{Kind: meeting.LecturerModel, Name: "全国劳动模范"}})
	must(t, err)
	ids := []xuezuo.ID{branch.ID, root.ID, unit.ID, branch.ID}
	for i := range 1200 { // ids no org has: answered with zeros
		ids = append(ids, 1_000_000+xuezuo.ID(i))
	}
	f, err := s.Store.LectureFigures(sys, 0, ids, xuezuo.NewDate(2026, 1, 1), xuezuo.NewDate(2026, 12, 31))
	must(t, err)
	if len(f) != 1203 {
		t.Errorf("got %d orgs, want 1203", len(f))
	}
	for _, id := range []xuezuo.ID{branch.ID, root.ID} {
		if g := f[id]; g.ByKind[meeting.LecturerModel] != 1 || g.QiyiBranches != 1 || g.SecretaryBranches != 0 {
			t.Errorf("org %d: %+v, want one model lecture in the 七一 window", id, g)
		}
	}
	if g := f[1_000_000]; g.ByKind == nil || g.Total() != 0 {
		t.Errorf("an org without lectures: %+v, want an empty map", g)
	}
	if _, err := s.Store.LectureFigures(sys, 9999, ids[:2], xuezuo.NewDate(2026, 1, 1), xuezuo.NewDate(2026, 12, 31)); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("unknown campaign: got %v, want not found", err)
	}
	if !strings.Contains(fmt.Sprint(f[unit.ID].ByKind), "model:1") {
		t.Errorf("unit: %+v", f[unit.ID])
	}
}

// BenchmarkLectureFiguresAcademy answers the bulletin's lecture column: the
// figures of every unit of an imported academy data set for a quarter, in
// the store's two grouped statements. XUEZUO_BENCH_DB names a database
// holding the data set (xuezuo import dataset), which the benchmark gives
// secretary posts (a branch's first member) and makes one lecture a year of
// every branch a secretary lecture; without it the benchmark is skipped.
//
//	XUEZUO_BENCH_DB=/tmp/xz-bench/xuezuo.db go test -run x -bench LectureFiguresAcademy ./internal/store
func BenchmarkLectureFiguresAcademy(b *testing.B) {
	url := os.Getenv("XUEZUO_BENCH_DB")
	if url == "" {
		b.Skip("XUEZUO_BENCH_DB is not set")
	}
	st, err := store.Open(context.Background(), store.Options{URL: url, Clock: storetest.Clock})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := storetest.System()
	if err := storetest.Exec(b, st, `INSERT INTO committee_posts (id, member_id, org_id, post, term_from, term_to)
		SELECT 900000000 + m.org_id, MIN(m.id), m.org_id, 'secretary', '2015-01-01', NULL FROM members m
		WHERE NOT EXISTS (SELECT 1 FROM committee_posts cp WHERE cp.id = 900000000 + m.org_id) GROUP BY m.org_id`); err != nil {
		b.Fatal(err)
	}
	if err := storetest.Exec(b, st, `UPDATE meetings SET lecturer_kind = 'secretary',
		lecturer_member_id = (SELECT cp.member_id FROM committee_posts cp WHERE cp.id = 900000000 + meetings.org_id)
		WHERE kind = 'lecture' AND held_on >= '2016-07-01' AND held_on <= '2016-09-30'`); err != nil {
		b.Fatal(err)
	}
	if err := storetest.Exec(b, st, `UPDATE lecture_audience SET lecturer_kind = 'secretary'
		WHERE held_on >= '2016-07-01' AND held_on <= '2016-09-30'`); err != nil {
		b.Fatal(err)
	}
	if err := storetest.Exec(b, st, "ANALYZE"); err != nil { // the planner sees the secretary lectures
		b.Fatal(err)
	}
	units := storetest.QueryStrings(b, st, "SELECT CAST(id AS TEXT) FROM orgs WHERE is_unit ORDER BY id")
	ids := make([]xuezuo.ID, len(units))
	for i, u := range units {
		if ids[i], err = strconv.ParseInt(u, 10, 64); err != nil {
			b.Fatal(err)
		}
	}
	from, to := xuezuo.NewDate(2016, 7, 1), xuezuo.NewDate(2016, 9, 30)
	b.ResetTimer()
	for range b.N {
		f, err := st.LectureFigures(ctx, 1, ids, from, to)
		if err != nil || len(f) != len(ids) {
			b.Fatalf("figures: %d, %v", len(f), err)
		}
		if g := f[ids[0]]; g.ByKind[meeting.LecturerSecretary] == 0 || g.SecretaryBranches == 0 || g.QiyiBranches == 0 {
			b.Fatalf("unit %d: %+v", ids[0], g)
		}
	}
	b.ReportMetric(float64(len(ids)), "units")
}
