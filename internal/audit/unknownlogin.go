package audit

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"xuezuo"
)

// Failed logins for a username that does not exist have no account to
// count against, so the login guard cannot lock them; they are audited
// here instead. A guessing flood over made-up names must not write a row
// per try, so each client address gets one row per clock minute carrying
// the count, written when a later try (from any address) finds the minute
// over, and at shutdown (Flush). The typed name is not recorded: it is
// often a password typed into the wrong field.
const (
	ActionLoginUnknown = "login.unknown"
	// maxUnknownAddrs bounds the addresses counted per minute, so that a
	// flood from many addresses cannot exhaust memory; the rest are
	// counted under otherAddr.
	maxUnknownAddrs = 10000
	// maxAddrLen bounds a key: an IPv6 address has at most 45 characters.
	maxAddrLen = 64
	otherAddr  = "other"
)

// UnknownLogins counts failed logins for unknown usernames per client
// address and minute and writes one audit row for each.
type UnknownLogins struct {
	store WriteStore
	clock xuezuo.Clock

	mu     sync.Mutex
	minute time.Time      // the minute being counted
	counts map[string]int // address → failures in minute
}

// NewUnknownLogins returns the counter writing to s.
func NewUnknownLogins(s WriteStore, clock xuezuo.Clock) *UnknownLogins {
	return &UnknownLogins{store: s, clock: clock, counts: map[string]int{}}
}

// Failed counts one failed login for an unknown username from addr. It
// returns the store's error of writing an ended minute's rows; the login
// is answered anyway.
func (u *UnknownLogins) Failed(ctx context.Context, addr string) error {
	if u == nil {
		return nil
	}
	now := u.clock.Now()
	ended := u.count(addr, now.Truncate(time.Minute))
	return u.write(ctx, ended)
}

// count adds one failure under the lock and hands back the rows of the
// minute that ended, if the clock moved on.
func (u *UnknownLogins) count(addr string, minute time.Time) []Entry {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []Entry
	if !u.minute.Equal(minute) {
		out = u.takeLocked()
		u.minute = minute
	}
	if _, ok := u.counts[addr]; !ok {
		if len(u.counts) >= maxUnknownAddrs || len(addr) > maxAddrLen {
			addr = otherAddr
		} else {
			// addr may be a slice of a long forwarded-for header.
			addr = strings.Clone(addr)
		}
	}
	u.counts[addr]++
	return out
}

// takeLocked turns the counted minute into rows and starts afresh.
func (u *UnknownLogins) takeLocked() []Entry {
	if len(u.counts) == 0 {
		return nil
	}
	out := make([]Entry, 0, len(u.counts))
	for addr, n := range u.counts {
		out = append(out, Entry{At: u.minute.Add(time.Minute - time.Millisecond), Action: ActionLoginUnknown,
			TargetType: "user", Outcome: OutcomeFailed, Remote: addr,
			Fields: []string{fmt.Sprintf("count=%d", n), "minute=" + u.minute.UTC().Format("2006-01-02T15:04Z")}})
	}
	u.counts = map[string]int{}
	return out
}

// Flush writes the rows of the minute being counted (at shutdown, and in
// tests), so that a flood's last minute is not lost.
func (u *UnknownLogins) Flush(ctx context.Context) error {
	if u == nil {
		return nil
	}
	u.mu.Lock()
	out := u.takeLocked()
	u.mu.Unlock()
	return u.write(ctx, out)
}

// FlushEnded writes the rows of the counted minute once it is over, so
// that a flood's rows reach the log within a minute even when no later try
// comes (the server's job calls it every minute). It returns how many rows
// it wrote.
func (u *UnknownLogins) FlushEnded(ctx context.Context) (int, error) {
	if u == nil {
		return 0, nil
	}
	minute := u.clock.Now().Truncate(time.Minute)
	u.mu.Lock()
	var out []Entry
	if u.minute.Before(minute) {
		out = u.takeLocked()
	}
	u.mu.Unlock()
	return len(out), u.write(ctx, out)
}

// write stores rows one by one and returns the first error, so that one
// failing row does not drop the others.
func (u *UnknownLogins) write(ctx context.Context, rows []Entry) error {
	var first error
	for _, e := range rows {
		if err := u.store.WriteAudit(ctx, e); err != nil && first == nil {
			first = fmt.Errorf("audit unknown logins: %w", err)
		}
	}
	return first
}
