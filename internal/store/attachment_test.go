package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"xuezuo/internal/store"
	"xuezuo/internal/store/storetest"
)

// TestAttachmentsMigration checks that the SQL migration 5 runs after the
// Go migrations 2 and 4 on both databases, and that its table refuses
// owners other than meetings, reflections and summaries.
func TestAttachmentsMigration(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	v, err := s.MigrationVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v < 5 {
		t.Errorf("schema version %d, want at least 5", v)
	}
	ok := `INSERT INTO attachments (id, owner_kind, owner_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at)
		VALUES (1, 'meeting', 1, 'a.jpg', 'image/jpeg', 1, 'x', 0, 0)`
	if err := storetest.Exec(t, s, ok); err != nil {
		t.Fatalf("insert a meeting's attachment: %v", err)
	}
	bad := `INSERT INTO attachments (id, owner_kind, owner_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at)
		VALUES (2, 'member', 1, 'a.jpg', 'image/jpeg', 1, 'x', 0, 0)`
	if err := storetest.Exec(t, s, bad); err == nil {
		t.Error("an attachment owned by a member was accepted")
	}
}

// insertAttachment is a raw row of the given owner kind.
func insertAttachment(id int, kind string) string {
	return fmt.Sprintf(`INSERT INTO attachments (id, owner_kind, owner_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at)
		VALUES (%d, '%s', 1, 'a.jpg', 'image/jpeg', 1, 'x', 0, 0)`, id, kind)
}

// TestMigration22 checks the owner kinds' CHECK on both engines through a
// round trip: after 22 a summary may own files; its Down refuses while one
// does (it deletes nothing it cannot put back) and, once they are gone,
// restores the old list while every other row stays; reopening runs 22
// again on the table as Down left it.
func TestMigration22(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := storetest.URL(t)
	st, err := store.Open(ctx, store.Options{URL: url, Clock: storetest.Clock})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{insertAttachment(1, "meeting"), insertAttachment(2, "summary")} {
		if err := storetest.Exec(t, st, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := storetest.Exec(t, st, insertAttachment(3, "member")); err == nil {
		t.Error("an attachment owned by a member was accepted")
	}
	err = st.MigrateDownToForTest(ctx, 21)
	if err == nil || !strings.Contains(err.Error(), "1 attachments belong to summaries") {
		t.Fatalf("down with a summary's file: %v, want a refusal", err)
	}
	if got := storetest.QueryStrings(t, st, "SELECT owner_kind FROM attachments ORDER BY id"); len(got) != 2 {
		t.Fatalf("rows after the refused down: %q", got)
	}
	if err := storetest.Exec(t, st, "DELETE FROM attachments WHERE owner_kind = 'summary'"); err != nil {
		t.Fatal(err)
	}
	if err := st.MigrateDownToForTest(ctx, 21); err != nil {
		t.Fatalf("down: %v", err)
	}
	if err := storetest.Exec(t, st, insertAttachment(4, "summary")); err == nil {
		t.Error("after down: a summary's attachment was accepted")
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	s := storetest.OpenServicesAt(t, url)
	if got := storetest.QueryStrings(t, s.Store, "SELECT owner_kind FROM attachments ORDER BY id"); len(got) != 1 || got[0] != "meeting" {
		t.Errorf("rows after down and up: %q, want the meeting's", got)
	}
	if err := storetest.Exec(t, s.Store, insertAttachment(5, "summary")); err != nil {
		t.Errorf("after up again: %v", err)
	}
	if list, err := s.Store.ListAttachments(ctx, "summary", 1); err != nil || len(list) != 1 {
		t.Errorf("list after up again: %v %v", list, err)
	}
}
