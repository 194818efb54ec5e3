package audit

import (
	"context"
	"fmt"
	"time"

	"xuezuo"
)

// Kinds of tampering Verify names.
const (
	// Edited: a sealed row's fields no longer fit the hash sealed with them.
	Edited = "edited"
	// Deleted: a sealed row is gone (its seal remains, the seq has a gap,
	// or the next seal no longer links to the one before).
	Deleted = "deleted"
	// Inserted: a row whose seal does not fit, whose seq lies beyond the
	// head, or that was written into the table without being queued (on
	// SQLite, which seals by id: below the last sealed id, or with an id the
	// allocator never handed out).
	Inserted = "inserted"
	// Truncated: the chain ends before a head it once had.
	Truncated = "truncated"
)

// maxProblems bounds the problems a report lists; the rest are counted.
const maxProblems = 100

// chainPage is how many seals Verify reads at a time.
const chainPage = 2000

// SealedEntry is a seal with the audit row it seals; Entry is nil when the
// row is gone from the log.
type SealedEntry struct {
	Seal
	Entry *Entry
}

// ChainStore is what sealing and verifying need from the database.
type ChainStore interface {
	// SealAudit seals every row waiting for a seal, batch by batch, with
	// algo ("" keeps the chain's algorithm) and returns the new head and how
	// many it sealed.
	SealAudit(ctx context.Context, algo string) (Head, int, error)
	// AuditChain returns up to limit seals after seq afterSeq, in seq order.
	AuditChain(ctx context.Context, afterSeq int64, limit int) ([]SealedEntry, error)
	// UnchainedAudit returns up to limit ids of rows neither sealed nor
	// waiting for a seal.
	UnchainedAudit(ctx context.Context, limit int) ([]xuezuo.ID, error)
	// AuditHead returns the head the sealer keeps and the number of rows
	// waiting for a seal.
	AuditHead(ctx context.Context) (Head, int64, error)
}

// Problem is one finding of Verify.
type Problem struct {
	Kind    string // Edited, Deleted, Inserted or Truncated
	Seq     int64  // the seal's number, 0 when the row has none
	AuditID xuezuo.ID
	Message string // zh-CN, names the row
}

// Report is the outcome of Verify.
type Report struct {
	Head     Head  // the last seal read
	Sealed   int64 // seals read
	Pending  int64 // rows written but not yet sealed
	Problems []Problem
	// More counts problems beyond those listed.
	More      int
	CheckedAt time.Time
}

// OK reports whether the chain showed no tampering.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Summary is the report's one-line zh-CN verdict.
func (r Report) Summary() string {
	if r.OK() {
		return fmt.Sprintf("审计日志完整：共 %d 条封存记录，链头序号 %d，哈希 %s。", r.Sealed, r.Head.Seq, r.Head.Hash)
	}
	return fmt.Sprintf("审计日志被篡改：发现 %d 处问题（共 %d 条封存记录）。请保全数据库现状并报告安全管理员。",
		len(r.Problems)+r.More, r.Sealed)
}

// add records p, counting it only once the list is full.
func (r *Report) add(p Problem) {
	if len(r.Problems) >= maxProblems {
		r.More++
		return
	}
	r.Problems = append(r.Problems, p)
}

// Seal seals the rows written since the last seal with algo ("" keeps the chain's algorithm).
// The server's sealer job calls it; only the local operator may.
func (s *Service) Seal(ctx context.Context, algo string) (Head, int, error) {
	a := xuezuo.ActorFrom(ctx)
	if a == nil || !a.System {
		return Head{}, 0, xuezuo.Forbidden()
	}
	if algo != "" && !ValidAlgo(algo) {
		return Head{}, 0, fmt.Errorf("audit hash %q: want %s or %s", algo, AlgoSM3, AlgoSHA256)
	}
	return s.store.SealAudit(ctx, algo)
}

// Verify seals what waits, then recomputes the whole chain and names
// every edited, deleted or inserted row. expected, if set, is a head logged
// earlier: a chain that no longer reaches it, or reaches it with another
// hash, was cut short or rewritten. Only the auditor (and the local
// operator) may verify.
func (s *Service) Verify(ctx context.Context, expected *Head) (Report, error) {
	a := xuezuo.ActorFrom(ctx)
	if a == nil {
		return Report{}, xuezuo.Errorf(xuezuo.EUnauthenticated, "请先登录")
	}
	if !a.System && !a.Has(xuezuo.RoleAuditor) {
		return Report{}, xuezuo.Forbidden()
	}
	if _, _, err := s.store.SealAudit(ctx, ""); err != nil {
		return Report{}, fmt.Errorf("seal before verify: %w", err)
	}
	r := Report{Head: Head{Hash: GenesisHash}, CheckedAt: time.Now()}
	w := walker{r: &r, expected: expected}
	var after int64
	for round := 0; ; round++ {
		n, err := s.walk(ctx, &w, &after)
		if err != nil {
			return Report{}, err
		}
		if round > 0 && n == 0 {
			break // the head is ahead of every seal there is: the tail is gone
		}
		// Read after the walk: a seal committed meanwhile moves the head past
		// every legitimate seq the walk saw, and the next round reads it.
		head, pending, err := s.store.AuditHead(ctx)
		if err != nil {
			return Report{}, fmt.Errorf("read audit head: %w", err)
		}
		r.Pending, w.head = pending, head
		if head.Seq <= r.Head.Seq {
			break
		}
	}
	w.finish()
	ids, err := s.store.UnchainedAudit(ctx, maxProblems+1)
	if err != nil {
		return Report{}, fmt.Errorf("read unsealed audit rows: %w", err)
	}
	for _, id := range ids {
		r.add(Problem{Kind: Inserted, AuditID: id,
			Message: fmt.Sprintf("审计记录 #%d 没有封存，也不在待封存队列中：它是绕过系统直接写入数据库的", id)})
	}
	return r, nil
}

