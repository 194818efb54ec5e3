package web

import (
	"fmt"
	"net/http"
	"strings"

	"xuezuo"
	"xuezuo/internal/attachment"
	"xuezuo/internal/member"
	"xuezuo/internal/org"
	"xuezuo/internal/reflection"
	"xuezuo/internal/report"
)

// reflectionPageSize is the number of reflections per page of a list.
const reflectionPageSize = 20

// ReflectionForm is what a member types, kept on a 422.
type ReflectionForm struct {
	TopicID, Title, Body string
}

// ReflectionFormPage is GET /reflections/new and a failed POST.
type ReflectionFormPage struct {
	Base
	Form   ReflectionForm
	Errors FormErrors
	Topics []Option
}

// reflectionNew shows the writing form; ?topic preselects the topic.
func (h *Handler) reflectionNew(w http.ResponseWriter, r *http.Request) error {
	h.reflectionForm(w, r, http.StatusOK, ReflectionForm{TopicID: r.URL.Query().Get("topic")}, FormErrors{})
	return nil
}

func (h *Handler) reflectionForm(w http.ResponseWriter, r *http.Request, status int, f ReflectionForm, fe FormErrors) error {
	topics, err := h.topicOptions(r.Context(), 0)
	if err != nil {
		return err
	}
	return h.render(w, r, status, "reflection_form.html", ReflectionFormPage{Base: h.base(r, "写心得体会"), Form: f, Errors: fe, Topics: topics})
}

// reflectionCreate submits the acting member's reflection.
func (h *Handler) reflectionCreate(w http.ResponseWriter, r *http.Request) error {
	parseForm(w, r)
	f := ReflectionForm{TopicID: formValue(r, "topic_id"), Title: formValue(r, "title"), Body: strings.TrimSpace(r.PostFormValue("body"))}
	return h.submit(w, r, submission{shown: []string{"topic_id", "title", "body"},
		save: func() (string, error) {
			ref, err := h.d.Reflection.Submit(r.Context(), reflection.Input{TopicID: idValue(f.TopicID), Title: f.Title, Body: f.Body})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("/reflections/%d", ref.ID), nil
		},
		again: func(fe FormErrors, status int) error {
			return h.reflectionForm(w, r, status, f, fe)
		}})
}

// ReflectionPage is GET /reflections/{id}.
type ReflectionPage struct {
	Base
	Reflection  *reflection.Reflection
	Topic       string
	Paragraphs  []string
	Status      string
	CanEdit     bool
	CanReview   bool
	Form        ReflectionForm
	Errors      FormErrors
	Attachments AttachmentBox
	// Recognition lists where the reflection was recommended to (推荐至 …).
	Recognition   []HopView
	CanForward    bool
	ForwardAction string
	ForwardNote   string
}

var reflectionStatusLabels = map[string]string{reflection.Draft: "草稿", reflection.Submitted: "已提交", reflection.Reviewed: "已审阅"}

// reflectionPage loads a reflection with the buttons plausible for the actor.
func (h *Handler) reflectionPage(r *http.Request, id xuezuo.ID) (ReflectionPage, error) {
	ctx := r.Context()
	ref, err := h.d.Reflection.Get(ctx, id)
	if err != nil {
		return ReflectionPage{}, err
	}
	a := actor(ctx)
	p := ReflectionPage{Base: h.base(r, ref.Title), Reflection: ref, Paragraphs: lines(ref.Body),
		Status:    reflectionStatusLabels[ref.Status],
		CanEdit:   a.MemberID == ref.MemberID && ref.Status != reflection.Reviewed,
		CanReview: isWriter(a) && ref.Status == reflection.Submitted,
		Form:      ReflectionForm{Title: ref.Title, Body: ref.Body}}
	if p.Title == "" {
		p.Title = "心得体会"
	}
	if t, c, err := h.d.Campaign.Topic(ctx, ref.TopicID); h.optional(ctx, "reflection topic", err) {
		p.Topic = fmt.Sprintf("%s · 专题%d %s", c.Title, t.No, t.Title)
	}
	if p.Attachments, err = h.attachmentBox(ctx, attachment.Reflection, id, fmt.Sprintf("/reflections/%d/attachments", id), p.CanEdit); err != nil {
		return ReflectionPage{}, err
	}
	p.Attachments.CSRFToken = p.CSRFToken()
	if ref.Status != reflection.Draft {
		hops, err := h.d.Report.Recognition(ctx, id)
		if err != nil {
			return ReflectionPage{}, err
		}
		p.Recognition = hopViews(hops)
		p.CanForward = h.d.Report.CanForwardItem(ctx, report.KindReflection, id)
		p.ForwardAction = fmt.Sprintf("/reflections/%d/forward", id)
	}
	p.Attachments.Hint = fmt.Sprintf("附上文件（可选，如手写心得的照片或 Word 文档；不超过 %d MB；审阅前可改）", attachment.MaxBytes>>20)
	return p, nil
}

