package meeting_test

import (
	"testing"

	"xuezuo"
	"xuezuo/internal/meeting"
)

// TestMeetingInputHygiene holds issue 12's write rules on meetings: names
// and places refuse invisible and control characters, agendas and minutes
// keep line breaks, dates lie between 1921-07-01 and a year ahead (the
// fixture clock says 2026-06-15), on create and on update alike.
func TestMeetingInputHygiene(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	held := xuezuo.NewDate(2026, 5, 1)
	tests := []struct {
		name  string
		in    meeting.Input
		field string // "" when accepted
		want  string
	}{
		{"clean, multi-line minutes", meeting.Input{Title: "主题党日", HeldOn: held, Agenda: "一、学习\r\n二、讨论", Minutes: "记录\n\t发言"}, "", ""},
		{"nul in title", meeting.Input{Title: "主题\x00党日", HeldOn: held}, "title", "会议名称含有不可见或控制字符"},
		{"bidi override in title", meeting.Input{Title: "主题\u202E党日", HeldOn: held}, "title", "U+202E"},
		{"zero-width in place", meeting.Input{Place: "会议室\u200B", HeldOn: held}, "place", "地点含有"},
		{"nul in minutes", meeting.Input{Minutes: "记录\x00", HeldOn: held}, "minutes", "会议记录含有"},
		{"bom in agenda", meeting.Input{Agenda: "\uFEFF议程", HeldOn: held}, "agenda", "议程含有"},
		{"held 0000-01-01", meeting.Input{HeldOn: xuezuo.Date{Y: 0, M: 1, D: 1}}, "held_at", "会议日期应在 1921-07-01 到 2027-06-15 之间"},
		{"held 1921-06-30", meeting.Input{HeldOn: xuezuo.NewDate(1921, 6, 30)}, "held_at", "会议日期应在"},
		{"held 1921-07-01", meeting.Input{HeldOn: xuezuo.NewDate(1921, 7, 1)}, "", ""},
		{"held a year ahead", meeting.Input{HeldOn: xuezuo.NewDate(2027, 6, 15)}, "", ""},
		{"held 9999-12-31", meeting.Input{HeldOn: xuezuo.NewDate(9999, 12, 31)}, "held_at", "会议日期应在"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.OrgID, in.Kind = f.branch.ID, "theme_day"
			_, err := f.s.Meeting.Create(f.secretary, in)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("got %v, want accepted", err)
				}
				return
			}
			wantField(t, err, tc.field, tc.want)
		})
	}
	m := f.meeting(t, meeting.Input{HeldOn: held})
	edits := []struct {
		name  string
		edit  meeting.Edit
		field string
		want  string
	}{
		{"update to 9999-12-31", meeting.Edit{HeldOn: xuezuo.NewDate(9999, 12, 31)}, "held_at", "会议日期应在"},
		{"update title with a bidi isolate", meeting.Edit{Title: "党日\u2066", HeldOn: held}, "title", "U+2066"},
		{"update minutes with a control character", meeting.Edit{Minutes: "记录\x1b", HeldOn: held}, "minutes", "会议记录含有"},
	}
	for _, tc := range edits {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.Meeting.Update(f.secretary, m.ID, tc.edit)
			wantField(t, err, tc.field, tc.want)
		})
	}
	t.Run("leave reason with a nul", func(t *testing.T) {
		err := f.s.Meeting.Record(f.secretary, m.ID, meeting.Entry{MemberID: f.m[1].ID, Status: meeting.Leave, Reason: "出差\x00"})
		wantField(t, err, "reason", "原因含有")
	})
	t.Run("exclusion decided 9999-12-31, reason with a bidi override", func(t *testing.T) {
		_, err := f.s.Meeting.Exclude(f.secretary, meeting.Exclusion{CampaignID: f.topic.CampaignID, MemberID: f.m[1].ID,
			Category: meeting.ExclusionCategories[0].Code, Reason: "说明\u202E", DecidedOn: xuezuo.NewDate(9999, 12, 31)})
		wantField(t, err, "decided_on", "决定日期应在")
		wantField(t, err, "reason", "说明含有")
	})
	t.Run("list offset 2^31", func(t *testing.T) {
		_, _, err := f.s.Meeting.List(f.secretary, f.branch.ID, meeting.Filter{Offset: 1 << 31})
		wantField(t, err, "offset", "offset 须为 0 至 1000000")
	})
}
