package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"sync"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/campaign"
	"xuezuo/internal/dataset"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/search"
	"xuezuo/internal/store/sqlcdb"
)

// HasRecords reports whether any org exists (members and campaigns need
// one); accounts alone do not count.
func (s *Store) HasRecords(ctx context.Context) (bool, error) {
	n, err := s.q().CountOrgs(ctx)
	return n > 0, s.mapErr(err)
}

// ImportDataset writes a checked data set in one transaction on the writer
// connection: every table by bulk load with the data set's ids, the closure
// table, meeting counts, the rollups and the id sequences; a failure rolls
// everything back. SQLite's search index follows in a second transaction
// (see finishPendingWork), then the statistics are refreshed.
func (s *Store) ImportDataset(ctx context.Context, d *dataset.Data, e audit.Entry, progress dataset.Progress) error {
	// The tokens are built on the other core while the writer loads the
	// tables before reflections.
	tokens := make(chan []string, 1)
	go func() { tokens <- tokenize(d.Reflections) }()
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return s.mapErr(err)
	}
	defer conn.Close()
	if s.r != s.w {
		// Close the idle readers: the bulk settings may need the writer to
		// be the file's only connection.
		s.r.SetMaxIdleConns(0)
		defer s.r.SetMaxIdleConns(readers)
	}
	set, reset, err := s.d.bulkSettings(ctx, conn)
	if err == nil {
		err = execAll(ctx, conn, set)
	}
	if err != nil {
		return s.mapErr(err)
	}
	defer execAll(context.WithoutCancel(ctx), conn, reset)
	if _, err := conn.ExecContext(ctx, s.d.beginWrite()); err != nil {
		return s.mapErr(fmt.Errorf("begin: %w", err))
	}
	if err := s.writeDataset(ctx, conn, d, tokens, e, progress); err != nil {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return s.mapErr(err)
	}
	progress("提交", 0, 1)
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return s.mapErr(fmt.Errorf("commit: %w", err))
	}
	progress("提交", 1, 1)
	progress("建立全文索引（提交后）", 0, 1)
	if err := s.finishPendingWork(ctx, conn); err != nil {
		return err
	}
	progress("建立全文索引（提交后）", 1, 1)
	progress("更新统计信息", 0, 1)
	if err := execAll(ctx, conn, s.d.analyze()); err != nil {
		return s.mapErr(err)
	}
	progress("更新统计信息", 1, 1)
	return nil
}

// tokenize builds the search tokens of the reflection bodies on every core.
func tokenize(rs []dataset.Reflection) []string {
	out := make([]string, len(rs))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(rs); i += workers {
				out[i] = search.Index("", rs[i].Body)
			}
		})
	}
	wg.Wait()
	return out
}

func (s *Store) writeDataset(ctx context.Context, conn *sql.Conn, d *dataset.Data, tokens <-chan []string, e audit.Entry, progress dataset.Progress) error {
	now := ms(s.now())
	var toks []string // filled from tokens before the reflections load
	tables := datasetTables(d, func(i int) string { return toks[i] }, now)
	before, after, later := s.d.bulkSearch()
	if err := execAll(ctx, conn, before); err != nil {
		return err
	}
	for _, t := range tables {
		if t.name == "reflections" {
			toks = <-tokens
		}
		report := func(done int) { progress("写入 "+t.name, done, t.n) }
		if err := s.d.bulkLoad(ctx, conn, t, report); err != nil {
			return err
		}
		report(t.n)
	}
	progress("建立全文索引", 0, 1)
	if err := execAll(ctx, conn, after); err != nil {
		return err
	}
	progress("建立全文索引", 1, 1)
	progress("汇总进度", 0, 1)
	q := sqlcdb.New(conn)
	if len(later) > 0 {
		if err := q.AddPendingWork(ctx, sqlcdb.AddPendingWorkParams{Name: workSearchIndex, Since: now}); err != nil {
			return err
		}
	}
	for _, t := range figureTables(d) {
		if err := s.d.bulkLoad(ctx, conn, t, nil); err != nil {
			return err
		}
	}
	if err := q.LockTree(ctx); err != nil { // a new tree for the caches
		return err
	}
	for _, t := range tables {
		if t.name == "org_tree" || t.name == "attendance" || t.name == "lecture_audience" || t.name == "reflections_fts" {
			continue // no id column
		}
		if err := q.BumpIDs(ctx, sqlcdb.BumpIDsParams{Name: t.name, NextID: maxID(t) + 1}); err != nil {
			return err
		}
	}
	progress("汇总进度", 1, 1)
	return s.audit(ctx, q, e)
}

