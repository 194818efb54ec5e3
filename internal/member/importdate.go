package member

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"

	"xuezuo"
)

// Precision says how much of a date was given.
type Precision int

const (
	// PrecisionDay means the cell named a day, or a month (stored as its
	// first day): both are precise enough for every rule that uses dates.
	PrecisionDay Precision = iota
	// PrecisionYear means the cell gave only a year; the date is 1 January.
	PrecisionYear
)

// Sentinel errors of ParseImportDate, so that a caller can word its zh-CN row
// message by cause.
var (
	// ErrEmptyDate means the cell was blank: a missing value, not a bad one.
	ErrEmptyDate = errors.New("empty date")
	// ErrInvalidDate means the text is no date format we know, or names a
	// day that does not exist (2016-02-30).
	ErrInvalidDate = errors.New("invalid date")
	// ErrDateOutOfRange means the year lies outside MinImportYear..MaxImportYear.
	ErrDateOutOfRange = errors.New("date out of range")
)

// MinImportYear and MaxImportYear bound the years ParseImportDate accepts;
// anything outside is a typo or a number that was never meant as a date.
const (
	MinImportYear = 1900
	MaxImportYear = 2100
)

// maxDateLen caps the text we look at; no real date cell is longer, and the
// cap keeps hostile cells from costing anything.
const maxDateLen = 64

// maxSerial is 9999-12-31, the last day Excel can represent.
const maxSerial = 2958465

var (
	// A trailing time of day, as Excel and WPS print datetimes and as
	// RFC 3339 writes them; the date part is all we keep.
	reTime = regexp.MustCompile(`^(.+?)(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$`)
	// Spaces around separators ("2006 年 1 月", "2006 - 01 - 02") are typing
	// noise; spaces between two digit runs are not removed, so "2006 01"
	// stays invalid instead of becoming 200601.
	reSepSpace = regexp.MustCompile(`\s*([年月日号/.-])\s*`)
	// 2006-1-2, 2006/01/02, 2006.1.2 and the month forms 2006-01, 2006.01.
	reSep = regexp.MustCompile(`^(\d{4})([/.-])(\d{1,2})(?:([/.-])(\d{1,2}))?$`)
	// 2006年, 2006年1月, 2006年1月2日 (号 is the colloquial 日).
	reHan = regexp.MustCompile(`^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})[日号]?)?)?$`)
	// Digits only: a year, yyyymm, yyyymmdd or an Excel serial.
	reDigits = regexp.MustCompile(`^\d{1,8}$`)
	// An Excel serial with a fraction (time of day), or written as 42491.0.
	reSerialFrac = regexp.MustCompile(`^(\d{1,7})\.\d+$`)
)

// punct maps the punctuation a Chinese IME produces, which width folding
// leaves alone, to the ASCII that the patterns expect.
var punct = strings.NewReplacer("。", ".")

