-- name: QueueAuditSeal :exec
-- QueueAuditSeal queues a new audit row for the sealer, in its write's
-- transaction. PostgreSQL queues inside the audit INSERT itself (audit.go);
-- this statement remains for tests that queue by hand.
INSERT INTO audit_unsealed (audit_id) VALUES ($1);

-- name: LockAuditHead :one
-- LockAuditHead takes the sealer's lock (the head row, held to COMMIT) and
-- returns the head. An UPDATE locks on both engines; SQLite has one writer.
UPDATE audit_seal_head SET locks = locks + 1 WHERE id = 1
RETURNING seq, hash, algo;

-- name: ListUnsealedAudit :many
-- ListUnsealedAudit returns the ids of queued audit rows, in order; all of
-- them are committed, so any order seals them after every row sealed
-- before. Only PostgreSQL queues.
SELECT audit_id FROM audit_unsealed ORDER BY audit_id LIMIT sqlc.arg(lim);

-- name: ListQueuedAuditRows :many
-- ListQueuedAuditRows reads the queued audit rows with ids from first_id to
-- last_id in one statement (PostgreSQL's sealer). The range may hold rows
-- queued since ListUnsealedAudit (ids come from blocks, not in commit
-- order); the sealer keeps only the ids it listed.
SELECT a.* FROM audit_log a
WHERE a.id >= sqlc.arg(first_id) AND a.id <= sqlc.arg(last_id)
  AND EXISTS (SELECT 1 FROM audit_unsealed u WHERE u.audit_id = a.id)
ORDER BY a.id;

-- name: ListAuditToSeal :many
-- ListAuditToSeal reads the rows to seal on SQLite: ids above the last
-- sealed one and below the next the allocator hands out, in id order,
-- which there is commit order. A rowid range: cheap whatever the
-- statistics say.
SELECT * FROM audit_log
WHERE id > sqlc.arg(after_id) AND id < sqlc.arg(before_id)
ORDER BY id
LIMIT sqlc.arg(lim);

-- name: LastSealedAuditID :many
-- LastSealedAuditID returns the audit id of the last seal at or below the
-- head's seq (none: nothing sealed). On SQLite every row sealed has a
-- lower id than every row not sealed, so this is where sealing resumes. A
-- seal forged above the head does not move it.
SELECT audit_id FROM audit_chain WHERE seq <= sqlc.arg(head_seq) ORDER BY seq DESC LIMIT 1;

-- name: DequeueAuditThrough :exec
-- DequeueAuditThrough empties SQLite's queue up to a sealed id: rows
-- queued before the queue was given up there (migration 12 and earlier
-- versions) are sealed by id like any other.
DELETE FROM audit_unsealed WHERE audit_id <= sqlc.arg(through_id);

-- name: CountAuditToSeal :one
-- CountAuditToSeal counts SQLite's rows waiting for a seal (see
-- ListAuditToSeal), in one statement so that it reads one snapshot.
SELECT COUNT(*) FROM audit_log
WHERE id > COALESCE((SELECT c.audit_id FROM audit_chain c
                     WHERE c.seq <= (SELECT h.seq FROM audit_seal_head h WHERE h.id = 1)
                     ORDER BY c.seq DESC LIMIT 1), 0)
  AND id < COALESCE((SELECT s.next_id FROM id_seq s WHERE s.name = 'audit_log'), 1);

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
-- (GetAuditRow): a join lets SQLite scan audit_log once per seal when its
-- statistics are stale (taken when the log was nearly empty).
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

-- name: ListUnchainedAuditByID :many
-- ListUnchainedAuditByID is ListUnchainedAudit on SQLite, which queues
-- nothing: rows not sealed although at or below the last sealed id, or with
-- an id the allocator never handed out. The rows in between wait for the
-- next seal. One statement, so one snapshot.
SELECT a.id FROM audit_log a
WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id)
  AND (a.id <= COALESCE((SELECT c.audit_id FROM audit_chain c
                         WHERE c.seq <= (SELECT h.seq FROM audit_seal_head h WHERE h.id = 1)
                         ORDER BY c.seq DESC LIMIT 1), 0)
       OR a.id >= COALESCE((SELECT s.next_id FROM id_seq s WHERE s.name = 'audit_log'), 1))
ORDER BY a.id
LIMIT sqlc.arg(lim);

-- name: CountUnsealedAudit :one
SELECT COUNT(*) FROM audit_unsealed;
