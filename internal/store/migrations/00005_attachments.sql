-- +goose Up
-- attachments are the files of meetings (photos, scans, documents) and the
-- optional file of a reflection. The bytes live in the blob store under
-- their SHA-256 (sha256); a row is inserted only after its blob is complete,
-- so no row points to a missing blob. One content may back several rows.
-- owner_id names a meeting or a reflection by owner_kind, so it carries no
-- foreign key; the services check the owner before every access.
CREATE TABLE attachments (
    id BIGINT PRIMARY KEY,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('meeting', 'reflection')),
    owner_id BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL,       -- users.id; 0 for the local operator
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id, id);
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- +goose Down
DROP TABLE attachments;