// ParseImportDate parses a date cell as people type it in WPS/Excel.
//
// After trimming and folding full-width characters it accepts 2006-01-02,
// 2006-1-2, 2006/1/2, 2006.1.2, 2006年1月2日, a trailing time of day
// (2006-01-02 15:04:05), the month forms 2006-01, 2006.01, 200601 and
// 2006年1月 (day 1, PrecisionDay), the compact 20060102, a bare year 2006 or
// 2006年 (1 January, PrecisionYear), and an Excel 1900-system serial number
// such as 42491 or 42491.0, which is how a date-formatted cell reads raw.
// Four digits are a year only within 1900..2100; others are serials, because
// a date cell of someone born in the 1920s reads as one (9192 = 1925-03-01).
//
// A blank cell returns ErrEmptyDate; text that is no date, or an impossible
// day, wraps ErrInvalidDate; a year outside 1900..2100 wraps
// ErrDateOutOfRange.
func ParseImportDate(s string) (xuezuo.Date, Precision, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return xuezuo.Date{}, PrecisionDay, ErrEmptyDate
	}
	if len(s) > maxDateLen || !utf8.ValidString(s) {
		return xuezuo.Date{}, PrecisionDay, invalid(s)
	}
	orig := s
	// Fold before trimming again: an ideographic space U+3000 folds to ' '.
	s = strings.TrimSpace(punct.Replace(width.Fold.String(s)))
	if s == "" {
		return xuezuo.Date{}, PrecisionDay, ErrEmptyDate
	}
	if m := reTime.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	s = reSepSpace.ReplaceAllString(s, "$1")

	var y, mo, d int
	prec := PrecisionDay
	switch {
	case reDigits.MatchString(s):
		switch n := atoi(s); {
		case len(s) == 4 && n >= MinImportYear && n <= MaxImportYear:
			// A plausible year wins over the serial of a day in 1905.
			y, mo, d, prec = n, 1, 1, PrecisionYear
		case len(s) == 6:
			y, mo, d = atoi(s[:4]), atoi(s[4:]), 1
		case len(s) == 8:
			y, mo, d = atoi(s[:4]), atoi(s[4:6]), atoi(s[6:])
		default:
			// Other four-digit numbers are serials of 1902..1927, which a
			// date cell of a very old member reads as.
			return fromSerial(orig, n)
		}
	case reSerialFrac.MatchString(s):
		// A four-digit integer part is a year: "2006.01" and "2006.1" are
		// month forms typed with a dot, not serials from 1905.
		intPart := reSerialFrac.FindStringSubmatch(s)[1]
		if len(intPart) == 4 && reSep.MatchString(s) {
			m := reSep.FindStringSubmatch(s)
			y, mo, d = atoi(m[1]), atoi(m[3]), 1
			break
		}
		// The fraction is a time of day; the date is the whole days.
		return fromSerial(orig, atoi(intPart))
	case reSep.MatchString(s):
		m := reSep.FindStringSubmatch(s)
		if m[4] != "" && m[4] != m[2] {
			return xuezuo.Date{}, PrecisionDay, invalid(orig) // 2006-1/2
		}
		y, mo, d = atoi(m[1]), atoi(m[3]), 1
		if m[5] != "" {
			d = atoi(m[5])
		}
	case reHan.MatchString(s):
		m := reHan.FindStringSubmatch(s)
		y, mo, d = atoi(m[1]), 1, 1
		switch {
		case m[2] == "":
			prec = PrecisionYear
		case m[3] == "":
			mo = atoi(m[2])
		default:
			mo, d = atoi(m[2]), atoi(m[3])
		}
	default:
		return xuezuo.Date{}, PrecisionDay, invalid(orig)
	}
	date, err := checkDate(orig, y, mo, d)
	if err != nil {
		return xuezuo.Date{}, PrecisionDay, err
	}
	return date, prec, nil
}

// fromSerial converts an Excel 1900-system serial. Excel counts 1900 as a
// leap year (a Lotus 1-2-3 bug it kept), so serial 60 is the nonexistent
// 1900-02-29 and serials from 61 on are one day ahead of a plain count.
func fromSerial(orig string, n int) (xuezuo.Date, Precision, error) {
	if n < 1 || n > maxSerial || n == 60 {
		return xuezuo.Date{}, PrecisionDay, invalid(orig)
	}
	base := time.Date(1899, time.December, 31, 0, 0, 0, 0, time.UTC)
	if n > 60 {
		base = base.AddDate(0, 0, -1)
	}
	t := base.AddDate(0, 0, n)
	date, err := checkDate(orig, t.Year(), int(t.Month()), t.Day())
	return date, PrecisionDay, err
}

// checkDate rejects impossible days instead of letting time.Date roll
// 2016-02-30 over into March.
func checkDate(orig string, y, mo, d int) (xuezuo.Date, error) {
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, time.Month(mo)) {
		return xuezuo.Date{}, invalid(orig)
	}
	if y < MinImportYear || y > MaxImportYear {
		return xuezuo.Date{}, fmt.Errorf("%w: %q: year must be %d..%d",
			ErrDateOutOfRange, orig, MinImportYear, MaxImportYear)
	}
	return xuezuo.Date{Y: y, M: time.Month(mo), D: d}, nil
}

// daysIn returns the number of days of month m in year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func invalid(orig string) error {
	return fmt.Errorf("%w: %q", ErrInvalidDate, orig)
}

// atoi converts a digit run the patterns already matched, so it cannot fail.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
