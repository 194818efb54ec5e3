// Package attachment holds the files of records: meetings (photos, scans,
// documents), the optional file of a reflection, the photos and minutes of a
// branch summary. The bytes go to a content-addressed blob store; the
// metadata row goes to the database afterwards, in one transaction with its
// audit row, so no row ever points to a missing blob. Who may upload, read
// or delete follows the owner, and the owner's own service decides it
// through an Owner policy registered per kind (owner.go): this package
// knows no feature that owns files.
package attachment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"xuezuo"
	"xuezuo/internal/audit"
	"xuezuo/internal/blob"
)

// MaxBytes is the largest file accepted: a phone photo or a scanned
// document fits; a video does not.
const MaxBytes = 20 << 20

// Attachment is one file's metadata.
type Attachment struct {
	ID           xuezuo.ID
	OwnerKind    string // Meeting, Reflection or Summary
	OwnerID      xuezuo.ID
	FileName     string
	ContentType  string
	Size         int64
	SHA256       string // the blob's key
	UploadedBy   xuezuo.ID
	UploaderName string // read back
	UploadedAt   time.Time
}

// Image reports whether the file is a photo.
func (a *Attachment) Image() bool {
	return a.ContentType == TypeJPEG || a.ContentType == TypePNG || a.ContentType == TypeWebP
}

// Store is what the attachment service needs from the database.
type Store interface {
	CreateAttachment(ctx context.Context, a *Attachment, e audit.Entry) error
	GetAttachment(ctx context.Context, id xuezuo.ID) (*Attachment, error)
	ListAttachments(ctx context.Context, ownerKind string, ownerID xuezuo.ID) ([]Attachment, error)
	DeleteAttachment(ctx context.Context, id xuezuo.ID, e audit.Entry) error
	BlobInUse(ctx context.Context, sha256 string) (bool, error)
	// WriteAudit records a download on its own.
	WriteAudit(ctx context.Context, e audit.Entry) error
}

// Service is the attachment operation layer.
type Service struct {
	store  Store
	blobs  blob.Blob
	owners Owners
	clock  xuezuo.Clock
}

// NewService returns the attachment service. The owners' policies decide
// every permission; a kind missing from owners has no files.
func NewService(s Store, blobs blob.Blob, owners Owners, clock xuezuo.Clock) *Service {
	return &Service{store: s, blobs: blobs, owners: owners, clock: clock}
}

// Upload stores a file on a record of a registered kind. The owner is checked
// first, so that a stranger learns nothing from the file checks. The file
// is read whole (at most MaxBytes), typed by its content, written to the
// blob store and only then recorded.
func (s *Service) Upload(ctx context.Context, kind string, ownerID xuezuo.ID, name string, r io.Reader) (*Attachment, error) {
	orgID, err := s.owner(ctx, kind, ownerID, true)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, fieldErr("file", "请选择要上传的照片或文件")
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, &xuezuo.Error{Code: xuezuo.EInvalid, Message: "文件没有完整上传，请重试", Fields: map[string]string{"file": "文件没有完整上传，请重试"}, Err: err}
	}
	switch {
	case len(data) == 0:
		return nil, fieldErr("file", "文件是空的，请重新选择")
	case len(data) > MaxBytes:
		return nil, fieldErr("file", fmt.Sprintf("文件超过 %d MB，请压缩或拆分后再上传", MaxBytes>>20))
	}
	ct := Detect(name, data)
	if ct == "" {
		return nil, fieldErr("file", msgBadType)
	}
	obj, err := s.blobs.Put(ctx, bytes.NewReader(data), MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("store attachment blob: %w", err)
	}
	a := xuezuo.ActorFrom(ctx)
	att := &Attachment{OwnerKind: kind, OwnerID: ownerID, FileName: CleanName(name, ct), ContentType: ct, Size: obj.Size,
		SHA256: obj.Key, UploadedBy: a.UserID, UploaderName: a.Username, UploadedAt: s.clock.Now()}
	// A failed insert leaves the blob unreferenced, which is harmless: the
	// same bytes always map to the same key, and Sweep removes it later.
	if err := s.store.CreateAttachment(ctx, att, audit.New(ctx, "attachment.upload", kind, ownerID, orgID, "attachments")); err != nil {
		return nil, err
	}
	return att, nil
}

// List returns the files of an owner the actor may read.
func (s *Service) List(ctx context.Context, kind string, ownerID xuezuo.ID) ([]Attachment, error) {
	if _, err := s.owner(ctx, kind, ownerID, false); err != nil {
		return nil, err
	}
	return s.store.ListAttachments(ctx, kind, ownerID)
}

