package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/org"
)

// meetingPageSize is the number of meetings per page of an org's list.
const meetingPageSize = 20

// MeetingRow is one meeting in an org's list.
type MeetingRow struct {
	ID                xuezuo.ID
	Date, Kind, Title string
	Topic             string
	Expected          string // blank when the counts are private (Counts.Private)
	Attended          int
	Closed            bool
}

// OrgMeetingsPage is GET /orgs/{id}/meetings: the org's meetings, newest
// first, with filters, and the campaigns' topics with their shortcuts.
type OrgMeetingsPage struct {
	Base
	Org                     *org.Org
	URL                     string
	Kind, TopicID, From, To string
	Kinds                   []Option
	Topics                  []Option
	Rows                    []MeetingRow
	Pager                   Pager
	Errors                  FormErrors
	CanNew                  bool
}

// orgMeetings lists an org's meetings. A committee sees its own meetings
// only (the meeting service's rule); each branch has its own list.
func (h *Handler) orgMeetings(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := h.d.Org.Get(ctx, id)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := OrgMeetingsPage{Base: h.base(r, o.Name+" · 会议"), Org: o, URL: fmt.Sprintf("/orgs/%d/meetings", id),
		Kind: q.Get("kind"), TopicID: q.Get("topic"), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		CanNew: isWriter(actor(ctx)) && (o.HoldsMembers() || meeting.HoldsLecture(o)) && o.Active()}
	for _, k := range campaign.MeetingKinds {
		p.Kinds = append(p.Kinds, Option{Value: k.Code, Label: k.Label})
	}
	if p.Topics, err = h.topicOptions(ctx, id); err != nil {
		return err
	}
	var v xuezuo.Validation
	f := meeting.Filter{Kind: p.Kind, TopicID: idValue(p.TopicID), From: dateField(&v, "from", p.From), To: dateField(&v, "to", p.To),
		Limit: meetingPageSize}
	page := pageNumber(r)
	f.Offset = (page - 1) * meetingPageSize
	status := http.StatusOK
	items, total, err := []meeting.Meeting(nil), 0, v.Err()
	if err == nil {
		items, total, err = h.d.Meeting.List(ctx, id, f)
	}
	if err != nil {
		fe, st, ok := formErrors(err, "kind", "from", "to")
		if !ok {
			return err
		}
		p.Errors, status = fe, st
	}
	topics := map[xuezuo.ID]string{}
	for _, m := range items {
		row := MeetingRow{ID: m.ID, Date: m.HeldOn.String(), Kind: campaign.MeetingKindLabel(m.Kind), Title: m.Title,
			Expected: expectedText(m.Counts), Attended: m.Counts.Attended(), Closed: m.RegisterClosed}
		if m.Lecture != nil {
			row.Kind += " · " + m.Lecture.KindLabel()
			if m.OrgID != id {
				row.Title += "（" + m.OrgName + "组织）" // held for this org by another
			}
		}
		if m.TopicID != 0 {
			if _, seen := topics[m.TopicID]; !seen {
				topics[m.TopicID] = ""
				if t, _, err := h.d.Campaign.Topic(ctx, m.TopicID); h.optional(ctx, "meeting topic", err) {
					topics[m.TopicID] = fmt.Sprintf("专题%d %s", t.No, t.Title)
				}
			}
			row.Topic = topics[m.TopicID]
		}
		p.Rows = append(p.Rows, row)
	}
	p.Pager = newPager(p.URL, q, page, meetingPageSize, total)
	return h.render(w, r, status, "meetings.html", p)
}

// expectedText is a list row's 应到: a member of the branch is not told it,
// as roster size minus 应到 is the number of peers excluded.
func expectedText(c meeting.Counts) string {
	if c.Private {
		return "—"
	}
	return strconv.Itoa(c.Expected())
}