// walk checks the seals after *after, page by page, moving *after to the
// last one read; n is how many it read.
func (s *Service) walk(ctx context.Context, w *walker, after *int64) (n int, err error) {
	for {
		page, err := s.store.AuditChain(ctx, *after, chainPage)
		if err != nil {
			return n, fmt.Errorf("read audit chain: %w", err)
		}
		for _, se := range page {
			w.check(se)
		}
		n += len(page)
		if len(page) > 0 {
			*after = page[len(page)-1].Seq
		}
		if len(page) < chainPage {
			return n, nil
		}
	}
}

// walker checks the seals in seq order.
type walker struct {
	r        *Report
	expected *Head
	head     Head // the sealer's head, read after the walk
	matched  bool // the expected head's seq was reached
}

// check examines one seal against the one before it.
func (w *walker) check(se SealedEntry) {
	r, want := w.r, w.r.Head.Seq+1
	gap := se.Seq != want
	switch {
	case se.Seq < want || se.Seq < 1:
		r.add(Problem{Kind: Inserted, Seq: se.Seq, AuditID: se.AuditID,
			Message: fmt.Sprintf("审计记录 #%d 的封存序号 %d 不合规：它是伪造插入的", se.AuditID, se.Seq)})
	case gap:
		r.add(Problem{Kind: Deleted, Seq: want, Message: deletedRange(want, se.Seq-1)})
	}
	link, err := LinkHash(se.Algo, se.PrevHash, se.RowHash, se.Seq)
	sealOK := err == nil && link == se.Hash
	switch {
	case !sealOK:
		r.add(Problem{Kind: Inserted, Seq: se.Seq, AuditID: se.AuditID,
			Message: fmt.Sprintf("审计记录 #%d（序号 %d）的封存哈希与其内容不符：它是伪造插入的，或其封存被改写", se.AuditID, se.Seq)})
	case se.Entry == nil:
		r.add(Problem{Kind: Deleted, Seq: se.Seq, AuditID: se.AuditID,
			Message: fmt.Sprintf("审计记录 #%d（序号 %d）已被删除，只剩下它的封存", se.AuditID, se.Seq)})
	default:
		if rh, err := RowHash(se.Algo, *se.Entry); err != nil || rh != se.RowHash {
			r.add(Problem{Kind: Edited, Seq: se.Seq, AuditID: se.AuditID,
				Message: fmt.Sprintf("审计记录 #%d（序号 %d）的内容在封存后被修改", se.AuditID, se.Seq)})
		}
	}
	if sealOK && !gap && se.PrevHash != r.Head.Hash {
		r.add(Problem{Kind: Deleted, Seq: se.Seq, AuditID: se.AuditID,
			Message: fmt.Sprintf("序号 %d 的前一条记录被删除或替换：审计记录 #%d 的前一哈希与链上不符", se.Seq-1, se.AuditID)})
	}
	if w.expected != nil && se.Seq == w.expected.Seq {
		w.matched = true
		if se.Hash != w.expected.Hash {
			r.add(Problem{Kind: Edited, Seq: se.Seq, AuditID: se.AuditID,
				Message: fmt.Sprintf("序号 %d 的哈希与记录下的日志头不符：此前的记录被改写过", se.Seq)})
		}
	}
	if se.Seq > r.Head.Seq {
		r.Head = Head{Seq: se.Seq, Hash: se.Hash}
	}
	r.Sealed++
}

// finish compares the walk's end with the sealer's head and the expected one.
func (w *walker) finish() {
	r, head := w.r, w.head
	last := r.Head.Seq
	if last > head.Seq {
		r.add(Problem{Kind: Inserted, Seq: last,
			Message: fmt.Sprintf("链上最后的序号 %d 超出封存头（序号 %d）：序号 %d 之后的记录是伪造插入的", last, head.Seq, head.Seq)})
	}
	if last < head.Seq {
		r.add(Problem{Kind: Truncated, Seq: last + 1, Message: truncated(last, head.Seq, "封存头")})
	}
	if w.expected != nil && !w.matched && last < w.expected.Seq {
		r.add(Problem{Kind: Truncated, Seq: last + 1, Message: truncated(last, w.expected.Seq, "记录下的日志头")})
	}
}

// deletedRange names seals missing from from to to.
func deletedRange(from, to int64) string {
	if from == to {
		return fmt.Sprintf("序号 %d 的记录连同封存被删除", from)
	}
	return fmt.Sprintf("序号 %d 至 %d 的 %d 条记录连同封存被删除", from, to, to-from+1)
}

// truncated says that the chain ends at last although what reached seq.
func truncated(last, seq int64, what string) string {
	return fmt.Sprintf("日志尾部被截断：链只到序号 %d，而%s为序号 %d，序号 %d 至 %d 的 %d 条记录被删除", last, what, seq, last+1, seq, seq-last)
}
