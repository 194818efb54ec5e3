package app

import (
	"context"
	"log/slog"
	"time"
)

// CleanSessions deletes expired sessions every interval until ctx ends.
func (a *App) CleanSessions(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := a.Store.Sessions().DeleteExpired(ctx); err != nil {
				a.log.Warn("clean sessions", slog.Any("err", err))
			} else if n > 0 {
				a.log.Info("cleaned sessions", slog.Int64("deleted", n))
			}
		}
	}
}
