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

// AuditUnknownLogins writes, every interval until ctx ends, the audit
// rows of failed logins for unknown usernames whose minute is over; the
// rest are written by the next such login or by Close.
func (a *App) AuditUnknownLogins(ctx context.Context, every time.Duration) {
	a.repeat(ctx, every, "audit unknown logins", func(ctx context.Context) (int64, error) {
		n, err := a.Account.SweepUnknownLogins(ctx)
		return int64(n), err
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

// headEvery is how often ChainAudit writes the audit chain's head to the
// log: a head kept outside the database finds a tail cut off later.
const headEvery = 24 * time.Hour

// ChainAudit seals the audit log every interval until ctx ends, off the
// requests' path (a write only inserts its row), and writes the chain's head
// to the log at start and then daily, as "audit chain head" with seq and
// hash: `xuezuo audit verify --head SEQ:HASH` checks the log against it.
func (a *App) ChainAudit(ctx context.Context, every time.Duration) {
	op := System(ctx, "audit-sealer")
	t := time.NewTicker(every)
	defer t.Stop()
	var logged time.Time
	for {
		head, n, err := a.Audit.Seal(op, a.Config.AuditHash)
		switch {
		case err != nil:
			a.log.Warn("seal audit log", slog.Any("err", err))
		case logged.IsZero() || time.Since(logged) >= headEvery:
			a.log.Info("audit chain head", slog.Int64("seq", head.Seq), slog.String("hash", head.Hash),
				slog.String("head", head.String()), slog.Int("sealed", n))
			logged = time.Now()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
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
