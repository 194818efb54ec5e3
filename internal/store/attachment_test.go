package store_test

import (
	"context"
	"testing"

	"xuezuo/internal/store/storetest"
)

// TestAttachmentsMigration checks that the SQL migration 5 runs after the
// Go migrations 2 and 4 on both databases, and that its table refuses
// owners other than meetings and reflections.
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
