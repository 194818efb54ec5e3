package store_test

import (
	"fmt"
	"sync"
	"testing"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// TestIDsFromTwoServers creates members concurrently through two stores on
// one database (two server processes): every id must be handed out once,
// whichever allocator is in use (id_seq in SQLite's group transactions,
// reserved blocks on PostgreSQL), including a batch larger than a block.
func TestIDsFromTwoServers(t *testing.T) {
	t.Parallel()
	url := storetest.URL(t)
	a := storetest.OpenServicesAt(t, url)
	b := storetest.OpenServicesAt(t, url)
	sys := storetest.System()
	unit := storetest.MustCreateUnit(t, a, 0, "所党委")
	branch := storetest.MustCreateOrg(t, a, unit.ID, "第一党支部", org.KindBranch)
	const each = 40
	ids := make(chan xuezuo.ID, 2*each+200)
	var wg sync.WaitGroup
	for i := range 2 * each {
		svc := a
		if i%2 == 1 {
			svc = b
		}
		wg.Go(func() {
			m, err := svc.Member.Create(sys, storetest.MemberInput(branch.ID, fmt.Sprintf("党员%d", i)))
			if err != nil {
				t.Errorf("create %d: %v", i, err)
				return
			}
			ids <- m.ID
		})
	}
	wg.Wait()
	batch := make([]member.Imported, 150) // more than one block at once
	for i := range batch {
		in := storetest.MemberInput(branch.ID, fmt.Sprintf("导入%d", i))
		batch[i] = member.Imported{Member: member.Member{OrgID: branch.ID, Name: in.Name, Gender: in.Gender, Birth: in.Birth,
			JoinDate: in.JoinDate, FullDate: in.FullDate, Standing: "full", Category: in.Category, Status: in.Status}, From: in.JoinDate}
	}
	if err := b.Store.ImportMembers(sys, batch, audit.New(sys, "member.import", "org", branch.ID, branch.ID)); err != nil {
		t.Fatal(err)
	}
	for _, m := range batch {
		ids <- m.Member.ID
	}
	close(ids)
	seen := map[xuezuo.ID]bool{}
	for id := range ids {
		if id <= 0 || seen[id] {
			t.Errorf("id %d handed out twice (or not at all)", id)
		}
		seen[id] = true
	}
	if len(seen) != 2*each+len(batch) {
		t.Errorf("%d distinct ids, want %d", len(seen), 2*each+len(batch))
	}
	for i := 1; i < len(batch); i++ {
		if batch[i].Member.ID != batch[0].Member.ID+xuezuo.ID(i) {
			t.Fatalf("a batch's ids are not consecutive: %d after %d", batch[i].Member.ID, batch[i-1].Member.ID)
		}
	}
}
