package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"xuezuo"
	"xuezuo/internal/report"
)

type basicsJSON struct {
	HeldOn        *string       `json:"held_on"`
	Place         string        `json:"place"`
	Host          string        `json:"host"`
	Expected      int           `json:"expected"`
	Present       int           `json:"present"`
	Remote        int           `json:"remote"`
	Leave         int           `json:"leave"`
	Absent        int           `json:"absent"`
	Excluded      int           `json:"excluded"`
	Speakers      []speakerJSON `json:"speakers"`
	CadreSpeakers int           `json:"cadre_speakers"`
	Reflections   int           `json:"reflections"`
}

type speakerJSON struct {
	MemberID xuezuo.ID `json:"member_id"`
	Name     string    `json:"name"`
	Cadre    bool      `json:"cadre"`
}

type versionJSON struct {
	Version     int    `json:"version"`
	SubmittedAt string `json:"submitted_at"`
	State       string `json:"state"`
}

type summaryJSON struct {
	ID          xuezuo.ID     `json:"id"`
	OrgID       xuezuo.ID     `json:"org_id"`
	TopicID     xuezuo.ID     `json:"topic_id"`
	State       string        `json:"state"`
	Version     int           `json:"version"`
	Basics      basicsJSON    `json:"basics"`
	BasicsNote  string        `json:"basics_note"`
	Views       string        `json:"views"`
	DueOn       *string       `json:"due_on"`
	SubmittedAt *string       `json:"submitted_at"`
	Late        bool          `json:"late"`
	Reason      string        `json:"reason"`
	Versions    []versionJSON `json:"versions,omitzero"`
}

// summaryOut encodes a summary; withVersions lists its versions (a GET of
// one summary and the answers of its steps), which lists leave out.
func summaryOut(sm *report.Summary, withVersions bool) summaryJSON {
	b := sm.Basics
	j := summaryJSON{ID: sm.ID, OrgID: sm.OrgID, TopicID: sm.TopicID, State: sm.State, Version: sm.Version,
		Basics: basicsJSON{HeldOn: dateOut(b.HeldOn), Place: b.Place, Host: b.Host, Expected: b.Expected, Present: b.Present,
			Remote: b.Remote, Leave: b.Leave, Absent: b.Absent, Excluded: b.Excluded, Speakers: []speakerJSON{},
			CadreSpeakers: b.CadreSpeakers, Reflections: b.Reflections},
		BasicsNote: sm.BasicsNote, Views: sm.Views, DueOn: dateOut(sm.DueOn), Late: sm.Late, Reason: sm.Reason}
	for _, sp := range b.Speakers {
		j.Basics.Speakers = append(j.Basics.Speakers, speakerJSON(sp))
	}
	if !sm.SubmittedAt.IsZero() {
		at := timeOut(sm.SubmittedAt)
		j.SubmittedAt = &at
	}
	if withVersions {
		j.Versions = make([]versionJSON, len(sm.Versions))
		for i, v := range sm.Versions {
			j.Versions[i] = versionJSON{Version: v.Version, SubmittedAt: timeOut(v.SubmittedAt), State: v.State}
		}
	}
	return j
}

func summaryFull(sm *report.Summary) summaryJSON { return summaryOut(sm, true) }

type summaryCreateInput struct {
	OrgID   xuezuo.ID `json:"org_id"`
	TopicID xuezuo.ID `json:"topic_id"`
}

func (h *Handler) summaryCreate(w http.ResponseWriter, r *http.Request) error {
	var j summaryCreateInput
	if err := decode(r, &j); err != nil {
		return err
	}
	sm, err := h.svc.Report.Create(r.Context(), j.OrgID, j.TopicID)
	if err != nil {
		return err
	}
	return created(w, fmt.Sprintf("/api/v1/summaries/%d", sm.ID), summaryFull(sm))
}

func (h *Handler) summaryGet(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, h.svc.Report.Get, summaryFull)
}

type summaryEditInput struct {
	BasicsNote *string `json:"basics_note"`
	Views      *string `json:"views"`
}

type summaryReturnInput struct {
	Reason string `json:"reason"`
}

// summaryStep runs one step on the path's summary, read first so that a
// summary outside the actor's reach answers 404 whatever the body holds.
func (h *Handler) summaryStep(w http.ResponseWriter, r *http.Request, body any, step func(ctx context.Context, id xuezuo.ID) (*report.Summary, error)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Report.Get(r.Context(), id); err != nil {
		return err
	}
	if body != nil {
		if err := decode(r, body); err != nil {
			return err
		}
	}
	sm, err := step(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, summaryFull(sm))
}

