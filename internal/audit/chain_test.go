package audit

import (
	"strings"
	"testing"
	"time"

	"xuezuo"
)

// TestRowHashCoversEveryField: changing any stored field, or moving text
// between two fields, changes the row hash, under both algorithms.
func TestRowHashCoversEveryField(t *testing.T) {
	t.Parallel()
	base := Entry{ID: 1, At: time.UnixMilli(1_780_000_000_000), UserID: 2, Username: "ab", Action: "login", TargetType: "user",
		TargetID: 3, OrgID: 4, Fields: []string{"name"}, Outcome: OutcomeOK, Remote: "10.0.0.1"}
	edits := map[string]func(*Entry){
		"id": func(e *Entry) { e.ID++ }, "at": func(e *Entry) { e.At = e.At.Add(time.Millisecond) },
		"user id": func(e *Entry) { e.UserID++ }, "username": func(e *Entry) { e.Username = "ac" },
		"action": func(e *Entry) { e.Action = "logout" }, "target type": func(e *Entry) { e.TargetType = "member" },
		"target id": func(e *Entry) { e.TargetID++ }, "org id": func(e *Entry) { e.OrgID++ },
		"fields": func(e *Entry) { e.Fields = []string{"name", "phone"} }, "outcome": func(e *Entry) { e.Outcome = OutcomeDenied },
		"remote":                    func(e *Entry) { e.Remote = "10.0.0.2" },
		"text moved between fields": func(e *Entry) { e.Username, e.Action = "abl", "ogin" },
	}
	for _, algo := range []string{AlgoSM3, AlgoSHA256} {
		want, err := RowHash(algo, base)
		if err != nil || len(want) != 64 {
			t.Fatalf("%s: %q %v", algo, want, err)
		}
		for name, edit := range edits {
			e := base
			edit(&e)
			if got, _ := RowHash(algo, e); got == want {
				t.Errorf("%s: %s left the hash unchanged", algo, name)
			}
		}
	}
	sm3, _ := RowHash(AlgoSM3, base)
	sha, _ := RowHash(AlgoSHA256, base)
	if sm3 == sha {
		t.Error("sm3 and sha256 gave the same hash")
	}
	if _, err := RowHash("md5", base); err == nil {
		t.Error("md5 accepted")
	}
	a, _ := LinkHash(AlgoSM3, GenesisHash, sm3, 1)
	b, _ := LinkHash(AlgoSM3, GenesisHash, sm3, 2)
	if a == b {
		t.Error("the seq does not enter the link hash")
	}
}

func TestParseHead(t *testing.T) {
	t.Parallel()
	hash := strings.Repeat("aB", 32)
	cases := []struct {
		in   string
		want Head
		ok   bool
	}{
		{"12:" + hash, Head{12, strings.ToLower(hash)}, true},
		{" 12:" + hash + "\n", Head{12, strings.ToLower(hash)}, true},
		{"12", Head{}, false},
		{"0:" + hash, Head{}, false},
		{"-1:" + hash, Head{}, false},
		{"x:" + hash, Head{}, false},
		{"12:" + hash[:62], Head{}, false},
		{"12:" + strings.Repeat("zz", 32), Head{}, false},
	}
	for _, tc := range cases {
		got, err := ParseHead(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseHead(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && xuezuo.ErrorFields(err)["head"] == "" {
			t.Errorf("ParseHead(%q): no message for the head field", tc.in)
		}
		if tc.ok && got.String() != strings.TrimSpace(strings.ToLower(tc.in)) {
			t.Errorf("String() = %q", got.String())
		}
	}
}
