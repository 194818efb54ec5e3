package xuezuo

import "fmt"

// MaxOffset is the largest list offset any service accepts (house style:
// offset 0…1,000,000). Beyond it a list answers 422 instead of reading a
// page nobody can reach, and an offset never nears 2^31, where a 32-bit
// LIMIT/OFFSET parameter would wrap to the first page.
const MaxOffset = 1_000_000

// CheckOffset returns an EInvalid error on field "offset" when offset lies
// beyond MaxOffset; a negative offset is the caller's to clamp to 0.
func CheckOffset(offset int) error {
	if offset <= MaxOffset {
		return nil
	}
	msg := fmt.Sprintf("翻页位置超出范围：offset 须为 0 至 %d 的整数", MaxOffset)
	return &Error{Code: EInvalid, Message: msg, Fields: map[string]string{"offset": msg}}
}
