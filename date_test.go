package xuezuo

import (
	"testing"
	"time"
)

func TestDateOfUsesBeijing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		t    time.Time
		want string
	}{
		// 2016-04-30 23:30 in Beijing is still 04-30 there, though 15:30 UTC.
		{"late evening on the deadline", time.Date(2016, 4, 30, 15, 30, 0, 0, time.UTC), "2016-04-30"},
		// 16:30 UTC is already 05-01 00:30 in Beijing.
		{"just after midnight in Beijing", time.Date(2016, 4, 30, 16, 30, 0, 0, time.UTC), "2016-05-01"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := DateOf(tc.t).String(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestDateScan(t *testing.T) {
	t.Parallel()
	want := NewDate(2016, 4, 30)
	for name, src := range map[string]any{
		"time":     time.Date(2016, 4, 30, 0, 0, 0, 0, time.UTC),
		"string":   "2016-04-30",
		"datetime": "2016-04-30 00:00:00",
		"rfc3339":  "2016-04-30T00:00:00Z",
		"bytes":    []byte("2016-04-30"),
	} {
		t.Run(name, func(t *testing.T) {
			var d Date
			if err := d.Scan(src); err != nil || d != want {
				t.Errorf("got %v, %v; want %v", d, err, want)
			}
		})
	}
	var d Date
	if err := d.Scan(nil); err != nil || !d.IsZero() {
		t.Errorf("NULL: got %v, %v", d, err)
	}
	if v, _ := (Date{}).Value(); v != nil {
		t.Errorf("zero Date value: got %v, want NULL", v)
	}
	if err := d.Scan(42); err == nil {
		t.Error("scan of an int succeeded")
	}
}

func TestDateOrder(t *testing.T) {
	t.Parallel()
	a, b := NewDate(2016, 4, 30), NewDate(2016, 5, 1)
	if !a.Before(b) || a.After(b) || a.AddDays(1) != b {
		t.Errorf("ordering broken: %v %v", a, b)
	}
	if NewDate(2016, 2, 30) != NewDate(2016, 3, 1) {
		t.Error("NewDate does not normalise")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2016-04-30", "0000-00-00", "2016-02-30", "", "2016-4-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("%q → %v does not round-trip: %v %v", s, d, back, err)
		}
	})
}

func TestDateChineseLong(t *testing.T) {
	tests := []struct {
		name string
		d    Date
		want string
	}{
		{"no leading zeros", NewDate(2016, 4, 28), "2016年4月28日"},
		{"two-digit month and day", NewDate(2016, 12, 31), "2016年12月31日"},
		{"zero", Date{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.d.ChineseLong(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
