package account

import (
	"context"

	"xuezuo"
	"xuezuo/internal/audit"
)

// UnlockLogin ends every login lock of an account, the account's own and
// each client address's, and clears their counts (security admin), so an
// owner kept out by a stranger's guesses can log in at once.
func (s *Service) UnlockLogin(ctx context.Context, userID xuezuo.ID) error {
	if _, err := RequireRole(ctx, xuezuo.RoleSecurityAdmin); err != nil {
		return err
	}
	return s.store.UnlockLogin(ctx, userID, audit.New(ctx, "user.unlock", "user", userID, 0, "locked_until"))
}

// LoginLocked reports whether the account or any client address of it is
// locked now (security admin, for the account page).
func (s *Service) LoginLocked(ctx context.Context, userID xuezuo.ID) (bool, error) {
	if _, err := RequireRole(ctx, xuezuo.RoleSecurityAdmin); err != nil {
		return false, err
	}
	u, _, err := s.store.GetUser(ctx, userID)
	if err != nil {
		return false, err
	}
	now := s.clock.Now()
	if now.Before(u.LockedUntil) {
		return true, nil
	}
	n, err := s.store.LockedPairs(ctx, userID, now)
	return n > 0, err
}
