package audit

import (
	"context"
	"testing"

	"xuezuo"
)

// racingStore is a chain whose last seals commit between Verify's walk and
// its reading of the head: the window the server's sealer can hit at any
// time, which no real database test can aim at. Everything else about
// sealing and verifying is tested on the real engines (verify_test.go).
type racingStore struct {
	chain   []SealedEntry
	visible int // seals committed so far
}

func (f *racingStore) SealAudit(context.Context, string) (Head, int, error) { return Head{}, 0, nil }
func (f *racingStore) ListAudit(context.Context, Filter) ([]Entry, int, error) {
	return nil, 0, nil
}
func (f *racingStore) UnchainedAudit(context.Context, int) ([]xuezuo.ID, error) { return nil, nil }

func (f *racingStore) AuditChain(_ context.Context, after int64, limit int) ([]SealedEntry, error) {
	var out []SealedEntry
	for _, se := range f.chain[:f.visible] {
		if se.Seq > after && len(out) < limit {
			out = append(out, se)
		}
	}
	return out, nil
}

// AuditHead lets the remaining seals commit, then answers the new head.
func (f *racingStore) AuditHead(context.Context) (Head, int64, error) {
	f.visible = len(f.chain)
	last := f.chain[len(f.chain)-1]
	return Head{Seq: last.Seq, Hash: last.Hash}, 0, nil
}

func TestVerifySealsCommittedDuringTheWalk(t *testing.T) {
	t.Parallel()
	f := &racingStore{visible: 3}
	head := Head{Hash: GenesisHash}
	for i := range 5 {
		e := Entry{ID: int64(100 + i), Username: "x", Action: "login"}
		s, err := SealNext(AlgoSM3, head, e)
		if err != nil {
			t.Fatal(err)
		}
		f.chain = append(f.chain, SealedEntry{Seal: s, Entry: &e})
		head = Head{Seq: s.Seq, Hash: s.Hash}
	}
	r, err := NewService(f).Verify(xuezuo.WithActor(context.Background(), xuezuo.SystemActor("test")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.Sealed != 5 || r.Head != head {
		t.Errorf("got %+v, want all 5 seals checked and no truncation", r)
	}
}
