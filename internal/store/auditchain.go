package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/store/sqlcdb"
)

// sealBatch bounds the rows one seal transaction takes. On SQLite the seal
// runs on the single writer (inside a group), so a batch must stay short:
// 500 rows cost a few milliseconds there.
const sealBatch = 500

// SealAudit chains the audit rows written since the last seal, batch by
// batch, each batch in one transaction that first locks the head row: one
// sealer at a time, across processes, on both engines (PostgreSQL waits
// on the row lock, SQLite has one writer). Seal order is commit order:
// on SQLite ids are (dialect.idsInCommitOrder), so the sealer takes the
// rows above the last sealed id; on PostgreSQL, whose ids come from blocks,
// each write queues its row (audit.go) and the queue holds only committed
// rows, so a row is sealed after every row committed before the batch.
// algo "" keeps the chain's algorithm.
func (s *Store) SealAudit(ctx context.Context, algo string) (audit.Head, int, error) {
	total := 0
	for {
		// Idle rounds read only: no write, no lock, no WAL traffic.
		head, pending, err := s.AuditHead(ctx)
		if err != nil || pending == 0 {
			return head, total, err
		}
		var n int
		err = s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
			var err error
			head, n, err = s.sealBatchTx(ctx, q, algo, ms(s.now()))
			return err
		})
		if err != nil {
			return head, total, fmt.Errorf("seal audit log: %w", err)
		}
		total += n
		if n < sealBatch {
			return head, total, nil
		}
	}
}

// sealBatchTx seals up to sealBatch rows inside tx.
func (s *Store) sealBatchTx(ctx context.Context, q *sqlcdb.Queries, algo string, now int64) (audit.Head, int, error) {
	h, err := q.LockAuditHead(ctx)
	if err != nil {
		return audit.Head{}, 0, fmt.Errorf("lock audit head: %w", err)
	}
	if algo == "" {
		algo = h.Algo
	}
	head := audit.Head{Seq: h.Seq, Hash: h.Hash}
	var rows []sqlcdb.AuditLog
	if s.d.idsInCommitOrder() {
		rows, err = rowsAboveSealed(ctx, q, h.Seq)
	} else {
		rows, err = queuedRows(ctx, q)
	}
	if err != nil || len(rows) == 0 {
		return head, 0, err
	}
	for _, r := range rows {
		seal, err := audit.SealNext(algo, head, auditEntry(r))
		if err != nil {
			return head, 0, err
		}
		if err := q.InsertAuditSeal(ctx, sqlcdb.InsertAuditSealParams{Seq: seal.Seq, AuditID: seal.AuditID, Algo: seal.Algo,
			PrevHash: seal.PrevHash, RowHash: seal.RowHash, Hash: seal.Hash, SealedAt: now}); err != nil {
			return head, 0, fmt.Errorf("insert seal %d: %w", seal.Seq, err)
		}
		head = audit.Head{Seq: seal.Seq, Hash: seal.Hash}
	}
	if s.d.idsInCommitOrder() {
		// Rows a queue of older versions still holds are sealed by now.
		err = q.DequeueAuditThrough(ctx, rows[len(rows)-1].ID)
	} else {
		err = q.DequeueSealedAudit(ctx, h.Seq)
	}
	if err != nil {
		return head, 0, fmt.Errorf("dequeue sealed: %w", err)
	}
	if err := q.SetAuditHead(ctx, sqlcdb.SetAuditHeadParams{Seq: head.Seq, Hash: head.Hash, Algo: algo}); err != nil {
		return head, 0, fmt.Errorf("set audit head: %w", err)
	}
	return head, len(rows), nil
}

// rowsAboveSealed reads, in id order, up to sealBatch rows above the last
// sealed one (at or below headSeq) and below the next id the allocator
// hands out: a row with a higher id was not written by the application,
// and Verify names it (ListUnchainedAuditByID). Ids allocated but rolled
// back leave gaps, which is why the bound is the allocator's and not a
// count. SQLite only (idsInCommitOrder).
func rowsAboveSealed(ctx context.Context, q *sqlcdb.Queries, headSeq int64) ([]sqlcdb.AuditLog, error) {
	var after int64
	last, err := q.LastSealedAuditID(ctx, headSeq)
	if err != nil {
		return nil, fmt.Errorf("read last sealed audit id: %w", err)
	}
	if len(last) > 0 {
		after = last[0]
	}
	// Zero ids: the next one, taken from the write's allocator (the group's
	// in-memory count includes the rows written before this seal in it).
	next, err := allocIDs(ctx, q, "audit_log", 0)
	if err != nil {
		return nil, err
	}
	rows, err := q.ListAuditToSeal(ctx, sqlcdb.ListAuditToSealParams{AfterID: after, BeforeID: next, Lim: sealBatch})
	if err != nil {
		return nil, fmt.Errorf("read audit rows to seal: %w", err)
	}
	return rows, nil
}