func (h *Handler) summaryUpdate(w http.ResponseWriter, r *http.Request) error {
	var j summaryEditInput
	return h.summaryStep(w, r, &j, func(ctx context.Context, id xuezuo.ID) (*report.Summary, error) {
		return h.svc.Report.Edit(ctx, id, report.Input{BasicsNote: j.BasicsNote, Views: j.Views})
	})
}

func (h *Handler) summarySubmit(w http.ResponseWriter, r *http.Request) error {
	return h.summaryStep(w, r, nil, h.svc.Report.Submit)
}

func (h *Handler) summaryAccept(w http.ResponseWriter, r *http.Request) error {
	return h.summaryStep(w, r, nil, h.svc.Report.Accept)
}

func (h *Handler) summaryReturn(w http.ResponseWriter, r *http.Request) error {
	var j summaryReturnInput
	return h.summaryStep(w, r, &j, func(ctx context.Context, id xuezuo.ID) (*report.Summary, error) {
		return h.svc.Report.Return(ctx, id, j.Reason)
	})
}

// summaryList pages the summaries under an org: ?org=N[&topic=&state=][&limit=&offset=].
func (h *Handler) summaryList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	orgID, err := strconv.ParseInt(q.Get("org"), 10, 64)
	if err != nil || orgID <= 0 {
		return fieldError("org", "请用 org 参数指定组织")
	}
	f := report.Filter{OrgID: orgID, State: q.Get("state")}
	if t := q.Get("topic"); t != "" {
		if f.TopicID, err = strconv.ParseInt(t, 10, 64); err != nil || f.TopicID <= 0 {
			return fieldError("topic", "topic 须为专题编号")
		}
	}
	if f.Limit, f.Offset, err = paging(r, maxPage); err != nil {
		return err
	}
	xs, total, err := h.svc.Report.List(r.Context(), f)
	if err != nil {
		return err
	}
	out := list[summaryJSON]{Total: total, Items: make([]summaryJSON, len(xs))}
	for i := range xs {
		out.Items[i] = summaryOut(&xs[i], false)
	}
	return writeJSON(w, http.StatusOK, out)
}

// summaryStatusRowJSON is one line of a status table (domain.md §5.6).
type summaryStatusRowJSON struct {
	OrgID     xuezuo.ID `json:"org_id"`
	Name      string    `json:"name"`
	Expected  int       `json:"expected"`
	Submitted int       `json:"submitted"`
	Returned  int       `json:"returned"`
	Accepted  int       `json:"accepted"`
	Missing   int       `json:"missing"`
	Late      int       `json:"late"`
}

func statusRowOut(r report.StatusRow) summaryStatusRowJSON {
	return summaryStatusRowJSON{OrgID: r.OrgID, Name: r.Name, Expected: r.Expected, Submitted: r.Submitted,
		Returned: r.Returned, Accepted: r.Accepted, Missing: r.Missing, Late: r.Late}
}

// summaryStatusJSON is a status table: its rows and their sums.
type summaryStatusJSON struct {
	list[summaryStatusRowJSON]
	Totals summaryStatusRowJSON `json:"totals"`
	DueOn  *string              `json:"due_on"`
}

// summaryStatus answers the status table of a topic's summaries under an
// org: ?org=N&topic=T[&by=child|unit].
func (h *Handler) summaryStatus(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	orgID, err := strconv.ParseInt(q.Get("org"), 10, 64)
	if err != nil || orgID <= 0 {
		return fieldError("org", "请用 org 参数指定组织")
	}
	topicID, err := strconv.ParseInt(q.Get("topic"), 10, 64)
	if err != nil || topicID <= 0 {
		return fieldError("topic", "请用 topic 参数指定专题")
	}
	st, err := h.svc.Report.StatusBy(r.Context(), orgID, topicID, q.Get("by"))
	if err != nil {
		return err
	}
	rows := make([]summaryStatusRowJSON, len(st.Rows))
	for i, row := range st.Rows {
		rows[i] = statusRowOut(row)
	}
	return writeJSON(w, http.StatusOK, summaryStatusJSON{list: listOf(rows), Totals: statusRowOut(st.Total), DueOn: dateOut(st.DueOn)})
}
