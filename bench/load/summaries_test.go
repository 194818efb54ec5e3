package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestSummaryFate: about 90 % of the pairs get a summary, and every fate
// occurs near its share; the choice is the same on every call.
func TestSummaryFate(t *testing.T) {
	var n, made int
	count := [fates]int{}
	for b := int64(1); b <= 5000; b++ {
		for no := 1; no <= 4; no++ {
			n++
			f, ok := summaryFate(b, no)
			if f2, ok2 := summaryFate(b, no); f2 != f || ok2 != ok {
				t.Fatalf("pair (%d, %d) changed its fate", b, no)
			}
			if ok {
				made++
				count[f]++
			}
		}
	}
	if share := float64(made) / float64(n); share < 0.88 || share > 0.92 {
		t.Errorf("share of pairs with a summary %.3f, want about 0.9", share)
	}
	for f, want := range [fates]float64{0.20, 0.30, 0.35, 0.15} {
		if got := float64(count[f]) / float64(made); got < want-0.02 || got > want+0.02 {
			t.Errorf("%s: share %.3f, want about %.2f", fateNames[f], got, want)
		}
	}
}

// statusFixture is two units with 2 and 1 branches.
func statusFixture() *Dataset {
	return &Dataset{unitOrder: []int64{10, 20}, branches: map[int64][]int64{10: {11, 12}, 20: {21}}}
}

func TestCheckStatus(t *testing.T) {
	ds := statusFixture()
	made := map[string]int{"draft": 1, "submitted": 1, "accepted": 1}
	good := `{"total":2,"items":[
		{"org_id":10,"name":"甲","expected":2,"submitted":1,"returned":0,"accepted":0,"missing":1,"late":1},
		{"org_id":20,"name":"乙","expected":1,"submitted":0,"returned":0,"accepted":1,"missing":0,"late":1}],
		"totals":{"org_id":1,"name":"党组","expected":3,"submitted":1,"returned":0,"accepted":1,"missing":1,"late":2},"due_on":"2016-05-15"}`
	if bad := checkStatus([]byte(good), ds, made); len(bad) != 0 {
		t.Errorf("a right answer failed: %v", bad)
	}
	cases := []struct{ name, from, to, want string }{
		{"a unit short of a branch", `"org_id":10,"name":"甲","expected":2`, `"org_id":10,"name":"甲","expected":1`, "unit 10"},
		{"a state lost", `"accepted":1,"missing":0,"late":1}]`, `"accepted":0,"missing":0,"late":1}]`, "accepted"},
		{"a unit missing", `{"org_id":20,"name":"乙","expected":1,"submitted":0,"returned":0,"accepted":1,"missing":0,"late":1}`, ``, "rows"},
		{"totals disagree", `"missing":1,"late":2}`, `"missing":2,"late":2}`, "missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := strings.Replace(good, tc.from, tc.to, 1)
			body = strings.Replace(body, "},\n\t\t]", "}]", 1)
			if bad := checkStatus([]byte(body), ds, made); !strings.Contains(fmt.Sprint(bad), tc.want) {
				t.Errorf("problems %v, want one about %q", bad, tc.want)
			}
		})
	}
}

func TestCampaignWindow(t *testing.T) {
	end := "2016-12-31"
	topics := []topicRef{{No: 1, Deadline: "2016-04-30"}, {No: 2, Deadline: "2016-11-30"}}
	if from, to := campaignWindow(campaignRef{Start: "2016-04-01", Topics: topics}); from != "2016-04-01" || to != "2016-11-30" {
		t.Errorf("without an end: %s–%s", from, to)
	}
	if _, to := campaignWindow(campaignRef{Start: "2016-04-01", End: &end, Topics: topics}); to != end {
		t.Errorf("with an end: to %s", to)
	}
}
