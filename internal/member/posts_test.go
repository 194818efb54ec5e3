package member_test

import (
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/store/storetest"
)

// TestPostDatesBounded: a committee post's term is bounded like every
// record date (1921-07-01 … a year ahead), so a typing slip such as 0201
// or 9999 is refused on its field.
func TestPostDatesBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := storetest.System()
	m := storetest.MustCreateMember(t, f.s, f.eco.ID, "冯四")
	ok := xuezuo.NewDate(2025, 1, 1)
	tests := []struct {
		name     string
		from, to xuezuo.Date
		field    string // "" when accepted
	}{
		{"open term", ok, xuezuo.Date{}, ""},
		{"closed term", ok, xuezuo.NewDate(2026, 1, 1), ""},
		{"start before 1921", xuezuo.NewDate(201, 3, 1), xuezuo.Date{}, "term_from"},
		{"end far ahead", ok, xuezuo.NewDate(9999, 12, 31), "term_to"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.Member.AddPost(ctx, m.ID, 0, "organization", tc.from, tc.to)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("got %v, want accepted", err)
				}
				return
			}
			if msg := xuezuo.ErrorFields(err)[tc.field]; !strings.Contains(msg, "请核对年份") {
				t.Errorf("got %v (fields %v), want a message on %s", err, xuezuo.ErrorFields(err), tc.field)
			}
		})
	}
	p, err := f.s.Member.AddPost(ctx, m.ID, 0, "publicity", ok, xuezuo.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.Member.EndPost(ctx, p.ID, xuezuo.NewDate(9999, 1, 1)); xuezuo.ErrorFields(err)["term_to"] == "" {
		t.Errorf("ending a post in 9999: got %v, want a term_to message", err)
	}
}
