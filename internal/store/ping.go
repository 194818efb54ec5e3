package store

import (
	"context"
	"fmt"
)

// Ping checks that the database answers a read, for readiness probes: a
// closed store, a lost server or an exhausted pool fails it.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.r.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", s.d.name(), err)
	}
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping %s: %w", s.d.name(), err)
	}
	return nil
}
