package store_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/org"
	"xuezuo/internal/store"
	"xuezuo/internal/store/storetest"
)

// TestMemberLinkRepair seeds the shape before migration 14 (the unique
// index dropped, one member linked to three accounts, another to an admin
// account), runs the repair and checks that the newest account keeps its
// link, every removal is audited with its reason, and the index can be
// built again.
func TestMemberLinkRepair(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	ctx := context.Background()
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	branch := storetest.MustCreateOrg(t, s, root.ID, "生态党支部", org.KindBranch)
	m1 := storetest.MustCreateMember(t, s, branch.ID, "张一")
	m2 := storetest.MustCreateMember(t, s, branch.ID, "王二")
	var ids []xuezuo.ID
	for _, name := range []string{"old1", "old2", "newest"} {
		ids = append(ids, xuezuo.ActorFrom(storetest.MustUser(t, s, name, "", 0)).UserID)
	}
	admin := xuezuo.ActorFrom(storetest.MustUser(t, s, "anquan", xuezuo.RoleSecurityAdmin, 0)).UserID
	if err := storetest.Exec(t, s.Store, "DROP INDEX users_member_id"); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		mustExec(t, s, fmt.Sprintf("UPDATE users SET member_id = %d WHERE id = %d", m1.ID, id))
	}
	mustExec(t, s, fmt.Sprintf("UPDATE users SET member_id = %d WHERE id = %d", m2.ID, admin))
	removed, err := s.Store.RepairMemberLinksForTest(ctx)
	if err != nil || removed != 3 {
		t.Fatalf("repair: removed %d, %v; want 3", removed, err)
	}
	links := storetest.QueryStrings(t, s.Store, "SELECT username || ':' || member_id FROM users WHERE member_id IS NOT NULL")
	if want := fmt.Sprintf("newest:%d", m1.ID); len(links) != 1 || links[0] != want {
		t.Errorf("links after the repair: %q, want only %s", links, want)
	}
	rows := storetest.QueryStrings(t, s.Store, "SELECT target_id || ' ' || fields FROM audit_log WHERE action = 'user.unlink'")
	sort.Strings(rows)
	want := []string{fmt.Sprintf("%d member_id,reason=duplicate", ids[0]), fmt.Sprintf("%d member_id,reason=duplicate", ids[1]),
		fmt.Sprintf("%d member_id,reason=admin", admin)}
	sort.Strings(want)
	if strings.Join(rows, "|") != strings.Join(want, "|") {
		t.Errorf("unlink rows: got %q, want %q", rows, want)
	}
	// The cached actors of the unlinked accounts are stale: they no longer
	// act as the member.
	if a, err := s.Account.ActorFor(ctx, ids[0]); err != nil || a.MemberID != 0 {
		t.Errorf("unlinked account's actor: %+v, %v", a, err)
	}
	if err := storetest.Exec(t, s.Store, "CREATE UNIQUE INDEX users_member_id ON users (member_id)"); err != nil {
		t.Errorf("unique index after the repair: %v", err)
	}
	if removed, err := s.Store.RepairMemberLinksForTest(ctx); err != nil || removed != 0 {
		t.Errorf("second repair: removed %d, %v; want 0", removed, err)
	}
}

// TestMigration14 runs migration 14 itself on the old shape: a database
// migrated down to 13 is given duplicate links, and reopening it repairs
// the links, audits the removal and builds the index again.
func TestMigration14(t *testing.T) {
	t.Parallel()
	url := storetest.URL(t)
	st, err := store.Open(context.Background(), store.Options{URL: url, Clock: storetest.Clock})
	if err != nil {
		t.Fatal(err)
	}
	s := storetest.NewServices(st, storetest.Clock)
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	branch := storetest.MustCreateOrg(t, s, root.ID, "生态党支部", org.KindBranch)
	m := storetest.MustCreateMember(t, s, branch.ID, "张一")
	older := xuezuo.ActorFrom(storetest.MustUser(t, s, "zhang", "", 0)).UserID
	newer := xuezuo.ActorFrom(storetest.MustUser(t, s, "zhangyi", "", 0)).UserID
	// Back to the schema before 14 through every later step's Down, so the
	// reopen runs 14 and the rest in order as an upgrade would.
	if err := st.MigrateDownToForTest(context.Background(), 13); err != nil {
		t.Fatal(err)
	}
	mustExec(t, s, fmt.Sprintf("UPDATE users SET member_id = %d WHERE id IN (%d, %d)", m.ID, older, newer))
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	s = storetest.OpenServicesAt(t, url)
	links := storetest.QueryStrings(t, s.Store, "SELECT username FROM users WHERE member_id IS NOT NULL")
	if len(links) != 1 || links[0] != "zhangyi" {
		t.Errorf("links after migration 14: %q, want only the newest account", links)
	}
	rows := storetest.QueryStrings(t, s.Store, "SELECT target_id || ' ' || fields FROM audit_log WHERE action = 'user.unlink'")
	if want := fmt.Sprintf("%d member_id,reason=duplicate", older); len(rows) != 1 || rows[0] != want {
		t.Errorf("unlink rows: %q, want %q", rows, want)
	}
	if err := storetest.Exec(t, s.Store, fmt.Sprintf("UPDATE users SET member_id = %d WHERE id = %d", m.ID, older)); err == nil {
		t.Error("the unique index is missing after migration 14")
	}
}

// TestMemberLinkUnique: the index refuses a second account for a member
// even past the service (the last line against a race).
func TestMemberLinkUnique(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	branch := storetest.MustCreateOrg(t, s, root.ID, "生态党支部", org.KindBranch)
	m := storetest.MustCreateMember(t, s, branch.ID, "张一")
	a := xuezuo.ActorFrom(storetest.MustUser(t, s, "zhang", "", 0)).UserID
	b := xuezuo.ActorFrom(storetest.MustUser(t, s, "wang", "", 0)).UserID
	mustExec(t, s, fmt.Sprintf("UPDATE users SET member_id = %d WHERE id = %d", m.ID, a))
	if err := storetest.Exec(t, s.Store, fmt.Sprintf("UPDATE users SET member_id = %d WHERE id = %d", m.ID, b)); err == nil {
		t.Error("a second account linked to the member, want the unique index to refuse")
	}
}

func mustExec(t *testing.T, s *storetest.Services, q string) {
	t.Helper()
	if err := storetest.Exec(t, s.Store, q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
