package meeting

import (
	"context"

	"xuezuo"
)

// FilePolicy is the meeting as an owner of files (the attachment service's
// Owner, wired in service): whoever reads the meeting reads its photos and
// minutes; its org's organisers and secretary add and remove them.
type FilePolicy struct{ s *Service }

// FilePolicy returns the meetings' file policy.
func (s *Service) FilePolicy() FilePolicy { return FilePolicy{s} }

// FilesReadable returns the meeting's org when the actor may read it.
func (p FilePolicy) FilesReadable(ctx context.Context, id xuezuo.ID) (xuezuo.ID, error) {
	m, err := p.s.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	return m.OrgID, nil
}

// FilesWritable returns the meeting's org when the actor may change it.
func (p FilePolicy) FilesWritable(ctx context.Context, id xuezuo.ID) (xuezuo.ID, error) {
	m, err := p.s.Editable(ctx, id)
	if err != nil {
		return 0, err
	}
	return m.OrgID, nil
}
