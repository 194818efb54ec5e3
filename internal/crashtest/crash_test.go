package crashtest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xuezuo"
	"xuezuo/internal/store"
	"xuezuo/internal/store/storetest"
)

// Crash test parameters (issue 12): 50 concurrent writers, SIGKILL at a
// random moment 0.5 to 2 s after the first acknowledged write, three rounds.
const (
	writers     = 50
	rounds      = 3
	killAfter   = 500 * time.Millisecond
	killSpread  = 1500 * time.Millisecond
	memberEvery = 40 // every 40th write creates a member instead of a check-in
	leaveEvery  = 10 // every 10th check-in is a leave with a reason
	budget      = 3 * time.Minute
)

// acks are the writes the server answered 201, as the rows they promise.
type acks struct {
	mu         sync.Mutex
	attendance []string // "meeting:member:status"
	members    []string // ids
	refused    []string // any answer but 201 (a sample)
	nRefused   int
}

func (a *acks) add(list *[]string, key string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	*list = append(*list, key)
}

func (a *acks) refuse(msg string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.nRefused++; len(a.refused) < 5 {
		a.refused = append(a.refused, msg)
	}
}

// TestCrashDuringWrites runs the real server under 50 concurrent writers,
// SIGKILLs it at a random moment, restarts it on the same data, and checks
// that every write acknowledged with 201 before the kill is there and that
// every meeting's counters and the campaign's rollups equal a computation
// from the rows; three rounds. It runs on SQLite, or on PostgreSQL when
// TEST_PG_DSN is set.
func TestCrashDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: builds the binary and kills it three times")
	}
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 12))
	t.Logf("seed %d", seed)

	bin := buildBinary(ctx, t)
	url, dataDir := storetest.URL(t), t.TempDir()
	if !strings.HasPrefix(url, "postgres") {
		url = dataDir + "/xuezuo.db" // where serve --data puts it
	}
	f := setUp(ctx, t, url)
	begin := time.Now()
	var next atomic.Int64 // the next op; rounds continue with fresh pairs
	var all acks
	for round := 1; round <= rounds; round++ {
		srv := startServer(ctx, t, bin, dataDir, url)
		if round > 1 {
			readBack(ctx, t, srv, f, &all)
		}
		before := len(all.attendance) + len(all.members)
		delay := killAfter + time.Duration(rng.Int64N(int64(killSpread)))
		writeUntilKilled(ctx, srv, f, &next, &all, delay)
		if all.nRefused > 0 {
			t.Fatalf("round %d: %d writes answered other than 201, e.g. %s\nserver log:\n%s", round, all.nRefused,
				strings.Join(all.refused, "; "), srv.log)
		}
		n := len(all.attendance) + len(all.members) - before
		if n == 0 {
			t.Fatalf("round %d: no write was acknowledged within 30 s\nserver log:\n%s", round, srv.log)
		}
		t.Logf("round %d: killed %s after the first 201, %d writes acknowledged", round, delay.Round(time.Millisecond), n)
		verify(ctx, t, url, f, &all)
	}
	// One more restart: the server comes up on the data of the last kill.
	readBack(ctx, t, startServer(ctx, t, bin, dataDir, url), f, &all)
	if ops := int(next.Load()); ops-ops/memberEvery >= len(f.pairs) {
		t.Logf("the writers ran out of fresh pairs (%d): raise meetingsPerBranch", len(f.pairs))
	}
	t.Logf("%d check-ins and %d members acknowledged and present after %d kills, %s",
		len(all.attendance), len(all.members), rounds, time.Since(begin).Round(time.Millisecond))
}

// writeUntilKilled runs the writers against srv and SIGKILLs it delay
// after the first acknowledged write (so a cold start, slow on PostgreSQL
// while 16 connections prepare their statements, does not eat the
// window). Writes in flight at the kill get no answer and are not counted.
func writeUntilKilled(ctx context.Context, srv *server, f *fixture, next *atomic.Int64, a *acks, delay time.Duration) {
	stop, first := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				case <-ctx.Done():
					return
				default:
				}
				more, acked := write(ctx, srv.url, f, int(next.Add(1)-1), a)
				if acked {
					once.Do(func() { close(first) })
				}
				if !more {
					return
				}
			}
		})
	}
	select {
	case <-first:
		select {
		case <-time.After(delay):
		case <-ctx.Done():
		}
	case <-time.After(30 * time.Second): // the round fails: nothing acknowledged
	case <-ctx.Done():
	}
	srv.kill()
	close(stop)
	wg.Wait()
}

