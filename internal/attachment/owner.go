package attachment

import (
	"context"

	"xuezuo"
)

// Owner kinds: the values of an attachment's OwnerKind and the keys of
// Owners. The database's CHECK on attachments.owner_kind lists the same.
const (
	Meeting    = "meeting"
	Reflection = "reflection"
	Summary    = "summary"
)

// Owner is the file policy of one kind of record, implemented by the
// record's own service (meeting, reflection, report) and registered in
// Owners where the services are wired: the attachment service asks it
// before every access and never learns the record's rules itself.
//
// Both methods return the org the record belongs to, which the audit row of
// an upload, download or deletion names. Their errors are the owner's own:
// ENotFound when the record does not exist or lies outside the actor's
// scope (a foreign id learns nothing), EForbidden when the actor may read
// but not change it, EConflict when the record is in a state that keeps its
// files as they are (a reviewed reflection, a submitted summary).
type Owner interface {
	// FilesReadable answers whether the actor may list and download the
	// files of record id: whoever may read the record.
	FilesReadable(ctx context.Context, id xuezuo.ID) (orgID xuezuo.ID, err error)
	// FilesWritable answers whether the actor may upload files to record id
	// or delete them now.
	FilesWritable(ctx context.Context, id xuezuo.ID) (orgID xuezuo.ID, err error)
}

// Owners maps each owner kind to its policy.
type Owners map[string]Owner

// owner checks that the actor may read the owner (or change its files, when
// write is set) and returns the owner's org for the audit row. An unknown
// kind has no files: not found, as for a foreign record.
func (s *Service) owner(ctx context.Context, kind string, id xuezuo.ID, write bool) (xuezuo.ID, error) {
	p, ok := s.owners[kind]
	if !ok || p == nil {
		return 0, xuezuo.NotFound("附件")
	}
	if write {
		return p.FilesWritable(ctx, id)
	}
	return p.FilesReadable(ctx, id)
}
