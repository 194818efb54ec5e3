-- +goose Up
-- The audit log becomes tamper-evident: every row is chained to the one
-- sealed before it by a hash. audit_log itself is not touched and its
-- append-only triggers stay as they are (no UPDATE at all): the seal lives
-- in a table of its own, so sealing only ever inserts.
--
-- audit_chain holds one seal per audit row, in seal order: seq counts from
-- 1 without gaps; row_hash covers the row's fields, hash = H(prev_hash ||
-- row_hash || seq) with the algorithm algo (sm3 or sha256).
CREATE TABLE audit_chain (
    seq BIGINT PRIMARY KEY,
    audit_id BIGINT NOT NULL UNIQUE,
    algo TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    row_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    sealed_at BIGINT NOT NULL
);

-- audit_unsealed queues the audit rows written but not yet sealed: each
-- write inserts its row's id in its own transaction, and the sealer takes
-- them, oldest commit first, batch by batch. An audit row that is neither
-- sealed nor queued was written past the application.
CREATE TABLE audit_unsealed (
    audit_id BIGINT PRIMARY KEY
);

-- audit_seal_head is the one row the sealer locks (UPDATE … RETURNING on
-- both engines), so one sealer runs at a time across processes; it also
-- keeps the head, so a chain cut short at its end disagrees with it.
CREATE TABLE audit_seal_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    algo TEXT NOT NULL,
    locks BIGINT NOT NULL
);
INSERT INTO audit_seal_head (id, seq, hash, algo, locks)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 'sm3', 0);

-- The rows written before this migration are chained once, from the
-- genesis hash above, by the first seal.
INSERT INTO audit_unsealed (audit_id) SELECT id FROM audit_log;

-- +goose Down
DROP TABLE audit_seal_head;
DROP TABLE audit_unsealed;
DROP TABLE audit_chain;
