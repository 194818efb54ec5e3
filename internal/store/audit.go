package store

import (
	"context"
	"database/sql"
	"fmt"

	"xuezuo/internal/audit"
	"xuezuo/internal/store/sqlcdb"
)

// audit inserts an audit row inside the caller's transaction, so that a
// change and its record commit or fail together. Where ids are not in
// commit order (PostgreSQL) the row is also queued for the sealer, in the
// same statement (queuedAuditInsert); SQLite's sealer finds new rows by id
// and needs no queue (auditchain.go).
func (s *Store) audit(ctx context.Context, q *sqlcdb.Queries, e audit.Entry) error {
	id, err := allocID(ctx, q, "audit_log")
	if err != nil {
		return err
	}
	at := e.At
	if at.IsZero() {
		at = s.now()
	}
	outcome := e.Outcome
	if outcome == "" {
		outcome = audit.OutcomeOK
	}
	p := sqlcdb.InsertAuditParams{
		ID: id, At: ms(at), UserID: e.UserID, Username: e.Username, Action: e.Action, TargetType: e.TargetType,
		TargetID: e.TargetID, OrgID: e.OrgID, Fields: e.FieldList(), Outcome: outcome, Remote: e.Remote,
	}
	if s.d.idsInCommitOrder() {
		err = q.InsertAudit(ctx, p)
	} else {
		err = insertQueuedAudit(ctx, q, p)
	}
	if err != nil {
		return fmt.Errorf("insert audit: %w", err)
	}
	return nil
}

// queuedAuditInsert writes an audit row and its queue row in one statement
// (a data-modifying CTE, PostgreSQL only, so not among the queries both
// engines prepare): one round trip per audited write instead of two.
const queuedAuditInsert = `WITH a AS (
	INSERT INTO audit_log (id, at, user_id, username, action, target_type, target_id, org_id, fields, outcome, remote)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id)
INSERT INTO audit_unsealed (audit_id) SELECT id FROM a`

// insertQueuedAudit runs queuedAuditInsert in the write's transaction
// (withTx); without one (a Store driven by hand in tests) it falls back to
// the two statements.
func insertQueuedAudit(ctx context.Context, q *sqlcdb.Queries, p sqlcdb.InsertAuditParams) error {
	tx, ok := ctx.Value(txKey{}).(*sql.Tx)
	if !ok {
		if err := q.InsertAudit(ctx, p); err != nil {
			return err
		}
		return q.QueueAuditSeal(ctx, p.ID)
	}
	_, err := tx.ExecContext(ctx, queuedAuditInsert, p.ID, p.At, p.UserID, p.Username, p.Action, p.TargetType,
		p.TargetID, p.OrgID, p.Fields, p.Outcome, p.Remote)
	return err
}

// txKey carries the write's *sql.Tx in its ctx, for the statements that are
// not sqlc's (queuedAuditInsert); inTx sets it where writes are not grouped.
type txKey struct{}

// WriteAudit records an entry on its own (logins, logouts).
func (s *Store) WriteAudit(ctx context.Context, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error { return s.audit(ctx, q, e) })
}

// ListAudit pages the audit log, newest first.
func (s *Store) ListAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, int, error) {
	q := s.q()
	// The filter is a prefix: "_" and "%" typed by the auditor are literal.
	f.Action = likeLiteral(f.Action)
	total, err := q.CountAudit(ctx, sqlcdb.CountAuditParams{Username: f.Username, Action: f.Action, FromMs: ms(f.From), ToMs: ms(f.To)})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	rows, err := q.ListAudit(ctx, sqlcdb.ListAuditParams{Username: f.Username, Action: f.Action, FromMs: ms(f.From), ToMs: ms(f.To),
		Lim: int32Of(f.Limit), Off: int32Of(f.Offset)})
	if err != nil {
		return nil, 0, s.mapErr(err)
	}
	out := make([]audit.Entry, len(rows))
	for i, r := range rows {
		out[i] = auditEntry(r)
	}
	return out, int(total), nil
}
