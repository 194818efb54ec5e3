package progress

import (
	"context"

	"xuezuo"
)

// Table is a progress table: one row per org of the grouping and the
// summed row, so every front door shows the same 合计 for the same request.
type Table struct {
	Rows   []Row
	Totals Row
	// Topics is the campaign's number of topics, the reflection rate's
	// multiplier.
	Topics int
}

// Table returns the campaign's figures under orgID grouped by by (as
// Progress) with their totals.
func (s *Service) Table(ctx context.Context, campaignID, orgID xuezuo.ID, by string) (*Table, error) {
	rows, c, err := s.rows(ctx, campaignID, orgID, by)
	if err != nil {
		return nil, err
	}
	t := &Table{Rows: rows, Totals: Total(rows, len(c.Topics)), Topics: len(c.Topics)}
	t.Totals.OrgID = orgID // the org whose table this is
	return t, nil
}

// TotalName is the name of the summed row.
const TotalName = "合计"

// Total sums the rows' counts into one row named 合计 and computes its rates
// from the summed numerators and denominators: a rate of the whole is never
// the average of the rows' rates (domain.md §5). The groups of one table are
// disjoint, so no branch is counted twice.
func Total(rows []Row, topics int) Row {
	t := Row{Name: TotalName, TopicOnTime: make([]int, topics)}
	for _, r := range rows {
		t.Branches += r.Branches
		t.Members += r.Members
		t.Excluded += r.Excluded
		t.Participants += r.Participants
		t.AttendancePresent += r.AttendancePresent
		t.AttendanceExpected += r.AttendanceExpected
		t.Makeups += r.Makeups
		t.Reflections += r.Reflections
		for k, n := range r.TopicOnTime {
			if k < topics {
				t.TopicOnTime[k] += n
			}
		}
	}
	t.finish(topics)
	return t
}
