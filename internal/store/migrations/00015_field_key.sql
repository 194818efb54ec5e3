-- +goose Up
-- field_key records that members' phone numbers are encrypted at rest
-- (SM4-GCM, issue 12). It holds at most one row: check_value is a known
-- text sealed with the key, so a start-up with the wrong key (or none) is
-- refused before any phone is read or written. The key itself is never
-- stored in the database.
CREATE TABLE field_key (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    check_value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE field_key;
