-- +goose Up
-- login_guard counts failed password checks of one account from one client
-- address: 5 within 15 minutes lock that pair for 15 minutes, so a stranger
-- elsewhere cannot keep the owner out from the owner's own address. The
-- login locks the row in the transaction that records the outcome, so a
-- burst is judged one check after another. users.failed_logins and
-- users.locked_until become the per-account ceiling (50 failures in 15
-- minutes from all addresses lock the account for everyone), counted from
-- users.failures_since.
CREATE TABLE login_guard (
    user_id BIGINT NOT NULL REFERENCES users (id),
    addr TEXT NOT NULL,
    failures BIGINT NOT NULL,
    first_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL,
    PRIMARY KEY (user_id, addr)
);
ALTER TABLE users ADD COLUMN failures_since BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN failures_since;
DROP TABLE login_guard;
