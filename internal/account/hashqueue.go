package account

import (
	"context"
	"errors"
)

// maxWaitingLogins bounds the logins waiting for a hashing slot. A login
// beyond it is answered 429 at once: waiting longer than 64 hashes (about
// 2.5 s at 80 ms on two slots) serves nobody.
const maxWaitingLogins = 64

// errHashBusy is the full queue; the service answers it with 429.
var errHashBusy = errors.New("password hashing queue full")

// waiter is one caller waiting for a slot; ready is closed when the slot is
// handed over.
type waiter struct {
	addr  string
	ready chan struct{}
}

// waitQueue holds the waiters per client address and serves the addresses
// round-robin, so that an address with 30 queued logins delays another
// address's single login by one turn, not by 30 hashes. The Hasher's mutex
// guards it.
type waitQueue struct {
	max   int
	n     int
	by    map[string][]*waiter
	order []string // addresses with waiters, next to serve first
}

func (q *waitQueue) len() int   { return q.n }
func (q *waitQueue) full() bool { return q.n >= q.max }

// push adds a waiter for addr at the end of its address's line.
func (q *waitQueue) push(addr string) *waiter {
	if q.by == nil {
		q.by = map[string][]*waiter{}
	}
	w := &waiter{addr: addr, ready: make(chan struct{})}
	if len(q.by[addr]) == 0 {
		q.order = append(q.order, addr)
	}
	q.by[addr] = append(q.by[addr], w)
	q.n++
	return w
}

// pop takes the first waiter of the next address and moves that address to
// the back; nil when nobody waits.
func (q *waitQueue) pop() *waiter {
	if q.n == 0 {
		return nil
	}
	addr := q.order[0]
	line := q.by[addr]
	w := line[0]
	q.order = q.order[1:]
	if len(line) == 1 {
		delete(q.by, addr)
	} else {
		q.by[addr] = line[1:]
		q.order = append(q.order, addr)
	}
	q.n--
	return w
}

// remove drops a waiter whose context ended; false when it is no longer
// queued (it was just handed a slot).
func (q *waitQueue) remove(w *waiter) bool {
	line := q.by[w.addr]
	for i, x := range line {
		if x != w {
			continue
		}
		q.n--
		if len(line) > 1 {
			q.by[w.addr] = append(line[:i:i], line[i+1:]...)
			return true
		}
		delete(q.by, w.addr)
		for j, a := range q.order {
			if a == w.addr {
				q.order = append(q.order[:j:j], q.order[j+1:]...)
				break
			}
		}
		return true
	}
	return false
}

// slot is a hashing slot held by one login: it is taken before the lock
// state is read, so that the lock a login sees is the one in force when
// its hash runs, and released once the hash is done.
type slot struct {
	h    *Hasher
	held bool
}

// takeSlot waits for a slot in addr's line, or answers errHashBusy at once
// when the queue is full.
func (h *Hasher) takeSlot(ctx context.Context, addr string) (*slot, error) {
	if err := h.take(ctx, addr, true); err != nil {
		return nil, err
	}
	return &slot{h: h, held: true}, nil
}

// verify checks password against encoded in the held slot.
func (s *slot) verify(encoded, password string) (ok, rehash bool, err error) {
	return s.h.verifyHeld(encoded, password)
}

// dummy spends one hash in the held slot, as a verify would.
func (s *slot) dummy(password string) { s.h.dummyHeld(password) }

// release frees the slot; a second call does nothing.
func (s *slot) release() {
	if s.held {
		s.held = false
		s.h.release()
	}
}
