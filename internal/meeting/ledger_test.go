package meeting

import (
	"slices"
	"testing"

	"xuezuo"
	"xuezuo/internal/campaign"
)

func TestLedgerCellText(t *testing.T) {
	t.Parallel()
	mk := &Makeup{Kind: "session", HeldOn: xuezuo.NewDate(2026, 4, 25)}
	self := &Makeup{Kind: "self_study", HeldOn: xuezuo.NewDate(2026, 4, 28)}
	tests := []struct {
		name string
		cell LedgerCell
		want string
	}{
		{"present", LedgerCell{Row: &Row{Status: Present}, Expected: true}, "出席"},
		{"remote", LedgerCell{Row: &Row{Status: Remote}, Expected: true}, "远程参加"},
		{"leave with reason", LedgerCell{Row: &Row{Status: Leave, Reason: "出差"}, Expected: true}, "请假（出差）"},
		{"absent", LedgerCell{Row: &Row{Status: Absent}, Expected: true}, "缺席"},
		{"excluded with category", LedgerCell{Row: &Row{Status: Excluded, Reason: "old_or_ill"}, Expected: true}, "不计入应到（年老体弱）"},
		{"guest", LedgerCell{Row: &Row{Status: Guest}}, "列席"},
		{"expected without row", LedgerCell{Expected: true}, "未登记"},
		{"not on the roster", LedgerCell{}, "—"},
		{"makeup session", LedgerCell{Row: &Row{Status: Leave, Reason: "出差"}, Expected: true, Makeup: mk}, "请假（出差）\n补课 2026-04-25"},
		{"makeup self-study", LedgerCell{Row: &Row{Status: Absent}, Expected: true, Makeup: self}, "缺席\n补课 2026-04-28（自学）"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cell.Text(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestBuildLedger lays out two meetings by hand: sums per meeting, per
// member and in total follow Counts (excluded and guest rows never
// expected, makeups apart), guests follow the roster and names sort.
func TestBuildLedger(t *testing.T) {
	t.Parallel()
	c := &campaign.Campaign{ID: 9, Topics: []campaign.Topic{{ID: 7, No: 1, Title: "学党章"}}}
	recs := &LedgerRecords{
		Meetings: []Meeting{{ID: 1, TopicID: 7, Title: "专题学习讨论"}, {ID: 2, Title: "主题党日"}},
		Roster:   []LedgerPerson{{ID: 30, Name: "王二"}, {ID: 10, Name: "张一"}, {ID: 20, Name: "李三"}},
		Seats:    []Seat{{1, 10}, {1, 20}, {1, 30}, {2, 10}, {2, 20}, {2, 30}},
		Rows: []Row{
			{MeetingID: 1, MemberID: 10, MemberName: "张一", Status: Present},
			{MeetingID: 1, MemberID: 20, MemberName: "李三", Status: Excluded, Reason: "old_or_ill"},
			{MeetingID: 1, MemberID: 30, MemberName: "王二", Status: Leave, Reason: "出差"},
			{MeetingID: 1, MemberID: 40, MemberName: "钱五", Status: Guest},
			{MeetingID: 2, MemberID: 10, MemberName: "张一", Status: Remote},
			{MeetingID: 2, MemberID: 30, MemberName: "王二", Status: Absent},
			{MeetingID: 99, MemberID: 10, MemberName: "张一", Status: Present}, // not a column: ignored
		},
		Makeups:    []Makeup{{MeetingID: 1, MemberID: 30, Kind: "session", HeldOn: xuezuo.NewDate(2026, 4, 25)}},
		Exclusions: []Exclusion{{MemberID: 20, Category: "long_abroad"}},
	}
	l := BuildLedger(recs, c)

	if l.Meetings[0].Topic == nil || l.Meetings[0].Topic.No != 1 || l.Meetings[1].Topic != nil {
		t.Errorf("topics: got %+v / %+v, want topic 1 on the first meeting only", l.Meetings[0].Topic, l.Meetings[1].Topic)
	}
	var names []string
	for _, m := range l.Members {
		names = append(names, m.Name)
	}
	// Go orders by code point: 张 U+5F20 < 李 U+674E < 王 U+738B; the guest comes last.
	if want := []string{"张一", "李三", "王二", "钱五"}; !slices.Equal(names, want) {
		t.Fatalf("members: got %v, want %v", names, want)
	}
	type sums struct{ expected, attended, makeups int }
	gotMeetings := []sums{}
	for _, m := range l.Meetings {
		gotMeetings = append(gotMeetings, sums{m.Tally.Expected(), m.Tally.Attended(), m.Tally.Makeup})
	}
	// meeting 1: present + leave expected (excluded and guest are not), 1 attended, 1 makeup;
	// meeting 2: remote + absent expected, 1 attended.
	if want := []sums{{2, 1, 1}, {2, 1, 0}}; !slices.Equal(gotMeetings, want) {
		t.Errorf("meeting sums: got %v, want %v", gotMeetings, want)
	}
	gotMembers := []sums{}
	for _, m := range l.Members {
		gotMembers = append(gotMembers, sums{m.Tally.Expected(), m.Tally.Attended(), m.Tally.Makeup})
	}
	if want := []sums{{2, 2, 0}, {0, 0, 0}, {2, 0, 1}, {0, 0, 0}}; !slices.Equal(gotMembers, want) {
		t.Errorf("member sums: got %v, want %v", gotMembers, want)
	}
	if got := (sums{l.Total.Expected(), l.Total.Attended(), l.Total.Makeup}); got != (sums{4, 2, 1}) {
		t.Errorf("total: got %v, want {4 2 1}", got)
	}
	if l.Total.Guest != 1 || l.Total.Excluded != 1 {
		t.Errorf("total guest %d excluded %d, want 1 and 1", l.Total.Guest, l.Total.Excluded)
	}
	li := l.Members[1]
	if li.Exclusion == nil || li.Exclusion.Category != "long_abroad" {
		t.Errorf("李三's campaign exclusion: got %+v", li.Exclusion)
	}
	if got := li.Cells[1].Text(); got != "未登记" {
		t.Errorf("李三 at meeting 2: got %q, want 未登记", got)
	}
	guest := l.Members[3]
	if guest.OnRoster || guest.Cells[0].Text() != "列席" || guest.Cells[1].Text() != "—" {
		t.Errorf("guest: on roster %v, cells %q %q", guest.OnRoster, guest.Cells[0].Text(), guest.Cells[1].Text())
	}
}
