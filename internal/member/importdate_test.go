package member

import (
	"errors"
	"testing"
	"time"

	"xuezuo"
)

func TestParseImportDate(t *testing.T) {
	day := func(y, m, d int) xuezuo.Date { return xuezuo.Date{Y: y, M: time.Month(m), D: d} }
	tests := []struct {
		name string
		in   string
		want xuezuo.Date
		prec Precision
	}{
		{"iso", "2006-01-02", day(2006, 1, 2), PrecisionDay},
		{"iso unpadded", "2006-1-2", day(2006, 1, 2), PrecisionDay},
		{"slash", "2006/1/2", day(2006, 1, 2), PrecisionDay},
		{"slash padded", "2006/01/02", day(2006, 1, 2), PrecisionDay},
		{"dot", "2006.1.2", day(2006, 1, 2), PrecisionDay},
		{"ime full stop", "2006。1。2", day(2006, 1, 2), PrecisionDay},
		{"han", "2006年1月2日", day(2006, 1, 2), PrecisionDay},
		{"han hao", "2006年01月02号", day(2006, 1, 2), PrecisionDay},
		{"han no ri", "2006年1月2", day(2006, 1, 2), PrecisionDay},
		{"han spaced", "2006 年 1 月 2 日", day(2006, 1, 2), PrecisionDay},
		{"han month", "2006年1月", day(2006, 1, 1), PrecisionDay},
		{"dash month", "2006-01", day(2006, 1, 1), PrecisionDay},
		{"slash month", "2006/11", day(2006, 11, 1), PrecisionDay},
		{"dot month", "2006.01", day(2006, 1, 1), PrecisionDay},
		{"dot month short", "2006.1", day(2006, 1, 1), PrecisionDay},
		{"compact month", "200601", day(2006, 1, 1), PrecisionDay},
		{"compact day", "20060102", day(2006, 1, 2), PrecisionDay},
		{"year", "2006", day(2006, 1, 1), PrecisionYear},
		{"han year", "2006年", day(2006, 1, 1), PrecisionYear},
		{"min year", "1900", day(1900, 1, 1), PrecisionYear},
		{"max year", "2100", day(2100, 1, 1), PrecisionYear},
		{"datetime", "2006-01-02 15:04:05", day(2006, 1, 2), PrecisionDay},
		{"datetime short", "2006/1/2 0:00", day(2006, 1, 2), PrecisionDay},
		{"datetime T", "2006-01-02T15:04:05", day(2006, 1, 2), PrecisionDay},
		{"datetime fraction", "2006-01-02 15:04:05.123", day(2006, 1, 2), PrecisionDay},
		{"han datetime", "2006年1月2日 8:30", day(2006, 1, 2), PrecisionDay},
		{"padded", "  2006-01-02\t", day(2006, 1, 2), PrecisionDay},
		{"full width", "２００６－０１－０２", day(2006, 1, 2), PrecisionDay},
		{"full width slash", "２００６／１／２", day(2006, 1, 2), PrecisionDay},
		{"ideographic space", "\u30002006年1月\u3000", day(2006, 1, 1), PrecisionDay},
		{"leap day", "2016-02-29", day(2016, 2, 29), PrecisionDay},
		{"leap 2000", "2000-02-29", day(2000, 2, 29), PrecisionDay},
		{"serial", "42491", day(2016, 5, 1), PrecisionDay},
		{"serial dot zero", "42491.0", day(2016, 5, 1), PrecisionDay},
		{"serial with time", "42491.75", day(2016, 5, 1), PrecisionDay},
		{"serial full width", "４２４９１", day(2016, 5, 1), PrecisionDay},
		{"serial 1", "1", day(1900, 1, 1), PrecisionDay},
		{"serial 59", "59", day(1900, 2, 28), PrecisionDay},
		{"serial 61", "61", day(1900, 3, 1), PrecisionDay},
		{"serial epoch 1970", "25569", day(1970, 1, 1), PrecisionDay},
		// A date cell of a member born in the 1920s reads as a four-digit
		// serial; only 1900..2100 is taken as a bare year.
		{"serial four digits", "9192", day(1925, 3, 1), PrecisionDay},
		{"serial 9999", "9999", day(1927, 5, 17), PrecisionDay},
		{"four digits past 2100", "2101", day(1905, 10, 1), PrecisionDay},
		{"serial 2100", "73415", day(2100, 12, 31), PrecisionDay},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, prec, err := ParseImportDate(tt.in)
			if err != nil {
				t.Fatalf("ParseImportDate(%q): %v", tt.in, err)
			}
			if got != tt.want || prec != tt.prec {
				t.Errorf("ParseImportDate(%q) = %v, %v; want %v, %v", tt.in, got, prec, tt.want, tt.prec)
			}
		})
	}
}

func TestParseImportDateErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrEmptyDate},
		{"spaces", "   ", ErrEmptyDate},
		{"ideographic space", "\u3000", ErrEmptyDate},
		{"feb 30", "2016-02-30", ErrInvalidDate},
		{"feb 29 non leap", "2015-02-29", ErrInvalidDate},
		{"feb 29 1900", "1900-02-29", ErrInvalidDate},
		{"month 13", "2016-13-01", ErrInvalidDate},
		{"month 0", "2016-00", ErrInvalidDate},
		{"day 0", "2016-01-00", ErrInvalidDate},
		{"compact month 13", "201613", ErrInvalidDate},
		{"compact day 32", "20160132", ErrInvalidDate},
		{"han day 31 april", "2016年4月31日", ErrInvalidDate},
		{"mixed separators", "2006-1/2", ErrInvalidDate},
		{"two digit year", "06-01-02", ErrInvalidDate},
		{"us order", "1/2/2006", ErrInvalidDate},
		{"text", "不详", ErrInvalidDate},
		{"negative", "-42491", ErrInvalidDate},
		{"serial 0", "0", ErrInvalidDate},
		{"serial 60", "60", ErrInvalidDate},
		{"serial too big", "2958466", ErrInvalidDate},
		{"digit space digit", "2006 01", ErrInvalidDate},
		{"time only", "15:04:05", ErrInvalidDate},
		{"bad utf8", "2006\xff", ErrInvalidDate},
		{"too long", "2006-01-02" + string(make([]byte, 100)), ErrInvalidDate},
		{"year 1899", "1899-12-31", ErrDateOutOfRange},
		{"year 2101 han", "2101年", ErrDateOutOfRange},
		{"year 2101 day", "2101-01-01", ErrDateOutOfRange},
		{"serial after 2100", "73416", ErrDateOutOfRange},
		{"serial max", "2958465", ErrDateOutOfRange},
		{"compact old", "18991231", ErrDateOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := ParseImportDate(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseImportDate(%q) = %v, %v; want error %v", tt.in, got, err, tt.want)
			}
			if !got.IsZero() {
				t.Errorf("ParseImportDate(%q) returned date %v with its error", tt.in, got)
			}
		})
	}
}

func FuzzParseImportDate(f *testing.F) {
	for _, s := range []string{
		"", "2006-01-02", "2006/1/2", "2006.1.2", "2006年1月2日", "2006年1月",
		"200601", "2006", "2006年", "42491", "42491.0", "60",
		"2006-01-02 15:04:05", "２００６－０１－０２", "2016-02-30", "abc",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, prec, err := ParseImportDate(s)
		if err != nil {
			if !errors.Is(err, ErrEmptyDate) && !errors.Is(err, ErrInvalidDate) && !errors.Is(err, ErrDateOutOfRange) {
				t.Fatalf("ParseImportDate(%q): unclassified error %v", s, err)
			}
			return
		}
		if prec != PrecisionDay && prec != PrecisionYear {
			t.Fatalf("ParseImportDate(%q): precision %d", s, prec)
		}
		back, err := xuezuo.ParseDate(d.String())
		if err != nil {
			t.Fatalf("ParseImportDate(%q) = %v, which does not reparse: %v", s, d, err)
		}
		if back != d {
			t.Fatalf("ParseImportDate(%q) = %v, reparsed as %v", s, d, back)
		}
	})
}
