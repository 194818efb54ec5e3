package store_test

import (
	"sync"
	"testing"

	"xuezuo"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

func TestOrgTreeAndMove(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	ctx := storetest.System()
	root := storetest.MustCreateOrg(t, s, 0, "中国科学院党组", org.KindCommittee)
	region := storetest.MustCreateOrg(t, s, root.ID, "京区党委", org.KindCommittee)
	unit := storetest.MustCreateUnit(t, s, region.ID, "植物研究所党委")
	gb := storetest.MustCreateOrg(t, s, unit.ID, "离退休党总支", org.KindGeneralBranch)
	br := storetest.MustCreateOrg(t, s, gb.ID, "二里沟党支部", org.KindBranch)
	other := storetest.MustCreateUnit(t, s, region.ID, "质检中心党委")

	sub, err := s.Org.Subtree(ctx, unit.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(sub); got != 3 {
		t.Fatalf("subtree size: got %d, want 3", got)
	}
	path, err := s.Org.Path(ctx, br.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(path); got != 5 || path[0].ID != root.ID || path[4].ID != br.ID {
		t.Fatalf("path: got %v, want root…branch of 5", path)
	}

	// Move the general branch (with its branch) to the other unit.
	if err := s.Org.Move(ctx, gb.ID, other.ID); err != nil {
		t.Fatalf("move: %v", err)
	}
	anc, err := s.Store.AncestorIDs(ctx, br.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[xuezuo.ID]bool{br.ID: true, gb.ID: true, other.ID: true, region.ID: true, root.ID: true}
	if len(anc) != len(want) {
		t.Fatalf("ancestors after move: got %v, want %v", anc, want)
	}
	for _, a := range anc {
		if !want[a] {
			t.Errorf("unexpected ancestor %d after move", a)
		}
	}
	if sub, _ := s.Org.Subtree(ctx, unit.ID); len(sub) != 1 {
		t.Errorf("old unit subtree after move: got %d orgs, want 1", len(sub))
	}

	cycles := []struct {
		name       string
		id, parent xuezuo.ID
	}{
		{"under itself", region.ID, region.ID},
		{"under its child", region.ID, other.ID},
		{"under a grandchild", region.ID, gb.ID},
	}
	for _, tc := range cycles {
		err := s.Org.Move(ctx, tc.id, tc.parent)
		if xuezuo.ErrorCode(err) != xuezuo.EInvalid {
			t.Errorf("%s: got %v, want invalid", tc.name, err)
		}
	}
}

// TestConcurrentMovesNoCycle races two moves that would each be fine alone
// but together make a cycle: exactly one may win.
func TestConcurrentMovesNoCycle(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	ctx := storetest.System()
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	for round := 0; round < 5; round++ {
		a := storetest.MustCreateOrg(t, s, root.ID, "甲党委", org.KindCommittee)
		b := storetest.MustCreateOrg(t, s, root.ID, "乙党委", org.KindCommittee)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		wg.Add(2)
		go func() { defer wg.Done(); errs[0] = s.Org.Move(ctx, a.ID, b.ID) }()
		go func() { defer wg.Done(); errs[1] = s.Org.Move(ctx, b.ID, a.ID) }()
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if xuezuo.ErrorCode(err) != xuezuo.EInvalid {
				t.Fatalf("round %d: unexpected error %v", round, err)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d moves succeeded, want exactly 1 (%v)", round, ok, errs)
		}
		for _, id := range []xuezuo.ID{a.ID, b.ID} {
			anc, err := s.Store.AncestorIDs(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if anc[len(anc)-1] == 0 || len(anc) > 4 {
				t.Fatalf("round %d: suspicious ancestors of %d: %v", round, id, anc)
			}
			found := false
			for _, x := range anc {
				found = found || x == root.ID
			}
			if !found {
				t.Fatalf("round %d: org %d lost its root (cycle): %v", round, id, anc)
			}
		}
	}
}

func TestDissolveOnlyWhenEmpty(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	ctx := storetest.System()
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	unit := storetest.MustCreateUnit(t, s, root.ID, "所党委")
	br := storetest.MustCreateOrg(t, s, unit.ID, "生态党支部", org.KindBranch)
	storetest.MustCreateMember(t, s, br.ID, "张晓雯")
	if err := s.Org.Dissolve(ctx, br.ID, xuezuo.Date{}); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Fatalf("dissolve branch with a member: got %v, want conflict", err)
	}
	if err := s.Org.Dissolve(ctx, unit.ID, xuezuo.Date{}); xuezuo.ErrorCode(err) != xuezuo.EConflict {
		t.Fatalf("dissolve unit with a branch: got %v, want conflict", err)
	}
	empty := storetest.MustCreateOrg(t, s, unit.ID, "文献党支部", org.KindBranch)
	if err := s.Org.Dissolve(ctx, empty.ID, xuezuo.Date{}); err != nil {
		t.Fatalf("dissolve empty branch: %v", err)
	}
	got, err := s.Org.Get(ctx, empty.ID)
	if err != nil || got.Active() {
		t.Fatalf("dissolved branch: got %+v, %v; want dissolved", got, err)
	}
}
