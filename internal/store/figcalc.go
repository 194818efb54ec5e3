package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"

	"xuezuo"
	"xuezuo/internal/store/sqlcdb"
)

// figRow is one org's campaign rollup; the masks have bit no-1 set for each
// topic held at all and held on time.
type figRow struct {
	excluded, participants, present, expected, makeups, reflections int64
	heldMask, onTimeMask                                            int64
}

// topicKey identifies an org's topic rollup.
type topicKey struct{ org, topic int64 }

// figureSet is every rollup of one campaign, plus the member counts.
type figureSet struct {
	members  map[int64]int64
	orgs     map[int64]figRow
	topics   map[topicKey][2]int64 // held, on time
	evidence map[int64]int64
}

// farDate closes an open-ended window. Attendance and makeups cannot be
// dated after today (meeting rules), so the rollups need no "today" bound.
var farDate = xuezuo.NewDate(9999, 12, 31)

// campaignWindow returns a campaign's dates as a closed window.
func campaignWindow(start, end xuezuo.Date) (xuezuo.Date, xuezuo.Date) {
	if end.IsZero() {
		return start, farDate
	}
	return start, end
}

// calcFigures computes a campaign's rollups from the records.
func calcFigures(ctx context.Context, q *sqlcdb.Queries, campaignID xuezuo.ID, from, to xuezuo.Date) (*figureSet, error) {
	fs := &figureSet{members: map[int64]int64{}, orgs: map[int64]figRow{}, topics: map[topicKey][2]int64{}, evidence: map[int64]int64{}}
	mem, err := q.CalcOrgMembers(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range mem {
		fs.members[r.OrgID] = r.N
	}
	if err := calcOrgFigures(ctx, q, fs, campaignID, from, to); err != nil {
		return nil, err
	}
	ev, err := q.CalcEvidence(ctx, sqlcdb.CalcEvidenceParams{FromDate: from, ToDate: to, CampaignID: campaignID})
	if err != nil {
		return nil, err
	}
	orgOf, err := q.CalcMemberOrgs(ctx)
	if err != nil {
		return nil, err
	}
	where := make(map[int64]int64, len(orgOf))
	for _, r := range orgOf {
		where[r.ID] = r.OrgID
	}
	for _, r := range ev {
		fs.evidence[r.MemberID] = r.N
		fs.add(where[r.MemberID], func(f *figRow) { f.participants++ })
	}
	tp, err := q.CalcTopics(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	for _, r := range tp {
		fs.topics[topicKey{r.OrgID, r.TopicID.Int64}] = [2]int64{r.Held, r.OnTime}
		bit := int64(1) << (r.No - 1)
		fs.add(r.OrgID, func(f *figRow) {
			f.heldMask |= bit
			if r.OnTime > 0 {
				f.onTimeMask |= bit
			}
		})
	}
	return fs, nil
}

// calcOrgFigures fills the per-org counts from attendance rows, makeups,
// exclusions and reflections.
func calcOrgFigures(ctx context.Context, q *sqlcdb.Queries, fs *figureSet, campaignID xuezuo.ID, from, to xuezuo.Date) error {
	att, err := q.CalcAttendance(ctx, sqlcdb.CalcAttendanceParams{FromDate: from, ToDate: to})
	if err != nil {
		return err
	}
	for _, r := range att {
		fs.add(r.OrgID, func(f *figRow) { f.present, f.expected = r.Present, r.Expected })
	}
	mk, err := q.CalcMakeups(ctx, sqlcdb.CalcMakeupsParams{FromDate: from, ToDate: to})
	if err != nil {
		return err
	}
	for _, r := range mk {
		fs.add(r.OrgID, func(f *figRow) { f.makeups = r.N })
	}
	ex, err := q.CalcExcluded(ctx, campaignID)
	if err != nil {
		return err
	}
	for _, r := range ex {
		fs.add(r.OrgID, func(f *figRow) { f.excluded = r.N })
	}
	rf, err := q.CalcReflections(ctx, campaignID)
	if err != nil {
		return err
	}
	for _, r := range rf {
		fs.add(r.OrgID, func(f *figRow) { f.reflections = r.N })
	}
	return nil
}

func (fs *figureSet) add(org int64, fn func(*figRow)) {
	f := fs.orgs[org]
	fn(&f)
	fs.orgs[org] = f
}

// maintainedFigures reads a campaign's rollups as kept, leaving out zeros.
func maintainedFigures(ctx context.Context, q *sqlcdb.Queries, campaignID xuezuo.ID) (*figureSet, error) {
	fs := &figureSet{members: map[int64]int64{}, orgs: map[int64]figRow{}, topics: map[topicKey][2]int64{}, evidence: map[int64]int64{}}
	mem, err := q.FigAllOrgMembers(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range mem {
		if r.Members != 0 {
			fs.members[r.OrgID] = r.Members
		}
	}
	rows, err := q.FigAllRollup(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if f := (figRow{r.NExcluded, r.NParticipants, r.NPresent, r.NExpected, r.NMakeups, r.NReflections, r.HeldMask, r.OnTimeMask}); f != (figRow{}) {
			fs.orgs[r.OrgID] = f
		}
	}
	tps, err := q.FigAllRollupTopics(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	for _, r := range tps {
		if r.Held != 0 || r.OnTime != 0 {
			fs.topics[topicKey{r.OrgID, r.TopicID}] = [2]int64{r.Held, r.OnTime}
		}
	}
	ev, err := q.FigAllEvidence(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	for _, r := range ev {
		if r.N != 0 {
			fs.evidence[r.MemberID] = r.N
		}
	}
	return fs, nil
}

// diff describes the first difference between two figure sets, or "".
func (fs *figureSet) diff(o *figureSet) string {
	if d := diffMap("members of org", fs.members, o.members); d != "" {
		return d
	}
	if d := diffMap("figures of org", fs.orgs, o.orgs); d != "" {
		return d
	}
	if d := diffMap("topic (org, topic)", fs.topics, o.topics); d != "" {
		return d
	}
	return diffMap("evidence of member", fs.evidence, o.evidence)
}

func diffMap[K comparable, V comparable](what string, a, b map[K]V) string {
	keys := slices.Collect(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		if a[k] != b[k] {
			return fmt.Sprintf("%s %v: kept %v, from the records %v", what, k, a[k], b[k])
		}
	}
	return ""
}

// VerifyFigures compares a campaign's kept rollups with a computation from
// the records and describes the first difference as an internal error.
func (s *Store) VerifyFigures(ctx context.Context, campaignID xuezuo.ID) error {
	q := s.q()
	cs, err := q.FigRollupCampaigns(ctx)
	if err != nil {
		return s.mapErr(err)
	}
	for _, c := range cs {
		if c.ID != campaignID {
			continue
		}
		kept, err := maintainedFigures(ctx, q, c.ID)
		if err != nil {
			return s.mapErr(err)
		}
		from, to := campaignWindow(c.StartDate, c.EndDate)
		calc, err := calcFigures(ctx, q, c.ID, from, to)
		if err != nil {
			return s.mapErr(err)
		}
		if d := kept.diff(calc); d != "" {
			return xuezuo.Errorf(xuezuo.EInternal, "进度汇总与原始记录不一致：%s", d)
		}
	}
	return nil
}

// rebuildFigures recomputes every rollup from the records inside tx.
func rebuildFigures(ctx context.Context, q *sqlcdb.Queries) error {
	if err := q.FigDeleteOrgMembers(ctx); err != nil {
		return err
	}
	mem, err := q.CalcOrgMembers(ctx)
	if err != nil {
		return err
	}
	for _, r := range mem {
		if err := figMembers(ctx, q, r.OrgID, r.N); err != nil {
			return err
		}
	}
	cs, err := q.FigRollupCampaigns(ctx)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := rebuildCampaign(ctx, q, c.ID, c.StartDate, c.EndDate); err != nil {
			return err
		}
	}
	return nil
}

// rebuildCampaign recomputes one campaign's rollups from the records.
func rebuildCampaign(ctx context.Context, q *sqlcdb.Queries, id xuezuo.ID, start, end xuezuo.Date) error {
	for _, del := range []func(context.Context, int64) error{q.FigDeleteCampaign, q.FigDeleteCampaignTopics, q.FigDeleteCampaignEvidence} {
		if err := del(ctx, id); err != nil {
			return err
		}
	}
	from, to := campaignWindow(start, end)
	fs, err := calcFigures(ctx, q, id, from, to)
	if err != nil {
		return err
	}
	for org, f := range fs.orgs {
		if err := q.FigAdd(ctx, sqlcdb.FigAddParams{CampaignID: id, OrgID: org, NExcluded: f.excluded, NParticipants: f.participants,
			NPresent: f.present, NExpected: f.expected, NMakeups: f.makeups, NReflections: f.reflections}); err != nil {
			return err
		}
	}
	for k, v := range fs.topics {
		if err := q.FigAddTopic(ctx, sqlcdb.FigAddTopicParams{CampaignID: id, OrgID: k.org, TopicID: k.topic, Held: v[0], OnTime: v[1]}); err != nil {
			return err
		}
	}
	if err := q.FigSetTopicMasks(ctx, sqlcdb.FigSetTopicMasksParams{CampaignID: id}); err != nil {
		return err
	}
	for m, n := range fs.evidence {
		if _, err := q.FigAddEvidence(ctx, sqlcdb.FigAddEvidenceParams{CampaignID: id, MemberID: m, N: n}); err != nil {
			return err
		}
	}
	return nil
}

// rebuildFiguresTx is the Go migration that fills the rollups of an
// existing database.
func rebuildFiguresTx(ctx context.Context, tx *sql.Tx) error {
	return rebuildFigures(ctx, sqlcdb.New(tx))
}