// queuedRows reads up to sealBatch queued rows, in id order, with one
// statement for the ids and one for the rows (PostgreSQL).
func queuedRows(ctx context.Context, q *sqlcdb.Queries) ([]sqlcdb.AuditLog, error) {
	ids, err := q.ListUnsealedAudit(ctx, sealBatch)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	all, err := q.ListQueuedAuditRows(ctx, sqlcdb.ListQueuedAuditRowsParams{FirstID: ids[0], LastID: ids[len(ids)-1]})
	if err != nil {
		return nil, fmt.Errorf("read queued audit rows: %w", err)
	}
	// Both lists are in id order. Rows queued since ListUnsealedAudit may
	// lie in the range: they wait for the next batch.
	rows := make([]sqlcdb.AuditLog, 0, len(ids))
	k := 0
	for _, r := range all {
		if k < len(ids) && r.ID == ids[k] {
			rows = append(rows, r)
			k++
		}
	}
	if k < len(ids) {
		return nil, fmt.Errorf("read queued audit row %d: not found", ids[k])
	}
	return rows, nil
}

// AuditHead returns the head the sealer keeps and how many rows wait.
func (s *Store) AuditHead(ctx context.Context) (audit.Head, int64, error) {
	q := s.q()
	h, err := q.GetAuditHead(ctx)
	if err != nil {
		return audit.Head{}, 0, s.mapErr(fmt.Errorf("read audit head: %w", err))
	}
	var n int64
	if s.d.idsInCommitOrder() {
		n, err = q.CountAuditToSeal(ctx)
	} else {
		n, err = q.CountUnsealedAudit(ctx)
	}
	if err != nil {
		return audit.Head{}, 0, s.mapErr(fmt.Errorf("count unsealed audit rows: %w", err))
	}
	return audit.Head{Seq: h.Seq, Hash: h.Hash}, n, nil
}

// AuditChain returns up to limit seals after afterSeq, in seq order, each
// with the row it seals (nil when the row is gone).
func (s *Store) AuditChain(ctx context.Context, afterSeq int64, limit int) ([]audit.SealedEntry, error) {
	q := s.q()
	rows, err := q.ListAuditChain(ctx, sqlcdb.ListAuditChainParams{AfterSeq: afterSeq, Lim: int32(limit)})
	if err != nil {
		return nil, s.mapErr(fmt.Errorf("read audit chain: %w", err))
	}
	out := make([]audit.SealedEntry, len(rows))
	for i, r := range rows {
		out[i].Seal = audit.Seal{Seq: r.Seq, AuditID: r.AuditID, Algo: r.Algo, PrevHash: r.PrevHash, RowHash: r.RowHash, Hash: r.Hash}
		a, err := q.GetAuditRow(ctx, r.AuditID)
		if err != nil {
			return nil, s.mapErr(fmt.Errorf("read audit row %d: %w", r.AuditID, err))
		}
		if len(a) == 1 { // none: the row is gone
			e := auditEntry(a[0])
			out[i].Entry = &e
		}
	}
	return out, nil
}

// UnchainedAudit returns up to limit ids of audit rows that are neither
// sealed nor waiting for a seal: queued (PostgreSQL), or on SQLite above
// the last sealed id and below the allocator's next.
func (s *Store) UnchainedAudit(ctx context.Context, limit int) ([]xuezuo.ID, error) {
	list := s.q().ListUnchainedAudit
	if s.d.idsInCommitOrder() {
		list = s.q().ListUnchainedAuditByID
	}
	ids, err := list(ctx, int32(limit))
	if err != nil {
		return nil, s.mapErr(fmt.Errorf("read unsealed audit rows: %w", err))
	}
	return ids, nil
}

// auditEntry converts a stored audit row.
func auditEntry(r sqlcdb.AuditLog) audit.Entry {
	e := audit.Entry{ID: r.ID, At: fromMS(r.At), UserID: r.UserID, Username: r.Username, Action: r.Action,
		TargetType: r.TargetType, TargetID: r.TargetID, OrgID: r.OrgID, Outcome: r.Outcome, Remote: r.Remote}
	if r.Fields != "" {
		e.Fields = strings.Split(r.Fields, ",")
	}
	return e
}