// maxID returns the largest id of a table's rows (ids lead each row).
func maxID(t bulkTable) int64 {
	var top int64
	row := make([]any, len(t.cols))
	for i := range t.n {
		t.row(i, row)
		if id, ok := row[0].(int64); ok && id > top {
			top = id
		}
	}
	return top
}

// datasetTables maps the data set onto the tables (the mapping of issue 5):
// root and regions become committees, units committees flagged as units;
// join dates open the branch membership; absences become leave with the
// reason; reflections are submitted with an empty title.
func datasetTables(d *dataset.Data, tokens func(int) string, now int64) []bulkTable {
	c := d.Campaign
	tree := closure(d.Orgs)
	branchOf := make(map[xuezuo.ID]xuezuo.ID, len(d.Members))
	for _, m := range d.Members {
		branchOf[m.ID] = m.OrgID
	}
	heldOn := make(map[xuezuo.ID]xuezuo.Date, len(d.Activities))
	for _, a := range d.Activities {
		heldOn[a.ID] = a.HeldOn
	}
	return []bulkTable{
		{"orgs", []string{"id", "parent_id", "name", "kind", "is_unit", "org_kind", "joint", "temporary", "workplaces", "approval",
			"established", "dissolved_on", "created_at", "updated_at", "unit_id"}, len(d.Orgs), func(i int, r []any) {
			o := d.Orgs[i]
			var parent any
			if o.ParentID != nil {
				parent = *o.ParentID
			}
			fill(r, o.ID, parent, o.Name, orgKind(o.Kind), o.Kind == "unit", "", false, false, "", "", nil, nil, now, now, d.UnitOf[o.ID])
		}},
		{"org_tree", []string{"ancestor_id", "descendant_id", "depth"}, len(tree), func(i int, r []any) {
			fill(r, tree[i][0], tree[i][1], tree[i][2])
		}},
		{"members", []string{"id", "org_id", "name", "gender", "birth_date", "birth_year_only", "join_date", "full_date", "standing",
			"category", "status", "status_since", "status_reason", "cadre", "post", "phone", "created_at", "updated_at"}, len(d.Members), func(i int, r []any) {
			m := d.Members[i]
			fill(r, m.ID, m.OrgID, m.Name, m.Gender, xuezuo.NewDate(m.BirthYear, 1, 1), true, m.Join, nil, member.StandingFull,
				m.Category, m.Status, nil, "", m.Cadre, m.Post, "", now, now)
		}},
		{"memberships", []string{"id", "member_id", "org_id", "from_date", "to_date"}, len(d.Members), func(i int, r []any) {
			m := d.Members[i]
			fill(r, m.ID, m.ID, m.OrgID, m.Join, nil)
		}},
		{"member_statuses", []string{"id", "member_id", "status", "since", "reason", "recorded_at"}, len(d.Members), func(i int, r []any) {
			m := d.Members[i]
			fill(r, m.ID, m.ID, m.Status, nil, "", now)
		}},
		{"campaigns", []string{"id", "owner_org_id", "title", "kind", "scope", "description", "start_date", "end_date", "status",
			"published_at", "created_at", "updated_at"}, 1, func(_ int, r []any) {
			fill(r, c.ID, d.Orgs[0].ID, c.Name, "custom", campaign.ScopeSubtree, "", dataset.CampaignStart(), nil, campaign.StatusPublished, now, now, now)
		}},
		{"topics", []string{"id", "campaign_id", "no", "title", "theme", "deadline", "meeting_kind", "min_speakers", "materials"}, len(c.Topics), func(i int, r []any) {
			t := c.Topics[i]
			fill(r, int64(t.No), c.ID, int64(t.No), t.Title, "", t.Due, "topic_study", int64(0), "")
		}},
		meetingsTable(d, now),
		lectureAudienceTable(d),
		{"attendance", []string{"meeting_id", "member_id", "status", "reason", "recorded_at", "recorded_by"}, len(d.Attendance), func(i int, r []any) {
			a := d.Attendance[i]
			status, reason := meeting.Present, ""
			if !a.Present {
				status, reason = meeting.Leave, member.Label(meeting.LeaveReasons, a.AbsenceReason)
			}
			fill(r, a.ActivityID, a.MemberID, status, reason, heldOn[a.ActivityID].Time().UnixMilli(), int64(0))
		}},
		{"reflections", []string{"id", "topic_id", "member_id", "org_id", "unit_id", "title", "body", "tokens", "status", "submitted_at",
			"reviewed_at", "reviewed_by", "created_at", "updated_at"}, len(d.Reflections), func(i int, r []any) {
			x := d.Reflections[i]
			at := x.Submitted.UnixMilli()
			br := branchOf[x.MemberID]
			fill(r, x.ID, int64(x.Topic), x.MemberID, br, d.UnitOf[br], "", x.Body, tokens(i), "submitted", at, int64(0), int64(0), at, at)
		}},
	}
}

