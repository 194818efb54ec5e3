package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// The four search words of the data kit; 党章 is the timed Q3 word.
const (
	wordCharter   = "党章"
	wordQualified = "合格党员"
	wordSpeeches  = "系列重要讲话"
	wordOrigin    = "初心"
)

// searchWords returns the kit's search words, the timed one first.
func searchWords() []string {
	return []string{wordCharter, wordQualified, wordSpeeches, wordOrigin}
}

// ExpectedUnit is one line of expected_units.jsonl: the exact answer for a
// unit's Q1 row.
type ExpectedUnit struct {
	UnitID             int64          `json:"unit_id"`
	Name               string         `json:"name"`
	Branches           int            `json:"branches"`
	Members            int            `json:"members"`
	TopicOnTime        [4]int         `json:"topic_on_time"`
	AttendanceExpected int            `json:"attendance_expected"`
	AttendancePresent  int            `json:"attendance_present"`
	AttendanceRate     float64        `json:"attendance_rate"`
	Reflections        int            `json:"reflections"`
	ReflectionRate     float64        `json:"reflection_rate"`
	KeywordHits        map[string]int `json:"keyword_hits"`
}

// stats is the part of stats.json the load client reads.
type stats struct {
	DatasetVersion int            `json:"dataset_version"`
	Scale          int            `json:"scale"`
	Seed           uint64         `json:"seed"`
	ProbeUnitID    int64          `json:"probe_unit_id"`
	Counts         map[string]int `json:"counts"`
}

// Dataset is what the load client knows about the data set: the expected
// answers, the org tree down to branches and who sits in which branch.
// Ids are the data set's own; the import keeps them.
type Dataset struct {
	Dir         string
	Scale       int
	Seed        uint64
	ProbeUnitID int64
	Counts      map[string]int
	Units       []ExpectedUnit    // expected_units.jsonl, in unit-id order
	branches    map[int64][]int64 // unit id → its branch ids, file order
	members     map[int64][]int64 // branch id → its member ids, file order
	unitOf      map[int64]int64   // org id → unit id (absent above units)
	memberUnit  map[int64]int64   // member id → unit id
	unitOrder   []int64           // unit ids in file order
}

// loadDataset reads stats.json, expected_units.jsonl, orgs.jsonl and
// members.jsonl from dir. reflections.jsonl is scanned later, on demand.
func loadDataset(dir string) (*Dataset, error) {
	d := &Dataset{Dir: dir, branches: map[int64][]int64{}, members: map[int64][]int64{},
		unitOf: map[int64]int64{}, memberUnit: map[int64]int64{}}
	b, err := os.ReadFile(filepath.Join(dir, "stats.json"))
	if err != nil {
		return nil, err
	}
	var st stats
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("stats.json: %w", err)
	}
	d.Scale, d.Seed, d.ProbeUnitID, d.Counts = st.Scale, st.Seed, st.ProbeUnitID, st.Counts
	err = readJSONL(filepath.Join(dir, "expected_units.jsonl"), func(line []byte) error {
		var u ExpectedUnit
		if err := json.Unmarshal(line, &u); err != nil {
			return err
		}
		d.Units = append(d.Units, u)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Parents come before children, so one pass finds every org's unit.
	err = readJSONL(filepath.Join(dir, "orgs.jsonl"), func(line []byte) error {
		var o struct {
			ID       int64  `json:"id"`
			ParentID *int64 `json:"parent_id"`
			Kind     string `json:"kind"`
		}
		if err := json.Unmarshal(line, &o); err != nil {
			return err
		}
		if o.Kind == "unit" {
			d.unitOf[o.ID] = o.ID
			d.unitOrder = append(d.unitOrder, o.ID)
		} else if o.ParentID != nil {
			if u, ok := d.unitOf[*o.ParentID]; ok {
				d.unitOf[o.ID] = u
			}
		}
		if o.Kind == "branch" {
			u := d.unitOf[o.ID]
			d.branches[u] = append(d.branches[u], o.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readJSONL(filepath.Join(dir, "members.jsonl"), func(line []byte) error {
		var m struct {
			ID    int64 `json:"id"`
			OrgID int64 `json:"org_id"`
		}
		if err := json.Unmarshal(line, &m); err != nil {
			return err
		}
		d.members[m.OrgID] = append(d.members[m.OrgID], m.ID)
		d.memberUnit[m.ID] = d.unitOf[m.OrgID]
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, ok := d.expected(d.ProbeUnitID); !ok {
		return nil, fmt.Errorf("probe unit %d has no line in expected_units.jsonl", d.ProbeUnitID)
	}
	return d, nil
}

// expected returns the expected line of a unit.
func (d *Dataset) expected(unitID int64) (ExpectedUnit, bool) {
	for _, u := range d.Units {
		if u.UnitID == unitID {
			return u, true
		}
	}
	return ExpectedUnit{}, false
}

// Hit is one reflection that contains a search word.
type Hit struct {
	ID          int64
	SubmittedAt time.Time
}

// newestFirst sorts hits as Q3 must: submitted_at descending, then id
// descending.
func newestFirst(hs []Hit) {
	sort.Slice(hs, func(i, j int) bool {
		if !hs[i].SubmittedAt.Equal(hs[j].SubmittedAt) {
			return hs[i].SubmittedAt.After(hs[j].SubmittedAt)
		}
		return hs[i].ID > hs[j].ID
	})
}

// probeHits scans reflections.jsonl for the unit's reflections containing
// each search word, newest first. It is the independent answer to Q3.
func (d *Dataset) probeHits(unitID int64) (map[string][]Hit, error) {
	out := map[string][]Hit{}
	err := readJSONL(filepath.Join(d.Dir, "reflections.jsonl"), func(line []byte) error {
		var r struct {
			ID          int64  `json:"id"`
			MemberID    int64  `json:"member_id"`
			SubmittedAt string `json:"submitted_at"`
			Body        string `json:"body"`
		}
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		if d.memberUnit[r.MemberID] != unitID {
			return nil
		}
		t, err := time.Parse(time.RFC3339, r.SubmittedAt)
		if err != nil {
			return fmt.Errorf("reflection %d: %w", r.ID, err)
		}
		for _, w := range searchWords() {
			if strings.Contains(r.Body, w) {
				out[w] = append(out[w], Hit{ID: r.ID, SubmittedAt: t})
			}
		}
		return nil
	})
	for _, hs := range out {
		newestFirst(hs)
	}
	return out, err
}

// readJSONL calls fn for every non-empty line of a JSON Lines file.
func readJSONL(path string, fn func(line []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	n := 0
	for sc.Scan() {
		n++
		if len(sc.Bytes()) == 0 {
			continue
		}
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("%s line %d: %w", filepath.Base(path), n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return nil
}
