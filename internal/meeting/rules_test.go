package meeting

import (
	"testing"

	"xuezuo/internal/member"
)

func rm(standing string, cadre bool, status string) RosterMember {
	r := RosterMember{Member: member.Member{Name: "甲", Standing: standing, Cadre: cadre}}
	if status != "" {
		r.Row = &Row{Status: status}
	}
	return r
}

func TestQuorum(t *testing.T) {
	t.Parallel()
	full, prob := member.StandingFull, member.StandingProbationary
	tests := []struct {
		name          string
		roster        []RosterMember
		present, base int
		ok            bool
	}{
		{"exactly half is not enough", []RosterMember{rm(full, false, Present), rm(full, false, Absent)}, 1, 2, false},
		{"more than half", []RosterMember{rm(full, false, Present), rm(full, false, Remote), rm(full, false, Leave)}, 2, 3, true},
		{"probationary members do not count", []RosterMember{rm(full, false, Present), rm(full, false, Absent), rm(prob, false, Present), rm(prob, false, Present)}, 1, 2, false},
		{"excluded leave the base", []RosterMember{rm(full, false, Present), rm(full, false, Excluded), rm(full, false, Excluded)}, 1, 1, true},
		{"no row counts as not present", []RosterMember{rm(full, false, Present), rm(full, false, ""), rm(full, false, "")}, 1, 3, false},
		{"empty", nil, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, b, ok := Quorum(tc.roster)
			if p != tc.present || b != tc.base || ok != tc.ok {
				t.Errorf("got %d/%d %v, want %d/%d %v", p, b, ok, tc.present, tc.base, tc.ok)
			}
		})
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	full := member.StandingFull
	topicMeeting := &Meeting{TopicID: 1, Kind: "topic_study", Speakers: []Speaker{{}, {}}}
	tests := []struct {
		name   string
		m      *Meeting
		min    int
		roster []RosterMember
		want   []string
	}{
		{"two speakers of three", topicMeeting, 3, nil, []string{"R22"}},
		{"three speakers is enough", &Meeting{TopicID: 1, SpeakerCount: 3}, 3, nil, nil},
		{"cadre absent", &Meeting{TopicID: 1, SpeakerCount: 3}, 3, []RosterMember{rm(full, true, Absent)}, []string{"R12"}},
		{"cadre on leave still missed", &Meeting{TopicID: 1, SpeakerCount: 3}, 3, []RosterMember{rm(full, true, Leave)}, []string{"R12"}},
		{"cadre present", &Meeting{TopicID: 1, SpeakerCount: 3}, 3, []RosterMember{rm(full, true, Present)}, nil},
		{"cadre rule only for topic meetings", &Meeting{Kind: "theme_day"}, 0, []RosterMember{rm(full, true, Absent)}, nil},
		{"assembly without quorum", &Meeting{Kind: "branch_assembly"}, 0, []RosterMember{rm(full, false, Present), rm(full, false, Absent)}, []string{"R7"}},
		{"assembly with quorum", &Meeting{Kind: "branch_assembly"}, 0, []RosterMember{rm(full, false, Present), rm(full, false, Present), rm(full, false, Absent)}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, w := range Rules(tc.m, tc.min, tc.roster) {
				got = append(got, w.Rule)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
}
