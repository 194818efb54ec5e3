package dataset_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/dataset"
	"xuezuo/internal/reflection"
	"xuezuo/internal/store/storetest"
)

// copyFixture copies the scale-1 data set into a temp dir, rewriting line
// (1-based) of file with edit, and returns the dir.
func copyFixture(t *testing.T, file string, line int, edit func(string) string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir("testdata/s1")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/s1", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == file {
			lines := strings.Split(string(b), "\n")
			lines[line-1] = edit(lines[line-1])
			b = []byte(strings.Join(lines, "\n"))
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestBadDatasetWritesNothing: a corrupted line, a dangling reference or a
// duplicate id stops the import with the file, the line and the problem,
// and the database stays empty.
func TestBadDatasetWritesNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		line       int
		edit       func(string) string
		want       string
	}{
		{"corrupted line", "attendance.jsonl", 777, func(s string) string { return s[:len(s)/2] }, "attendance.jsonl 第 777 行：不是有效的 JSON"},
		{"dangling member", "attendance.jsonl", 5, func(s string) string {
			return strings.Replace(s, `"member_id":`, `"member_id":99999`, 1)
		}, "attendance.jsonl 第 5 行：member_id 99999"},
		{"dangling parent", "orgs.jsonl", 4, func(s string) string { return strings.Replace(s, `"parent_id":`, `"parent_id":888`, 1) }, "orgs.jsonl 第 4 行：parent_id 888"},
		{"duplicate member id", "members.jsonl", 3, func(s string) string { return strings.Replace(s, `"id":3,`, `"id":2,`, 1) }, "members.jsonl 第 3 行：id 2 重复"},
		{"duplicate reflection", "reflections.jsonl", 2, func(s string) string { return strings.Replace(s, `"id":2,`, `"id":1,`, 1) }, "reflections.jsonl 第 2 行：id 1 重复"},
		{"late reason", "activities.jsonl", 9, func(s string) string { return strings.Replace(s, `"held_at":"2016`, `"held_at":"2099`, 1) }, "activities.jsonl 第 9 行：held_at 2099"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := copyFixture(t, tc.file, tc.line, tc.edit)
			s := storetest.OpenServices(t)
			_, err := s.Dataset.Import(storetest.System(), dir, nil)
			var ie *dataset.ImportError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a problem %q", err, tc.want)
			}
			if has, err := s.Store.HasRecords(storetest.System()); err != nil || has {
				t.Errorf("database not empty after a refused import (%v)", err)
			}
			// The refused attempt is on record, with its count of problems.
			got := storetest.QueryStrings(t, s.Store, "SELECT fields FROM audit_log WHERE action = 'dataset.import' AND outcome = 'failed'")
			if len(got) != 1 || !strings.Contains(got[0], "refused=1") {
				t.Errorf("audit of the refused import: got %q, want one failed row with refused=1", got)
			}
		})
	}
}

// TestImportRefusesNonEmptyAndNonSystem: only the command line imports,
// and only into a database without records.
func TestImportRefusesNonEmptyAndNonSystem(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	root := storetest.MustCreateOrg(t, s, 0, "已有党委", "committee")
	admin := storetest.MustUser(t, s, "admin", xuezuo.RoleOrgAdmin, root.ID)
	if _, err := s.Dataset.Import(admin, "testdata/s1", nil); xuezuo.ErrorCode(err) != xuezuo.EForbidden {
		t.Errorf("import by a web user: got %v, want forbidden", err)
	}
	if _, err := s.Dataset.Import(storetest.System(), "testdata/s1", nil); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Errorf("import into a database with an org: got %v, want conflict", err)
	}
}

