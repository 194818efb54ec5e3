package meeting_test

import (
	"testing"

	"xuezuo"
	"xuezuo/internal/meeting"
)

// TestRosterProposesCampaignExclusions: the service, not a front door,
// decides what a register proposes. A topic meeting proposes the members its
// campaign excludes (with the category) and only those without a row; any
// other meeting proposes nothing; a proposal records nothing.
func TestRosterProposesCampaignExclusions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if _, err := f.s.Meeting.Exclude(f.secretary, meeting.Exclusion{CampaignID: f.topic.CampaignID, MemberID: f.m[2].ID,
		Category: "old_or_ill", DecidedOn: xuezuo.NewDate(2026, 2, 1)}); err != nil {
		t.Fatal(err)
	}
	topicMeeting := f.meeting(t, meeting.Input{Kind: "topic_study", TopicID: f.topic.ID, HeldOn: xuezuo.NewDate(2026, 4, 1)})
	plain := f.meeting(t, meeting.Input{HeldOn: xuezuo.NewDate(2026, 4, 2)})
	proposed := func(id xuezuo.ID) map[xuezuo.ID]string {
		t.Helper()
		m, roster, _, err := f.s.Meeting.Roster(f.secretary, id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Counts.Excluded != 0 {
			t.Errorf("a proposal recorded a row: %+v", m.Counts)
		}
		out := map[xuezuo.ID]string{}
		for _, rm := range roster {
			if rm.Proposed != "" {
				out[rm.ID] = rm.Proposed + "/" + rm.ProposedReason
			}
		}
		return out
	}
	got := proposed(topicMeeting.ID)
	if len(got) != 1 || got[f.m[2].ID] != "excluded/old_or_ill" {
		t.Errorf("topic meeting: got %v, want only member %d excluded/old_or_ill", got, f.m[2].ID)
	}
	if got := proposed(plain.ID); len(got) != 0 {
		t.Errorf("plain meeting: got %v, want no proposals", got)
	}
	// Once the secretary records the member, nothing is proposed for it.
	if err := f.s.Meeting.Record(f.secretary, topicMeeting.ID, meeting.Entry{MemberID: f.m[2].ID, Status: meeting.Present}); err != nil {
		t.Fatal(err)
	}
	if got := proposed(topicMeeting.ID); len(got) != 0 {
		t.Errorf("after recording: got %v, want no proposals", got)
	}
}
