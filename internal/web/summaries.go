package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"xuezuo"
	"xuezuo/internal/attachment"
	"xuezuo/internal/org"
	"xuezuo/internal/report"
)

// summaryPageSize is the number of summaries per page of the drill-down.
const summaryPageSize = 20

// SummaryRow is one summary in the drill-down list.
type SummaryRow struct {
	ID        xuezuo.ID
	Branch    string
	State     string
	StateCode string
	Version   int
	Submitted string
	Late      bool
}

// SummaryStatusRow is one line of the status table, linked to its org's
// own table (or to the branch's summaries).
type SummaryStatusRow struct {
	report.StatusRow
	URL string
}

// OrgSummariesPage is GET /orgs/{id}/summaries: the status of a topic's
// summaries under the org per child org, and the summaries themselves.
type OrgSummariesPage struct {
	Base
	Org      *org.Org
	URL      string
	TopicID  string
	State    string
	Topics   []Option
	States   []Option
	Status   *report.Status
	Rows     []SummaryStatusRow
	List     []SummaryRow
	Pager    Pager
	CanDraft bool // a branch without a summary on the topic, and the actor may draft it
	CanDue   bool
	DueForm  string // the due date typed, kept on a 422
	Errors   FormErrors
}

var summaryStates = []Option{{Value: report.Draft, Label: "草稿"}, {Value: report.Submitted, Label: "已报送"},
	{Value: report.Returned, Label: "已退回"}, {Value: report.Accepted, Label: "已通过"}}

// orgSummaries shows the status table of a topic under the org.
func (h *Handler) orgSummaries(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p, err := h.orgSummariesPage(r, id, q.Get("topic"), q.Get("state"))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "summaries.html", p)
}

func (h *Handler) orgSummariesPage(r *http.Request, id xuezuo.ID, topic, state string) (OrgSummariesPage, error) {
	ctx := r.Context()
	o, err := h.d.Org.Get(ctx, id)
	if err != nil {
		return OrgSummariesPage{}, err
	}
	p := OrgSummariesPage{Base: h.base(r, o.Name+" · 总结材料"), Org: o, URL: fmt.Sprintf("/orgs/%d/summaries", id),
		TopicID: topic, State: state, States: summaryStates}
	scope := xuezuo.ID(0)
	if o.Kind == org.KindBranch {
		scope = o.ID // a branch picks among the topics it must answer
	}
	if p.Topics, err = h.topicOptions(ctx, scope); err != nil {
		return p, err
	}
	topicID := idValue(topic)
	if topicID == 0 {
		return p, nil
	}
	if p.Status, err = h.d.Report.Status(ctx, id, topicID); err != nil {
		return p, err
	}
	for _, row := range p.Status.Rows {
		p.Rows = append(p.Rows, SummaryStatusRow{StatusRow: row, URL: fmt.Sprintf("/orgs/%d/summaries?topic=%d", row.OrgID, topicID)})
	}
	page := pageNumber(r)
	items, total, err := h.d.Report.List(ctx, report.Filter{OrgID: id, TopicID: topicID, State: state,
		Limit: summaryPageSize, Offset: (page - 1) * summaryPageSize})
	if err != nil {
		return p, err
	}
	for _, it := range items {
		p.List = append(p.List, SummaryRow{ID: it.ID, Branch: it.OrgName, State: report.StateLabel(it.State), StateCode: it.State,
			Version: it.Version, Submitted: beijingTime(it.SubmittedAt), Late: it.Late})
	}
	q := r.URL.Query()
	p.Pager = newPager(p.URL, q, page, summaryPageSize, total)
	p.CanDraft = o.Kind == org.KindBranch && o.Active() && total == 0 && state == "" && h.d.Report.CanDraft(ctx, id)
	p.CanDue = o.Kind == org.KindCommittee && h.d.Report.CanSetDue(ctx, id)
	return p, nil
}

