package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/store"
	"xuezuo/internal/store/storetest"
)

var otherKey = []byte("fedcba9876543210")

// openAt opens the store at url with key and wires the services.
func openAt(t *testing.T, url string, key []byte) (*storetest.Services, error) {
	t.Helper()
	s, err := store.Open(context.Background(), store.Options{URL: url, Clock: storetest.Clock, FieldKey: key})
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { s.Close() })
	return storetest.NewServices(s, storetest.Clock), nil
}

// rawPhones reads the stored phone column by member id.
func rawPhones(t *testing.T, s *store.Store) map[xuezuo.ID]string {
	t.Helper()
	out := map[xuezuo.ID]string{}
	for _, row := range storetest.QueryStrings(t, s, `SELECT CAST(id AS TEXT) || '|' || phone FROM members ORDER BY id`) {
		id, phone, _ := strings.Cut(row, "|")
		var n xuezuo.ID
		fmt.Sscan(id, &n)
		out[n] = phone
	}
	return out
}

// fieldFixture is a branch with three members, one without a phone.
func fieldFixture(t *testing.T, s *storetest.Services) (branch xuezuo.ID, ids []xuezuo.ID) {
	t.Helper()
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	b := storetest.MustCreateOrg(t, s, root.ID, "生态党支部", org.KindBranch)
	for i, phone := range []string{"13812345678", "13900001111", ""} {
		in := storetest.MemberInput(b.ID, fmt.Sprintf("党员%d", i))
		in.Phone = phone
		m, err := s.Member.Create(storetest.System(), in)
		if err != nil {
			t.Fatalf("create member %d: %v", i, err)
		}
		ids = append(ids, m.ID)
	}
	return b.ID, ids
}

// TestFieldKeyRoundTrip: with a key, phones are sealed in the column and
// read back in clear through every read path; an update reseals.
func TestFieldKeyRoundTrip(t *testing.T) {
	t.Parallel()
	s := storetest.NewServices(storetest.OpenKeyed(t), storetest.Clock)
	branch, ids := fieldFixture(t, s)
	raw := rawPhones(t, s.Store)
	for _, id := range ids[:2] {
		if !strings.HasPrefix(raw[id], "sm4gcm:1:") || strings.Contains(raw[id], "138") && strings.Contains(raw[id], "5678") {
			t.Errorf("member %d stored phone %q: want a sealed value", id, raw[id])
		}
	}
	if raw[ids[2]] != "" {
		t.Errorf("empty phone stored as %q, want empty", raw[ids[2]])
	}
	m, err := s.Store.GetMember(context.Background(), ids[0])
	if err != nil || m.Phone != "13812345678" {
		t.Fatalf("GetMember: got %v %v, want 13812345678", m, err)
	}
	list, _, err := s.Store.ListMembers(context.Background(), member.Filter{OrgID: branch, Limit: 10})
	if err != nil || len(list) != 3 {
		t.Fatalf("ListMembers: got %d members, %v", len(list), err)
	}
	got := map[string]bool{}
	for _, m := range list {
		got[m.Phone] = true
	}
	if !got["13812345678"] || !got["13900001111"] || !got[""] {
		t.Errorf("ListMembers phones: got %v", got)
	}
	roster, err := s.Store.Roster(context.Background(), branch, xuezuo.DateOf(storetest.Clock.T))
	if err != nil || len(roster) != 3 {
		t.Fatalf("Roster: got %d members, %v", len(roster), err)
	}
	for _, m := range roster {
		if m.ID == ids[1] && m.Phone != "13900001111" {
			t.Errorf("Roster phone: got %q, want 13900001111", m.Phone)
		}
	}
	in := storetest.MemberInput(branch, "党员0")
	in.Phone = "13700009999"
	if _, err := s.Member.Update(storetest.System(), ids[0], in); err != nil {
		t.Fatalf("update: %v", err)
	}
	if after := rawPhones(t, s.Store)[ids[0]]; after == raw[ids[0]] || !strings.HasPrefix(after, "sm4gcm:1:") {
		t.Errorf("updated phone stored as %q", after)
	}
	if m, err := s.Store.GetMember(context.Background(), ids[0]); err != nil || m.Phone != "13700009999" {
		t.Errorf("after update: got %v %v", m, err)
	}
	if on, _ := s.Store.FieldEncryption(); !on {
		t.Errorf("FieldEncryption: got off, want on")
	}
}

