package xuezuo

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. The web and API front doors map each to one HTTP status.
const (
	EInvalid         = "invalid"         // 422: input failed validation
	ENotFound        = "not_found"       // 404: missing, or outside the actor's scope
	EConflict        = "conflict"        // 409: duplicate or concurrent change
	EForbidden       = "forbidden"       // 403: the role may never use this operation
	EUnauthenticated = "unauthenticated" // 401: no valid session or token
	// EMustChangePassword (401): the password is a one-time password from
	// a reset and must be changed before anything else.
	EMustChangePassword = "must_change_password"
	// ETooManyRequests (429 with Retry-After): a per-address limit or the
	// hashing queue is full; try again later.
	ETooManyRequests = "too_many_requests"
	EInternal        = "internal" // 500: a bug or an outage; the message is generic
)

// Error is the one error type of xuezuo. Message is zh-CN and safe to show;
// Fields holds per-field validation messages keyed by form field or JSON name.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	Err     error // the cause, for logs only
}

// Error implements the error interface.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " [%s: %s]", k, e.Fields[k])
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a formatted zh-CN message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-facing message of err; internal errors get a
// generic text so that no driver detail reaches a user.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EInternal && e.Message != "" {
		return e.Message
	}
	return "系统繁忙，请稍后再试"
}

// ErrorFields returns the field messages of err, or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// NotFound is the error for a missing record or one outside the actor's scope;
// both answer the same so that no existence leaks.
func NotFound(what string) *Error {
	return &Error{Code: ENotFound, Message: what + "不存在或无权访问"}
}

// NotFoundAs answers a failed read: a not-found error (no such row, or a
// record outside the actor's scope) becomes "what 不存在或无权访问", and any
// other error is wrapped with the operation (format and args) and travels up
// as itself, so that a closed database or a timeout becomes a 500 with a
// logged request id instead of reading as a missing record.
func NotFoundAs(err error, what string, format string, args ...any) error {
	if err == nil {
		return nil
	}
	if ErrorCode(err) == ENotFound {
		return NotFound(what)
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// Forbidden is the error for an operation the actor's roles never allow.
func Forbidden() *Error {
	return &Error{Code: EForbidden, Message: "当前角色无权执行此操作"}
}

// Validation collects field errors; its zero value is ready to use.
type Validation struct {
	fields map[string]string
}

// Add records msg for field unless the field already has a message.
func (v *Validation) Add(field, msg string) {
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, ok := v.fields[field]; !ok {
		v.fields[field] = msg
	}
}

// Check records msg for field when ok is false.
func (v *Validation) Check(ok bool, field, msg string) {
	if !ok {
		v.Add(field, msg)
	}
}

// Has reports whether field already has an error.
func (v *Validation) Has(field string) bool {
	_, ok := v.fields[field]
	return ok
}

// Err returns nil when no field failed, else an EInvalid *Error.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Message: "提交的内容有误，请按提示修改", Fields: v.fields}
}
