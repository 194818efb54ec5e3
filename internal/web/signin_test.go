package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/office"
	"xuezuo/internal/office/officetest"
	"xuezuo/internal/store/storetest"
)

// exportFixture is the ledger fixture behind the web front door, with its
// branch secretary logged in.
type exportFixture struct {
	*storetest.LedgerFixture
	secretary *client
}

func newExportFixture(t *testing.T, e *env) *exportFixture {
	t.Helper()
	f := storetest.MustLedgerFixture(t, e.s)
	return &exportFixture{LedgerFixture: f, secretary: e.user(t, "eco_secretary", xuezuo.RoleSecretary, f.Branch.ID)}
}

// download fetches an export and checks that it is an attachment of ctype.
func (f *exportFixture) download(t *testing.T, path, ctype string) result {
	t.Helper()
	r := f.secretary.get(path)
	wantStatus(t, r, http.StatusOK)
	if got := r.header.Get("Content-Type"); got != ctype {
		t.Errorf("%s: content type %q, want %q", path, got, ctype)
	}
	if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename*=UTF-8''") {
		t.Errorf("%s: content disposition %q", path, cd)
	}
	return r
}

// TestSigninGolden compares the sign-in sheets of the fixture's topic
// meeting with testdata: the roster on the meeting date (the group's
// member included, 周七 not yet), no guest, the date of the fixed clock.
func TestSigninGolden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newExportFixture(t, e)
	base := fmt.Sprintf("/meetings/%d/signin", f.Meetings[0])

	x := f.download(t, base+".xlsx", xlsxType)
	text, err := office.XLSXText(strings.NewReader(x.body))
	if err != nil {
		t.Fatal(err)
	}
	officetest.Golden(t, "testdata/signin.xlsx.golden", text)

	p := f.download(t, base+".pdf", "application/pdf")
	text, err = office.PDFText([]byte(p.body))
	if errors.Is(err, office.ErrNoPDFToText) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	officetest.Golden(t, "testdata/signin.pdf.golden", office.CollapseSpaces(text))
}
