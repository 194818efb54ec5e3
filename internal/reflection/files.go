package reflection

import (
	"context"

	"xuezuo"
)

// FilePolicy is the reflection as an owner of a file (the attachment
// service's Owner, wired in service): its readers read the file; its author
// adds or removes it until the secretary has reviewed the reflection.
type FilePolicy struct{ s *Service }

// FilePolicy returns the reflections' file policy.
func (s *Service) FilePolicy() FilePolicy { return FilePolicy{s} }

// FilesReadable returns the reflection's org when the actor may read it.
func (p FilePolicy) FilesReadable(ctx context.Context, id xuezuo.ID) (xuezuo.ID, error) {
	r, err := p.s.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	return r.OrgID, nil
}

// FilesWritable returns the reflection's org when the actor may still
// change it.
func (p FilePolicy) FilesWritable(ctx context.Context, id xuezuo.ID) (xuezuo.ID, error) {
	r, err := p.s.Editable(ctx, id)
	if err != nil {
		return 0, err
	}
	return r.OrgID, nil
}
