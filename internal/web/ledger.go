package web

import (
	"bytes"
	"fmt"
	"net/http"

	"xuezuo"
	"xuezuo/internal/campaign"
	"xuezuo/internal/meeting"
	"xuezuo/internal/member"
	"xuezuo/internal/office"
	"xuezuo/internal/org"
)

// ledgerTitleRunes bounds a meeting's title in a column header; the
// 会议明细 sheet carries the full title.
const ledgerTitleRunes = 10

// ledgerLegend explains the register's words and sums under its title.
const ledgerLegend = "应到 = 出席 + 远程参加 + 请假 + 缺席；实到 = 出席 + 远程参加；“不计入应到”和“列席”不计入应到；" +
	"补课单独统计，不计为实到。“未登记”：会议当天在名册中但尚无考勤记录；“—”：会议当天不在该组织名册中。"

// LedgerLink is one campaign whose register an org may download, as a
// workbook and as a PDF.
type LedgerLink struct {
	Title, Window, URL, PDF string
}

// LedgerPage is GET /orgs/{id}/ledger: the campaigns covering the org,
// each with its attendance register (考勤台账) downloads.
type LedgerPage struct {
	Base
	Org    *org.Org
	Holds  bool // the org exports registers: its own, or its branches'
	Book   bool // one per branch (a unit or general branch)
	Links  []LedgerLink
	Denied string // why the actor may not export it (a member of the branch)
}

// ledgerPage lists the published campaigns the actor sees whose scope
// holds the org or, for a unit or general branch, one of its branches.
func (h *Handler) ledgerPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := h.d.Org.Get(ctx, id)
	if err != nil {
		return err
	}
	p := LedgerPage{Base: h.base(r, o.Name+" · 考勤台账"), Org: o, Holds: meeting.KeepsLedger(o), Book: !o.HoldsMembers()}
	// The meeting service decides who may export a register; a member of
	// the branch reads why instead of links that would answer 403.
	cs, err := h.d.Meeting.LedgerCampaigns(ctx, o.ID)
	if xuezuo.ErrorCode(err) == xuezuo.EForbidden {
		p.Denied = xuezuo.ErrorMessage(err)
		return h.render(w, r, http.StatusOK, "ledger.html", p)
	} else if err != nil {
		return err
	}
	for i := range cs {
		c := &cs[i]
		p.Links = append(p.Links, LedgerLink{Title: c.Title, Window: campaignWindow(c), URL: ledgerURL(o.ID, c.ID),
			PDF: ledgerPDFURL(o.ID, c.ID)})
	}
	return h.render(w, r, http.StatusOK, "ledger.html", p)
}

// ledgerURL is the download address of a register.
func ledgerURL(orgID, campaignID xuezuo.ID) string {
	return fmt.Sprintf("/orgs/%d/ledger.xlsx?campaign=%d", orgID, campaignID)
}

// ledgerPDFURL is the download address of a register as a PDF.
func ledgerPDFURL(orgID, campaignID xuezuo.ID) string {
	return fmt.Sprintf("/orgs/%d/ledger.pdf?campaign=%d", orgID, campaignID)
}

// ledgerXLSX exports an org's attendance register for ?campaign=N: a
// branch's as the register and its meetings, a unit's as a register per
// branch and all their meetings.
func (h *Handler) ledgerXLSX(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, err := h.d.Meeting.ExportLedger(r.Context(), id, idValue(r.URL.Query().Get("campaign")), "xlsx")
	if err != nil {
		return err
	}
	var sheets []office.Sheet
	for _, l := range b.Ledgers {
		sheets = append(sheets, ledgerSheet(l))
	}
	sheets = append(sheets, ledgerMeetingsSheet(b))
	if len(b.Ledgers) > 1 || b.Org.ID != b.Ledgers[0].Org.ID {
		// A unit's workbook names each register's sheet after its branch.
		names := make([]string, len(sheets))
		for i, l := range b.Ledgers {
			names[i] = l.Org.Name
		}
		names[len(names)-1] = sheets[len(sheets)-1].Name
		for i, n := range office.SheetNames(names) {
			sheets[i].Name = n
		}
	}
	var buf bytes.Buffer
	doc := office.DocInfo{Title: b.Org.Name + " 考勤台账", Created: h.clock.Now()}
	if err := office.WriteSheets(&buf, doc, sheets...); err != nil {
		return fmt.Errorf("ledger xlsx org %d campaign %d: %w", b.Org.ID, b.Campaign.ID, err)
	}
	download(w, xlsxType, office.FileName(".xlsx", b.Org.Name, "考勤台账", b.Campaign.Title), buf.Bytes())
	return nil
}

