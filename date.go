package xuezuo

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar date (no time of day, no zone), stored as 'YYYY-MM-DD'
// in DATE columns. The zero Date means "no date".
type Date struct {
	Y int
	M time.Month
	D int
}

// DateOf returns the Beijing calendar date of t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Beijing).Date()
	return Date{y, m, d}
}

// NewDate returns the date y-m-d, normalised as time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 12, 0, 0, 0, Beijing))
}

// ParseDate parses 'YYYY-MM-DD'.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("parse date %q: %w", s, err)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as 'YYYY-MM-DD', or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Y, d.M, d.D)
}

// ChineseLong formats d as printed documents and 公文 write dates,
// 2016年4月28日 (no leading zeros), or "" for the zero Date.
func (d Date) ChineseLong() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Y, d.M, d.D)
}

// Time returns midnight of d in Beijing.
func (d Date) Time() time.Time { return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, Beijing) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.String() < e.String() }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.String() > e.String() }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return NewDate(d.Y, d.M, d.D+n) }

// Value implements driver.Valuer: the zero Date is NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan implements sql.Scanner for DATE columns, which the drivers return as
// time.Time, string or []byte depending on engine and expression.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		// A DATE has no zone: the driver's UTC midnight is the date itself.
		*d = Date{v.Year(), v.Month(), v.Day()}
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	}
	return fmt.Errorf("scan date: unsupported type %T", src)
}

func (d *Date) scanText(s string) error {
	if len(s) > 10 {
		s = s[:10] // "2016-04-30 00:00:00" or an RFC 3339 prefix
	}
	p, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// MarshalText formats d for JSON and forms.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses 'YYYY-MM-DD' or an empty string.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