// TestImportKeepsIDsAndCounts: the data set's ids become the records' ids
// and the summary counts every row.
func TestImportKeepsIDsAndCounts(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	sum, err := s.Dataset.Import(storetest.System(), "testdata/s1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Orgs != 67 || sum.Members != 1000 || sum.Meetings != 1215 || sum.Attended != 19585 || sum.Texts != 2827 || sum.Rows != 24695 {
		t.Errorf("summary: %+v", sum)
	}
	// The audit row carries the counts.
	got := storetest.QueryStrings(t, s.Store, "SELECT fields FROM audit_log WHERE action = 'dataset.import' AND outcome = 'ok'")
	if len(got) != 1 || !strings.Contains(got[0], "members=1000") || !strings.Contains(got[0], "created=24695") {
		t.Errorf("audit of the import: got %q, want the counts", got)
	}
	m, err := s.Member.Get(storetest.System(), 17)
	if err != nil || m.ID != 17 || !m.BirthYearOnly {
		t.Errorf("member 17: %+v, %v", m, err)
	}
	// New records get ids above the imported ones.
	o := storetest.MustCreateOrg(t, s, 1, "新党委", "committee")
	if o.ID <= 67 {
		t.Errorf("new org id %d collides with the data set's", o.ID)
	}
}

// TestIndexBuiltAfterCrash: the import commits the rows first and builds
// the search index in a second transaction; a process cut off in between
// leaves a pending mark, and the next start builds the index.
func TestIndexBuiltAfterCrash(t *testing.T) {
	t.Parallel()
	url := storetest.URL(t)
	s := storetest.OpenServicesAt(t, url)
	if _, err := s.Dataset.Import(storetest.System(), "testdata/s1", nil); err != nil {
		t.Fatal(err)
	}
	if s.Store.Engine() == "sqlite" { // PostgreSQL builds its index inside the load's transaction
		// The state between the two transactions: rows in, index empty, mark set.
		for _, q := range []string{`INSERT INTO reflections_fts (reflections_fts) VALUES ('delete-all')`,
			`INSERT INTO pending_work (name, since) VALUES ('search_index', 0)`} {
			if err := storetest.Exec(t, s.Store, q); err != nil {
				t.Fatal(err)
			}
		}
		s.Store.Close()
	}
	again := storetest.OpenServicesAt(t, url)
	again.Store.SetScopeScan(0) // ask the index
	_, total, err := again.Reflection.List(storetest.System(), reflection.Filter{OrgID: 3, Q: "党章", Limit: 20})
	if err != nil || total != 843 {
		t.Errorf("党章 through the index after a restart: %d, %v; want 843", total, err)
	}
}

// TestImportLectures: the data set names no lecturer, so its lectures come
// out of unknown kind, each held for its own branch only, and count in the
// register like any lecture.
func TestImportLectures(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	if _, err := s.Dataset.Import(storetest.System(), "testdata/s1", nil); err != nil {
		t.Fatal(err)
	}
	got := storetest.QueryStrings(t, s.Store, `SELECT m.lecturer_kind || ' ' || CAST(COUNT(*) AS TEXT) FROM meetings m
		WHERE m.kind = 'lecture' GROUP BY m.lecturer_kind`)
	if len(got) != 1 || got[0] != "unknown 248" {
		t.Errorf("lecturer kinds of the imported lectures: %q, want all 248 unknown", got)
	}
	got = storetest.QueryStrings(t, s.Store, `SELECT CAST(COUNT(*) AS TEXT) FROM meetings m JOIN lecture_audience la ON la.meeting_id = m.id
		WHERE la.org_id = m.org_id`)
	if n := storetest.QueryStrings(t, s.Store, "SELECT CAST(COUNT(*) AS TEXT) FROM lecture_audience"); len(got) != 1 || got[0] != "248" || n[0] != "248" {
		t.Errorf("audience rows: %q holding org, %q in all; want 248 and 248", got, n)
	}
	// Unit 3 holds all 62 branches; each held one lecture a quarter.
	f, err := s.Store.LectureFigures(storetest.System(), 1, []xuezuo.ID{1, 3}, xuezuo.NewDate(2016, 4, 1), xuezuo.NewDate(2016, 6, 30))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []xuezuo.ID{1, 3} {
		if g := f[id]; g.ByKind["unknown"] != 62 || g.Total() != 62 || g.SecretaryBranches != 0 {
			t.Errorf("org %d, 2016 Q2: %+v, want 62 lectures of unknown kind", id, g)
		}
	}
	if err := s.Store.VerifyFigures(storetest.System(), 1); err != nil {
		t.Errorf("imported figures: %v", err)
	}
}
