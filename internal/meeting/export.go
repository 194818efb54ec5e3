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

// ExportLedger returns an org's attendance register (see Ledger) for a
// download and records the export.
func (s *Service) ExportLedger(ctx context.Context, orgID, campaignID xuezuo.ID) (*Ledger, error) {
	l, err := s.Ledger(ctx, orgID, campaignID)
	if err != nil {
		return nil, err
	}
	e := audit.New(ctx, ActionExportLedger, "campaign", campaignID, orgID, "format=xlsx")
	if err := s.store.WriteAudit(ctx, e); err != nil {
		return nil, fmt.Errorf("audit ledger export org %d: %w", orgID, err)
	}
	return l, nil
}

// SigninSheet returns a meeting and its roster (see Roster) for a sign-in
// sheet in format ("xlsx", "pdf") and records the export.
func (s *Service) SigninSheet(ctx context.Context, id xuezuo.ID, format string) (*Meeting, []RosterMember, error) {
	m, roster, _, err := s.Roster(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	e := audit.New(ctx, ActionExportSignin, "meeting", m.ID, m.OrgID, "format="+format)
	if err := s.store.WriteAudit(ctx, e); err != nil {
		return nil, nil, fmt.Errorf("audit signin export meeting %d: %w", id, err)
	}
	return m, roster, nil
}
