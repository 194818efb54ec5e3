package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/office"
	"xuezuo/internal/office/officetest"
	"xuezuo/internal/store/storetest"
)

// TestLedgerGolden compares the fixture branch's register with testdata
// and checks its bottom lines against each meeting's stored counts.
func TestLedgerGolden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newExportFixture(t, e)
	r := f.download(t, ledgerURL(f.Branch.ID, f.Campaign.ID), xlsxType)
	if cd, want := r.header.Get("Content-Disposition"), url.PathEscape("生态党支部-考勤台账-测试学习教育.xlsx"); !strings.HasSuffix(cd, want) {
		t.Errorf("file name: got %q, want it to end in %q", cd, want)
	}
	text, err := office.XLSXText(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	officetest.Golden(t, "testdata/ledger.xlsx.golden", text)

	// The 应到/实到/补课 lines hold, per meeting column (the fourth on), the
	// figures meeting.Counts gives for that meeting.
	lines := map[string][]string{}
	for line := range strings.SplitSeq(text, "\n") {
		cols := strings.Split(line, "\t")
		if len(cols) > 1 && strings.HasPrefix(cols[1], "合计：") {
			lines[cols[1]] = cols
		}
	}
	for i, id := range f.Meetings {
		m, err := e.s.Meeting.Get(storetest.System(), id)
		if err != nil {
			t.Fatal(err)
		}
		for label, want := range map[string]int{"合计：应到": m.Counts.Expected(), "合计：实到": m.Counts.Attended(), "合计：补课": m.Counts.Makeup} {
			cols := lines[label]
			if len(cols) <= 3+i {
				t.Fatalf("no %s line with meeting %d in:\n%s", label, i, text)
			}
			if got, err := strconv.Atoi(cols[3+i]); err != nil || got != want {
				t.Errorf("%s of %s: got %q, want %d", label, m.HeldOn, cols[3+i], want)
			}
		}
	}
}

// TestLedgerLinksAndRefusals follows the links to the register and checks
// the answers for a campaign the user cannot see, none, and an org that
// keeps no register.
func TestLedgerLinksAndRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newExportFixture(t, e)
	sys := storetest.System()
	want := ledgerURL(f.Branch.ID, f.Campaign.ID)

	meetings := wantStatusOf(t, f.secretary.get(fmt.Sprintf("/orgs/%d/meetings", f.Branch.ID)), http.StatusOK)
	page := fmt.Sprintf("/orgs/%d/ledger", f.Branch.ID)
	if meetings.doc.Find(`a[href="`+page+`"]`).Length() != 1 {
		t.Errorf("meetings page lacks a link to %s", page)
	}
	lp := wantStatusOf(t, f.secretary.get(page), http.StatusOK)
	if got := lp.doc.Find(`ul.ledger-links a`).AttrOr("href", ""); got != want {
		t.Errorf("ledger page link: got %q, want %q", got, want)
	}
	cp := wantStatusOf(t, f.secretary.get(fmt.Sprintf("/campaigns/%d", f.Campaign.ID)), http.StatusOK)
	if cp.doc.Find(fmt.Sprintf(`#tasks-%d a[href="%s"]`, f.Branch.ID, want)).Length() != 1 {
		t.Errorf("campaign page lacks the branch's register link %s", want)
	}

	// A campaign of another unit is not found; so is the register of a
	// branch outside the secretary's subtree.
	other := storetest.MustCreateUnit(t, e.s, 0, "外单位党委")
	c, err := e.s.Campaign.Create(sys, campaign.Input{OwnerOrgID: other.ID, Title: "外单位学习教育", Start: xuezuo.NewDate(2026, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.Campaign.Publish(sys, c.ID); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		status     int
		text       string
	}{
		{"foreign campaign", ledgerURL(f.Branch.ID, c.ID), http.StatusNotFound, ""},
		{"foreign branch", ledgerURL(f.Other.ID, f.Campaign.ID), http.StatusNotFound, ""},
		{"no campaign", fmt.Sprintf("/orgs/%d/ledger.xlsx", f.Branch.ID), http.StatusUnprocessableEntity, "请选择学习教育"},
		{"bad campaign", fmt.Sprintf("/orgs/%d/ledger.xlsx?campaign=abc", f.Branch.ID), http.StatusUnprocessableEntity, "请选择学习教育"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.secretary.get(tc.path)
			wantStatus(t, r, tc.status)
			if strings.Contains(r.body, "外单位学习教育") || strings.Contains(r.body, "系统党支部") {
				t.Error("the answer names a record outside the subtree")
			}
			if tc.text != "" && !strings.Contains(r.body, tc.text) {
				t.Errorf("body lacks %q", tc.text)
			}
		})
	}

	// A committee above the units keeps no register; its units do.
	rootc := e.user(t, "root_admin", xuezuo.RoleOrgAdmin, f.Unit.ParentID)
	top := wantStatusOf(t, rootc.get(fmt.Sprintf("/orgs/%d/ledger", f.Unit.ParentID)), http.StatusOK)
	if top.doc.Find(`ul.ledger-links`).Length() != 0 || !strings.Contains(top.body, "考勤台账按基层党委、党总支或党支部导出") {
		t.Error("a committee's ledger page should point to its units and branches")
	}
	r := rootc.get(ledgerURL(f.Unit.ParentID, f.Campaign.ID))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "考勤台账按基层党委、党总支或党支部导出") {
		t.Error("the committee's export does not say where to export")
	}
	admin := e.user(t, "unit_admin", xuezuo.RoleOrgAdmin, f.Unit.ID)
	wantStatus(t, admin.get(ledgerURL(f.Unit.ID, f.Campaign.ID)), http.StatusOK)
	// The organiser downloads any branch's register in the unit.
	wantStatus(t, admin.get(ledgerURL(f.Other.ID, f.Campaign.ID)), http.StatusOK)
}
