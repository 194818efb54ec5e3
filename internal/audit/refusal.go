package audit

import (
	"context"
	"fmt"
	"sync"
	"time"

	"xuezuo"
)

// Refusal audit: every request a front door refuses with 403 or 404 on a
// route that names a target leaves a row. A crawl over foreign ids must not
// flood the log, so each requester (account, or client address when nobody
// is logged in) gets at most RefusalsPerMinute rows per clock minute; the
// rest of that minute is counted and written as one summary row when the
// requester's next minute begins or any later refusal sweeps it up.
const (
	ActionRefused        = "access.refused"
	ActionRefusedSummary = "access.refused.summary"
	// OutcomeNotFound marks a refusal answered as not found (no such row
	// or outside the actor's scope); forbidden ones carry OutcomeDenied.
	OutcomeNotFound = "not_found"
	// RefusalsPerMinute bounds one requester's refusal rows per minute.
	RefusalsPerMinute = 20
)

// Refusal is one refused request as the route wrapper saw it.
type Refusal struct {
	Route    string    // the route pattern, e.g. "GET /meetings/{id}"
	Kind     string    // the route's IDKind: what {id} names
	TargetID xuezuo.ID // the id in the path (0 when it is not a number)
	NotFound bool      // answered 404; else 403
}

// WriteStore writes one audit row in its own transaction.
type WriteStore interface {
	WriteAudit(ctx context.Context, e Entry) error
}

// Refusals writes the refusal rows, bounded per requester and minute.
type Refusals struct {
	store WriteStore
	clock xuezuo.Clock
	limit int

	mu      sync.Mutex
	windows map[string]*refusalWindow // requester → current minute
}

// refusalWindow counts one requester's refusals in one minute.
type refusalWindow struct {
	minute  time.Time
	written int
	omitted int
	last    Entry // who, for the summary row
}

// NewRefusals returns the refusal recorder; limit ≤ 0 means RefusalsPerMinute.
func NewRefusals(s WriteStore, clock xuezuo.Clock, limit int) *Refusals {
	if limit <= 0 {
		limit = RefusalsPerMinute
	}
	return &Refusals{store: s, clock: clock, limit: limit, windows: map[string]*refusalWindow{}}
}

// Refused records a refused request for the actor in ctx. It returns the
// store's error: the caller answers the refusal anyway and logs it.
func (r *Refusals) Refused(ctx context.Context, f Refusal) error {
	e := New(ctx, ActionRefused, f.Kind, f.TargetID, 0, "route="+f.Route)
	e.Outcome = OutcomeDenied
	if f.NotFound {
		e.Outcome = OutcomeNotFound
	}
	now := r.clock.Now()
	write, summaries := r.count(requester(e), now.Truncate(time.Minute), e)
	var first error
	for _, s := range summaries {
		if err := r.store.WriteAudit(ctx, s); err != nil && first == nil {
			first = err
		}
	}
	if write {
		e.At = now
		if err := r.store.WriteAudit(ctx, e); err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		return fmt.Errorf("audit refusal: %w", first)
	}
	return nil
}

// requester keys the bound: the account, or the address of an anonymous
// client.
func requester(e Entry) string {
	if e.UserID != 0 {
		return fmt.Sprintf("u%d", e.UserID)
	}
	return "a" + e.Remote
}

// count decides under the lock whether this refusal gets its own row, and
// collects the summaries of windows that have ended (this requester's and
// any other's), so that memory stays bounded by the requesters of the
// current minute.
func (r *Refusals) count(key string, minute time.Time, e Entry) (bool, []Entry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Entry
	for k, w := range r.windows {
		if w.minute.Before(minute) {
			if w.omitted > 0 {
				out = append(out, summary(w))
			}
			delete(r.windows, k)
		}
	}
	w := r.windows[key]
	if w == nil {
		w = &refusalWindow{minute: minute}
		r.windows[key] = w
	}
	w.last = e
	if w.written < r.limit {
		w.written++
		return true, out
	}
	w.omitted++
	return false, out
}

// summary is the row that stands for a window's omitted refusals.
func summary(w *refusalWindow) Entry {
	e := w.last
	e.Action, e.TargetType, e.TargetID, e.Outcome = ActionRefusedSummary, "", 0, OutcomeDenied
	e.At = w.minute.Add(time.Minute - time.Millisecond)
	e.Fields = []string{fmt.Sprintf("omitted=%d", w.omitted), "minute=" + w.minute.UTC().Format("2006-01-02T15:04Z")}
	return e
}

// Flush writes the summaries of every window, ended or not (at shutdown,
// and in tests).
func (r *Refusals) Flush(ctx context.Context) error {
	r.mu.Lock()
	var out []Entry
	for k, w := range r.windows {
		if w.omitted > 0 {
			out = append(out, summary(w))
		}
		delete(r.windows, k)
	}
	r.mu.Unlock()
	for _, e := range out {
		if err := r.store.WriteAudit(ctx, e); err != nil {
			return fmt.Errorf("audit refusal summary: %w", err)
		}
	}
	return nil
}
