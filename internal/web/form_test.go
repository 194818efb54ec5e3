package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"xuezuo"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want string
		bad  bool
	}{
		{"", "", false},
		{" 2016-04-30 ", "2016-04-30", false},
		{"2016-02-30", "", true},
		{"2016/04/30", "", true},
		{"2016-4-30", "", true},
		{"20160430", "", true},
		{"2016-04-30T00:00:00Z", "", true},
	}
	for _, tc := range cases {
		d, err := parseDate(tc.in)
		if (err != nil) != tc.bad || d.String() != tc.want {
			t.Errorf("parseDate(%q) = %q, %v; want %q, bad %v", tc.in, d, err, tc.want, tc.bad)
		}
		if err != nil && xuezuo.ErrorMessage(err) != msgBadDate {
			t.Errorf("message %q", xuezuo.ErrorMessage(err))
		}
	}
}

func TestParseBirth(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in       string
		want     string
		yearOnly bool
		bad      bool
	}{
		{"1985", "1985-01-01", true, false},
		{"1985-03-02", "1985-03-02", false, false},
		{"", "", false, false},
		{"85", "", false, true},
		{"0985", "", false, true},
		{"198五", "", false, true},
	}
	for _, tc := range cases {
		d, y, err := parseBirth(tc.in)
		if (err != nil) != tc.bad || d.String() != tc.want || y != tc.yearOnly {
			t.Errorf("parseBirth(%q) = %q, %v, %v; want %q, %v, bad %v", tc.in, d, y, err, tc.want, tc.yearOnly, tc.bad)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"", "2016-04-30", "1985", "2016-02-30", "９９９９-01-01", "2016-04-30\x00", "-001-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDate(s)
		if err == nil && !d.IsZero() {
			// Whatever parses formats back to the same calendar date.
			if again, err := parseDate(d.String()); err != nil || again != d {
				t.Fatalf("%q → %q → %q, %v", s, d, again, err)
			}
		}
		b, yearOnly, err := parseBirth(s)
		if err == nil && yearOnly && (b.M != 1 || b.D != 1) {
			t.Fatalf("year-only birth %q is %q", s, b)
		}
	})
}

func TestFormHelpers(t *testing.T) {
	t.Parallel()
	if got := lines(" 温室 \r\n\n标本馆\n  "); strings.Join(got, "|") != "温室|标本馆" {
		t.Errorf("lines %q", got)
	}
	for in, want := range map[string]xuezuo.ID{"12": 12, " 7 ": 7, "-3": 0, "x": 0, "": 0} {
		if got := idValue(in); got != want {
			t.Errorf("idValue(%q) = %d, want %d", in, got, want)
		}
	}
	p := newPager("/audit", url.Values{"username": {"wang"}, "page": {"2"}, "from": {""}}, 2, 50, 120)
	if p.Pages != 3 || p.PrevURL != "/audit?username=wang" || p.NextURL != "/audit?page=3&username=wang" {
		t.Errorf("pager %+v", p)
	}
}

func TestFailMapsCodesOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cases := []struct {
		name    string
		err     error
		status  int
		text    string
		noText  string
		logged  bool
		headers []string
	}{
		{"invalid", xuezuo.Errorf(xuezuo.EInvalid, "根组织不能撤销"), 422, "根组织不能撤销", "", false, nil},
		{"not found keeps no detail", xuezuo.NotFound("党员"), 404, msgNotFound, "党员不存在", false, nil},
		{"conflict", xuezuo.Errorf(xuezuo.EConflict, "用户名已存在"), 409, "用户名已存在", "", false, nil},
		{"forbidden", xuezuo.Forbidden(), 403, "当前角色无权执行此操作", "", false, nil},
		{"driver error", fmt.Errorf("list: %w", errors.New(`pq: relation "members" does not exist`)), 500,
			"系统繁忙，请稍后再试", "relation", true, nil},
		{"internal fragment", &xuezuo.Error{Code: xuezuo.EInternal, Err: errors.New("disk full")}, 500,
			"系统繁忙，请稍后再试", "disk", true, []string{"HX-Request", "true"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/x", nil)
			for i := 0; i+1 < len(tc.headers); i += 2 {
				req.Header.Set(tc.headers[i], tc.headers[i+1])
			}
			w := httptest.NewRecorder()
			e.h.fail(w, req, tc.err)
			body := w.Body.String()
			if w.Code != tc.status || !strings.Contains(body, tc.text) {
				t.Fatalf("got %d %q, want %d with %q", w.Code, body, tc.status, tc.text)
			}
			if tc.noText != "" && strings.Contains(body, tc.noText) {
				t.Errorf("body shows %q", tc.noText)
			}
			if tc.logged {
				if !strings.Contains(body, "请求编号") {
					t.Fatalf("no request id on the 500 answer")
				}
				doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if id := doc.Find("#request-id").Text(); tc.headers == nil && (id == "" || !strings.Contains(e.log.String(), "request_id="+id)) {
					t.Errorf("request id %q not in the log: %s", id, e.log.String())
				}
			}
			if tc.headers != nil && strings.Contains(body, "<html") {
				t.Errorf("htmx error answer is a whole page")
			}
		})
	}
	// Unauthenticated goes to the login page.
	w := httptest.NewRecorder()
	e.h.fail(w, httptest.NewRequest(http.MethodGet, "/orgs", nil), xuezuo.Errorf(xuezuo.EUnauthenticated, "请先登录"))
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
		t.Errorf("unauthenticated: %d %q", w.Code, w.Header().Get("Location"))
	}
}
