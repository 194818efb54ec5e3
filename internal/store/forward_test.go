package store_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// TestForwardQuotaUnderRace: eight forwards of different items from one
// sender race against a quota of three; exactly three are stored, the rest
// are quota conflicts with no forward or audit row left behind.
func TestForwardQuotaUnderRace(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	ctx := storetest.System()
	top := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	unit := storetest.MustCreateUnit(t, s, top.ID, "所党委")
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := &report.Forward{Kind: report.KindSummary, ItemID: xuezuo.ID(100 + i), OriginKind: report.KindSummary,
				OriginID: xuezuo.ID(100 + i), FromOrgID: unit.ID, ToOrgID: top.ID, Note: "好", Quarter: "2026Q2", CreatedAt: time.Now()}
			errs[i] = s.Store.CreateForward(ctx, f, 3, audit.New(ctx, "forward.create", "forward", 0, unit.ID))
		}()
	}
	wg.Wait()
	ok, full := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, report.ErrQuotaFull) && xuezuo.ErrorCode(err) == xuezuo.EConflict:
			full++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 3 || full != 5 {
		t.Errorf("got %d stored and %d refused, want 3 and 5", ok, full)
	}
	for q, want := range map[string]string{
		"SELECT COUNT(*) FROM forwards":                                             "[3]",
		"SELECT COUNT(*) FROM audit_log WHERE action = 'forward.create'":            "[3]",
		fmt.Sprintf("SELECT n FROM forward_counts WHERE from_org_id = %d", unit.ID): "[3]",
	} {
		if got := fmt.Sprint(storetest.QueryStrings(t, s.Store, q)); got != want {
			t.Errorf("%s: got %s, want %s", q, got, want)
		}
	}
	// A duplicate is a plain conflict, told apart from the quota.
	f := &report.Forward{Kind: report.KindSummary, ItemID: 1, OriginKind: report.KindSummary, OriginID: 1, FromOrgID: unit.ID,
		ToOrgID: top.ID, Note: "好", Quarter: "2026Q3", CreatedAt: time.Now()}
	if err := s.Store.CreateForward(ctx, f, 0, audit.New(ctx, "forward.create", "forward", 0, unit.ID)); err != nil {
		t.Fatal(err)
	}
	err := s.Store.CreateForward(ctx, f, 0, audit.New(ctx, "forward.create", "forward", 0, unit.ID))
	if xuezuo.ErrorCode(err) != xuezuo.EConflict || errors.Is(err, report.ErrQuotaFull) {
		t.Errorf("duplicate: got %v, want a conflict that is not the quota", err)
	}
}
