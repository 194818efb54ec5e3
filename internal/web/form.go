package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"xuezuo"
)

// maxFormBytes bounds ordinary (non-upload) form bodies.
const maxFormBytes = 1 << 20

// msgBadDate is the message beside a date field that does not parse.
const msgBadDate = "日期格式不正确，应为 2006-01-02"

// parseForm reads a urlencoded form body of bounded size. A body that
// cannot be read leaves the form empty, so the service still runs its
// checks (scope first) and answers with its own messages.
func parseForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	_ = r.ParseForm()
}

// formValue returns a trimmed form field.
func formValue(r *http.Request, name string) string {
	return strings.TrimSpace(r.PostFormValue(name))
}

// formBool reads a checkbox.
func formBool(r *http.Request, name string) bool {
	switch r.PostFormValue(name) {
	case "on", "1", "true", "yes":
		return true
	}
	return false
}

// parseDate parses 'YYYY-MM-DD'; "" is the zero Date.
func parseDate(s string) (xuezuo.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return xuezuo.Date{}, nil
	}
	if len(s) != len(time.DateOnly) {
		return xuezuo.Date{}, xuezuo.Errorf(xuezuo.EInvalid, msgBadDate)
	}
	d, err := xuezuo.ParseDate(s)
	if err != nil {
		return xuezuo.Date{}, xuezuo.Errorf(xuezuo.EInvalid, msgBadDate)
	}
	return d, nil
}

// parseBirth parses a birth date, which may be a bare 4-digit year when
// only the year is known; yearOnly reports that precision.
func parseBirth(s string) (d xuezuo.Date, yearOnly bool, err error) {
	s = strings.TrimSpace(s)
	if len(s) == 4 {
		y, err := strconv.Atoi(s)
		if err != nil || y < 1000 {
			return xuezuo.Date{}, false, xuezuo.Errorf(xuezuo.EInvalid, msgBadDate)
		}
		return xuezuo.NewDate(y, 1, 1), true, nil
	}
	d, err = parseDate(s)
	return d, false, err
}

// dateField parses a date field into v's errors.
func dateField(v *xuezuo.Validation, field, s string) xuezuo.Date {
	d, err := parseDate(s)
	if err != nil {
		v.Add(field, msgBadDate)
	}
	return d
}

// idValue parses an id field; anything but a positive number is 0, which
// the services answer with their own field message.
func idValue(s string) xuezuo.ID {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// lines splits a textarea into its non-blank lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// beijingTime formats an instant as Beijing wall time.
func beijingTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(xuezuo.Beijing).Format(time.DateTime)
}

// submission is one form post as its handler describes it to submit.
type submission struct {
	// pre holds errors found before the service runs (dates that do not
	// parse); nil when the form has none of its own.
	pre *xuezuo.Validation
	// shown lists the fields the form shows beside their inputs; other
	// field messages are listed above the form.
	shown []string
	// save calls the service and returns where to go on success.
	save func() (next string, err error)
	// again renders the form once more with its input and the errors.
	again func(fe FormErrors, status int) error
}

// submit ends every form handler the same way: the service's success
// redirects (303), its validation or conflict errors re-render the form with
// each message beside its field (422 or 409), and any other error goes back
// to the route wrapper. Local errors in pre skip the service altogether.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request, s submission) error {
	fe, bad := FormErrors{}, false
	if s.pre != nil {
		fe, bad = fieldErrors(s.pre, s.shown...)
	}
	status := http.StatusUnprocessableEntity
	if !bad {
		next, err := s.save()
		if err == nil {
			return h.seeOther(w, r, next)
		}
		return formFailed(err, s.again, s.shown...)
	}
	return s.again(fe, status)
}

// formFailed re-renders a form through again when err carries messages for
// the user (invalid input, a conflict); any other error is returned for the
// route wrapper to map.
func formFailed(err error, again func(fe FormErrors, status int) error, shown ...string) error {
	fe, status, ok := formErrors(err, shown...)
	if !ok {
		return err
	}
	return again(fe, status)
}
