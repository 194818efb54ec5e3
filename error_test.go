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
