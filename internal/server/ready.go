package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Ready returns the readiness handler: 200 "ok" when ping succeeds within
// timeout, else 503 with a short Chinese text and the error logged. A ping
// that ignores its context cannot hold the probe past the timeout, and
// probes arriving meanwhile join the ping in flight rather than start
// another, so a hung database costs one goroutine, not one per probe. A
// timeout of zero or less means two seconds.
func Ready(ping func(context.Context) error, timeout time.Duration, log *slog.Logger) http.Handler {
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &ready{ping: ping, timeout: timeout, log: log}
}

// ready is the handler Ready returns.
type ready struct {
	ping    func(context.Context) error
	timeout time.Duration
	log     *slog.Logger

	mu     sync.Mutex
	flight *pingCall // the ping in progress, nil when none
}

// pingCall is one run of ping, shared by the probes that wait for it.
type pingCall struct {
	done chan struct{} // closed when ping has returned
	err  error         // ping's result, readable once done is closed
}

// ServeHTTP answers one probe.
func (h *ready) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), h.timeout)
	defer cancel()
	call := h.start(r.Context())
	var err error
	select {
	case <-call.done:
		err = call.err
	case <-ctx.Done():
		if r.Context().Err() != nil {
			return // the prober hung up; nobody reads an answer
		}
		err = ctx.Err()
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/plain; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	if err != nil {
		h.log.LogAttrs(r.Context(), slog.LevelError, "not ready",
			slog.Duration("timeout", h.timeout), slog.Any("err", err))
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "数据库不可用\n")
		return
	}
	io.WriteString(w, "ok\n")
}

// start returns the ping in flight, starting one when there is none. The
// ping's context keeps the values of the first probe's but not its
// cancellation, since other probes may wait for the same result.
func (h *ready) start(ctx context.Context) *pingCall {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.flight != nil {
		return h.flight
	}
	call := &pingCall{done: make(chan struct{})}
	h.flight = call
	go func() {
		pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), h.timeout)
		call.err = h.ping(pctx)
		cancel()
		h.mu.Lock()
		h.flight = nil
		h.mu.Unlock()
		close(call.done)
	}()
	return call
}
