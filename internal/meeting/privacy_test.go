package meeting_test

import (
	"context"
	"slices"
	"testing"

	"xuezuo"
	"xuezuo/internal/meeting"
	"xuezuo/internal/store/storetest"
)

// TestPrivacyByRole reads the register of both fixture meetings, the
// campaign's exclusions and the ledger as every business role: the branch
// secretary, organisers and inspectors of the subtree see every reason and
// category; a member sees the own rows in full and of each peer only the
// name and whether they attended.
func TestPrivacyByRole(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	f := storetest.MustPrivacyFixture(t, s, "p_")
	for _, role := range []string{"secretary", "org_admin", "inspector", "member"} {
		t.Run(role, func(t *testing.T) {
			ctx := f.Roles[role]
			full := role != "member"
			rows := registerRows(t, s, ctx, f.Meetings)
			want := map[string]string{ // member/meeting → status, reason
				"peer/0": meeting.Leave + "/" + storetest.PeerLeaveReason,
				"peer/1": meeting.Absent + "/" + storetest.PeerAbsentNote,
				"excl/1": meeting.Excluded + "/" + storetest.PeerCategory,
				"excl/0": "proposed " + meeting.Excluded + "/" + storetest.PeerCategory,
				"self/0": meeting.Leave + "/" + storetest.OwnLeaveReason,
				"self/1": meeting.Present + "/",
			}
			if !full {
				want["peer/0"] = meeting.NotAttended + "/"
				want["peer/1"] = meeting.NotAttended + "/"
				want["excl/1"] = meeting.NotAttended + "/"
				want["excl/0"] = "none"
			}
			for k, w := range want {
				if got := rows[k]; got != w {
					t.Errorf("%s: got %q, want %q", k, got, w)
				}
			}

			list, err := s.Meeting.Exclusions(ctx, f.Campaign.ID, f.Branch.ID)
			if err != nil {
				t.Fatal(err)
			}
			var who []xuezuo.ID
			for _, ex := range list {
				who = append(who, ex.MemberID)
				if ex.MemberID == f.Self && ex.Reason != storetest.OwnExclusionText {
					t.Errorf("own exclusion reason: got %q", ex.Reason)
				}
			}
			slices.Sort(who)
			wantWho := []xuezuo.ID{f.Self}
			if full {
				wantWho = []xuezuo.ID{f.Self, f.Excluded}
				slices.Sort(wantWho)
			}
			if !slices.Equal(who, wantWho) {
				t.Errorf("exclusions of: got %v, want %v", who, wantWho)
			}

			l, err := s.Meeting.Ledger(ctx, f.Branch.ID, f.Campaign.ID)
			switch {
			case full && err != nil:
				t.Errorf("ledger: %v", err)
			case !full && xuezuo.ErrorCode(err) != xuezuo.EForbidden:
				t.Errorf("ledger as a member: got %v, want forbidden", err)
			case !full && xuezuo.ErrorMessage(err) == xuezuo.Forbidden().Message:
				t.Errorf("ledger refusal should say who may export it: %q", xuezuo.ErrorMessage(err))
			case full && len(l.Members) != 4:
				t.Errorf("ledger lines: got %d, want 4", len(l.Members))
			}

			// The own record reads in full, whoever asks.
			own, err := s.Meeting.MemberAttendance(f.Roles["member"], f.Self)
			if err != nil || len(own) != 2 || own[0].Reason+own[1].Reason != storetest.OwnLeaveReason {
				t.Errorf("own attendance: got %+v, %v", own, err)
			}
		})
	}
}

// registerRows reads the registers of the meetings as ctx and keys each
// line "self|peer|excl/<meeting index>" → "status/reason", "proposed …" for
// a proposal, "none" without either.
func registerRows(t *testing.T, s *storetest.Services, ctx context.Context, ids []xuezuo.ID) map[string]string {
	t.Helper()
	f := map[string]string{}
	for i, id := range ids {
		_, roster, _, err := s.Meeting.Roster(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, rm := range roster {
			name := map[string]string{"张自己": "self", "李同事": "peer", "王同事": "excl"}[rm.Name]
			if name == "" {
				continue
			}
			key := name + "/" + string(rune('0'+i))
			switch {
			case rm.Row != nil:
				f[key] = rm.Row.Status + "/" + rm.Row.Reason
			case rm.Proposed != "":
				f[key] = "proposed " + rm.Proposed + "/" + rm.ProposedReason
			default:
				f[key] = "none"
			}
		}
	}
	return f
}

// TestCanExportLedger: the register's readers may export it, a member of
// the branch is refused, and outside the subtree the org is not found.
func TestCanExportLedger(t *testing.T) {
	t.Parallel()
	s := storetest.OpenServices(t)
	f := storetest.MustPrivacyFixture(t, s, "q_")
	other := storetest.MustCreateUnit(t, s, 0, "外单位党委")
	tests := []struct {
		role string
		org  xuezuo.ID
		code string
	}{
		{"secretary", f.Branch.ID, ""}, {"org_admin", f.Branch.ID, ""}, {"inspector", f.Branch.ID, ""},
		{"member", f.Branch.ID, xuezuo.EForbidden}, {"secretary", other.ID, xuezuo.ENotFound},
		{"member", other.ID, xuezuo.ENotFound},
	}
	for _, tc := range tests {
		if got := xuezuo.ErrorCode(s.Meeting.CanExportLedger(f.Roles[tc.role], tc.org)); got != tc.code {
			t.Errorf("%s on org %d: got %q, want %q", tc.role, tc.org, got, tc.code)
		}
	}
}
