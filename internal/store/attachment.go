package store

import (
	"context"
	"database/sql"

	"xuezuo"
	"xuezuo/internal/attachment"
	"xuezuo/internal/audit"
	"xuezuo/internal/store/sqlcdb"
)

// CreateAttachment records a file whose blob is already stored.
func (s *Store) CreateAttachment(ctx context.Context, a *attachment.Attachment, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		id, err := allocID(ctx, q, "attachments")
		if err != nil {
			return err
		}
		a.ID = id
		if err := q.InsertAttachment(ctx, sqlcdb.InsertAttachmentParams{ID: id, OwnerKind: a.OwnerKind, OwnerID: a.OwnerID,
			FileName: a.FileName, ContentType: a.ContentType, Size: a.Size, Sha256: a.SHA256, UploadedBy: a.UploadedBy,
			UploadedAt: ms(a.UploadedAt)}); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// GetAttachment returns one attachment's metadata.
func (s *Store) GetAttachment(ctx context.Context, id xuezuo.ID) (*attachment.Attachment, error) {
	r, err := s.q().GetAttachment(ctx, id)
	if err != nil {
		return nil, s.mapErr(notFound(err, "附件"))
	}
	return &attachment.Attachment{ID: r.ID, OwnerKind: r.OwnerKind, OwnerID: r.OwnerID, FileName: r.FileName,
		ContentType: r.ContentType, Size: r.Size, SHA256: r.Sha256, UploadedBy: r.UploadedBy, UploaderName: r.UploaderName,
		UploadedAt: fromMS(r.UploadedAt)}, nil
}

// ListAttachments lists the files of one meeting or reflection in upload order.
func (s *Store) ListAttachments(ctx context.Context, ownerKind string, ownerID xuezuo.ID) ([]attachment.Attachment, error) {
	rows, err := s.q().ListAttachments(ctx, sqlcdb.ListAttachmentsParams{OwnerKind: ownerKind, OwnerID: ownerID})
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := make([]attachment.Attachment, len(rows))
	for i, r := range rows {
		out[i] = attachment.Attachment{ID: r.ID, OwnerKind: r.OwnerKind, OwnerID: r.OwnerID, FileName: r.FileName,
			ContentType: r.ContentType, Size: r.Size, SHA256: r.Sha256, UploadedBy: r.UploadedBy, UploaderName: r.UploaderName,
			UploadedAt: fromMS(r.UploadedAt)}
	}
	return out, nil
}

// DeleteAttachment removes an attachment row; its blob stays for the sweep.
func (s *Store) DeleteAttachment(ctx context.Context, id xuezuo.ID, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		n, err := q.DeleteAttachment(ctx, id)
		if err != nil {
			return err
		}
		if n == 0 {
			return xuezuo.NotFound("附件")
		}
		return s.audit(ctx, q, e)
	})
}

// BlobInUse reports whether any attachment row points to a blob.
func (s *Store) BlobInUse(ctx context.Context, sha256 string) (bool, error) {
	n, err := s.q().CountAttachmentBlob(ctx, sha256)
	return n > 0, s.mapErr(err)
}
