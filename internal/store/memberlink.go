package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"xuezuo"
	"xuezuo/internal/account"
	"xuezuo/internal/audit"
	"xuezuo/internal/store/sqlcdb"
)

// One account per member: an account links to at most one member (one
// column), a member to at most one account (the unique index of migration
// 14), and no admin account links to a member (the account service's rule,
// checked here under the user's row lock).

// LinkMember links an account to a member record (0 unlinks) and sets its
// display name, after check has seen the account's grants and any other
// account linked to the member. The unique index catches two concurrent
// links of one member.
func (s *Store) LinkMember(ctx context.Context, id, memberID xuezuo.ID, display string, check account.LinkCheck, e audit.Entry) error {
	return s.inTx(ctx, func(ctx context.Context, tx *sql.Tx, q *sqlcdb.Queries) error {
		// The actor carries the member link: the bump makes cached actors
		// stale, and it locks the user's row before the check.
		if err := q.BumpGrants(ctx, id); err != nil {
			return err
		}
		if _, err := q.GetUser(ctx, id); err != nil {
			return notFound(err, "账号")
		}
		grants, err := q.ListUserGrants(ctx, id)
		if err != nil {
			return err
		}
		holder := ""
		if memberID != 0 {
			h, err := q.LinkedUser(ctx, sqlcdb.LinkedUserParams{MemberID: nullID(memberID), ID: id})
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			holder = h.Username
		}
		if err := check(toGrants(grants), holder); err != nil {
			return err
		}
		if err := q.SetUserMember(ctx, sqlcdb.SetUserMemberParams{ID: id, MemberID: nullID(memberID), DisplayName: display, UpdatedAt: ms(s.now())}); err != nil {
			return err
		}
		return s.audit(ctx, q, e)
	})
}

// Reasons of an unlink by the repair.
const (
	unlinkDuplicate = "reason=duplicate" // another, newer account keeps the member
	unlinkAdmin     = "reason=admin"     // an admin account may not be linked
)

// repairMemberLinks enforces one account per member on existing data
// before migration 14 adds the unique index: admin accounts lose their
// link, and of the other accounts linked to one member the newest (the
// highest id: ids grow with creation) keeps it. Each removal writes a
// user.unlink row with its reason in the same transaction. It returns the
// number of links removed.
func (s *Store) repairMemberLinks(ctx context.Context, q *sqlcdb.Queries) (int, error) {
	links, err := q.ListMemberLinks(ctx)
	if err != nil {
		return 0, fmt.Errorf("list member links: %w", err)
	}
	removed := 0
	kept := map[int64]bool{} // member ids that have their account
	for _, l := range links {
		grants, err := q.ListUserGrants(ctx, l.ID)
		if err != nil {
			return removed, err
		}
		reason := ""
		if hasAdmin(toGrants(grants)) {
			reason = unlinkAdmin
		} else if kept[l.MemberID.Int64] {
			reason = unlinkDuplicate
		}
		if reason == "" {
			kept[l.MemberID.Int64] = true
			continue
		}
		if err := q.UnlinkUser(ctx, sqlcdb.UnlinkUserParams{ID: l.ID, UpdatedAt: ms(s.now())}); err != nil {
			return removed, fmt.Errorf("unlink user %d: %w", l.ID, err)
		}
		e := audit.Entry{Username: "系统", Action: "user.unlink", TargetType: "user", TargetID: l.ID,
			Fields: []string{"member_id", reason}, Outcome: audit.OutcomeOK}
		if err := s.audit(ctx, q, e); err != nil {
			return removed, err
		}
		removed++
	}
	return removed, nil
}

// hasAdmin reports whether grants hold one of the separated admin roles.
func hasAdmin(grants []xuezuo.Grant) bool {
	for _, g := range grants {
		if g.Role.Admin() {
			return true
		}
	}
	return false
}

// memberLinkMigration is migration 14: the repair, then the unique index
// that keeps a member to one account from then on (NULLs, the unlinked
// accounts, do not collide on either engine).
func (s *Store) memberLinkMigration(ctx context.Context, tx *sql.Tx) error {
	if _, err := s.repairMemberLinks(ctx, sqlcdb.New(tx)); err != nil {
		return fmt.Errorf("repair member links: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `CREATE UNIQUE INDEX users_member_id ON users (member_id)`); err != nil {
		return fmt.Errorf("users member_id unique: %w", err)
	}
	return nil
}
