package progress

import (
	"context"

	"xuezuo"
	"xuezuo/internal/member"
)

// MemberLine is one member on an org's current roster with the evidence the
// participation report needs.
type MemberLine struct {
	MemberID    xuezuo.ID
	Name        string
	OrgID       xuezuo.ID
	Participant bool   // present or remote row, makeup, or reflection in the window
	Category    string // campaign exclusion category, "" when not excluded
}

// CategoryCount is the number of members excluded under one category.
type CategoryCount struct {
	Category string `json:"category"`
	Label    string `json:"label"`
	Recorded int    `json:"recorded"` // exclusions recorded
	Counted  int    `json:"counted"`  // of those, members who did not take part (in E)
}

// Report is a campaign participation report (domain.md §5.3): N, each
// exclusion, P, missing N − E − P, gross P ÷ N and net P ÷ (N − E), where E
// holds only excluded members who did not take part, so that an excluded
// member who came anyway counts once, as a participant.
type Report struct {
	OrgID        xuezuo.ID       `json:"org_id"`
	Roster       int             `json:"roster"`
	Exclusions   []CategoryCount `json:"exclusions"`
	Excluded     int             `json:"excluded"`
	Participants int             `json:"participants"`
	Missing      int             `json:"missing"`
	Gross        float64         `json:"gross_rate"`
	Net          float64         `json:"net_rate"`
	// The rows behind each number.
	ParticipantLines []MemberLine `json:"-"`
	ExcludedLines    []MemberLine `json:"-"`
	MissingLines     []MemberLine `json:"-"`
	// PeersHidden marks a report for a reader who may not read every
	// member (a member of the branch): no per-category counts, no peer's
	// category, and an excluded peer listed among MissingLines (as not
	// taking part) so that the lists do not tell who is excluded. The
	// figures are the org's, as the progress table gives them.
	PeersHidden bool `json:"-"`
}

// Participation builds the participation report of a campaign under an org.
func (s *Service) Participation(ctx context.Context, campaignID, orgID xuezuo.ID, categories []member.Option) (*Report, error) {
	if err := s.scope.CanReadOrg(ctx, orgID); err != nil {
		return nil, err
	}
	c, err := s.campaigns.Get(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	lines, err := s.store.MemberEvidence(ctx, c, orgID, s.window(c))
	if err != nil {
		return nil, err
	}
	r := Build(orgID, lines, categories)
	switch err := s.scope.CanReadMember(ctx, 0, orgID); xuezuo.ErrorCode(err) {
	case "":
	case xuezuo.ENotFound, xuezuo.EForbidden:
		var me xuezuo.ID
		if a := xuezuo.ActorFrom(ctx); a != nil {
			me = a.MemberID
		}
		r.HidePeers(me, lines)
	default:
		return nil, err
	}
	return r, nil
}

// HidePeers turns a report into a member's view: the figures stay, the
// per-category counts go, and of the lines (in the order given) the own is
// kept in full while a peer shows only the name and whether they took
// part; an excluded peer who did not take part is listed as missing.
func (r *Report) HidePeers(me xuezuo.ID, lines []MemberLine) {
	r.PeersHidden = true
	r.Exclusions = []CategoryCount{}
	r.ParticipantLines, r.ExcludedLines, r.MissingLines = nil, nil, nil
	for _, l := range lines {
		own := l.MemberID == me && me != 0
		if !own {
			l.Category = ""
		}
		switch {
		case l.Participant:
			r.ParticipantLines = append(r.ParticipantLines, l)
		case l.Category != "":
			r.ExcludedLines = append(r.ExcludedLines, l)
		default:
			r.MissingLines = append(r.MissingLines, l)
		}
	}
}

// Build computes a report from member lines; categories give the order and
// labels of exclusion categories.
func Build(orgID xuezuo.ID, lines []MemberLine, categories []member.Option) *Report {
	r := &Report{OrgID: orgID, Roster: len(lines)}
	idx := map[string]int{}
	for _, c := range categories {
		idx[c.Code] = len(r.Exclusions)
		r.Exclusions = append(r.Exclusions, CategoryCount{Category: c.Code, Label: c.Label})
	}
	for _, l := range lines {
		if l.Category != "" {
			i, ok := idx[l.Category]
			if !ok {
				i = len(r.Exclusions)
				idx[l.Category] = i
				r.Exclusions = append(r.Exclusions, CategoryCount{Category: l.Category, Label: l.Category})
			}
			r.Exclusions[i].Recorded++
			if !l.Participant {
				r.Exclusions[i].Counted++
			}
		}
		switch {
		case l.Participant:
			r.Participants++
			r.ParticipantLines = append(r.ParticipantLines, l)
		case l.Category != "":
			r.Excluded++
			r.ExcludedLines = append(r.ExcludedLines, l)
		default:
			r.MissingLines = append(r.MissingLines, l)
		}
	}
	r.Missing = r.Roster - r.Excluded - r.Participants
	if r.Roster > 0 {
		r.Gross = float64(r.Participants) / float64(r.Roster)
	}
	if base := r.Roster - r.Excluded; base > 0 {
		r.Net = float64(r.Participants) / float64(base)
	}
	return r
}
