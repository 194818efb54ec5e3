package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
	"xuezuo/internal/store/sqlcdb"
)

// CreateSummary inserts a draft summary with its basics; the unique
// (branch, topic) key refuses a second one as a conflict.
func (s *Store) CreateSummary(ctx context.Context, sm *report.Summary, e audit.Entry) error {
	basics, err := json.Marshal(sm.Basics)
	if err != nil {
		return fmt.Errorf("encode summary basics: %w", err)
	}
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		id, err := allocID(ctx, q, "summaries")
		if err != nil {
			return err
		}
		if err := q.InsertSummary(ctx, sqlcdb.InsertSummaryParams{ID: id, OrgID: sm.OrgID, UnitID: sm.UnitID, TopicID: sm.TopicID,
			Basics: string(basics), CreatedAt: ms(sm.CreatedAt)}); err != nil {
			return err
		}
		sm.ID = id
		e.TargetID = id
		return s.audit(ctx, q, e)
	})
}

// GetSummary returns a summary with its submitted versions, oldest first.
func (s *Store) GetSummary(ctx context.Context, id xuezuo.ID) (*report.Summary, error) {
	q := s.q()
	r, err := q.GetSummary(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "总结材料"))
	}
	sm, err := toSummary(r.Summary, r.OrgName)
	if err != nil {
		return nil, err
	}
	vs, err := q.SummaryVersions(ctx, id)
	if err != nil {
		return nil, s.mapErr(fmt.Errorf("summary %d versions: %w", id, err))
	}
	for _, v := range vs {
		out := report.Version{Version: int(v.Version), State: v.State, BasicsNote: v.BasicsNote, Views: v.Views, Reason: v.Reason,
			SubmittedAt: fromMS(v.SubmittedAt), SubmittedBy: v.SubmittedBy, DecidedAt: fromMS(v.DecidedAt), DecidedBy: v.DecidedBy}
		if err := json.Unmarshal([]byte(v.Basics), &out.Basics); err != nil {
			return nil, fmt.Errorf("decode basics of summary %d version %d: %w", id, v.Version, err)
		}
		sm.Versions = append(sm.Versions, out)
	}
	return sm, nil
}

func toSummary(r sqlcdb.Summary, orgName string) (*report.Summary, error) {
	sm := &report.Summary{ID: r.ID, OrgID: r.OrgID, OrgName: orgName, UnitID: r.UnitID, TopicID: r.TopicID, State: r.State, Version: int(r.Version),
		BasicsNote: r.BasicsNote, Views: r.Views, Reason: r.Reason, DueOn: r.DueOn, FirstSubmittedAt: fromMS(r.FirstSubmittedAt),
		SubmittedAt: fromMS(r.SubmittedAt), Late: r.Late, CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt)}
	if err := json.Unmarshal([]byte(r.Basics), &sm.Basics); err != nil {
		return nil, fmt.Errorf("decode basics of summary %d: %w", r.ID, err)
	}
	if sm.Basics.Speakers == nil {
		sm.Basics.Speakers = []report.Speaker{}
	}
	return sm, nil
}

// stateConflict is the answer of a step whose summary left the state the
// step starts from between the service's read and this transaction.
func stateConflict(n int64, err error) error {
	if err == nil && n == 0 {
		return xuezuo.Errorf(xuezuo.EConflict, "总结材料的状态已改变")
	}
	return err
}

// EditSummary writes the note and the views of a draft or returned summary.
func (s *Store) EditSummary(ctx context.Context, id xuezuo.ID, note, views string, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		return stateConflict(q.EditSummary(ctx, sqlcdb.EditSummaryParams{ID: id, BasicsNote: note, Views: views, UpdatedAt: ms(s.now())}))
	})
}

// SubmitSummary makes the summary's next version and keeps a copy of it.
// The first submit stores due and late; later ones keep the first's.
func (s *Store) SubmitSummary(ctx context.Context, id xuezuo.ID, due xuezuo.Date, late bool, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		n, err := q.SubmitSummary(ctx, sqlcdb.SubmitSummaryParams{ID: id, At: ms(s.now()), DueOn: due, Late: late})
		if err := stateConflict(n, err); err != nil {
			return err
		}
		return q.InsertSummaryVersion(ctx, sqlcdb.InsertSummaryVersionParams{ID: id, SubmittedBy: e.UserID})
	})
}

