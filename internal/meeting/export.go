package meeting

import (
	"context"
	"fmt"

	"xuezuo"
	"xuezuo/internal/audit"
)

// Exports of personal data leave an audit row each (等保: who took which
// records out of the system), written by the service that hands the data
// over, so every front door that offers the file is covered alike. The row
// is written before the data is returned: a file the log does not know of
// is never produced.
const (
	ActionExportLedger = "export.ledger"
	ActionExportSignin = "export.signin"
)

// SigninSpare is how many blank lines a sign-in sheet leaves under the
// roster, for guests (列席) and members who joined after it was printed.
const SigninSpare = 5

// ExportLedger returns an org's registers (see LedgerBook: one for a
// branch, one per branch for a unit or general branch) for a download in
// format ("xlsx", "pdf") and records the export.
func (s *Service) ExportLedger(ctx context.Context, orgID, campaignID xuezuo.ID, format string) (*LedgerBook, error) {
	b, err := s.LedgerBook(ctx, orgID, campaignID)
	if err != nil {
		return nil, err
	}
	e := audit.New(ctx, ActionExportLedger, "campaign", campaignID, orgID, "format="+format,
		fmt.Sprintf("branches=%d", len(b.Ledgers)))
	if err := s.store.WriteAudit(ctx, e); err != nil {
		return nil, fmt.Errorf("audit ledger export org %d: %w", orgID, err)
	}
	return b, nil
}

// Signin is what a printed sign-in sheet (签到表) shows: the meeting with
// its host and recorder, the members expected on its date and a number of
// blank lines.
type Signin struct {
	Meeting *Meeting
	Roster  []RosterMember
	Spare   int
}

// When is the meeting's date as printed documents write it, with the
// planned time of day when the meeting has one on that date:
// 2016年4月28日 14:30, or 2016年4月28日 alone.
func (m *Meeting) When() string {
	s := m.HeldOn.ChineseLong()
	if !m.PlannedAt.IsZero() && xuezuo.DateOf(m.PlannedAt) == m.HeldOn {
		s += " " + m.PlannedAt.In(xuezuo.Beijing).Format("15:04")
	}
	return s
}

// SigninSheet returns a meeting and its roster (see Roster) for a sign-in
// sheet in format ("xlsx", "pdf"), with SigninSpare blank lines, and
// records the export.
func (s *Service) SigninSheet(ctx context.Context, id xuezuo.ID, format string) (*Signin, error) {
	m, roster, _, err := s.Roster(ctx, id)
	if err != nil {
		return nil, err
	}
	e := audit.New(ctx, ActionExportSignin, "meeting", m.ID, m.OrgID, "format="+format)
	if err := s.store.WriteAudit(ctx, e); err != nil {
		return nil, fmt.Errorf("audit signin export meeting %d: %w", id, err)
	}
	return &Signin{Meeting: m, Roster: roster, Spare: SigninSpare}, nil
}
