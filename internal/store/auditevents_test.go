package store_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xuezuo"
	"xuezuo/internal/attachment"
	"xuezuo/internal/audit"
	"xuezuo/internal/store/storetest"
)

// TestSecurityEventsAudited: each security event of issue 12 leaves its
// row, with the target and org the auditor needs, and a Chinese label.
func TestSecurityEventsAudited(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	f := storetest.MustLedgerFixture(t, s)
	sys := storetest.System()
	ctx := context.Background()
	storetest.MustUser(t, s, "shuji", "", 0)
	storetest.MustUser(t, s, "owner", "", 0)
	att, err := s.Attachment.Upload(sys, attachment.Meeting, f.Meetings[0], "纪要.txt", strings.NewReader("会议纪要"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		do         func(t *testing.T)
		action     string
		outcome    string
		targetType string
		targetID   xuezuo.ID
		orgID      xuezuo.ID
		field      string // one of the row's fields
	}{
		{"unknown username", func(t *testing.T) {
			s.Account.Login(ctx, "nobody", "x", "198.51.100.1")
			if err := s.Account.FlushUnknownLogins(ctx); err != nil {
				t.Fatal(err)
			}
		}, "login.unknown", audit.OutcomeFailed, "user", 0, 0, "count=1"},
		{"pair locked", func(t *testing.T) {
			for i := range 5 {
				s.Account.Login(ctx, "shuji", fmt.Sprintf("Wrong-%d", i), "198.51.100.2")
			}
		}, "login.locked", audit.OutcomeFailed, "user", 0, 0, "scope=pair"},
		{"account locked", func(t *testing.T) {
			// 4 per address: no pair locks, the 50th failure locks the account.
			for i := range 50 {
				s.Account.Login(ctx, "owner", "Wrong", fmt.Sprintf("10.9.%d.%d", i/4, i%4))
			}
		}, "login.locked", audit.OutcomeFailed, "user", 0, 0, "scope=account"},
		{"ledger export", func(t *testing.T) {
			if _, err := s.Meeting.ExportLedger(sys, f.Branch.ID, f.Campaign.ID, "xlsx"); err != nil {
				t.Fatal(err)
			}
		}, "export.ledger", audit.OutcomeOK, "campaign", f.Campaign.ID, f.Branch.ID, "format=xlsx"},
		{"unit ledger export", func(t *testing.T) {
			if _, err := s.Meeting.ExportLedger(sys, f.Unit.ID, f.Campaign.ID, "pdf"); err != nil {
				t.Fatal(err)
			}
		}, "export.ledger", audit.OutcomeOK, "campaign", f.Campaign.ID, f.Unit.ID, "format=pdf,branches=2"},
		{"sign-in sheet", func(t *testing.T) {
			if _, err := s.Meeting.SigninSheet(sys, f.Meetings[0], "pdf"); err != nil {
				t.Fatal(err)
			}
		}, "export.signin", audit.OutcomeOK, "meeting", f.Meetings[0], f.Branch.ID, "format=pdf"},
		{"attachment download", func(t *testing.T) {
			_, rc, err := s.Attachment.Download(sys, att.ID)
			if err != nil {
				t.Fatal(err)
			}
			rc.Close()
		}, "attachment.download", audit.OutcomeOK, "attachment", att.ID, f.Branch.ID, "owner=meeting"},
		{"member import", func(t *testing.T) {
			good := []any{"周一", "男", "1985-03-02", "2008-07-01", "2009-07-01", "在职", "生态党支部", "正常", ""}
			if _, err := s.Member.Import(sys, f.Unit.ID, bytes.NewReader(importFile(t, good)), nil); err != nil {
				t.Fatal(err)
			}
		}, "member.import", audit.OutcomeOK, "org", f.Unit.ID, f.Unit.ID, "created=1"},
		{"member import refused", func(t *testing.T) {
			bad := []any{"", "男", "1985-03-02", "2008-07-01", "", "在职", "生态党支部"}
			if _, err := s.Member.Import(sys, f.Unit.ID, bytes.NewReader(importFile(t, bad, bad)), nil); err == nil {
				t.Fatal("bad rows imported")
			}
		}, "member.import", audit.OutcomeFailed, "org", f.Unit.ID, f.Unit.ID, "refused=2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := auditRows(t, s, tc.action)
			tc.do(t)
			rows := auditRows(t, s, tc.action)
			if len(rows) <= len(before) {
				t.Fatalf("no %s row written", tc.action)
			}
			e := rows[0] // newest first
			if e.Outcome != tc.outcome || e.TargetType != tc.targetType || e.OrgID != tc.orgID ||
				(tc.targetID != 0 && e.TargetID != tc.targetID) || !strings.Contains(e.FieldList(), tc.field) {
				t.Errorf("got %+v, want outcome %s, target %s %d, org %d, field %s", e, tc.outcome, tc.targetType, tc.targetID, tc.orgID, tc.field)
			}
			if audit.ActionLabel(tc.action) == tc.action {
				t.Errorf("%s has no Chinese label", tc.action)
			}
		})
	}
}

// TestUnknownLoginFlood: a flood of logins for made-up names from one
// address within a minute leaves one row with the count, another address
// its own; nothing is written before the minute ends (here: the flush).
func TestUnknownLoginFlood(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	ctx := context.Background()
	for i := range 25 {
		s.Account.Login(ctx, fmt.Sprintf("guess%d", i), "x", "203.0.113.9")
	}
	s.Account.Login(ctx, "nobody", "x", "203.0.113.10")
	if got := auditRows(t, s, "login.unknown"); len(got) != 0 {
		t.Fatalf("rows before the minute ended: %d, want 0", len(got))
	}
	if err := s.Account.FlushUnknownLogins(ctx); err != nil {
		t.Fatal(err)
	}
	byAddr := map[string]string{}
	for _, e := range auditRows(t, s, "login.unknown") {
		if _, dup := byAddr[e.Remote]; dup {
			t.Errorf("two rows for %s", e.Remote)
		}
		byAddr[e.Remote] = e.FieldList()
	}
	if !strings.HasPrefix(byAddr["203.0.113.9"], "count=25,") || !strings.HasPrefix(byAddr["203.0.113.10"], "count=1,") || len(byAddr) != 2 {
		t.Errorf("rows: got %v, want count=25 and count=1", byAddr)
	}
}

// auditRows lists the rows of one action, newest first.
func auditRows(t *testing.T, s *storetest.Services, action string) []audit.Entry {
	t.Helper()
	rows, _, err := s.Audit.List(storetest.System(), audit.Filter{Action: action, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	var out []audit.Entry
	for _, e := range rows {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// importFile is a roster workbook with the import's columns.
func importFile(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	header := []any{"姓名", "性别", "出生日期", "入党日期", "转正日期", "人员类别", "所在支部", "状态", "转入日期"}
	for i, r := range append([][]any{header}, rows...) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAuditActionFilterLiteral: the action filter is a prefix in which
// "_" and "%" are literal characters, not LIKE wildcards.
func TestAuditActionFilterLiteral(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	storetest.MustCreateOrg(t, s, 0, "党组", "committee")
	for _, tc := range []struct {
		filter string
		want   bool
	}{{"org.", true}, {"org", true}, {"org_", false}, {"%", false}, {"o%", false}, {"_rg.create", false}} {
		_, total, err := s.Audit.List(storetest.System(), audit.Filter{Action: tc.filter})
		if err != nil {
			t.Fatal(err)
		}
		if (total > 0) != tc.want {
			t.Errorf("filter %q: got %d rows, want matches=%v", tc.filter, total, tc.want)
		}
	}
}
