package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/office"
	"xuezuo/internal/store/storetest"
)

// peerSecrets are the fixture's private texts of the viewer's peers: a
// leave reason, an absence note, an exclusion's free text, its category
// code and its label.
var peerSecrets = []string{storetest.PeerLeaveReason, storetest.PeerAbsentNote, storetest.PeerExclusionText,
	storetest.PeerCategory, storetest.PeerCategoryLabel}

// recordKinds are the id kinds of routes that can show attendance,
// exclusions, participation or their exports: an org's, a campaign's, a
// meeting's or a member's pages.
var recordKinds = map[string]bool{"org": true, "campaign": true, "meeting": true, "member": true}

// showsRecords is the classifier over the route table: every page or
// export a logged-in user GETs that is about records (an id of a record
// kind) or about no id at all (home, lists, the own page).
func showsRecords(rt Route) bool {
	method, _, _ := strings.Cut(rt.Pattern, " ")
	return method == http.MethodGet && !rt.Public && (rt.IDKind == "" || recordKinds[rt.IDKind])
}

// privacyPaths expands every classified route with the fixture's ids of
// its kind; every path carries ?campaign= and ?org=, which the exclusions
// page, the register export and the reports read and the rest ignore.
func privacyPaths(t *testing.T, routes []Route, f *storetest.PrivacyFixture) map[string][]string {
	t.Helper()
	ids := map[string][]xuezuo.ID{"org": {f.Branch.ID, f.Unit.ID}, "campaign": {f.Campaign.ID},
		"meeting": f.Meetings, "member": {f.Self, f.Peer, f.Excluded}, "": {0}}
	query := fmt.Sprintf("?campaign=%d&org=%d", f.Campaign.ID, f.Branch.ID)
	out := map[string][]string{}
	for _, rt := range routes {
		if !showsRecords(rt) {
			continue
		}
		_, pattern, _ := strings.Cut(rt.Pattern, " ")
		pattern = strings.Replace(pattern, "{$}", "", 1)
		for _, id := range ids[rt.IDKind] {
			out[rt.Pattern] = append(out[rt.Pattern], strings.Replace(pattern, "{id}", fmt.Sprint(id), 1)+query)
		}
	}
	return out
}

// readable returns an answer's text: an XLSX as its cells, a PDF as its
// text, anything else as it came.
func readable(t *testing.T, r result) string {
	t.Helper()
	switch ct := r.header.Get("Content-Type"); {
	case ct == xlsxType:
		text, err := office.XLSXText(strings.NewReader(r.body))
		if err != nil {
			t.Fatalf("read xlsx: %v", err)
		}
		return text
	case ct == "application/pdf":
		text, err := office.PDFText([]byte(r.body))
		if errors.Is(err, office.ErrNoPDFToText) {
			t.Skip("pdftotext is not installed; a PDF cannot be read back")
		}
		if err != nil {
			t.Fatal(err)
		}
		return text
	}
	return r.body
}

// TestMemberSeesNoPeerPrivacy renders every page and export the route
// table classifies as showing records, as a member of the branch, and finds
// no peer's leave reason, absence note, exclusion, category or category
// label in any of them, while the member's own rows read in full. The
// secretary, the organiser and the inspector still read every one.
func TestMemberSeesNoPeerPrivacy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := storetest.MustPrivacyFixture(t, e.s, "w_")
	paths := privacyPaths(t, e.h.Routes(), f)
	for _, must := range []string{"GET /meetings/{id}", "GET /orgs/{id}/exclusions", "GET /campaigns/{id}/participation",
		"GET /orgs/{id}/ledger.xlsx", "GET /meetings/{id}/signin.xlsx", "GET /meetings/{id}/signin.pdf", "GET /members/{id}"} {
		if len(paths[must]) == 0 {
			t.Fatalf("the classifier left out %s", must)
		}
	}
	// answers[role][path] is the text of each answer with status 200.
	answers := map[string]map[string]string{}
	for _, role := range []string{"member", "secretary", "org_admin", "inspector"} {
		c := e.login(t, f.Users[role])
		answers[role] = map[string]string{}
		for pattern, ps := range paths {
			for _, p := range ps {
				r := c.get(p)
				if r.status >= 500 {
					t.Errorf("%s %s as %s: status %d", pattern, p, role, r.status)
				}
				text := readable(t, r)
				if r.status == http.StatusOK {
					answers[role][p] = text
				}
				if role != "member" {
					continue
				}
				for _, s := range peerSecrets {
					if strings.Contains(text, s) {
						t.Errorf("GET %s as a member (%d) shows the peer's %q", p, r.status, s)
					}
				}
			}
		}
	}
	if n := len(answers["member"]); n < 15 {
		t.Errorf("only %d pages answered the member; the check is too thin", n)
	}

	q := fmt.Sprintf("?campaign=%d&org=%d", f.Campaign.ID, f.Branch.ID)
	register := fmt.Sprintf("/meetings/%d", f.Meetings[0]) + q
	exclusions := fmt.Sprintf("/orgs/%d/exclusions", f.Branch.ID) + q
	participation := fmt.Sprintf("/campaigns/%d/participation", f.Campaign.ID) + q
	ledger := fmt.Sprintf("/orgs/%d/ledger.xlsx", f.Branch.ID) + q
	type want struct {
		path  string
		texts []string
	}
	// The member's own rows, in full.
	for _, w := range []want{
		{register, []string{storetest.OwnLeaveReason, "李同事", "未出席"}},
		{exclusions, []string{storetest.OwnExclusionText, storetest.OwnCategoryLabel}},
		{participation, []string{storetest.OwnCategoryLabel, "王同事"}},
		{fmt.Sprintf("/members/%d", f.Self) + q, []string{storetest.OwnLeaveReason}},
	} {
		for _, s := range w.texts {
			if !strings.Contains(answers["member"][w.path], s) {
				t.Errorf("GET %s as a member lacks %q", w.path, s)
			}
		}
	}
	// A meeting's split counts would tell in a small branch which peer was
	// on leave or excluded: the member reads attended / not attended only,
	// the list no 应到; the secretary reads the split.
	second := fmt.Sprintf("/meetings/%d", f.Meetings[1]) + q
	list := fmt.Sprintf("/orgs/%d/meetings", f.Branch.ID) + q
	if got := answers["member"][second]; !strings.Contains(got, "出席 1，远程 1，未出席 2") ||
		strings.Contains(got, "缺席 1") || strings.Contains(got, "不计入应到 1") {
		t.Errorf("GET %s as a member: want attended/not attended only, got the facts %q", second, factsOf(got))
	}
	if got := answers["secretary"][second]; !strings.Contains(got, "缺席 1，不计入应到 1") {
		t.Errorf("GET %s as the secretary lacks the split counts: %q", second, factsOf(got))
	}
	if got := answers["member"][list]; got == "" || !strings.Contains(got, "<td>—</td>") {
		t.Errorf("GET %s as a member: want 应到 withheld (—)", list)
	}
	if _, ok := answers["member"][ledger]; ok {
		t.Errorf("GET %s answered a member with the register", ledger)
	}
	if !strings.Contains(answers["secretary"][fmt.Sprintf("/meetings/%d", f.Meetings[1])+q], storetest.PeerAbsentNote) {
		t.Error("the secretary's register form lacks the absence's note")
	}
	// The branch's readers, everything (an absence's note only in the
	// secretary's register form: registers show no note for an absence).
	for _, role := range []string{"secretary", "org_admin", "inspector"} {
		for _, w := range []want{
			{register, []string{storetest.PeerLeaveReason, storetest.OwnLeaveReason}},
			{fmt.Sprintf("/meetings/%d", f.Meetings[1]) + q, []string{storetest.PeerCategoryLabel}},
			{exclusions, []string{storetest.PeerExclusionText, storetest.PeerCategoryLabel, storetest.OwnExclusionText}},
			{participation, []string{storetest.PeerCategoryLabel}},
			{ledger, []string{storetest.PeerLeaveReason, storetest.PeerExclusionText, storetest.PeerCategoryLabel}},
		} {
			for _, s := range w.texts {
				if !strings.Contains(answers[role][w.path], s) {
					t.Errorf("GET %s as %s lacks %q", w.path, role, s)
				}
			}
		}
	}
}