// TestFieldKeyEnableInPlace: a key given to a clear database encrypts its
// phones in place, once, with an audit row; from then on the database
// refuses to open without that key.
func TestFieldKeyEnableInPlace(t *testing.T) {
	t.Parallel()
	url := storetest.URL(t)
	clear, err := openAt(t, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	branch, ids := fieldFixture(t, clear)
	before := rawPhones(t, clear.Store)
	if before[ids[0]] != "13812345678" {
		t.Fatalf("clear store keeps %q, want the number", before[ids[0]])
	}
	clear.Store.Close()

	s, err := openAt(t, url, storetest.FieldKey)
	if err != nil {
		t.Fatalf("open with a new key: %v", err)
	}
	if on, n := s.Store.FieldEncryption(); !on || n != 2 {
		t.Errorf("FieldEncryption: got %v %d, want true 2 (the empty phone stays empty)", on, n)
	}
	after := rawPhones(t, s.Store)
	for _, id := range ids[:2] {
		if !strings.HasPrefix(after[id], "sm4gcm:1:") || strings.Contains(after[id], before[id]) {
			t.Errorf("member %d after enabling: stored %q", id, after[id])
		}
	}
	if after[ids[2]] != "" {
		t.Errorf("empty phone after enabling: %q", after[ids[2]])
	}
	list, _, err := s.Store.ListMembers(context.Background(), member.Filter{OrgID: branch, Limit: 10})
	if err != nil || len(list) != 3 {
		t.Fatalf("ListMembers: %d, %v", len(list), err)
	}
	entries, _, err := s.Store.ListAudit(context.Background(), audit.Filter{Action: "system.field_key", Limit: 10,
		From: storetest.Clock.T.Add(-time.Hour), To: storetest.Clock.T.Add(time.Hour)})
	if err != nil || len(entries) != 1 || strings.Join(entries[0].Fields, ",") != "phones=2" {
		t.Errorf("audit rows of system.field_key: got %+v %v, want one with phones=2", entries, err)
	}
	s.Store.Close()

	for _, tc := range []struct {
		name string
		key  []byte
		want string // in the refusal; "" means it opens
	}{
		{"no key", nil, "--field-key"},
		{"wrong key", otherKey, "不是加密这个数据库所用的密钥"},
		{"same key", storetest.FieldKey, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := openAt(t, url, tc.key)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("reopen: %v", err)
				}
				if on, n := s.Store.FieldEncryption(); !on || n != 0 {
					t.Errorf("FieldEncryption on reopen: got %v %d, want true 0", on, n)
				}
				if got := rawPhones(t, s.Store); got[ids[0]] != after[ids[0]] {
					t.Errorf("reopen resealed the phones")
				}
				s.Store.Close()
				return
			}
			if err == nil {
				t.Fatalf("opened; want a refusal containing %q", tc.want)
			}
			if xuezuo.ErrorCode(err) != xuezuo.EInvalid || !strings.Contains(xuezuo.ErrorMessage(err), tc.want) {
				t.Errorf("refusal: got %v, want invalid with %q", err, tc.want)
			}
		})
	}
}

// TestFieldKeyBindsRow: a ciphertext moved to another member's row does
// not open there; the read fails with an error naming the member rather
// than showing another person's number.
func TestFieldKeyBindsRow(t *testing.T) {
	t.Parallel()
	s := storetest.NewServices(storetest.OpenKeyed(t), storetest.Clock)
	branch, ids := fieldFixture(t, s)
	raw := rawPhones(t, s.Store)
	for _, q := range []string{
		fmt.Sprintf(`UPDATE members SET phone = '%s' WHERE id = %d`, raw[ids[1]], ids[0]),
		fmt.Sprintf(`UPDATE members SET phone = '%s' WHERE id = %d`, raw[ids[0]], ids[1]),
	} {
		if err := storetest.Exec(t, s.Store, q); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.Store.GetMember(context.Background(), ids[0])
	if err == nil || !strings.Contains(err.Error(), "无法解密") || xuezuo.ErrorCode(err) != xuezuo.EInternal {
		t.Errorf("GetMember of a swapped row: got %v, want an internal error saying it cannot decrypt", err)
	}
	if _, _, err := s.Store.ListMembers(context.Background(), member.Filter{OrgID: branch, Limit: 10}); err == nil {
		t.Errorf("ListMembers with swapped rows: got no error")
	}
	// A clear number written past the store is refused too, not shown.
	if err := storetest.Exec(t, s.Store, fmt.Sprintf(`UPDATE members SET phone = '13800000000' WHERE id = %d`, ids[0])); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Store.GetMember(context.Background(), ids[0]); err == nil {
		t.Errorf("GetMember of a clear phone in an encrypted database: got no error")
	}
}

// BenchmarkEnableFieldKey measures the encryption in place at the first
// start with a key: 20,000 members with phones (run with -benchtime=1x).
func BenchmarkEnableFieldKey(b *testing.B) {
	const n = 20000
	for b.Loop() {
		b.StopTimer()
		url := storetest.URL(b)
		s, err := store.Open(context.Background(), store.Options{URL: url, Clock: storetest.Clock})
		if err != nil {
			b.Fatal(err)
		}
		svc := storetest.NewServices(s, storetest.Clock)
		root := storetest.MustCreateOrg(b, svc, 0, "党组", org.KindCommittee)
		o := storetest.MustCreateOrg(b, svc, root.ID, "支部", org.KindBranch)
		// The dates come from a real row: a literal would need a dialect.
		first := storetest.MustCreateMember(b, svc, o.ID, "样本")
		err = storetest.Exec(b, s, fmt.Sprintf(`INSERT INTO members (id, org_id, name, gender, birth_date, birth_year_only,
			join_date, full_date, standing, category, status, status_since, status_reason, cadre, post, phone, created_at, updated_at)
			WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %d)
			SELECT 1000000 + i, %d, 'm', 'male', NULL, FALSE, (SELECT join_date FROM members WHERE id = %d), NULL, 'full', 'in_service',
			'normal', NULL, '', FALSE, '', CAST(13800000000 + i AS TEXT), 0, 0 FROM seq`, n-1, o.ID, first.ID))
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
		b.StartTimer()
		s, err = store.Open(context.Background(), store.Options{URL: url, Clock: storetest.Clock, FieldKey: storetest.FieldKey})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if _, got := s.FieldEncryption(); got != n {
			b.Fatalf("encrypted %d phones, want %d", got, n)
		}
		s.Close()
		b.StartTimer()
	}
}