// meetingsTable maps activities onto meetings with their row counts.
func meetingsTable(d *dataset.Data, now int64) bulkTable {
	kindNames := map[string]string{"topic_study": "专题学习讨论", "theme_day": "主题党日", "lecture": "党课"}
	return bulkTable{"meetings", []string{"id", "org_id", "unit_id", "kind", "title", "topic_id", "planned_at", "held_on", "place", "host_id",
		"recorder_id", "agenda", "minutes", "speaker_count", "checkin_from", "checkin_to", "checkin_code", "register_closed",
		"n_present", "n_remote", "n_leave", "n_absent", "n_excluded", "n_guest", "n_makeup", "created_at", "updated_at", "lecturer_kind"},
		len(d.Activities),
		func(i int, r []any) {
			a := d.Activities[i]
			var topic any
			title := kindNames[a.Kind] + " " + a.HeldAt
			if a.Topic > 0 {
				topic = int64(a.Topic)
				title = kindNames[a.Kind] + "：" + d.Campaign.Topics[a.Topic-1].Title
			}
			lecturer := "" // the data set names no lecturer: its lectures are of unknown kind
			if a.Kind == meeting.KindLecture {
				lecturer = meeting.LecturerUnknown
			}
			fill(r, a.ID, a.OrgID, d.UnitOf[a.OrgID], a.Kind, title, topic, a.HeldOn.Time().UnixMilli(), a.HeldOn, "", int64(0),
				int64(0), "", "", int64(a.Speakers), int64(0), int64(0), "", true,
				a.Present, int64(0), a.Leave, int64(0), int64(0), int64(0), int64(0), now, now, lecturer)
		}}
}

// lectureAudienceTable gives each of the data set's lectures its holding
// branch as its only audience, as migration 20 did for older lectures.
func lectureAudienceTable(d *dataset.Data) bulkTable {
	var lectures []int // indexes into d.Activities
	for i, a := range d.Activities {
		if a.Kind == meeting.KindLecture {
			lectures = append(lectures, i)
		}
	}
	return bulkTable{"lecture_audience", []string{"meeting_id", "org_id", "held_on", "lecturer_kind"}, len(lectures), func(i int, r []any) {
		a := d.Activities[lectures[i]]
		fill(r, a.ID, a.OrgID, a.HeldOn, meeting.LecturerUnknown)
	}}
}

// closure lists (ancestor, descendant, depth) for every org, parents first.
func closure(orgs []dataset.Org) [][3]int64 {
	up := make(map[xuezuo.ID][]xuezuo.ID, len(orgs)) // org → itself and its ancestors, nearest first
	var out [][3]int64
	for _, o := range orgs {
		chain := []xuezuo.ID{o.ID}
		if o.ParentID != nil {
			chain = append(chain, up[*o.ParentID]...)
		}
		up[o.ID] = chain
		for depth, a := range chain {
			out = append(out, [3]int64{a, o.ID, int64(depth)})
		}
	}
	return out
}

// orgKind maps the data set's kinds onto xuezuo's.
func orgKind(k string) string {
	switch k {
	case "root", "region", "unit":
		return "committee"
	}
	return k
}

func fill(dst []any, vals ...any) {
	for i, v := range vals {
		switch x := v.(type) {
		case int64, string, bool, nil, xuezuo.Date:
			dst[i] = x
		default:
			panic(fmt.Sprintf("fill: unexpected %T", v))
		}
	}
}

// execAll runs statements in order on conn.
func execAll(ctx context.Context, conn *sql.Conn, stmts []string) error {
	for _, stmt := range stmts {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%.40s: %w", stmt, err)
		}
	}
	return nil
}

// workSearchIndex names the pending build of the search index.
const workSearchIndex = "search_index"

// finishPendingWork does what a committed import left for the next
// transaction: the search index of the loaded reflections. Open calls it
// too, so an import cut off between the two transactions (the rows are in,
// the insert trigger is back, only the index lacks them) heals at the next
// start.
func (s *Store) finishPendingWork(ctx context.Context, conn *sql.Conn) error {
	pending, err := s.q().PendingWork(ctx)
	if err != nil || len(pending) == 0 {
		return s.mapErr(err)
	}
	if conn == nil { // at open: take the writer connection
		if conn, err = s.w.Conn(ctx); err != nil {
			return s.mapErr(err)
		}
		defer conn.Close()
	}
	_, _, later := s.d.bulkSearch()
	stmts := append(append([]string{s.d.beginWrite()}, later...), "DELETE FROM pending_work WHERE name = '"+workSearchIndex+"'", "COMMIT")
	if err := execAll(ctx, conn, stmts); err != nil {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return s.mapErr(err)
	}
	return nil
}
