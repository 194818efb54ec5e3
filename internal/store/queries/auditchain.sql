-- name: QueueAuditSeal :exec
-- QueueAuditSeal queues a new audit row for the sealer, in its write's
-- transaction.
INSERT INTO audit_unsealed (audit_id) VALUES ($1);

-- name: LockAuditHead :one
-- LockAuditHead takes the sealer's lock (the head row, held to COMMIT) and
-- returns the head. An UPDATE locks on both engines; SQLite has one writer.
UPDATE audit_seal_head SET locks = locks + 1 WHERE id = 1
RETURNING seq, hash, algo;

-- name: ListUnsealedAudit :many
-- ListUnsealedAudit returns the ids of queued audit rows, in order; all of
-- them are committed, so any order seals them after every row sealed
-- before. The rows are read one by one (GetAuditRow): a join lets SQLite
-- scan audit_log once per queued row when its statistics are stale.
SELECT audit_id FROM audit_unsealed ORDER BY audit_id LIMIT sqlc.arg(lim);

-- name: GetAuditRow :many
SELECT * FROM audit_log WHERE id = $1;

-- name: InsertAuditSeal :exec
INSERT INTO audit_chain (seq, audit_id, algo, prev_hash, row_hash, hash, sealed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: DequeueSealedAudit :exec
-- DequeueSealedAudit removes the rows sealed after seq from the queue.
DELETE FROM audit_unsealed WHERE audit_id IN (SELECT c.audit_id FROM audit_chain c WHERE c.seq > sqlc.arg(after_seq));

-- name: SetAuditHead :exec
UPDATE audit_seal_head SET seq = $1, hash = $2, algo = $3 WHERE id = 1;

-- name: GetAuditHead :one
SELECT seq, hash, algo FROM audit_seal_head WHERE id = 1;

-- name: ListAuditChain :many
-- ListAuditChain pages the chain by seq; the rows it seals are read by id
-- (GetAuditRow), for the reason ListUnsealedAudit gives.
SELECT seq, audit_id, algo, prev_hash, row_hash, hash FROM audit_chain
WHERE seq > sqlc.arg(after_seq)
ORDER BY seq
LIMIT sqlc.arg(lim);

-- name: ListUnchainedAudit :many
-- ListUnchainedAudit returns the audit rows that are neither sealed nor
-- queued: written into the table past the application.
SELECT a.id FROM audit_log a
WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id)
  AND NOT EXISTS (SELECT 1 FROM audit_unsealed u WHERE u.audit_id = a.id)
ORDER BY a.id
LIMIT sqlc.arg(lim);

-- name: CountUnsealedAudit :one
SELECT COUNT(*) FROM audit_unsealed;
