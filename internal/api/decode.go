package api

import (
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"xuezuo"
)

// decodeOptions are the v2 rules the API reads bodies with. Beside v2's
// defaults (names match exactly, duplicate names and invalid UTF-8 are
// errors, nothing may follow the value), unknown names are refused so that
// a typo is reported instead of silently ignored. encoding/json matches
// names case-insensitively, keeps the last of duplicate names and needs a
// second Decode to see trailing data: each would let a proxy or a log and
// the server read two different requests from one body.
var decodeOptions = jsonv2.RejectUnknownMembers(true)

// decode reads one JSON object into v. A body that is not one clean JSON
// object (a syntax error, duplicate or wrong-case names, trailing data,
// invalid UTF-8, not an object) is malformed: 400 with a zh-CN message that
// names the problem. A name v does not have, or a value of the wrong type,
// is invalid: 422 with the field keyed by its path (topics[0].title).
func decode(r *http.Request, v any) error {
	if err := jsonBody(r); err != nil {
		return err
	}
	return decodeFrom(io.LimitReader(r.Body, maxBody), v)
}

// decodeFrom is decode without the request: the fuzz target's entry.
func decodeFrom(body io.Reader, v any) error {
	err := jsonv2.UnmarshalRead(body, v, decodeOptions)
	if err == nil {
		return nil
	}
	var syn *jsontext.SyntacticError
	var sem *jsonv2.SemanticError
	switch {
	case errors.Is(err, jsontext.ErrDuplicateName):
		return malformed("字段“" + fieldPath(pointerOf(err)) + "”出现了两次，每个字段只能出现一次")
	case errors.As(err, &syn):
		msg := syn.Err.Error()
		switch {
		case strings.Contains(msg, "after top-level value"):
			return malformed("JSON 对象之后还有多余的内容，请只发送一个 JSON 对象")
		case strings.Contains(msg, "invalid UTF-8"):
			return malformed("请求体含有无效的 UTF-8 字符，请以 UTF-8 编码发送")
		}
		return errMalformed
	case errors.As(err, &sem):
		return semanticErr(sem)
	}
	return errMalformed
}

// semanticErr maps a v2 unmarshal error on a well-formed body.
func semanticErr(sem *jsonv2.SemanticError) error {
	if sem.JSONPointer == "" {
		return malformed("请求体须为一个 JSON 对象")
	}
	name := sem.JSONPointer.LastToken()
	field := fieldPath(sem.JSONPointer)
	if errors.Is(sem.Err, jsonv2.ErrUnknownName) {
		if want := foldMatch(sem.GoType, name); want != "" {
			return malformed("字段名“" + name + "”大小写不正确，应为“" + want + "”")
		}
		return &xuezuo.Error{Code: xuezuo.EInvalid, Message: "不认识的字段：" + field, Fields: map[string]string{field: "不认识的字段"}}
	}
	return &xuezuo.Error{Code: xuezuo.EInvalid, Message: "字段类型不正确：" + field, Fields: map[string]string{field: "类型不正确"}}
}

// foldMatch returns the JSON name of a field of struct type t that equals
// name but for case, or "". encoding/json accepted such names; telling the
// client the right spelling beats a bare "unknown field".
func foldMatch(t reflect.Type, name string) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return ""
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "" {
			tag = f.Name
		}
		if tag != "-" && tag != name && strings.EqualFold(tag, name) {
			return tag
		}
	}
	return ""
}

// pointerOf returns the JSON pointer an error carries, or "".
func pointerOf(err error) jsontext.Pointer {
	var syn *jsontext.SyntacticError
	if errors.As(err, &syn) {
		return syn.JSONPointer
	}
	var sem *jsonv2.SemanticError
	if errors.As(err, &sem) {
		return sem.JSONPointer
	}
	return ""
}

// fieldPath writes a JSON pointer the way validation errors key fields:
// /topics/0/title → topics[0].title.
func fieldPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// malformed is a 400 with msg.
func malformed(msg string) error { return xuezuo.Errorf(codeMalformed, "%s", msg) }

// errMalformed is answered with 400 rather than 422.
var errMalformed = xuezuo.Errorf(codeMalformed, "请求体不是有效的 JSON")
