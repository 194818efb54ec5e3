package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"xuezuo"
	"xuezuo/internal/report"
)

// BulletinFigure is one figure of a bulletin row: the text the bulletin
// says (frozen once published), its parts, the records behind it, and the
// value the records give now when that differs.
type BulletinFigure struct {
	Text, Detail, URL string
	// Live is the figure now, "" when it equals the bulletin's.
	Live string
	// More links the records of further topics (a summary figure over
	// several topics of the period).
	More []Option
}

// BulletinLine is one row of the bulletin's table, or its 合计.
type BulletinLine struct {
	Name, URL string
	Total     bool
	Gone      string // the row's org has left the bulletin's org since
	Branches, OnTime, Attendance, Reflection, Participation,
	Accepted, Late, Lectures, Secretary BulletinFigure
}

// BulletinNoteView names a branch that needs attention, linked to its records.
type BulletinNoteView struct {
	Name, Topic, URL string
}

// HighlightView is an adopted item, linked to the item and its chain when
// the actor reads them.
type HighlightView struct {
	Title, Kind, SourceOrg, Adopted string
	URL, ChainURL                   string
}

// BulletinTextForm is the edit form's input, kept on a 422.
type BulletinTextForm struct {
	Preface, Closing string
}

// BulletinPage is GET /bulletins/{id}: the bulletin as a document, every
// figure linked to its records.
type BulletinPage struct {
	Base
	Bulletin  *report.Bulletin
	Content   *report.BulletinContent
	State     string
	Published string // the date of publishing
	UnitWord  string // 单位 or 组织: what a row is
	Lines     []BulletinLine
	Changed   int // figures whose live value differs
	Overdue   []BulletinNoteView
	Missing   []BulletinNoteView
	Highlight []HighlightView
	Preface   []string
	Closing   []string
	Downloads []Option
	CanEdit   bool // a draft, and the actor manages the org's bulletins
	Form      BulletinTextForm
	Errors    FormErrors
}

// bulletinFormats are the downloads, in the order the page lists them.
var bulletinFormats = []Option{{Value: report.FormatDOCX, Label: "Word（DOCX）"}, {Value: report.FormatPDF, Label: "PDF"},
	{Value: report.FormatXLSX, Label: "Excel（XLSX）"}}

// bulletinPage loads a bulletin with the live differences of its figures.
func (h *Handler) bulletinPage(r *http.Request, id xuezuo.ID) (BulletinPage, error) {
	ctx := r.Context()
	b, err := h.d.Bulletins.Bulletin(ctx, id)
	if err != nil {
		return BulletinPage{}, err
	}
	diff, err := h.d.Bulletins.LiveDiff(ctx, b)
	if err != nil {
		return BulletinPage{}, err
	}
	c := b.Content
	p := BulletinPage{Base: h.base(r, b.OrgName+" · "+b.IssueLabel()+"通报"), Bulletin: b, Content: c, State: bulletinStateLabel(b.State),
		UnitWord: "单位", Preface: lines(b.Preface), Closing: lines(b.Closing), Changed: len(diff),
		Form: BulletinTextForm{Preface: b.Preface, Closing: b.Closing}}
	if c.GroupBy == report.GroupChild {
		p.UnitWord = "组织"
	}
	if b.Published() {
		p.Published = xuezuo.DateOf(b.PublishedAt).String()
	} else {
		p.CanEdit = h.d.Bulletins.CanManage(ctx, b.OrgID)
	}
	for _, f := range bulletinFormats {
		p.Downloads = append(p.Downloads, Option{Value: fmt.Sprintf("/bulletins/%d/document.%s", id, f.Value), Label: f.Label})
	}
	for _, row := range c.Rows {
		p.Lines = append(p.Lines, bulletinLine(b, row, row.OrgID, diff))
	}
	total := c.Totals
	total.Name = "合计"
	l := bulletinLine(b, total, 0, diff)
	l.Total = true
	p.Lines = append(p.Lines, l)
	for _, n := range c.Overdue {
		p.Overdue = append(p.Overdue, BulletinNoteView{Name: noteName(n), Topic: n.Topic, URL: fmt.Sprintf("/orgs/%d/meetings", n.OrgID)})
	}
	for _, n := range c.WithoutSummary {
		p.Missing = append(p.Missing, BulletinNoteView{Name: noteName(n), Topic: n.Topic,
			URL: fmt.Sprintf("/orgs/%d/summaries?topic=%d", n.OrgID, n.TopicID)})
	}
	for _, hl := range c.Highlights {
		p.Highlight = append(p.Highlight, h.highlightView(ctx, hl))
	}
	return p, nil
}

// noteName is a branch with the row it counts in, as the documents write it.
func noteName(n report.BranchNote) string {
	if n.RowName != "" && n.RowName != n.Name {
		return n.RowName + n.Name
	}
	return n.Name
}

