-- +goose Up
-- pending_work records work a committed transaction left for the next one
-- (the bulk import builds the search index after committing the rows); the
-- store finishes it when it opens, so a crash in between heals itself.
CREATE TABLE pending_work (
    name TEXT PRIMARY KEY,
    since BIGINT NOT NULL
);

-- +goose Down
DROP TABLE pending_work;
