package report

import (
	"context"
	"fmt"
	"strconv"

	"xuezuo"
)

// DiffKey names one figure of one row in a LiveDiff: the row's org (0 for
// the totals) and the figure's JSON name.
func DiffKey(orgID xuezuo.ID, field string) string { return fmt.Sprintf("%d.%s", orgID, field) }

// FigureCells writes a row's figures as the bulletin page shows them, by
// the figures' JSON names; LiveDiff compares these strings.
func FigureCells(r BulletinRow, c *BulletinContent) map[string]string {
	total := 0
	for _, n := range r.Lectures {
		total += n
	}
	return map[string]string{
		"branches":           strconv.Itoa(r.Branches),
		"topic_on_time":      onTime(r, c),
		"attendance_rate":    rate(r.AttendancePresent, r.AttendanceExpected),
		"reflection_rate":    percent(r.ReflectionRate, r.Members-r.Excluded),
		"participation_rate": rate(r.Participants, r.Members),
		"summaries_accepted": strconv.Itoa(r.SummariesAccepted),
		"summaries_late":     strconv.Itoa(r.SummariesLate),
		"lectures":           strconv.Itoa(total),
		"secretary_lectures": strconv.Itoa(r.SecretaryLectures),
	}
}

// LiveDiff compares a published bulletin's frozen figures with the
// figures the records give now and returns the live value of each figure
// that differs, keyed by DiffKey. A draft has no difference, nor does a
// reader who may not read the org's live figures (a member of a branch).
func (s *Bulletins) LiveDiff(ctx context.Context, b *Bulletin) (map[string]string, error) {
	out := map[string]string{}
	if !b.Published() || s.scope.CanReadMember(ctx, 0, b.OrgID) != nil {
		return out, nil
	}
	live, err := s.compute(ctx, b)
	if err != nil {
		return nil, err
	}
	now := map[xuezuo.ID]BulletinRow{0: live.Totals}
	for _, r := range live.Rows {
		now[r.OrgID] = r
	}
	frozen := append([]BulletinRow{b.Content.Totals}, b.Content.Rows...)
	frozen[0].OrgID = 0
	for _, r := range frozen {
		lr, ok := now[r.OrgID]
		if !ok {
			out[DiffKey(r.OrgID, "row")] = "现已不在本组织下"
			continue
		}
		was, is := FigureCells(r, b.Content), FigureCells(lr, b.Content)
		for k, v := range was {
			if is[k] != v {
				out[DiffKey(r.OrgID, k)] = is[k]
			}
		}
	}
	return out, nil
}