// ledgerSheet is the register: a line per member, a column per meeting,
// the member's sums on the right and the meetings' sums at the bottom.
func ledgerSheet(l *meeting.Ledger) office.Sheet {
	headers := []string{"序号", "姓名", "备注"}
	for _, m := range l.Meetings {
		headers = append(headers, ledgerHeader(l, m))
	}
	headers = append(headers, "应到", "实到", "补课")
	var rows [][]any
	for i, lm := range l.Members {
		row := []any{i + 1, lm.Name, memberNote(lm)}
		for _, c := range lm.Cells {
			row = append(row, c.Text())
		}
		rows = append(rows, append(row, lm.Tally.Expected(), lm.Tally.Attended(), lm.Tally.Makeup))
	}
	// The bottom lines sum each meeting's column; each grand total sits
	// under its own heading, where it also equals the members' column sum.
	sums := []struct {
		label string
		of    func(meeting.Counts) int
	}{
		{"合计：应到", meeting.Counts.Expected}, {"合计：实到", meeting.Counts.Attended},
		{"合计：补课", func(c meeting.Counts) int { return c.Makeup }},
	}
	for k, s := range sums {
		row := []any{nil, s.label, nil}
		for _, m := range l.Meetings {
			row = append(row, s.of(m.Tally))
		}
		tail := []any{nil, nil, nil}
		tail[k] = s.of(l.Total)
		rows = append(rows, append(row, tail...))
	}
	return office.Sheet{Name: "考勤台账", Title: l.Org.Name + " 考勤台账", Headers: headers, Rows: rows,
		Options: office.XLSXOptions{Widths: []float64{6}, MaxWidth: 30, FreezeCols: 2, Notes: []string{ledgerInfo(l), ledgerLegend},
			Landscape: true}}
}

// ledgerInfo is the line under a register's title: whose, which campaign
// and window, when exported.
func ledgerInfo(l *meeting.Ledger) string {
	kind := "党组织"
	if l.Org.Kind == org.KindBranch || l.Org.Kind == org.KindGroup {
		kind = l.Org.Kind.Label()
	}
	window := l.From.String() + " 至 " + l.To.String()
	if l.Campaign.End.IsZero() {
		window = l.From.String() + " 起，统计至 " + l.To.String()
	}
	return fmt.Sprintf("%s：%s　学习教育：%s（%s）　导出日期：%s", kind, l.Org.Name, l.Campaign.Title, window, l.Made)
}

// ledgerHeader names a meeting column: its date, its topic or short
// title, and the group that held it when that is not the branch itself.
func ledgerHeader(l *meeting.Ledger, m meeting.LedgerMeeting) string {
	title := m.Title
	if m.Topic != nil {
		title = fmt.Sprintf("专题%d %s", m.Topic.No, m.Topic.Title)
	}
	if r := []rune(title); len(r) > ledgerTitleRunes {
		title = string(r[:ledgerTitleRunes-1]) + "…"
	}
	s := m.HeldOn.String() + "\n" + title
	if m.OrgID != l.Org.ID {
		s += "\n（" + m.OrgName + "）"
	}
	return s
}

// memberNote tells a campaign-wide exclusion and a guest apart from the
// branch's own members.
func memberNote(lm meeting.LedgerMember) string {
	var s string
	if ex := lm.Exclusion; ex != nil {
		s = "全程不计入应到：" + member.Label(meeting.ExclusionCategories, ex.Category)
		if ex.Reason != "" {
			s += "，" + ex.Reason
		}
		s += "，" + ex.DecidedOn.String() + " 决定"
	}
	if !lm.OnRoster {
		if s != "" {
			s += "；"
		}
		s += "非本组织党员（列席）"
	}
	return s
}

// ledgerMeetingsSheet lists each meeting of the book's registers in full
// with its counts by status, summed from the same rows as the registers.
func ledgerMeetingsSheet(b *meeting.LedgerBook) office.Sheet {
	headers := []string{"序号", "日期", "会议名称", "会议类型", "专题", "召开组织", "出席", "远程参加", "请假", "缺席",
		"不计入应到", "列席", "应到", "实到", "补课", "登记"}
	var rows [][]any
	var t meeting.Counts
	var ms []meeting.LedgerMeeting
	for _, l := range b.Ledgers {
		ms = append(ms, l.Meetings...)
		t = addCounts(t, l.Total)
	}
	for i, m := range ms {
		topic := ""
		if m.Topic != nil {
			topic = fmt.Sprintf("专题%d %s", m.Topic.No, m.Topic.Title)
		}
		state := "登记中"
		if m.RegisterClosed {
			state = "已结束登记"
		}
		c := m.Tally
		rows = append(rows, []any{i + 1, m.HeldOn.Time(), m.Title, campaign.MeetingKindLabel(m.Kind), topic, m.OrgName,
			c.Present, c.Remote, c.Leave, c.Absent, c.Excluded, c.Guest, c.Expected(), c.Attended(), c.Makeup, state})
	}
	rows = append(rows, []any{nil, "合计", nil, nil, nil, nil, t.Present, t.Remote, t.Leave, t.Absent, t.Excluded, t.Guest,
		t.Expected(), t.Attended(), t.Makeup, nil})
	return office.Sheet{Name: "会议明细", Title: b.Org.Name + " 会议明细", Headers: headers, Rows: rows,
		Options: office.XLSXOptions{Widths: []float64{6}, MaxWidth: 30, Landscape: true}}
}

// addCounts sums two registers' totals.
func addCounts(a, b meeting.Counts) meeting.Counts {
	return meeting.Counts{Present: a.Present + b.Present, Remote: a.Remote + b.Remote, Leave: a.Leave + b.Leave,
		Absent: a.Absent + b.Absent, Excluded: a.Excluded + b.Excluded, Guest: a.Guest + b.Guest, Makeup: a.Makeup + b.Makeup}
}
