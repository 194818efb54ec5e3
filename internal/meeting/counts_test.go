package meeting

import "testing"

// TestAttendedAndExpectedDefinedOnce: the counts follow Attends and Expects
// status by status, and the definition is domain.md §5's.
func TestAttendedAndExpectedDefinedOnce(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status          string
		attends, expect bool
	}{
		{Present, true, true}, {Remote, true, true}, {Leave, false, true}, {Absent, false, true},
		{Excluded, false, false}, {Guest, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.status, func(t *testing.T) {
			if got := Attends(tc.status); got != tc.attends {
				t.Errorf("Attends: got %v, want %v", got, tc.attends)
			}
			if got := Expects(tc.status); got != tc.expect {
				t.Errorf("Expects: got %v, want %v", got, tc.expect)
			}
			c := one(tc.status)
			if got := c.Attended() == 1; got != tc.attends {
				t.Errorf("Counts.Attended with one %s row: got %d", tc.status, c.Attended())
			}
			if got := c.Expected() == 1; got != tc.expect {
				t.Errorf("Counts.Expected with one %s row: got %d", tc.status, c.Expected())
			}
		})
	}
}

// one is the counts of a meeting with a single row of status.
func one(status string) Counts {
	var c Counts
	switch status {
	case Present:
		c.Present = 1
	case Remote:
		c.Remote = 1
	case Leave:
		c.Leave = 1
	case Absent:
		c.Absent = 1
	case Excluded:
		c.Excluded = 1
	case Guest:
		c.Guest = 1
	}
	return c
}