// reflectionShow shows a reflection.
func (h *Handler) reflectionShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.reflectionPage(r, id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "reflection.html", p)
}

// reflectionUpdate edits the own reflection until it is reviewed.
func (h *Handler) reflectionUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	parseForm(w, r)
	f := ReflectionForm{Title: formValue(r, "title"), Body: strings.TrimSpace(r.PostFormValue("body"))}
	cur, err := h.d.Reflection.Get(r.Context(), id)
	if err != nil {
		return err
	}
	return h.submit(w, r, submission{shown: []string{"title", "body"},
		save: func() (string, error) {
			_, err := h.d.Reflection.Update(r.Context(), id, reflection.Input{TopicID: cur.TopicID, Title: f.Title, Body: f.Body})
			return fmt.Sprintf("/reflections/%d", id), err
		},
		again: func(fe FormErrors, status int) error {
			p, err := h.reflectionPage(r, id)
			if err != nil {
				return err
			}
			p.Form, p.Errors = f, fe
			return h.render(w, r, status, "reflection.html", p)
		}})
}

// reflectionReview marks a reflection reviewed.
func (h *Handler) reflectionReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.d.Reflection.Review(r.Context(), id); err != nil {
		return err
	}
	return h.seeOther(w, r, fmt.Sprintf("/reflections/%d", id))
}

// ReflectionRow is a reflection in a list.
type ReflectionRow struct {
	ID                       xuezuo.ID
	Title, Author, Submitted string
	Status                   string
	Excerpt                  string
}

// WrittenRow is one member of the secretary's follow-up list.
type WrittenRow struct {
	MemberID     xuezuo.ID
	Name         string
	ReflectionID xuezuo.ID // 0 when not written
}

// OrgReflectionsPage is GET /orgs/{id}/reflections.
type OrgReflectionsPage struct {
	Base
	Org          *org.Org
	URL          string
	TopicID, Q   string
	Topics       []Option
	Rows         []ReflectionRow
	Pager        Pager
	Written      []WrittenRow
	WrittenCount int
	Errors       FormErrors
}

// excerpt is the first runes of a body for a list.
func excerpt(s string, n int) string {
	r := []rune(strings.Join(lines(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}

// orgReflections lists the reflections under an org with a search box; with
// a topic chosen, a secretary also sees who has and has not written.
func (h *Handler) orgReflections(w http.ResponseWriter, r *http.Request) error {
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
	p := OrgReflectionsPage{Base: h.base(r, o.Name+" · 心得体会"), Org: o, URL: fmt.Sprintf("/orgs/%d/reflections", id),
		TopicID: q.Get("topic"), Q: strings.TrimSpace(q.Get("q"))}
	if p.Topics, err = h.topicOptions(ctx, id); err != nil {
		return err
	}
	page := pageNumber(r)
	items, total, err := h.d.Reflection.List(ctx, reflection.Filter{OrgID: id, TopicID: idValue(p.TopicID), Q: p.Q,
		Limit: reflectionPageSize, Offset: (page - 1) * reflectionPageSize})
	if err != nil {
		fe, status, ok := formErrors(err, "q")
		if !ok {
			return err
		}
		p.Errors = fe
		return h.render(w, r, status, "reflections.html", p)
	}
	for _, it := range items {
		p.Rows = append(p.Rows, ReflectionRow{ID: it.ID, Title: it.Title, Author: it.MemberName, Submitted: beijingTime(it.SubmittedAt),
			Status: reflectionStatusLabels[it.Status], Excerpt: excerpt(it.Body, 60)})
	}
	p.Pager = newPager(p.URL, q, page, reflectionPageSize, total)
	if topic := idValue(p.TopicID); topic != 0 && isWriter(actor(ctx)) {
		ms, err := h.d.Member.List(ctx, member.Filter{OrgID: id, Limit: whoWroteLimit})
		if err != nil {
			return err
		}
		ws, err := h.d.Reflection.WhoWrote(ctx, topic, id, ms.Items)
		if err != nil {
			return err
		}
		for _, wr := range ws {
			row := WrittenRow{MemberID: wr.MemberID, Name: wr.MemberName}
			if wr.Reflection != nil {
				row.ReflectionID = wr.Reflection.ID
				p.WrittenCount++
			}
			p.Written = append(p.Written, row)
		}
	}
	return h.render(w, r, http.StatusOK, "reflections.html", p)
}
