package meeting

import (
	"cmp"
	"context"
	"slices"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
)

// LedgerRecords are the records behind a branch's attendance register: what
// the store reads for one org subtree and one campaign window.
type LedgerRecords struct {
	Meetings   []Meeting // held in the window, by date then id, with their rollup Counts
	Rows       []Row
	Makeups    []Makeup
	Seats      []Seat         // who was on each meeting's roster on its date
	Roster     []LedgerPerson // on the subtree's roster on some day of the window
	Exclusions []Exclusion    // the campaign's, for members on the roster or with a row
}

// Seat says that a member was on a meeting's roster on the meeting date.
type Seat struct {
	MeetingID xuezuo.ID
	MemberID  xuezuo.ID
}

// LedgerPerson is a member on a roster, by id and name.
type LedgerPerson struct {
	ID   xuezuo.ID
	Name string
}

// Ledger is a branch's attendance register (考勤台账) for one campaign: every
// meeting of the branch and its groups held in the campaign window, every
// member on the roster in the window or with a row, and each member's row
// at each meeting. Every figure is summed from the rows it lists, by the
// definitions of Counts, so it agrees with the meeting pages and progress.
type Ledger struct {
	Org      *org.Org
	Campaign *campaign.Campaign
	From, To xuezuo.Date // the window: campaign start to its end, or today
	Made     xuezuo.Date // the day the register was read (Beijing)
	Meetings []LedgerMeeting
	Members  []LedgerMember
	Total    Counts // all rows and makeups of the register
}

// LedgerMeeting is one column of the register.
type LedgerMeeting struct {
	Meeting                 // as stored, Counts being the store's rollup
	Topic   *campaign.Topic // the campaign topic it fulfils, if any
	Tally   Counts          // summed from the rows and makeups of the register
}

// LedgerMember is one line of the register.
type LedgerMember struct {
	MemberID  xuezuo.ID
	Name      string
	OnRoster  bool         // false: only a guest at the branch's meetings
	Exclusion *Exclusion   // the campaign-wide decision, if any
	Cells     []LedgerCell // one per meeting, in the order of Ledger.Meetings
	Tally     Counts       // the member's rows and makeups
}

// LedgerCell is one member at one meeting.
type LedgerCell struct {
	Row      *Row    // nil when no row was recorded
	Expected bool    // on the meeting's roster on its date
	Makeup   *Makeup // the makeup of a leave or absence, if any
}

// Text is the cell as a register shows it: the status in zh-CN with the
// leave reason or exclusion category, a makeup on its own line, 未登记 for
// an expected member without a row, and — for someone not on the roster
// that day.
func (c LedgerCell) Text() string {
	var s string
	switch {
	case c.Row != nil:
		s = StatusText(c.Row.Status, c.Row.Reason)
	case c.Expected:
		s = "未登记"
	default:
		s = "—"
	}
	if c.Makeup != nil {
		s += "\n补课 " + c.Makeup.HeldOn.String()
		if c.Makeup.Kind == "self_study" {
			s += "（自学）"
		}
	}
	return s
}

// StatusText names a status in zh-CN, with the leave reason or the
// exclusion category in brackets: 请假（出差）, 不计入应到（年老体弱）.
func StatusText(status, reason string) string {
	s := member.Label(Statuses, status)
	switch status {
	case NotAttended:
		s = NotAttendedLabel
	case Leave:
		if reason != "" {
			s += "（" + reason + "）"
		}
	case Excluded:
		s += "（" + member.Label(ExclusionCategories, reason) + "）"
	}
	return s
}