// TestMemberLedgerPageSaysWhy: a member asking for the branch's register
// reads who may export it, with no download link; the export itself is 403.
func TestMemberLedgerPageSaysWhy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := storetest.MustPrivacyFixture(t, e.s, "l_")
	c := e.login(t, f.Users["member"])
	r := wantStatusOf(t, c.get(fmt.Sprintf("/orgs/%d/ledger", f.Branch.ID)), http.StatusOK)
	if !strings.Contains(r.text("#ledger-denied"), "仅供支部书记、组织管理员和督导员导出") || r.doc.Find("ul.ledger-links a").Length() != 0 {
		t.Errorf("member's ledger page: %q, %d links", r.text("#ledger-denied"), r.doc.Find("ul.ledger-links a").Length())
	}
	x := c.get(ledgerURL(f.Branch.ID, f.Campaign.ID))
	wantStatus(t, x, http.StatusForbidden)
	if !strings.Contains(x.body, "仅供支部书记、组织管理员和督导员导出") {
		t.Errorf("403 page does not say who may export the register")
	}
}

// TestPhoneByRole: the secretary and organisers read phone numbers in
// full on a member's page and in the member list; inspectors and members
// read them masked. The same holds when phones are encrypted at rest.
func TestPhoneByRole(t *testing.T) {
	t.Parallel()
	for name, open := range map[string]func(testing.TB) *storetest.Services{
		"clear": storetest.OpenServices, "encrypted": storetest.OpenServicesKeyed} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnvOn(t, open(t))
			f := storetest.MustPrivacyFixture(t, e.s, "h_")
			if clear := storetest.QueryStrings(t, e.s.Store, `SELECT phone FROM members WHERE phone LIKE '1%'`); name == "encrypted" && len(clear) > 0 {
				t.Fatalf("encrypted store keeps %d phones in clear", len(clear))
			}
			const full, masked = "13812345678", "138****5678"
			for _, tc := range []struct {
				role string
				want string
			}{{"secretary", full}, {"org_admin", full}, {"inspector", masked}, {"member", masked}} {
				c := e.login(t, f.Users[tc.role])
				page := wantStatusOf(t, c.get(fmt.Sprintf("/members/%d", f.Self)), http.StatusOK)
				list := wantStatusOf(t, c.get(fmt.Sprintf("/orgs/%d/members", f.Branch.ID)), http.StatusOK)
				for name, r := range map[string]result{"page": page, "list": list} {
					other := map[string]string{full: masked, masked: full}[tc.want]
					if !strings.Contains(r.body, tc.want) || strings.Contains(r.body, other) {
						t.Errorf("%s's member %s: want %s only", tc.role, name, tc.want)
					}
				}
			}
		})
	}
}

// factsOf cuts a meeting page down to its facts list, for messages.
func factsOf(page string) string {
	_, after, _ := strings.Cut(page, `id="meeting-facts"`)
	before, _, _ := strings.Cut(after, "</dl>")
	return before
}
