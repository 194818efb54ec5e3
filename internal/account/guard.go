package account

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"xuezuo"
	"xuezuo/internal/audit"
)

// Login limits beside MaxLoginFailures (per account and client address):
// the per-account ceiling over all addresses, and the per-address rate.
const (
	// MaxAccountFailures failures within LockDuration from all addresses
	// lock the account for everyone, so a distributed guess stays slow.
	MaxAccountFailures = 50
	// loginBurst and loginEvery are one address's login attempts: 30 at
	// once (a 25-request burst of one office's NAT fits), then one every 2 s.
	loginBurst = 30
	loginEvery = 2 * time.Second
	// maxTrackedAddrs bounds the limiter's memory; idle buckets (full again
	// after loginBurst*loginEvery) are dropped first.
	maxTrackedAddrs = 10000
)

// GuardState is the lock state of one account and one client address, as
// the store reads it under lock in the transaction that records a login.
type GuardState struct {
	PairFailures       int
	PairSince          time.Time // first failure of the pair's window
	PairLockedUntil    time.Time
	AccountFailures    int
	AccountSince       time.Time
	AccountLockedUntil time.Time
}

// GuardJudge decides a checked login on the locked state: it returns the
// state to write and the audit entries to write with it.
type GuardJudge func(g GuardState) (GuardState, []audit.Entry)

// GuardStore is what login needs from the database.
type GuardStore interface {
	// PairLockedUntil reads the lock of one account and address.
	PairLockedUntil(ctx context.Context, userID xuezuo.ID, addr string) (time.Time, error)
	// RecordLogin locks the pair's and the account's rows, runs judge and
	// writes its answer, in one transaction.
	RecordLogin(ctx context.Context, userID xuezuo.ID, addr string, judge GuardJudge) error
	// UnlockLogin clears every lock and count of a user.
	UnlockLogin(ctx context.Context, userID xuezuo.ID, e audit.Entry) error
	// LockedPairs counts a user's addresses locked at now.
	LockedPairs(ctx context.Context, userID xuezuo.ID, now time.Time) (int, error)
}

// retryAfter is the cause of a 429: how long to wait.
type retryAfter struct{ after time.Duration }

func (r *retryAfter) Error() string { return fmt.Sprintf("retry after %s", r.after) }

// RetryAfter returns how long a 429 from the login asks to wait, rounded
// up to whole seconds (at least 1); 0 for any other error. The front doors
// send it as Retry-After.
func RetryAfter(err error) int {
	var r *retryAfter
	if !errors.As(err, &r) {
		return 0
	}
	return max(1, int(math.Ceil(r.after.Seconds())))
}

// tooMany answers a login turned away before any check.
func tooMany(after time.Duration) error {
	secs := max(1, int(math.Ceil(after.Seconds())))
	return &xuezuo.Error{Code: xuezuo.ETooManyRequests,
		Message: fmt.Sprintf("登录尝试过于频繁，请 %d 秒后再试", secs), Err: &retryAfter{after: after}}
}

// addrLimiter is a token bucket per client address in a bounded map.
type addrLimiter struct {
	mu sync.Mutex
	m  map[string]*addrBucket
}

type addrBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// allow takes one attempt for addr at now, or returns how long to wait.
func (l *addrLimiter) allow(addr string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[string]*addrBucket{}
	}
	b := l.m[addr]
	if b == nil {
		if len(l.m) >= maxTrackedAddrs {
			l.evict(now)
		}
		b = &addrBucket{lim: rate.NewLimiter(rate.Every(loginEvery), loginBurst)}
		l.m[addr] = b
	}
	b.seen = now
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

// evict drops idle buckets, which are full and so equal to new ones, and
// one more when none is idle, so the map never grows past its bound.
func (l *addrLimiter) evict(now time.Time) {
	idle := loginBurst * loginEvery
	for k, b := range l.m {
		if now.Sub(b.seen) > idle {
			delete(l.m, k)
		}
	}
	for k := range l.m {
		if len(l.m) < maxTrackedAddrs {
			break
		}
		delete(l.m, k)
	}
}