// write sends op number i: a member create every memberEvery ops, else a
// check-in on the next fresh pair (a leave every leaveEvery). It reports
// whether there is more to write and whether this write got its 201.
func write(ctx context.Context, base string, f *fixture, i int, a *acks) (more, acked bool) {
	if i%memberEvery == memberEvery-1 {
		in := map[string]any{"org_id": f.branches[i%len(f.branches)], "name": fmt.Sprintf("新党员%d", i), "gender": "male",
			"birth": "1990-05-04", "join_date": "2015-07-01", "full_date": "2016-07-01", "category": "in_service", "post": "research"}
		status, body, err := send(ctx, http.MethodPost, base+"/api/v1/members", f.token, in)
		var out struct{ ID xuezuo.ID }
		switch {
		case status == http.StatusCreated && err == nil && json.Unmarshal(body, &out) == nil && out.ID != 0:
			a.add(&a.members, fmt.Sprint(out.ID))
			return true, true
		case status != 0 && status != http.StatusCreated:
			a.refuse(fmt.Sprintf("member %d: %d %s", i, status, body))
		}
		return true, false
	}
	k := i - i/memberEvery // check-ins so far: pairs are used in order
	if k >= len(f.pairs) {
		return false, false
	}
	p := f.pairs[k]
	in := map[string]any{"member_id": p.member, "status": "present"}
	if k%leaveEvery == leaveEvery-1 {
		in["status"], in["reason"] = "leave", "因公出差"
	}
	status, body, _ := send(ctx, http.MethodPost, fmt.Sprintf("%s/api/v1/meetings/%d/attendance", base, p.meeting), f.token, in)
	switch {
	case status == http.StatusCreated: // the answer came after the commit, even if its body was cut
		a.add(&a.attendance, fmt.Sprintf("%d:%d:%s", p.meeting, p.member, in["status"]))
		return true, true
	case status != 0:
		a.refuse(fmt.Sprintf("check-in %d:%d: %d %s", p.meeting, p.member, status, body))
	}
	return true, false
}

// verify opens the database as a restarted server does (recovery included)
// and compares it with the acknowledged writes: every one present, each
// meeting's counters equal to its rows, the campaign's rollups equal to a
// computation from the records.
func verify(ctx context.Context, t *testing.T, url string, f *fixture, a *acks) {
	t.Helper()
	st, err := store.Open(ctx, store.Options{URL: url, Clock: xuezuo.SystemClock{}})
	if err != nil {
		t.Fatalf("reopen after the kill: %v", err)
	}
	defer st.Close()
	rows := storetest.QueryStrings(t, st, `SELECT CAST(meeting_id AS TEXT) || ':' || CAST(member_id AS TEXT) || ':' || status FROM attendance`)
	if missing := absent(a.attendance, rows); len(missing) > 0 {
		t.Fatalf("%d of %d acknowledged check-ins are missing after the kill, e.g. %v", len(missing), len(a.attendance), missing[:min(5, len(missing))])
	}
	ids := storetest.QueryStrings(t, st, `SELECT CAST(id AS TEXT) FROM members`)
	if missing := absent(a.members, ids); len(missing) > 0 {
		t.Fatalf("%d of %d acknowledged members are missing after the kill: %v", len(missing), len(a.members), missing)
	}
	// Each counter against a count of its rows; the query lists the
	// meetings where any differs.
	count := func(status string) string {
		return `(SELECT COUNT(*) FROM attendance a WHERE a.meeting_id = m.id AND a.status = '` + status + `')`
	}
	bad := storetest.QueryStrings(t, st, `SELECT CAST(m.id AS TEXT) FROM meetings m WHERE m.n_present <> `+count("present")+
		` OR m.n_remote <> `+count("remote")+` OR m.n_leave <> `+count("leave")+` OR m.n_absent <> `+count("absent")+
		` OR m.n_excluded <> `+count("excluded")+` OR m.n_guest <> `+count("guest")+
		` OR m.n_makeup <> (SELECT COUNT(*) FROM makeups k WHERE k.meeting_id = m.id)`)
	if len(bad) > 0 {
		t.Fatalf("%d meetings' counters differ from their attendance rows after the kill, e.g. %v", len(bad), bad[:min(5, len(bad))])
	}
	if err := st.VerifyFigures(storetest.System(), f.campaign); err != nil {
		t.Fatalf("campaign rollups after the kill: %v", err)
	}
}

// absent lists the wanted keys that are not among got.
func absent(want, got []string) []string {
	have := make(map[string]bool, len(got))
	for _, g := range got {
		have[g] = true
	}
	var out []string
	for _, w := range want {
		if !have[w] {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}

// readBack asks the restarted server for a sample of acknowledged writes:
// the last check-in's meeting and the last member must answer 200.
func readBack(ctx context.Context, t *testing.T, srv *server, f *fixture, a *acks) {
	t.Helper()
	var paths []string
	if n := len(a.attendance); n > 0 {
		meetingID, _, _ := strings.Cut(a.attendance[n-1], ":")
		paths = append(paths, "/api/v1/meetings/"+meetingID)
	}
	if n := len(a.members); n > 0 {
		paths = append(paths, "/api/v1/members/"+a.members[n-1])
	}
	for _, p := range paths {
		if status, body, err := get(ctx, srv.url+p, f.token); err != nil || status != http.StatusOK {
			t.Fatalf("GET %s after the restart: %d %v %s\nserver log:\n%s", p, status, err, body, srv.log)
		}
	}
}
