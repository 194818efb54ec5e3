package xuezuo

import "testing"

func TestCheckRecordDate(t *testing.T) {
	t.Parallel()
	today := Date{2026, 5, 10}
	cases := []struct {
		name string
		d    Date
		ok   bool
	}{
		{"zero is left to the required check", Date{}, true},
		{"year 0000", Date{0, 1, 1}, false},
		{"day before the founding", Date{1921, 6, 30}, false},
		{"founding day", Date{1921, 7, 1}, true},
		{"today", today, true},
		{"a year ahead", Date{2027, 5, 10}, true},
		{"a year and a day ahead", Date{2027, 5, 11}, false},
		{"9999-12-31", Date{9999, 12, 31}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var v Validation
			CheckRecordDate(&v, "held_at", "会议日期", tc.d, today)
			if v.Has("held_at") == tc.ok {
				t.Errorf("CheckRecordDate(%v): got ok %v, want %v", tc.d, !v.Has("held_at"), tc.ok)
			}
		})
	}
	var v Validation
	CheckRecordDate(&v, "held_at", "会议日期", Date{9999, 12, 31}, today)
	if got, want := ErrorFields(v.Err())["held_at"], "会议日期应在 1921-07-01 到 2027-05-10 之间，请核对年份"; got != want {
		t.Errorf("message: got %q, want %q", got, want)
	}
}

func TestCheckBirthDate(t *testing.T) {
	t.Parallel()
	today := Date{2026, 5, 10}
	cases := []struct {
		name string
		d    Date
		ok   bool
	}{
		{"zero", Date{}, true},
		{"year 0001", Date{1, 1, 1}, false},
		{"1899", Date{1899, 12, 31}, false},
		{"1900", Date{1900, 1, 1}, true},
		{"today", today, true},
		{"tomorrow", Date{2026, 5, 11}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var v Validation
			CheckBirthDate(&v, "birth", tc.d, today)
			if v.Has("birth") == tc.ok {
				t.Errorf("CheckBirthDate(%v): got ok %v, want %v", tc.d, !v.Has("birth"), tc.ok)
			}
		})
	}
}

func TestCheckPlanDate(t *testing.T) {
	t.Parallel()
	today := Date{2026, 5, 10}
	cases := []struct {
		name string
		d    Date
		ok   bool
	}{
		{"zero", Date{}, true},
		{"before the founding", Date{1921, 6, 30}, false},
		{"founding day", Date{1921, 7, 1}, true},
		{"five years ahead", Date{2031, 5, 10}, true},
		{"five years and a day ahead", Date{2031, 5, 11}, false},
		{"9999-12-31", Date{9999, 12, 31}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var v Validation
			CheckPlanDate(&v, "end", "结束日期", tc.d, today)
			if v.Has("end") == tc.ok {
				t.Errorf("CheckPlanDate(%v): got ok %v, want %v", tc.d, !v.Has("end"), tc.ok)
			}
		})
	}
}
