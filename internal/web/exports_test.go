package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/office"
	"xuezuo/internal/office/officetest"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// TestEveryXLSXPrints downloads every workbook route of the route table,
// for each fixture id of its kind, and reads back its print set-up: A4,
// one page wide, the header row on every page, page numbers in the
// footer, and xuezuo and the fixed clock as creator and creation time. A
// new .xlsx route whose id kind the test does not know fails it.
func TestEveryXLSXPrints(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newExportFixture(t, e)
	admin := e.user(t, "print_admin", xuezuo.RoleOrgAdmin, f.Unit.ID)
	bulletin, err := e.s.Bulletins.CreateBulletin(storetest.System(), report.BulletinInput{OrgID: f.Unit.ID, CampaignID: f.Campaign.ID, Quarter: "2026Q2"})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string][]xuezuo.ID{"org": {f.Branch.ID, f.Unit.ID}, "meeting": {f.Meetings[0]}, "bulletin": {bulletin.ID}, "": {0}}
	query := fmt.Sprintf("?campaign=%d", f.Campaign.ID)
	checked := 0
	for _, rt := range e.h.Routes() {
		method, pattern, _ := strings.Cut(rt.Pattern, " ")
		if method != http.MethodGet || !strings.HasSuffix(pattern, ".xlsx") {
			continue
		}
		if len(ids[rt.IDKind]) == 0 {
			t.Errorf("%s: no fixture id of kind %q; add one to the test", rt.Pattern, rt.IDKind)
		}
		for _, id := range ids[rt.IDKind] {
			path := strings.Replace(pattern, "{id}", fmt.Sprint(id), 1) + query
			t.Run(path, func(t *testing.T) {
				r := admin.get(path)
				wantStatus(t, r, http.StatusOK)
				wp, err := office.ReadPrint(strings.NewReader(r.body))
				if err != nil {
					t.Fatal(err)
				}
				for _, bad := range office.CheckPrint(wp, storetest.Clock.Now()) {
					t.Error(bad)
				}
			})
			checked++
		}
	}
	if checked < 5 { // import template, two registers, a sign-in sheet, a bulletin
		t.Errorf("checked %d workbooks; the route walk is too thin", checked)
	}
}

// TestSigninPrintLayout: the register is landscape, the sign-in sheet
// upright with rows to sign in, and both carry the header row on every
// page below their title and notes.
func TestSigninPrintLayout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newExportFixture(t, e)
	x := f.download(t, fmt.Sprintf("/meetings/%d/signin.xlsx", f.Meetings[0]), xlsxType)
	wp, err := office.ReadPrint(strings.NewReader(x.body))
	if err != nil {
		t.Fatal(err)
	}
	s := wp.Sheets[0]
	if s.Orientation != "portrait" || s.PrintTitles != "'签到表'!$4:$4" {
		t.Errorf("sign-in sheet: %s, titles %q; want portrait, titles row 4", s.Orientation, s.PrintTitles)
	}
	// Rows 5 on: five members and five spare lines, each tall enough to sign.
	if len(s.RowHeights) != 14 {
		t.Fatalf("got %d rows, want 14 (title, 2 notes, header, 5 members, 5 spare)", len(s.RowHeights))
	}
	for i, h := range s.RowHeights[4:] {
		if h < 28 {
			t.Errorf("row %d: height %v pt, want at least 28", i+5, h)
		}
	}
	l := f.download(t, ledgerURL(f.Branch.ID, f.Campaign.ID), xlsxType)
	if wp, err = office.ReadPrint(strings.NewReader(l.body)); err != nil {
		t.Fatal(err)
	}
	for _, s := range wp.Sheets {
		if s.Orientation != "landscape" {
			t.Errorf("%s: %s, want landscape", s.Name, s.Orientation)
		}
	}
}

