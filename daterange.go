package xuezuo

import "fmt"

// PartyFounded is 1921-07-01, the earliest date a meeting, a join or any
// other Party record can carry.
var PartyFounded = Date{1921, 7, 1}

// EarliestBirthYear is the earliest birth year a member record accepts.
const EarliestBirthYear = 1900

// LatestRecordDate is the latest date a record may carry when today is
// today: one year ahead, room for meetings and deadlines planned ahead.
func LatestRecordDate(today Date) Date { return NewDate(today.Y+1, today.M, today.D) }

// CheckRecordDate records a message for field when d (not zero) lies
// before PartyFounded or more than a year after today: a typing slip such
// as 0201-03-01 or 9999-12-31, which would otherwise sort first or last
// forever. label names the field as the form shows it.
func CheckRecordDate(v *Validation, field, label string, d, today Date) {
	if d.IsZero() {
		return
	}
	if d.Before(PartyFounded) || d.After(LatestRecordDate(today)) {
		v.Add(field, fmt.Sprintf("%s应在 %s 到 %s 之间，请核对年份", label, PartyFounded, LatestRecordDate(today)))
	}
}

// CheckBirthDate records a message for field when the birth date d (not
// zero) lies before EarliestBirthYear or after today.
func CheckBirthDate(v *Validation, field string, d, today Date) {
	if d.IsZero() {
		return
	}
	if d.Y < EarliestBirthYear || d.After(today) {
		v.Add(field, fmt.Sprintf("出生日期应在 %d 年到今天（%s）之间，请核对年份", EarliestBirthYear, today))
	}
}

// LatestPlanDate is the latest date a plan (a campaign, its phases,
// batches and topic deadlines) may carry: five years ahead, room for a
// multi-year campaign, yet no 9999-12-31.
func LatestPlanDate(today Date) Date { return NewDate(today.Y+5, today.M, today.D) }

// CheckPlanDate records a message for field when d (not zero) lies before
// PartyFounded or after LatestPlanDate(today).
func CheckPlanDate(v *Validation, field, label string, d, today Date) {
	if d.IsZero() {
		return
	}
	if d.Before(PartyFounded) || d.After(LatestPlanDate(today)) {
		v.Add(field, fmt.Sprintf("%s应在 %s 到 %s 之间，请核对年份", label, PartyFounded, LatestPlanDate(today)))
	}
}