// DecideSummary accepts or returns the submitted version, on the summary
// and on its kept copy.
func (s *Store) DecideSummary(ctx context.Context, id xuezuo.ID, state, reason string, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		at := ms(s.now())
		n, err := q.DecideSummary(ctx, sqlcdb.DecideSummaryParams{ID: id, State: state, Reason: reason, At: at})
		if err := stateConflict(n, err); err != nil {
			return err
		}
		return q.DecideSummaryVersion(ctx, sqlcdb.DecideSummaryVersionParams{ID: id, State: state, Reason: reason, At: at, DecidedBy: e.UserID})
	})
}

// ListSummaries pages the summaries of an org's subtree.
func (s *Store) ListSummaries(ctx context.Context, f report.Filter) ([]report.Summary, int, error) {
	q := s.q()
	total, err := q.CountSummaries(ctx, sqlcdb.CountSummariesParams{OrgID: f.OrgID, TopicID: f.TopicID, State: f.State})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	rows, err := q.ListSummaries(ctx, sqlcdb.ListSummariesParams{OrgID: f.OrgID, TopicID: f.TopicID, State: f.State,
		Lim: int32Of(f.Limit), Off: int32Of(f.Offset)})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	out := make([]report.Summary, len(rows))
	for i, r := range rows {
		sm, err := toSummary(r.Summary, r.OrgName)
		if err != nil {
			return nil, 0, err
		}
		out[i] = *sm
	}
	return out, int(total), nil
}

// SummaryStatus counts a topic's summaries per child of an org by state.
func (s *Store) SummaryStatus(ctx context.Context, orgID, topicID xuezuo.ID) ([]report.StatusRow, error) {
	rows, err := s.q().SummaryStatus(ctx, sqlcdb.SummaryStatusParams{OrgID: orgID, TopicID: topicID})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]report.StatusRow, len(rows))
	for i, r := range rows {
		out[i] = report.StatusRow{OrgID: r.OrgID, Expected: int(r.Expected), Submitted: int(r.Submitted), Returned: int(r.Returned),
			Accepted: int(r.Accepted), Missing: int(r.Missing), Late: int(r.Late)}
	}
	return out, nil
}

// SummaryStatusByUnit counts a topic's summaries under an org per unit of
// its branches, by state; each row carries its unit's name.
func (s *Store) SummaryStatusByUnit(ctx context.Context, orgID, topicID xuezuo.ID) ([]report.StatusRow, error) {
	rows, err := s.q().SummaryStatusByUnit(ctx, sqlcdb.SummaryStatusByUnitParams{OrgID: orgID, TopicID: topicID})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]report.StatusRow, len(rows))
	for i, r := range rows {
		out[i] = report.StatusRow{OrgID: r.OrgID, Name: r.Name, Kind: org.KindCommittee, Expected: int(r.Expected), Submitted: int(r.Submitted),
			Returned: int(r.Returned), Accepted: int(r.Accepted), Missing: int(r.Missing), Late: int(r.Late)}
	}
	return out, nil
}

// TopicMeetingID returns the branch's earliest meeting fulfilling a topic,
// or 0.
func (s *Store) TopicMeetingID(ctx context.Context, orgID, topicID xuezuo.ID) (xuezuo.ID, error) {
	id, err := s.q().TopicMeetingID(ctx, sqlcdb.TopicMeetingIDParams{OrgID: orgID, TopicID: topicID})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, s.mapErr(err)
}

// BranchTopicReflections counts the submitted reflections on a topic
// counted for the branch and its groups.
func (s *Store) BranchTopicReflections(ctx context.Context, orgID, topicID xuezuo.ID) (int, error) {
	n, err := s.q().BranchTopicReflections(ctx, sqlcdb.BranchTopicReflectionsParams{OrgID: orgID, TopicID: topicID})
	return int(n), s.mapErr(err)
}

// SummaryDue returns the due date the nearest ancestor-or-self of an org
// set on a topic, or the zero Date.
func (s *Store) SummaryDue(ctx context.Context, orgID, topicID xuezuo.ID) (xuezuo.Date, error) {
	ds, err := s.q().SummaryDue(ctx, sqlcdb.SummaryDueParams{OrgID: orgID, TopicID: topicID})
	if err != nil || len(ds) == 0 {
		return xuezuo.Date{}, s.mapErr(err)
	}
	return ds[0], nil
}

// SetSummaryDue sets or replaces an org's due date on a topic.
func (s *Store) SetSummaryDue(ctx context.Context, orgID, topicID xuezuo.ID, due xuezuo.Date, e audit.Entry) error {
	return s.exec(ctx, e, func(ctx context.Context, q *sqlcdb.Queries) error {
		return q.SetSummaryDue(ctx, sqlcdb.SetSummaryDueParams{OrgID: orgID, TopicID: topicID, DueOn: due, SetAt: ms(s.now()), SetBy: e.UserID})
	})
}
