package server

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// LoginFailures counts failed logins per client address and minute, and
// logs one line per address and minute once the minute is over: a password-
// guessing flood must not write a line per attempt. A nil *LoginFailures
// counts nothing.
type LoginFailures struct {
	log  *slog.Logger
	now  func() time.Time
	zone *time.Location // the minute is shown in China Standard Time

	mu      sync.Mutex
	minutes map[int64]map[string]int // minute since the epoch → address → failures
}

const (
	// maxAddrs bounds the addresses counted per minute, so that a flood
	// from many addresses cannot exhaust memory; the rest count as other.
	maxAddrs = 10000
	// otherAddr is the address under which the rest are counted.
	otherAddr = "other"
	// maxAddrLen bounds a key: an IPv6 address has at most 45 characters,
	// and anything longer did not come from ClientIP.
	maxAddrLen = 64
)

// NewLoginFailures returns an empty count that logs to log and reads the
// time from now (time.Now in production, a fake clock in tests).
func NewLoginFailures(log *slog.Logger, now func() time.Time) *LoginFailures {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	return &LoginFailures{log: log, now: now, zone: time.FixedZone("CST", 8*60*60),
		minutes: map[int64]map[string]int{}}
}

// Fail counts one failed login from addr (the client's IP).
func (f *LoginFailures) Fail(addr string) {
	if f == nil {
		return
	}
	minute := f.now().Unix() / 60
	f.mu.Lock()
	defer f.mu.Unlock()
	counts := f.minutes[minute]
	if counts == nil {
		counts = map[string]int{}
		f.minutes[minute] = counts
	}
	if _, ok := counts[addr]; !ok {
		if len(counts) >= maxAddrs || len(addr) > maxAddrLen {
			addr = otherAddr
		} else {
			// addr may be a slice of a large X-Forwarded-For header; the
			// key must not keep that header alive for a minute.
			addr = strings.Clone(addr)
		}
	}
	counts[addr]++
}

// Flush logs and forgets the counts of every minute that has ended.
func (f *LoginFailures) Flush() {
	if f == nil {
		return
	}
	f.flush(f.now().Unix() / 60)
}

// Run flushes every minute until ctx ends, then flushes everything, the
// current minute included, so that a shutdown loses no count.
func (f *LoginFailures) Run(ctx context.Context) {
	if f == nil {
		return
	}
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			f.flush(1<<62 - 1)
			return
		case <-t.C:
			f.Flush()
		}
	}
}

// flush logs and forgets the minutes before until, oldest first and each
// minute's addresses in order, so that the lines read like a log. The lines
// are written after the lock is released: Fail must not wait for the log.
func (f *LoginFailures) flush(until int64) {
	f.mu.Lock()
	var ended []int64
	taken := map[int64]map[string]int{}
	for m, counts := range f.minutes {
		if m < until {
			ended = append(ended, m)
			taken[m] = counts
			delete(f.minutes, m)
		}
	}
	f.mu.Unlock()
	slices.Sort(ended)
	for _, m := range ended {
		minute := time.Unix(m*60, 0).In(f.zone).Format(time.RFC3339)
		counts := taken[m]
		for _, addr := range slices.Sorted(maps.Keys(counts)) {
			f.log.LogAttrs(context.Background(), slog.LevelWarn, "login failures",
				slog.String("addr", addr), slog.String("minute", minute), slog.Int("count", counts[addr]))
		}
	}
}
