package meeting

import "xuezuo"

// checkTexts applies issue 12's write rules to a meeting's own fields:
// its title and place refuse invisible and control characters, its agenda
// and minutes keep line breaks and tabs but refuse the rest, and its date
// lies between 1921-07-01 and a year after today (0000-01-01 and
// 9999-12-31 are typing slips that would sort first or last forever).
// Create and Update both call it; stored meetings stay readable as they are.
func checkTexts(v *xuezuo.Validation, title, place, agenda, minutes string, heldOn, today xuezuo.Date) {
	xuezuo.CheckText(v, "title", "会议名称", title, false)
	xuezuo.CheckText(v, "place", "地点", place, false)
	xuezuo.CheckText(v, "agenda", "议程", agenda, true)
	xuezuo.CheckText(v, "minutes", "会议记录", minutes, true)
	xuezuo.CheckRecordDate(v, "held_at", "会议日期", heldOn, today)
}

// checkReason refuses a leave reason or an exclusion's free text with
// control or invisible characters; line breaks are kept.
func checkReason(reason string) error {
	var v xuezuo.Validation
	xuezuo.CheckText(&v, "reason", "原因", reason, true)
	return v.Err()
}
