package store

import (
	"context"
	"database/sql"
	"fmt"

	"xuezuo/internal/audit"
	"xuezuo/internal/store/sqlcdb"
)

// audit inserts an audit row inside the caller's transaction, so that a
// change and its record commit or fail together.
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
	err = q.InsertAudit(ctx, sqlcdb.InsertAuditParams{
		ID: id, At: ms(at), UserID: e.UserID, Username: e.Username, Action: e.Action, TargetType: e.TargetType,
		TargetID: e.TargetID, OrgID: e.OrgID, Fields: e.FieldList(), Outcome: outcome, Remote: e.Remote,
	})
	if err != nil {
		return fmt.Errorf("insert audit: %w", err)
	}
	// Queued in the same transaction: the sealer chains the row once it is
	// committed (auditchain.go), off the request's path.
	if err := q.QueueAuditSeal(ctx, id); err != nil {
		return fmt.Errorf("queue audit seal: %w", err)
	}
	return nil
}

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
