package report

import (
	"context"

	"xuezuo"
)

// SummaryFilePolicy is the summary as an owner of files, its photos and
// minutes (the attachment service's Owner, wired in service). The files
// belong to the summary, not to a version: whoever reads the summary reads
// them, the level above included; those who may edit it (the branch's
// secretary, organisers above the branch) add and remove them while it is
// a draft or returned. Once submitted or accepted its files stay as the
// reviewer saw them.
type SummaryFilePolicy struct{ s *Service }

// SummaryFilePolicy returns the summaries' file policy.
func (s *Service) SummaryFilePolicy() SummaryFilePolicy { return SummaryFilePolicy{s} }

// msgFilesLocked explains why a sent summary keeps its files.
const msgFilesLocked = "总结材料已报送，附件不能再上传或删除；如需更改，请上级退回后再改"

// FilesReadable returns the summary's branch when the actor may read it.
func (p SummaryFilePolicy) FilesReadable(ctx context.Context, id xuezuo.ID) (xuezuo.ID, error) {
	sm, err := p.s.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	return sm.OrgID, nil
}

// FilesWritable returns the summary's branch when the actor may edit it
// and it is a draft or returned. The permission is checked before the
// state, so that a reader learns 403 and a stranger 404, never the state.
func (p SummaryFilePolicy) FilesWritable(ctx context.Context, id xuezuo.ID) (xuezuo.ID, error) {
	sm, err := p.s.writable(ctx, id)
	if err != nil {
		return 0, err
	}
	if sm.State != Draft && sm.State != Returned {
		return 0, xuezuo.Errorf(xuezuo.EConflict, msgFilesLocked)
	}
	return sm.OrgID, nil
}