// summaryCreate drafts the branch's summary on the chosen topic.
func (h *Handler) summaryCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	topic := formValue(r, "topic_id")
	return h.submit(w, r, submission{shown: []string{"topic_id"},
		save: func() (string, error) {
			sm, err := h.d.Report.Create(r.Context(), id, idValue(topic))
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("/summaries/%d", sm.ID), nil
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.orgSummariesPage(r, id, topic, "")
			if err != nil {
				return err
			}
			p.Errors = fe
			return h.render(w, r, status, "summaries.html", p)
		}})
}

// summaryDue sets the due date of the topic's summaries under a committee.
func (h *Handler) summaryDue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	topic, due := formValue(r, "topic_id"), formValue(r, "due_on")
	var pre xuezuo.Validation
	day, derr := xuezuo.ParseDate(due)
	pre.Check(derr == nil, "due_on", "报送期限格式不正确，应为 2016-05-15 这样的日期")
	return h.submit(w, r, submission{pre: &pre, shown: []string{"due_on"},
		save: func() (string, error) {
			err := h.d.Report.SetDue(r.Context(), id, idValue(topic), day)
			return fmt.Sprintf("/orgs/%d/summaries?topic=%s", id, topic), err
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.orgSummariesPage(r, id, topic, "")
			if err != nil {
				return err
			}
			p.Errors, p.DueForm = fe, due
			return h.render(w, r, status, "summaries.html", p)
		}})
}

// SummaryPage is GET /summaries/{id}.
type SummaryPage struct {
	Base
	Summary  *report.Summary
	Topic    string
	State    string
	Allowed  report.Allowed
	Note     []string // the basics note's paragraphs
	Views    []string
	Changes  *SummaryChanges // nil unless a resubmitted version awaits review
	Versions []SummaryVersionView
	Form     SummaryForm
	Reason   string // the return reason typed, kept on a 422
	// CanForward offers the 推荐上报 form on an accepted summary.
	CanForward    bool
	ForwardAction string
	ForwardNote   string
	// Attachments are the summary's photos and minutes: the branch's
	// writers change them while it is a draft or returned.
	Attachments AttachmentBox
	Errors      FormErrors
}

// SummaryForm is the edit form's input, kept on a 422.
type SummaryForm struct {
	BasicsNote, Views string
}

// SummaryVersionView is one kept version in the history.
type SummaryVersionView struct {
	report.Version
	State       string
	Submitted   string
	Decided     string
	Note, Views []string
}

// SummaryChanges are the line diffs since the returned version.
type SummaryChanges struct {
	Since       int
	Note, Views []DiffLine
}

// DiffLine is one line of a diff as the page shows it.
type DiffLine struct {
	Class, Mark, Text string
}

func diffLines(ls []report.Line) []DiffLine {
	out := make([]DiffLine, len(ls))
	for i, l := range ls {
		switch l.Op {
		case '+':
			out[i] = DiffLine{"diff-add", "+", l.Text}
		case '-':
			out[i] = DiffLine{"diff-del", "−", l.Text}
		default:
			out[i] = DiffLine{"diff-same", " ", l.Text}
		}
	}
	return out
}

