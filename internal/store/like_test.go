package store_test

import (
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/store/storetest"
)

// TestNameSearchIsLiteral: % and _ in a name search match themselves, not
// any text or any character (LIKE … ESCAPE '\' on both engines), and a
// backslash is literal too.
func TestNameSearchIsLiteral(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	unit := storetest.MustCreateUnit(t, s, root.ID, "植物研究所党委")
	br := storetest.MustCreateOrg(t, s, unit.ID, "生态党支部", org.KindBranch)
	for _, n := range []string{"张三", "李四", "王_五", "赵%六", `孙\七`} {
		storetest.MustCreateMember(t, s, br.ID, n)
	}
	tests := []struct {
		q    string
		want int
	}{
		{"", 5}, {"张", 1}, {"%", 1}, {"_", 1}, {"%六", 1}, {"王_", 1}, {"张_", 0}, {`\`, 1}, {`\七`, 1}, {"%%", 0},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			items, total, err := s.Store.ListMembers(storetest.System(), member.Filter{OrgID: br.ID, Name: tc.q, Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			if total != tc.want || len(items) != tc.want {
				t.Errorf("search %q: got total %d, %d items, want %d", tc.q, total, len(items), tc.want)
			}
		})
	}
}

// TestOffsetDoesNotWrap: an offset of 2^31 or more reads past the end (no
// rows, the right total) instead of wrapping to the first page, and the
// services refuse an offset beyond xuezuo.MaxOffset with 422 on "offset".
func TestOffsetDoesNotWrap(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	sys := storetest.System()
	root := storetest.MustCreateOrg(t, s, 0, "党组", org.KindCommittee)
	unit := storetest.MustCreateUnit(t, s, root.ID, "植物研究所党委")
	br := storetest.MustCreateOrg(t, s, unit.ID, "生态党支部", org.KindBranch)
	storetest.MustCreateMember(t, s, br.ID, "张三")
	if _, err := s.Meeting.Create(sys, meeting.Input{OrgID: br.ID, Kind: "theme_day", HeldOn: xuezuo.NewDate(2026, 5, 1)}); err != nil {
		t.Fatal(err)
	}
	for _, off := range []int{1 << 31, 1<<32 + 1, 1<<63 - 1} {
		items, total, err := s.Store.ListMembers(sys, member.Filter{OrgID: br.ID, Limit: 20, Offset: off})
		if err != nil || len(items) != 0 || total != 1 {
			t.Errorf("members at offset %d: got %d items, total %d, %v; want none of 1", off, len(items), total, err)
		}
		ms, total, err := s.Store.ListMeetings(sys, br.ID, meeting.Filter{From: xuezuo.NewDate(1921, 7, 1), To: xuezuo.NewDate(2030, 1, 1), Limit: 20, Offset: off})
		if err != nil || len(ms) != 0 || total != 1 {
			t.Errorf("meetings at offset %d: got %d items, total %d, %v; want none of 1", off, len(ms), total, err)
		}
	}
	if rows, total, err := s.Store.ListAudit(sys, audit.Filter{Limit: 20, Offset: 1 << 31, To: time.Now().Add(time.Hour)}); err != nil || len(rows) != 0 || total == 0 {
		t.Errorf("audit at offset 2^31: got %d rows, total %d, %v; want none of some", len(rows), total, err)
	}
	if _, _, err := s.Audit.List(sys, audit.Filter{Offset: 1 << 31}); xuezuo.ErrorFields(err)["offset"] == "" {
		t.Errorf("audit service at offset 2^31: got %v, want 422 on offset", err)
	}
	if _, err := s.Member.List(sys, member.Filter{OrgID: br.ID, Offset: 1 << 31}); xuezuo.ErrorFields(err)["offset"] == "" {
		t.Errorf("member service at offset 2^31: got %v, want 422 on offset", err)
	}
	if _, err := s.Member.List(sys, member.Filter{OrgID: br.ID, Offset: xuezuo.MaxOffset}); err != nil {
		t.Errorf("member service at MaxOffset: got %v, want accepted", err)
	}
}
