package xuezuo

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorHelpers(t *testing.T) {
	t.Parallel()
	var v Validation
	v.Add("name", "请填写姓名")
	v.Add("name", "second message is ignored")
	v.Check(false, "birth", "请填写出生日期")
	v.Check(true, "phone", "never")
	err := fmt.Errorf("create member: %w", v.Err())
	if got := ErrorCode(err); got != EInvalid {
		t.Errorf("code: got %q, want invalid", got)
	}
	f := ErrorFields(err)
	if len(f) != 2 || f["name"] != "请填写姓名" {
		t.Errorf("fields: got %v", f)
	}
	if (&Validation{}).Err() != nil {
		t.Error("empty validation returned an error")
	}
	internal := &Error{Code: EInternal, Message: "driver said: table locked"}
	if got := ErrorMessage(internal); got != "系统繁忙，请稍后再试" {
		t.Errorf("internal message leaks: %q", got)
	}
	if got := ErrorCode(errors.New("boom")); got != EInternal {
		t.Errorf("plain error: got %q, want internal", got)
	}
	if ErrorCode(nil) != "" {
		t.Error("nil error has a code")
	}
}

func TestNotFoundAs(t *testing.T) {
	t.Parallel()
	storeMissing := &Error{Code: ENotFound, Message: "记录不存在"}
	outage := errors.New("sql: database is closed")
	cases := []struct {
		name     string
		err      error
		wantCode string
		wantMsg  string
	}{
		{"nil stays nil", nil, "", ""},
		{"no such row", storeMissing, ENotFound, "会议不存在或无权访问"},
		{"outage travels up", outage, EInternal, "get meeting 7: sql: database is closed"},
		{"conflict keeps its code", &Error{Code: EConflict, Message: "冲突"}, EConflict, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := NotFoundAs(tc.err, "会议", "get meeting %d", 7)
			if code := ErrorCode(got); code != tc.wantCode {
				t.Fatalf("code: got %q, want %q", code, tc.wantCode)
			}
			if tc.wantCode == ENotFound && ErrorMessage(got) != tc.wantMsg {
				t.Errorf("message: got %q, want %q", ErrorMessage(got), tc.wantMsg)
			}
			if tc.wantCode == EInternal && (got.Error() != tc.wantMsg || !errors.Is(got, outage)) {
				t.Errorf("got %q, want %q wrapping the cause", got.Error(), tc.wantMsg)
			}
		})
	}
}