// summaryPage loads a summary with the steps the service allows the actor.
func (h *Handler) summaryPage(r *http.Request, id xuezuo.ID) (SummaryPage, error) {
	ctx := r.Context()
	sm, err := h.d.Report.Get(ctx, id)
	if err != nil {
		return SummaryPage{}, err
	}
	p := SummaryPage{Base: h.base(r, sm.OrgName+" · 总结材料"), Summary: sm, State: report.StateLabel(sm.State),
		Allowed: h.d.Report.Can(ctx, sm), Form: SummaryForm{BasicsNote: sm.BasicsNote, Views: sm.Views},
		Note: lines(sm.BasicsNote), Views: lines(sm.Views)}
	p.CanForward = sm.State == report.Accepted && h.d.Report.CanForwardItem(ctx, report.KindSummary, sm.ID)
	p.ForwardAction = fmt.Sprintf("/summaries/%d/forward", sm.ID)
	if t, c, err := h.d.Campaign.Topic(ctx, sm.TopicID); h.optional(ctx, "summary topic", err) {
		p.Topic = fmt.Sprintf("%s · 专题%d %s", c.Title, t.No, t.Title)
	}
	// The reviewer reads what the branch changed after a return.
	if c := sm.SinceReturn(); c != nil && sm.State == report.Submitted {
		p.Changes = &SummaryChanges{Since: c.Since, Note: diffLines(c.BasicsNote), Views: diffLines(c.Views)}
	}
	if p.Attachments, err = h.attachmentBox(ctx, attachment.Summary, id, fmt.Sprintf("/summaries/%d/attachments", id), p.Allowed.Edit); err != nil {
		return SummaryPage{}, err
	}
	p.Attachments.CSRFToken = p.CSRFToken()
	p.Attachments.Hint = fmt.Sprintf("上传学习现场照片、会议纪要等（图片、PDF、Word、Excel、文本，每个不超过 %d MB；报送后不能再改，被退回后可改）", attachment.MaxBytes>>20)
	for i := len(sm.Versions) - 1; i >= 0; i-- {
		v := sm.Versions[i]
		p.Versions = append(p.Versions, SummaryVersionView{Version: v, State: report.StateLabel(v.State),
			Submitted: beijingTime(v.SubmittedAt), Decided: beijingTime(v.DecidedAt), Note: lines(v.BasicsNote), Views: lines(v.Views)})
	}
	return p, nil
}

// summaryShow shows a summary.
func (h *Handler) summaryShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.summaryPage(r, id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "summary.html", p)
}

// summaryUpdate saves the note and the views of a draft or returned summary.
func (h *Handler) summaryUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	f := SummaryForm{BasicsNote: strings.TrimSpace(r.PostFormValue("basics_note")), Views: strings.TrimSpace(r.PostFormValue("views"))}
	return h.summaryForm(w, r, id, []string{"basics_note", "views"}, func(ctx context.Context) error {
		_, err := h.d.Report.Edit(ctx, id, report.Input{BasicsNote: &f.BasicsNote, Views: &f.Views})
		return err
	}, func(p *SummaryPage) { p.Form = f })
}

// summarySubmit sends the summary up.
func (h *Handler) summarySubmit(w http.ResponseWriter, r *http.Request) error {
	return h.summaryStep(w, r, func(ctx context.Context, id xuezuo.ID) error { _, err := h.d.Report.Submit(ctx, id); return err })
}

// summaryAccept accepts the submitted summary.
func (h *Handler) summaryAccept(w http.ResponseWriter, r *http.Request) error {
	return h.summaryStep(w, r, func(ctx context.Context, id xuezuo.ID) error { _, err := h.d.Report.Accept(ctx, id); return err })
}

// summaryReturn returns the submitted summary with a reason.
func (h *Handler) summaryReturn(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	return h.summaryForm(w, r, id, []string{"reason"}, func(ctx context.Context) error {
		_, err := h.d.Report.Return(ctx, id, reason)
		return err
	}, func(p *SummaryPage) { p.Reason = reason })
}

// summaryStep runs a step without input; its errors show on the page.
func (h *Handler) summaryStep(w http.ResponseWriter, r *http.Request, step func(context.Context, xuezuo.ID) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	return h.summaryForm(w, r, id, []string{"views"}, func(ctx context.Context) error { return step(ctx, id) }, nil)
}

// summaryForm ends the summary's post handlers: back to the summary on
// success, else the summary page again with the input kept and the errors.
func (h *Handler) summaryForm(w http.ResponseWriter, r *http.Request, id xuezuo.ID, shown []string, save func(context.Context) error, keep func(*SummaryPage)) error {
	return h.submit(w, r, submission{shown: shown,
		save: func() (string, error) {
			return fmt.Sprintf("/summaries/%d", id), save(r.Context())
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.summaryPage(r, id)
			if err != nil {
				return err
			}
			if keep != nil {
				keep(&p)
			}
			p.Errors = fe
			return h.render(w, r, status, "summary.html", p)
		}})
}
