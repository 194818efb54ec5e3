package report

import "strings"

// Line is one line of a line diff: Op is ' ' (kept), '-' (removed) or '+'
// (added).
type Line struct {
	Op   byte
	Text string
}

// Changed reports whether the line was added or removed.
func (l Line) Changed() bool { return l.Op != ' ' }

// Diff compares two texts line by line by their longest common
// subsequence. Summaries are a few hundred lines at most, so the quadratic
// table costs little and needs no library.
func Diff(old, new string) []Line {
	a, b := splitLines(old), splitLines(new)
	// lcs[i][j] is the common length of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []Line
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, Line{' ', a[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, Line{'-', a[i]})
			i++
		default:
			out = append(out, Line{'+', b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		out = append(out, Line{'-', a[i]})
	}
	for ; j < len(b); j++ {
		out = append(out, Line{'+', b[j]})
	}
	return out
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Changes are what changed in a summary since the version last returned.
type Changes struct {
	Since      int    // the returned version compared against
	BasicsNote []Line // nil when unchanged
	Views      []Line
}

// SinceReturn compares the latest version with the returned one before it:
// what the reviewer reads to see how the branch answered the return. It is
// nil when no version was returned before the latest.
func (sm *Summary) SinceReturn() *Changes {
	n := len(sm.Versions)
	if n < 2 {
		return nil
	}
	cur := sm.Versions[n-1]
	for k := n - 2; k >= 0; k-- {
		if prev := sm.Versions[k]; prev.State == Returned {
			c := &Changes{Since: prev.Version}
			if prev.BasicsNote != cur.BasicsNote {
				c.BasicsNote = Diff(prev.BasicsNote, cur.BasicsNote)
			}
			if prev.Views != cur.Views {
				c.Views = Diff(prev.Views, cur.Views)
			}
			return c
		}
	}
	return nil
}
