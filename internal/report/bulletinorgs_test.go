package report_test

import (
	"context"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/report"
)

// TestBulletinIssuers: the orgs whose bulletins a page links are those at
// or above the org that issue bulletins and whose bulletins the actor
// reads: a member of a branch reads every committee above it, an organiser
// of a sibling unit only the top they share; BulletinOrg answers the same way.
func TestBulletinIssuers(t *testing.T) {
	t.Parallel()
	f := newChainFixture(t)
	bs := f.bulletins()
	names := func(ctx context.Context, id xuezuo.ID) string {
		t.Helper()
		os := must(bs.Issuers(ctx, id))(t)
		var out []string
		for _, o := range os {
			out = append(out, o.Name)
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		org  xuezuo.ID
		want string
	}{
		{"member of a branch", f.authors[0], f.b1.ID, "甲所党委 京区党委 院党组"},
		{"unit organiser on the unit", f.unitAdmin, f.unit.ID, "甲所党委 京区党委 院党组"},
		{"region organiser on a branch below", f.regionAdmin, f.b1.ID, "甲所党委 京区党委 院党组"},
		{"sibling unit's organiser", f.otherAdmin, f.b1.ID, "院党组"},
	} {
		if got := names(tc.ctx, tc.org); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	if o, err := bs.BulletinOrg(f.authors[0], f.region.ID); err != nil || o.Name != "京区党委" {
		t.Errorf("member opens the region's list: %v %v", o, err)
	}
	if _, err := bs.BulletinOrg(f.otherAdmin, f.unit.ID); xuezuo.ErrorCode(err) != xuezuo.ENotFound {
		t.Errorf("sibling opens the unit's list: %v, want not found", err)
	}
	if bs.CanCreate(f.unitAdmin, f.b1) || !bs.CanCreate(f.unitAdmin, f.unit) || bs.CanCreate(f.secretary, f.unit) {
		t.Error("CanCreate: want the unit's organiser on the unit only")
	}
	if got := report.LecturerKindLabel("secretary"); got != "书记讲" {
		t.Errorf("secretary label %q", got)
	}
}
