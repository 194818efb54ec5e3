package meeting

import (
	"context"
	"fmt"

	"xuezuo/internal/member"
)

// Warning is a rule a meeting does not meet. None of them changes whether a
// topic counts as held on time.
type Warning struct {
	Rule    string
	Message string
}

// Quorum applies domain.md R7–R9 to a branch assembly: the base is the full
// members expected (probationary members do not vote; excluded rows leave the
// base), and a vote needs more than half of them present.
func Quorum(roster []RosterMember) (present, base int, ok bool) {
	for _, r := range roster {
		if r.Standing != member.StandingFull || r.Row != nil && r.Row.Status == Excluded {
			continue
		}
		base++
		if r.Row != nil && (r.Row.Status == Present || r.Row.Status == Remote) {
			present++
		}
	}
	return present, base, base > 0 && present*2 > base
}

// Rules returns the warnings of a meeting given its topic's minimum speakers
// (0 for none) and its roster.
func Rules(m *Meeting, minSpeakers int, roster []RosterMember) []Warning {
	var w []Warning
	if m.TopicID != 0 && m.SpeakerTotal() < minSpeakers {
		w = append(w, Warning{"R22", fmt.Sprintf("重点发言 %d 人，少于专题要求的 %d 人", m.SpeakerTotal(), minSpeakers)})
	}
	if m.TopicID != 0 {
		for _, r := range roster {
			if r.Cadre && (r.Row == nil || r.Row.Status != Present && r.Row.Status != Remote && r.Row.Status != Excluded) {
				w = append(w, Warning{"R12", fmt.Sprintf("党员领导干部%s未参加本支部专题学习讨论（双重组织生活）", r.Name)})
			}
		}
	}
	if m.Kind == "branch_assembly" {
		present, base, ok := Quorum(roster)
		if !ok {
			w = append(w, Warning{"R7", fmt.Sprintf("有表决权的党员应到 %d 人、实到 %d 人，未超过半数，不能进行表决", base, present)})
		}
	}
	return w
}

// Warnings returns the warnings of a meeting the actor may read.
func (s *Service) Warnings(ctx context.Context, id int64) ([]Warning, error) {
	m, roster, _, err := s.Roster(ctx, id)
	if err != nil {
		return nil, err
	}
	min := 0
	if m.TopicID != 0 {
		if t, err := s.store.GetTopic(ctx, m.TopicID); err == nil {
			min = t.MinSpeakers
		}
	}
	return Rules(m, min, roster), nil
}
