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

// SweepBlobs deletes, every interval until ctx ends, the uploaded files no
// attachment uses any more (deleted attachments whose content nothing else
// shares). A day's grace spares uploads still being recorded.
func (a *App) SweepBlobs(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := a.Attachment.Sweep(System(ctx, "blob-sweep"), 24*time.Hour); err != nil {
				a.log.Warn("sweep blobs", slog.Any("err", err))
			} else if n > 0 {
				a.log.Info("swept blobs", slog.Int("deleted", n))
			}
		}
	}
}
