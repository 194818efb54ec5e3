package app

import (
	"context"
	"log/slog"
	"time"
)

// CleanSessions deletes expired sessions every interval until ctx ends.
func (a *App) CleanSessions(ctx context.Context, every time.Duration) {
	a.repeat(ctx, every, "clean sessions", func(ctx context.Context) (int64, error) {
		return a.Store.Sessions().DeleteExpired(ctx)
	})
}

// SweepBlobs deletes, every interval until ctx ends, the uploaded files no
// attachment uses any more (deleted attachments whose content nothing else
// shares). A day's grace spares uploads still being recorded.
func (a *App) SweepBlobs(ctx context.Context, every time.Duration) {
	a.repeat(ctx, every, "sweep blobs", func(ctx context.Context) (int64, error) {
		n, err := a.Attachment.Sweep(System(ctx, "blob-sweep"), 24*time.Hour)
		return int64(n), err
	})
}

// repeat runs job every interval until ctx ends, logging failures and any
// work done; a failed round is retried at the next tick, never fatal.
func (a *App) repeat(ctx context.Context, every time.Duration, name string, job func(context.Context) (int64, error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := job(ctx); err != nil {
				a.log.Warn(name, slog.Any("err", err))
			} else if n > 0 {
				a.log.Info(name, slog.Int64("done", n))
			}
		}
	}
}