// Ledger returns the attendance register of an org that holds members (a
// branch or group) for a published campaign whose scope holds it. It lists
// every member's leave reasons and exclusions, so only the org's readers
// get it (CanExportLedger); a member of the branch is refused.
func (s *Service) Ledger(ctx context.Context, orgID, campaignID xuezuo.ID) (*Ledger, error) {
	if err := s.CanExportLedger(ctx, orgID); err != nil {
		return nil, err
	}
	o, err := s.store.GetOrg(ctx, orgID)
	if err != nil {
		return nil, xuezuo.NotFoundAs(err, "组织", "get org %d", orgID)
	}
	if !o.HoldsMembers() {
		return nil, fieldErr("org_id", "考勤台账按党支部导出，请到党支部页面下载")
	}
	c, err := s.ledgerCampaign(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	if ok, err := s.campaigns.InScope(ctx, c, orgID); err != nil {
		return nil, err
	} else if !ok {
		return nil, fieldErr("campaign", o.Name+"不在该学习教育的范围内")
	}
	today := xuezuo.DateOf(s.clock.Now())
	from, to := c.Start, c.WindowEnd(today)
	recs, err := s.store.LedgerRecords(ctx, orgID, c.ID, from, to)
	if err != nil {
		return nil, err
	}
	l := BuildLedger(recs, c)
	l.Org, l.From, l.To, l.Made = o, from, to, today
	return l, nil
}

// BuildLedger lays records out as a register. Members come by name then
// id, in Go's order so that SQLite and PostgreSQL give the same file;
// guests follow the roster.
func BuildLedger(recs *LedgerRecords, c *campaign.Campaign) *Ledger {
	l := &Ledger{Campaign: c}
	col := map[xuezuo.ID]int{}
	for i, m := range recs.Meetings {
		col[m.ID] = i
		lm := LedgerMeeting{Meeting: m}
		for k := range c.Topics {
			if m.TopicID != 0 && c.Topics[k].ID == m.TopicID {
				lm.Topic = &c.Topics[k]
			}
		}
		l.Meetings = append(l.Meetings, lm)
	}
	line := map[xuezuo.ID]*LedgerMember{}
	add := func(id xuezuo.ID, name string, onRoster bool) *LedgerMember {
		lm := line[id]
		if lm == nil {
			lm = &LedgerMember{MemberID: id, Name: name, Cells: make([]LedgerCell, len(recs.Meetings))}
			line[id] = lm
		}
		lm.OnRoster = lm.OnRoster || onRoster
		return lm
	}
	for _, p := range recs.Roster {
		add(p.ID, p.Name, true)
	}
	for k := range recs.Rows {
		r := &recs.Rows[k]
		i, ok := col[r.MeetingID]
		if !ok {
			continue
		}
		lm := add(r.MemberID, r.MemberName, false)
		lm.Cells[i].Row = r
		lm.Tally.add(r.Status)
		l.Meetings[i].Tally.add(r.Status)
	}
	for _, st := range recs.Seats {
		if i, ok := col[st.MeetingID]; ok && line[st.MemberID] != nil {
			line[st.MemberID].Cells[i].Expected = true
		}
	}
	for k := range recs.Makeups {
		mk := &recs.Makeups[k]
		i, ok := col[mk.MeetingID]
		if !ok || line[mk.MemberID] == nil {
			continue
		}
		line[mk.MemberID].Cells[i].Makeup = mk
		line[mk.MemberID].Tally.Makeup++
		l.Meetings[i].Tally.Makeup++
	}
	for k := range recs.Exclusions {
		if lm := line[recs.Exclusions[k].MemberID]; lm != nil {
			lm.Exclusion = &recs.Exclusions[k]
		}
	}
	for _, lm := range line {
		l.Members = append(l.Members, *lm)
	}
	slices.SortFunc(l.Members, func(a, b LedgerMember) int {
		if a.OnRoster != b.OnRoster {
			if a.OnRoster {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.MemberID, b.MemberID))
	})
	for _, m := range l.Meetings {
		l.Total.addCounts(m.Tally)
	}
	return l
}

// add counts one row by its status.
func (c *Counts) add(status string) {
	switch status {
	case Present:
		c.Present++
	case Remote:
		c.Remote++
	case Leave:
		c.Leave++
	case Absent:
		c.Absent++
	case Excluded:
		c.Excluded++
	case Guest:
		c.Guest++
	}
}

// addCounts adds o to c.
func (c *Counts) addCounts(o Counts) {
	c.Present += o.Present
	c.Remote += o.Remote
	c.Leave += o.Leave
	c.Absent += o.Absent
	c.Excluded += o.Excluded
	c.Guest += o.Guest
	c.Makeup += o.Makeup
}
