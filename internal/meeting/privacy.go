package meeting

import (
	"context"

	"xuezuo"
	"xuezuo/internal/member"
)

// NotAttended is the status a peer's row shows to a reader who may not see
// why the peer missed a meeting: leave, absence and exclusion all read as
// 未出席, so a member learns of a peer only the name and whether they
// attended (present or remote).
const NotAttended = "not_attended"

// NotAttendedLabel is NotAttended in zh-CN.
const NotAttendedLabel = "未出席"

// ledgerReaders says who may read a register (考勤台账); a member of the
// branch who asks is refused with it.
const ledgerReaders = "考勤台账列有每位党员的请假原因和不计入应到类别，仅供支部书记、组织管理员和督导员导出"

// seesPeers reports whether the actor reads the private parts of the
// records of every member of an org: leave reasons, exclusions, their
// categories and free text. The policy answers it as "may read every member
// of the org" — the branch secretary, organisers and inspectors of the
// subtree, and the local operator. A plain member reads only the own record.
// A refusal is an answer (false); any other failure is an error, so an
// outage never shows a register as though it had nothing private.
func (s *Service) seesPeers(ctx context.Context, orgID xuezuo.ID) (bool, error) {
	switch err := s.scope.CanReadMember(ctx, 0, orgID); xuezuo.ErrorCode(err) {
	case "":
		return true, nil
	case xuezuo.ENotFound, xuezuo.EForbidden:
		return false, nil
	default:
		return false, err
	}
}

// self returns the member the actor's account is linked to, or 0.
func self(ctx context.Context) xuezuo.ID {
	if a := xuezuo.ActorFrom(ctx); a != nil {
		return a.MemberID
	}
	return 0
}

// redactRow leaves of a peer's row only who and whether they attended: a
// guest stays a guest (listed, never counted), present and remote stay, and
// every other status reads as NotAttended. The reason (leave reason,
// exclusion category or a note) is dropped whatever the status.
func redactRow(r Row) Row {
	if !Attends(r.Status) && r.Status != Guest {
		r.Status = NotAttended
	}
	r.Reason = ""
	return r
}

// redactRoster applies redactRow to every line but the actor's own, and
// leaves of a peer's member record only the id, name and org: the register
// needs no more, and the record itself is not the member's to read.
func redactRoster(me xuezuo.ID, roster []RosterMember, guests []Row) {
	for i := range roster {
		rm := &roster[i]
		if rm.ID == me && me != 0 {
			continue
		}
		rm.Member = member.Member{ID: rm.ID, Name: rm.Name, OrgID: rm.OrgID, OrgName: rm.OrgName}
		rm.Proposed, rm.ProposedReason = "", ""
		if rm.Row != nil {
			r := redactRow(*rm.Row)
			rm.Row = &r
		}
	}
	for i := range guests {
		if guests[i].MemberID != me || me == 0 {
			guests[i] = redactRow(guests[i])
		}
	}
}

// ownExclusions keeps the actor's own exclusion (if any): a member reads
// the own record in full and nobody else's.
func ownExclusions(me xuezuo.ID, list []Exclusion) []Exclusion {
	out := []Exclusion{}
	for _, ex := range list {
		if ex.MemberID == me && me != 0 {
			out = append(out, ex)
		}
	}
	return out
}

// CanExportLedger reports whether the actor may export an org's register
// (考勤台账): its readers may; a member of the branch is refused (403) with
// a message saying who may; outside the actor's scope the org is not found.
func (s *Service) CanExportLedger(ctx context.Context, orgID xuezuo.ID) error {
	if err := s.scope.CanReadOrg(ctx, orgID); err != nil {
		return err
	}
	ok, err := s.seesPeers(ctx, orgID)
	if err != nil {
		return err
	}
	if !ok {
		return xuezuo.Errorf(xuezuo.EForbidden, ledgerReaders)
	}
	return nil
}