// get returns an attachment whose owner the actor may read (or change).
// Outside the actor's scope it is simply not found.
func (s *Service) get(ctx context.Context, id xuezuo.ID, write bool) (*Attachment, xuezuo.ID, error) {
	att, err := s.store.GetAttachment(ctx, id)
	if err != nil {
		return nil, 0, xuezuo.NotFoundAs(err, "附件", "get attachment %d", id)
	}
	orgID, err := s.owner(ctx, att.OwnerKind, att.OwnerID, write)
	if xuezuo.ErrorCode(err) == xuezuo.ENotFound {
		return nil, 0, xuezuo.NotFound("附件")
	}
	return att, orgID, err
}

// Open returns an attachment and its content for whoever may read its
// owner. The caller closes the reader.
func (s *Service) Open(ctx context.Context, id xuezuo.ID) (*Attachment, io.ReadCloser, error) {
	att, _, err := s.get(ctx, id, false)
	if err != nil {
		return nil, nil, err
	}
	rc, err := s.blobs.Open(ctx, att.SHA256)
	if err != nil {
		return nil, nil, fmt.Errorf("open attachment %d: %w", id, err)
	}
	return att, rc, nil
}

// ActionDownload is the audit action of an attachment's download.
const ActionDownload = "attachment.download"

// Download is Open for a download to the reader's device: attachments
// carry personal data (sign-in photos, minutes), so each download leaves an
// audit row naming the attachment and its org, written before the content
// is handed over.
func (s *Service) Download(ctx context.Context, id xuezuo.ID) (*Attachment, io.ReadCloser, error) {
	att, orgID, err := s.get(ctx, id, false)
	if err != nil {
		return nil, nil, err
	}
	e := audit.New(ctx, ActionDownload, "attachment", att.ID, orgID, "owner="+att.OwnerKind)
	if err := s.store.WriteAudit(ctx, e); err != nil {
		return nil, nil, fmt.Errorf("audit attachment download %d: %w", id, err)
	}
	rc, err := s.blobs.Open(ctx, att.SHA256)
	if err != nil {
		return nil, nil, fmt.Errorf("open attachment %d: %w", id, err)
	}
	return att, rc, nil
}

// Delete removes an attachment (by those who may upload to its owner) and
// returns it, so that the caller can go back to the owner. The blob stays
// until Sweep finds no row using it: another row may share the content.
func (s *Service) Delete(ctx context.Context, id xuezuo.ID) (*Attachment, error) {
	att, orgID, err := s.get(ctx, id, true)
	if err != nil {
		return nil, err
	}
	e := audit.New(ctx, "attachment.delete", att.OwnerKind, att.OwnerID, orgID, "attachments")
	if err := s.store.DeleteAttachment(ctx, id, e); err != nil {
		return nil, err
	}
	return att, nil
}

// Sweep deletes the blobs no attachment row uses any more and that are
// older than grace; the local operator (a job) runs it. The grace period
// spares a blob whose upload has been written but not yet recorded: Put
// refreshes a blob's time even when its content was already stored.
func (s *Service) Sweep(ctx context.Context, grace time.Duration) (int, error) {
	if a := xuezuo.ActorFrom(ctx); a == nil || !a.System {
		return 0, xuezuo.Forbidden()
	}
	// Blob times are the files' own (wall clock), not the service clock.
	cutoff := time.Now().Add(-grace)
	var old []string
	if err := s.blobs.List(ctx, func(o blob.Object) error {
		if o.ModTime.Before(cutoff) {
			old = append(old, o.Key)
		}
		return nil
	}); err != nil {
		return 0, fmt.Errorf("list blobs: %w", err)
	}
	n := 0
	for _, key := range old {
		used, err := s.store.BlobInUse(ctx, key)
		if err != nil {
			return n, err
		}
		if used {
			continue
		}
		// Look again just before deleting: an upload of the same bytes
		// since the listing has made the blob young.
		if o, err := s.blobs.Stat(ctx, key); err != nil || !o.ModTime.Before(cutoff) {
			if err != nil && !errors.Is(err, blob.ErrNotFound) {
				return n, err
			}
			continue
		}
		if err := s.blobs.Delete(ctx, key); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func fieldErr(field, msg string) error {
	return &xuezuo.Error{Code: xuezuo.EInvalid, Message: msg, Fields: map[string]string{field: msg}}
}
