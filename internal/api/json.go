package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"
	"xuezuo/internal/server"

	"xuezuo"
)

// list is the one shape of every list answer: the total (all matches, not
// only this page) and the page's items.
type list[T any] struct {
	Total int `json:"total"`
	Items []T `json:"items"`
}

// listOf answers an unpaged list: the total is its length.
func listOf[T any](xs []T) list[T] { return list[T]{Total: len(xs), Items: xs} }

// getJSON answers the GET of one record: the path's {id}, read through
// get (which answers not found for a missing record and one outside the
// actor's scope alike), encoded by out.
func getJSON[T any, J any](w http.ResponseWriter, r *http.Request, get func(context.Context, xuezuo.ID) (T, error), out func(T) J) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := get(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out(v))
}

// maxPage and maxMemberPage are the largest limits of paged lists.
const (
	maxPage       = 100
	maxMemberPage = 200
)

// maxBody bounds JSON request bodies.
const maxBody = 1 << 20

// errorBody is the one error shape of the API.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

// status maps an error code to its HTTP status, once.
func status(code string) int {
	switch code {
	case xuezuo.EInvalid:
		return http.StatusUnprocessableEntity
	case xuezuo.ENotFound:
		return http.StatusNotFound
	case xuezuo.EConflict:
		return http.StatusConflict
	case xuezuo.EForbidden:
		return http.StatusForbidden
	case xuezuo.EUnauthenticated, xuezuo.EMustChangePassword:
		return http.StatusUnauthorized
	case xuezuo.ETooManyRequests:
		return http.StatusTooManyRequests
	case codeMalformed:
		return http.StatusBadRequest
	case codeMethod:
		return http.StatusMethodNotAllowed
	case codeMediaType:
		return http.StatusUnsupportedMediaType
	}
	return http.StatusInternalServerError
}

// codeMethod and codeMediaType are the API's own error codes beside the
// domain's: a wrong method (405) and a body that is not JSON by its type (415).
const (
	codeMethod    = "method_not_allowed"
	codeMediaType = "unsupported_media_type"
)

// writeErr answers with the error shape; only internal errors are logged.
func (h *Handler) writeErr(w http.ResponseWriter, r *http.Request, err error) {
	code := xuezuo.ErrorCode(err)
	d := errorDetail{Code: code, Message: xuezuo.ErrorMessage(err), Fields: xuezuo.ErrorFields(err)}
	if code == xuezuo.EInternal {
		if d.RequestID = server.RequestID(r.Context()); d.RequestID == "" {
			d.RequestID = server.NewRequestID() // a handler tested without the server's layers
		}
		h.log.ErrorContext(r.Context(), "api internal error", slog.String("request_id", d.RequestID),
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
	}
	writeJSON(w, status(code), errorBody{Error: d})
}

// CrossOriginRefused is the API's answer to a state-changing request a
// browser sent from another site (http.CrossOriginProtection's deny
// handler): 403 in the one error shape.
func (h *Handler) CrossOriginRefused(w http.ResponseWriter, r *http.Request) {
	h.writeErr(w, r, xuezuo.Errorf(xuezuo.EForbidden, "跨站请求已被拒绝：接口只接受本站页面或持令牌的程序发出的请求"))
}

// writeJSON writes v with the status. It returns nil so that a handler can
// end with it: once the header is out, a failed write means the client
// left, and there is nobody to tell.
func writeJSON(w http.ResponseWriter, code int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return nil
}

// created answers 201 with v and, where a GET of the new resource exists,
// its address in Location.
func created(w http.ResponseWriter, location string, v any) error {
	if location != "" {
		w.Header().Set("Location", location)
	}
	return writeJSON(w, http.StatusCreated, v)
}

// jsonBody refuses a body declared as another type (a form post, a file):
// 415 says what to send instead of a confusing parse error. A missing
// Content-Type is read as JSON, as curl's --json and most clients send it.
func jsonBody(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return xuezuo.Errorf(codeMediaType, "请求体须为 JSON：请设置 Content-Type: application/json")
	}
	return nil
}

// codeMalformed marks a body that is not JSON at all (400, not 422).
const codeMalformed = "malformed"

// parseDate accepts 'YYYY-MM-DD' or RFC 3339 (its Beijing date); yearOK
// also accepts a bare year. Empty gives the zero Date.
func parseDate(s string, yearOK bool) (d xuezuo.Date, yearOnly bool, err error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return xuezuo.Date{}, false, nil
	case yearOK && len(s) == 4:
		t, err := time.Parse("2006", s)
		if err != nil {
			return d, false, err
		}
		return xuezuo.NewDate(t.Year(), 1, 1), true, nil
	case len(s) == 10:
		d, err = xuezuo.ParseDate(s)
		return d, false, err
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return d, false, err
	}
	return xuezuo.DateOf(t), false, nil
}

// dates parses several date fields, collecting field errors.
type dates struct{ v xuezuo.Validation }

func (p *dates) get(field, s string) xuezuo.Date {
	d, _, err := parseDate(s, false)
	if err != nil {
		p.v.Add(field, "日期格式不正确，应为 2006-01-02")
	}
	return d
}

func dateOut(d xuezuo.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func timeOut(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(xuezuo.Beijing).Format(time.RFC3339)
}

// parseTime accepts RFC 3339 or empty (the zero time).
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	return t.UTC(), err
}
