// Package xuezuo holds the words every part of xuezuo shares: ids, the error
// type, the acting user in a context, roles, calendar dates and the clock.
// It does no I/O and imports no internal package.
package xuezuo

import (
	"time"
	_ "time/tzdata" // a bare server may lack zoneinfo; deadlines are Beijing dates
)

// ID identifies a record. IDs stay below 2^53 so JSON numbers carry them exactly.
type ID = int64

// Beijing is the Asia/Shanghai location: every calendar date and deadline is
// judged in it.
var Beijing = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is embedded, so this cannot happen
	}
	return loc
}

// Clock tells the time; tests pass a fixed one.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock, in UTC.
type SystemClock struct{}

// Now returns the current time in UTC.
func (SystemClock) Now() time.Time { return time.Now().UTC() }

// FixedClock always returns T; for tests.
type FixedClock struct{ T time.Time }

// Now returns the fixed time.
func (c FixedClock) Now() time.Time { return c.T }

// Millis converts t to Unix milliseconds, the storage form of instants.
func Millis(t time.Time) int64 { return t.UnixMilli() }

// FromMillis converts Unix milliseconds to a UTC time.
func FromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
