package progress

import "testing"

func TestTotalSumsRowsAndRecomputesRates(t *testing.T) {
	t.Parallel()
	rows := []Row{
		{Name: "甲", Branches: 2, Members: 30, Excluded: 2, Participants: 27, TopicOnTime: []int{2, 1},
			AttendancePresent: 90, AttendanceExpected: 100, Makeups: 3, Reflections: 40},
		{Name: "乙", Branches: 1, Members: 10, Excluded: 0, Participants: 10, TopicOnTime: []int{1, 0},
			AttendancePresent: 1, AttendanceExpected: 10, Makeups: 0, Reflections: 2},
	}
	got := Total(rows, 2)
	if got.Name != TotalName || got.Branches != 3 || got.Members != 40 || got.Excluded != 2 || got.Participants != 37 ||
		got.AttendancePresent != 91 || got.AttendanceExpected != 110 || got.Makeups != 3 || got.Reflections != 42 {
		t.Fatalf("got %+v", got)
	}
	if got.TopicOnTime[0] != 3 || got.TopicOnTime[1] != 1 {
		t.Errorf("topic on time: got %v, want [3 1]", got.TopicOnTime)
	}
	// 91/110, not the mean of 0.9 and 0.1.
	if want := 91.0 / 110; got.AttendanceRate != want {
		t.Errorf("attendance rate: got %v, want %v", got.AttendanceRate, want)
	}
	// 42 reflections over 2 topics × (40 − 2) members.
	if want := 42.0 / 76; got.ReflectionRate != want {
		t.Errorf("reflection rate: got %v, want %v", got.ReflectionRate, want)
	}
}

func TestTotalOfNoRows(t *testing.T) {
	t.Parallel()
	got := Total(nil, 3)
	if got.AttendanceRate != 0 || got.ReflectionRate != 0 || len(got.TopicOnTime) != 3 {
		t.Errorf("got %+v", got)
	}
}
