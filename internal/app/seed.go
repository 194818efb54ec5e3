package app

import (
	"context"

	"xuezuo/internal/demo"
)

// SeedIfEmpty writes the demo into an empty database and returns its
// accounts; a database that holds anything is left alone (nil, nil is never
// returned with seeded data: an empty slice means nothing was seeded).
func (a *App) SeedIfEmpty(ctx context.Context) ([]demo.Account, error) {
	empty, err := a.Store.Empty(ctx)
	if err != nil || !empty {
		return []demo.Account{}, err
	}
	return demo.Seed(System(ctx, "demo"), a.Services)
}