// bulletinLine lays out a row: diffKey is its org in LiveDiff (0 for the
// totals), whose links go to the bulletin's own org.
func bulletinLine(b *report.Bulletin, row report.BulletinRow, diffKey xuezuo.ID, diff map[string]string) BulletinLine {
	c := b.Content
	orgID := row.OrgID
	if diffKey == 0 {
		orgID = b.OrgID
	}
	cells := report.FigureCells(row, c)
	fig := func(field, detail, url string) BulletinFigure {
		return BulletinFigure{Text: cells[field], Detail: detail, URL: url, Live: diff[report.DiffKey(diffKey, field)]}
	}
	progress := fmt.Sprintf("/campaigns/%d/progress?org=%d", b.CampaignID, orgID)
	lectures := fmt.Sprintf("/orgs/%d/lectures", orgID)
	summaries, more := summaryLinks(c, orgID)
	l := BulletinLine{Name: row.Name, URL: fmt.Sprintf("/orgs/%d", orgID), Gone: diff[report.DiffKey(diffKey, "row")],
		Branches:      fig("branches", "", progress+"&by=branch"),
		OnTime:        fig("topic_on_time", "", progress),
		Attendance:    fig("attendance_rate", fmt.Sprintf("%d/%d", row.AttendancePresent, row.AttendanceExpected), progress),
		Reflection:    fig("reflection_rate", fmt.Sprintf("%d 篇", row.Reflections), progress),
		Participation: fig("participation_rate", fmt.Sprintf("%d/%d", row.Participants, row.Members), fmt.Sprintf("/campaigns/%d/participation?org=%d", b.CampaignID, orgID)),
		Accepted:      fig("summaries_accepted", fmt.Sprintf("应报 %d", row.SummariesExpected), summaries),
		Late:          fig("summaries_late", "", summaries),
		Lectures:      fig("lectures", lectureDetail(row), lectures),
		Secretary:     fig("secretary_lectures", "", lectures),
	}
	l.Accepted.More, l.Late.More = more, more
	return l
}

// summaryLinks links an org's summaries of the period's first topic, and
// the further topics' apart.
func summaryLinks(c *report.BulletinContent, orgID xuezuo.ID) (string, []Option) {
	first := ""
	var more []Option
	for _, t := range c.Topics {
		if !t.InPeriod {
			continue
		}
		u := fmt.Sprintf("/orgs/%d/summaries?topic=%d", orgID, t.ID)
		if first == "" {
			first = u
			continue
		}
		more = append(more, Option{Value: u, Label: fmt.Sprintf("专题%d", t.No)})
	}
	if first == "" {
		first = fmt.Sprintf("/orgs/%d/summaries", orgID)
	}
	return first, more
}

// lectureDetail words the lectures by kind: 领导讲 2、书记讲 1.
func lectureDetail(row report.BulletinRow) string {
	var parts []string
	for _, k := range report.LecturerKinds {
		if n := row.Lectures[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", report.LecturerKindLabel(k), n))
		}
	}
	return strings.Join(parts, "、")
}

// highlightView links an adopted item to its page and to the receiving
// org's inbox entry, when the actor reads the forward; a member of the
// subtree reads the title only.
func (h *Handler) highlightView(ctx context.Context, hl report.Highlight) HighlightView {
	v := HighlightView{Title: hl.Title, Kind: report.KindLabel(hl.Kind), SourceOrg: hl.SourceOrg, Adopted: xuezuo.DateOf(hl.AdoptedAt).String()}
	f, err := h.d.Report.GetForward(ctx, hl.ForwardID)
	if err != nil {
		if !isCode(err, xuezuo.EForbidden) {
			h.optional(ctx, "bulletin highlight", err)
		}
		return v
	}
	v.URL = originURL(*f)
	v.ChainURL = fmt.Sprintf("/orgs/%d/forwards?quarter=%s#forward-%d", f.ToOrgID, f.Quarter, f.ID)
	return v
}

// bulletinShow shows a bulletin.
func (h *Handler) bulletinShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.bulletinPage(r, id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "bulletin.html", p)
}

// bulletinUpdate saves a draft's preface and closing.
func (h *Handler) bulletinUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	f := BulletinTextForm{Preface: formValue(r, "preface"), Closing: formValue(r, "closing")}
	return h.bulletinForm(w, r, id, []string{"preface", "closing"}, func(ctx context.Context) error {
		_, err := h.d.Bulletins.EditBulletin(ctx, id, &f.Preface, &f.Closing)
		return err
	}, func(p *BulletinPage) { p.Form = f })
}

// bulletinPublish publishes (印发) a draft, freezing its figures.
func (h *Handler) bulletinPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	return h.bulletinForm(w, r, id, nil, func(ctx context.Context) error {
		_, err := h.d.Bulletins.Publish(ctx, id)
		return err
	}, nil)
}

// bulletinForm ends the bulletin's post handlers: back to the bulletin on
// success, else its page again with the input kept and the errors.
func (h *Handler) bulletinForm(w http.ResponseWriter, r *http.Request, id xuezuo.ID, shown []string, save func(context.Context) error, keep func(*BulletinPage)) error {
	return h.submit(w, r, submission{shown: shown,
		save: func() (string, error) {
			return fmt.Sprintf("/bulletins/%d", id), save(r.Context())
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.bulletinPage(r, id)
			if err != nil {
				return err
			}
			if keep != nil {
				keep(&p)
			}
			p.Errors = fe
			return h.render(w, r, status, "bulletin.html", p)
		}})
}

// bulletinDocument downloads the bulletin as DOCX, PDF or XLSX; the
// service renders it from the frozen content, names the file after the
// org, the title and 第 N 期, and writes the audit row.
func (h *Handler) bulletinDocument(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		d, err := h.d.Bulletins.Document(r.Context(), id, format)
		if err != nil {
			return err
		}
		download(w, d.ContentType, d.Name, d.Data)
		return nil
	}
}