// TestExportFileNames: downloads are named after their org, date and
// meeting or campaign, not by id.
func TestExportFileNames(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newExportFixture(t, e)
	tests := []struct {
		path, ctype, want string
	}{
		{ledgerURL(f.Branch.ID, f.Campaign.ID), xlsxType, "生态党支部-考勤台账-测试学习教育.xlsx"},
		{ledgerPDFURL(f.Branch.ID, f.Campaign.ID), "application/pdf", "生态党支部-考勤台账-测试学习教育.pdf"},
		{fmt.Sprintf("/meetings/%d/signin.xlsx", f.Meetings[0]), xlsxType, "生态党支部-2026年4月20日-学党章专题学习讨论-签到表.xlsx"},
		{fmt.Sprintf("/meetings/%d/signin.pdf", f.Meetings[0]), "application/pdf", "生态党支部-2026年4月20日-学党章专题学习讨论-签到表.pdf"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			r := f.download(t, tc.path, tc.ctype)
			if got, want := r.header.Get("Content-Disposition"), "attachment; filename*=UTF-8''"+url.PathEscape(tc.want); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

// TestUnitLedger: a unit's organiser downloads one workbook with a
// register per branch (the same rows as the branch's own export) and a
// PDF with every branch; the branch secretary may not export the unit's.
func TestUnitLedger(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newExportFixture(t, e)
	admin := e.user(t, "unit_ledger_admin", xuezuo.RoleOrgAdmin, f.Unit.ID)

	r := admin.get(ledgerURL(f.Unit.ID, f.Campaign.ID))
	wantStatus(t, r, http.StatusOK)
	if got, want := r.header.Get("Content-Disposition"), url.PathEscape("植物所党委-考勤台账-测试学习教育.xlsx"); !strings.HasSuffix(got, want) {
		t.Errorf("file name: got %q, want it to end in %q", got, want)
	}
	text, err := office.XLSXText(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	officetest.Golden(t, "testdata/ledger-unit.xlsx.golden", text)
	sheets := sheetTexts(text)
	if got := strings.Join(sheetOrder(text), "|"); got != "生态党支部|系统党支部|会议明细" {
		t.Errorf("sheets: got %s, want 生态党支部|系统党支部|会议明细", got)
	}
	// The branch's sheet equals the branch's own register.
	own, err := office.XLSXText(strings.NewReader(f.download(t, ledgerURL(f.Branch.ID, f.Campaign.ID), xlsxType).body))
	if err != nil {
		t.Fatal(err)
	}
	if sheets["生态党支部"] != sheetTexts(own)["考勤台账"] {
		t.Errorf("the unit's 生态党支部 sheet differs from the branch's register:\n%s\nwant:\n%s", sheets["生态党支部"], sheetTexts(own)["考勤台账"])
	}
	if s := sheets["系统党支部"]; !strings.Contains(s, "钱五") || strings.Contains(s, "张一") {
		t.Errorf("系统党支部 sheet should list its own member 钱五 only:\n%s", s)
	}

	p := admin.get(ledgerPDFURL(f.Unit.ID, f.Campaign.ID))
	wantStatus(t, p, http.StatusOK)
	pdf, err := office.PDFText([]byte(p.body))
	if errors.Is(err, office.ErrNoPDFToText) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	flat := office.CollapseSpaces(pdf)
	officetest.Golden(t, "testdata/ledger-unit.pdf.golden", flat)
	for _, want := range []string{"生态党支部 考勤台账", "系统党支部 考勤台账", "请假（出差）", "钱五"} {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}

	// The branch secretary reads the own register, not the unit's.
	wantStatus(t, f.secretary.get(ledgerURL(f.Unit.ID, f.Campaign.ID)), http.StatusNotFound)
	wantStatus(t, f.secretary.get(ledgerPDFURL(f.Unit.ID, f.Campaign.ID)), http.StatusNotFound)
	// The unit's page links both files.
	lp := wantStatusOf(t, admin.get(fmt.Sprintf("/orgs/%d/ledger", f.Unit.ID)), http.StatusOK)
	for _, want := range []string{ledgerURL(f.Unit.ID, f.Campaign.ID), ledgerPDFURL(f.Unit.ID, f.Campaign.ID)} {
		if lp.doc.Find(`ul.ledger-links a[href="`+want+`"]`).Length() != 1 {
			t.Errorf("unit ledger page lacks a link to %s", want)
		}
	}
}

// sheetTexts splits XLSXText output into each sheet's lines.
func sheetTexts(text string) map[string]string {
	out := map[string]string{}
	name := ""
	for line := range strings.SplitSeq(text, "\n") {
		if n, ok := strings.CutPrefix(line, "# "); ok {
			name = n
			continue
		}
		out[name] += line + "\n"
	}
	return out
}

// sheetOrder lists the sheet names of XLSXText output in order.
func sheetOrder(text string) []string {
	var out []string
	for line := range strings.SplitSeq(text, "\n") {
		if n, ok := strings.CutPrefix(line, "# "); ok {
			out = append(out, n)
		}
	}
	return out
}
