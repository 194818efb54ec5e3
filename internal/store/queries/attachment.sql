-- name: InsertAttachment :exec
INSERT INTO attachments (id, owner_kind, owner_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: GetAttachment :one
SELECT a.*, COALESCE(u.display_name, '') AS uploader_name FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by
WHERE a.id = $1;

-- name: ListAttachments :many
SELECT a.*, COALESCE(u.display_name, '') AS uploader_name FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by
WHERE a.owner_kind = $1 AND a.owner_id = $2 ORDER BY a.id;

-- name: DeleteAttachment :execrows
DELETE FROM attachments WHERE id = $1;

-- name: CountAttachmentBlob :one
-- CountAttachmentBlob counts the rows that point to a blob, for the sweep.
SELECT COUNT(*) FROM attachments WHERE sha256 = $1;
