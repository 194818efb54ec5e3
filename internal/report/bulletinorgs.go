package report

import (
	"context"
	"slices"

	"xuezuo"
	"xuezuo/internal/org"
)

// issuesBulletins reports whether an org issues bulletins: committees and
// general branches do (CreateBulletin refuses the others).
func issuesBulletins(o *org.Org) bool {
	return o.Kind == org.KindCommittee || o.Kind == org.KindGeneralBranch
}

// readsBulletins answers nil when the actor reads the org's bulletins:
// the org's readers (drafts too) and everyone in its subtree (published).
func (s *Bulletins) readsBulletins(ctx context.Context, orgID xuezuo.ID) error {
	err := s.scope.CanReadMember(ctx, 0, orgID)
	if err == nil || xuezuo.ErrorCode(err) == xuezuo.EUnauthenticated {
		return err
	}
	return s.scope.CanReadNotice(ctx, orgID)
}

// BulletinOrg returns the org whose bulletin list the actor opens: to its
// readers and to everyone in its subtree (a member of a branch reads the
// unit's published bulletins without reading the unit), 404 to others.
func (s *Bulletins) BulletinOrg(ctx context.Context, orgID xuezuo.ID) (*org.Org, error) {
	if err := s.readsBulletins(ctx, orgID); err != nil {
		return nil, err
	}
	return s.store.GetOrg(ctx, orgID)
}

// Issuers lists the orgs at or above orgID that issue bulletins the actor
// reads, the org itself first, then upwards: where the org's page links
// 通报 for its readers. Orgs whose bulletins the actor may not read are
// left out, so their names do not leak.
func (s *Bulletins) Issuers(ctx context.Context, orgID xuezuo.ID) ([]org.Org, error) {
	anc, err := s.store.OrgAncestors(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var out []org.Org
	for _, o := range slices.Backward(anc) {
		if !issuesBulletins(&o) {
			continue
		}
		err := s.readsBulletins(ctx, o.ID)
		switch {
		case err == nil:
			out = append(out, o)
		case xuezuo.ErrorCode(err) != xuezuo.ENotFound && xuezuo.ErrorCode(err) != xuezuo.EForbidden:
			return nil, err
		}
	}
	return out, nil
}

// CanCreate reports whether the actor may create bulletins of the org:
// one of its organisers, for an org that issues them.
func (s *Bulletins) CanCreate(ctx context.Context, o *org.Org) bool {
	return issuesBulletins(o) && s.CanManage(ctx, o.ID)
}

// LecturerKindLabel names a lecturer kind as the bulletin's tables do
// (领导讲, 书记讲 …).
func LecturerKindLabel(kind string) string {
	if i := slices.Index(LecturerKinds, kind); i >= 0 {
		return lectureKindLabels[i]
	}
	return kind
}
