package store

import (
	"xuezuo/internal/account"
	"xuezuo/internal/attachment"
	"xuezuo/internal/audit"
	"xuezuo/internal/campaign"
	"xuezuo/internal/dataset"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/progress"
	"xuezuo/internal/reflection"
	"xuezuo/internal/report"
)

// Compile-time proof that *Store implements the narrow interface each
// feature declares, so a method renamed on either side fails here, next to
// the implementation, rather than in app's wiring.
var (
	_ audit.Store          = (*Store)(nil)
	_ org.Store            = (*Store)(nil)
	_ account.Store        = (*Store)(nil)
	_ account.Ancestry     = (*Store)(nil)
	_ member.Store         = (*Store)(nil)
	_ campaign.Store       = (*Store)(nil)
	_ meeting.Store        = (*Store)(nil)
	_ reflection.Store     = (*Store)(nil)
	_ attachment.Store     = (*Store)(nil)
	_ progress.Store       = (*Store)(nil)
	_ dataset.Store        = (*Store)(nil)
	_ report.Store         = (*Store)(nil)
	_ report.BulletinStore = (*Store)(nil)
)
