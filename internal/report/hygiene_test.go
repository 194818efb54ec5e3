package report_test

import (
	"strings"
	"testing"

	"xuezuo"
	"xuezuo/internal/report"
	"xuezuo/internal/store/storetest"
)

// TestTextHygiene holds issue 12's write rules on a summary's texts: they
// keep line breaks but refuse invisible and control characters, and stay
// within their lengths; a refused edit changes nothing.
func TestTextHygiene(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := storetest.System()
	sm := f.draft(t, f.b1.ID, f.topic, "原来的观点")
	str := func(s string) *string { return &s }
	tests := []struct {
		name  string
		in    report.Input
		field string // "" when accepted
	}{
		{"multi-line views", report.Input{Views: str("一、学习\r\n二、讨论\n\t三、落实")}, ""},
		{"bidi override in views", report.Input{Views: str("观点\u202E")}, "views"},
		{"nul in the note", report.Input{BasicsNote: str("说明\x00")}, "basics_note"},
		{"zero-width in the note", report.Input{BasicsNote: str("说明\u200B")}, "basics_note"},
		{"views too long", report.Input{Views: str(strings.Repeat("字", report.MaxViews+1))}, "views"},
		{"note too long", report.Input{BasicsNote: str(strings.Repeat("字", report.MaxNote+1))}, "basics_note"},
	}
	for _, tc := range tests {
		before := must(f.s.Report.Get(ctx, sm.ID))(t)
		_, err := f.s.Report.Edit(ctx, sm.ID, tc.in)
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%s: refused: %v", tc.name, err)
		case tc.field != "" && xuezuo.ErrorFields(err)[tc.field] == "":
			t.Errorf("%s: got %v, want a message at %s", tc.name, err, tc.field)
		case tc.field != "":
			if after := must(f.s.Report.Get(ctx, sm.ID))(t); after.Views != before.Views || after.BasicsNote != before.BasicsNote {
				t.Errorf("%s: a refused edit changed the summary", tc.name)
			}
		}
	}
	must(f.s.Report.Submit(ctx, sm.ID))(t)
	if _, err := f.s.Report.Return(ctx, sm.ID, "原因\u202E"); xuezuo.ErrorFields(err)["reason"] == "" {
		t.Errorf("bidi override in the reason: got %v, want a message at reason", err)
	}
}
