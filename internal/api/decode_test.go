package api

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"xuezuo"
)

// decodeCase is a body the decoder must answer with status (200 for
// accepted) and, for 4xx, a message containing text and a field key.
type decodeCase struct {
	name, body string
	status     int
	text       string
	field      string
}

var decodeCases = []decodeCase{
	{"clean object", `{"member_id":7,"status":"present"}`, 200, "", ""},
	{"whitespace after the object", "{\"member_id\":7}\r\n\t ", 200, "", ""},
	{"duplicate key", `{"member_id":7,"status":"leave","status":"present"}`, 400, "“status”出现了两次", ""},
	{"duplicate key nested", `{"topics":[{"title":"a","title":"b"}]}`, 400, "“topics[0].title”出现了两次", ""},
	{"wrong-case name", `{"Member_ID":7}`, 400, "“Member_ID”大小写不正确，应为“member_id”", ""},
	{"wrong-case name nested", `{"topics":[{"Title":"a"}]}`, 400, "应为“title”", ""},
	{"trailing object", `{"member_id":7}{"member_id":8}`, 400, "多余的内容", ""},
	{"trailing garbage", `{"member_id":7} x`, 400, "多余的内容", ""},
	{"invalid UTF-8", "{\"reason\":\"\xff\"}", 400, "UTF-8", ""},
	{"syntax error", `{"member_id":`, 400, "不是有效的 JSON", ""},
	{"empty body", ``, 400, "不是有效的 JSON", ""},
	{"array instead of an object", `[]`, 400, "须为一个 JSON 对象", ""},
	{"unknown name", `{"membre_id":7}`, 422, "不认识的字段", "membre_id"},
	{"unknown name nested", `{"topics":[{"titel":"a"}]}`, 422, "不认识的字段", "topics[0].titel"},
	{"wrong type", `{"member_id":"7"}`, 422, "类型不正确", "member_id"},
	{"wrong type nested", `{"topics":[{"title":1}]}`, 422, "类型不正确", "topics[0].title"},
}

// decodeTarget has the shapes the cases need: the check-in body and a
// nested list like a campaign's topics.
type decodeTarget struct {
	MemberID xuezuo.ID `json:"member_id"`
	Status   string    `json:"status"`
	Reason   string    `json:"reason"`
	Topics   []struct {
		Title string `json:"title"`
	} `json:"topics"`
}

func TestDecode(t *testing.T) {
	t.Parallel()
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var v decodeTarget
			err := decodeFrom(strings.NewReader(tc.body), &v)
			got := 200
			if err != nil {
				got = status(xuezuo.ErrorCode(err))
			}
			if got != tc.status {
				t.Fatalf("got %d (%v), want %d", got, err, tc.status)
			}
			if err == nil {
				return
			}
			if msg := xuezuo.ErrorMessage(err); !strings.Contains(msg, tc.text) {
				t.Errorf("message: got %q, want it to contain %q", msg, tc.text)
			}
			if tc.field != "" && xuezuo.ErrorFields(err)[tc.field] == "" {
				t.Errorf("fields: got %v, want a message on %q", xuezuo.ErrorFields(err), tc.field)
			}
		})
	}
}

// FuzzDecode holds the decoder to its contract on any body: it never
// panics, answers nil, 400 or 422 only, and whatever it accepts is one JSON
// object that encoding/json also reads without trailing data, with no
// duplicate names.
func FuzzDecode(f *testing.F) {
	for _, tc := range decodeCases {
		f.Add(tc.body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var v decodeTarget
		err := decodeFrom(strings.NewReader(body), &v)
		if err != nil {
			if c := xuezuo.ErrorCode(err); c != codeMalformed && c != xuezuo.EInvalid {
				t.Fatalf("decode(%q): code %q, want malformed or invalid", body, c)
			}
			return
		}
		dec := json.NewDecoder(strings.NewReader(body))
		var m map[string]any
		if err := dec.Decode(&m); err != nil && !(strings.TrimSpace(body) == "null") {
			t.Fatalf("decode(%q) accepted what encoding/json refuses: %v", body, err)
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			t.Fatalf("decode(%q) accepted trailing data", body)
		}
		if duplicateName(t, body) {
			t.Fatalf("decode(%q) accepted a duplicate name", body)
		}
	})
}

// duplicateName is the fuzz target's reference: a walk over
// encoding/json's tokens that reports a name repeated within one object.
func duplicateName(t *testing.T, body string) bool {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	var stack []map[string]bool // one set per open object; nil for arrays
	expectName := func() bool { return len(stack) > 0 && stack[len(stack)-1] != nil }
	nameNext := true
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{':
				stack = append(stack, map[string]bool{})
				nameNext = true
				continue
			case '[':
				stack = append(stack, nil)
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			if expectName() && nameNext {
				if stack[len(stack)-1][tok] {
					return true
				}
				stack[len(stack)-1][tok] = true
				nameNext = false
				continue
			}
		}
		nameNext = true // a value ended: the next string in an object is a name
	}
}

// checkInBody is W1's request body, the hottest of the API.
const checkInBody = `{"member_id":1234567,"status":"leave","reason":"因公出差"}`

// BenchmarkDecodeCheckIn compares the decoder with the encoding/json one it
// replaced on W1's check-in body.
func BenchmarkDecodeCheckIn(b *testing.B) {
	b.Run("v2", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v attendanceInput
			if err := decodeFrom(strings.NewReader(checkInBody), &v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v attendanceInput
			dec := json.NewDecoder(io.LimitReader(strings.NewReader(checkInBody), maxBody))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&v); err != nil {
				b.Fatal(err)
			}
		}
	})
}
