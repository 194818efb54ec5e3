package store

import (
	"testing"

	"xuezuo"
)

// TestDialectFor checks which engine a URL selects and the answers each
// dialect gives to the questions other files must not ask themselves.
func TestDialectFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url, name string
		grouped   bool
		backup    string // error code; "" when the engine backs up online
	}{
		{"data/xuezuo.db", "sqlite", true, ""},
		{"/var/lib/xuezuo/postgres.db", "sqlite", true, ""},
		{"postgres://u@h/db", "postgres", false, xuezuo.EInvalid},
		{"postgresql://u@h/db", "postgres", false, xuezuo.EInvalid},
		{"postgres:///db?host=/var/run/postgresql", "postgres", false, xuezuo.EInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			d := dialectFor(tc.url)
			if d.name() != tc.name || IsPostgres(tc.url) != (tc.name == "postgres") {
				t.Errorf("got %s (IsPostgres %v), want %s", d.name(), IsPostgres(tc.url), tc.name)
			}
			if d.groupsWrites() != tc.grouped {
				t.Errorf("groupsWrites: got %v, want %v", d.groupsWrites(), tc.grouped)
			}
			stmt, err := d.backupSQL()
			if code := xuezuo.ErrorCode(err); code != tc.backup || (err == nil) != (stmt != "") {
				t.Errorf("backupSQL: got %q, %v; want code %q", stmt, err, tc.backup)
			}
		})
	}
}
