package account

import (
	"context"
	"slices"
	"sync"

	"xuezuo"
)

// Stamp is what a user's actor depends on, as one cheap read: every change
// to the user's grants or member link bumps Version (users.grants_version,
// in the change's transaction); Disabled is read as it is.
type Stamp struct {
	Disabled bool
	Version  int64
}

// maxCachedActors bounds the actor cache; past it the cache starts afresh
// (a rebuild costs one read per user).
const maxCachedActors = 10_000

// actorCache keeps each user's actor with the stamp it was built from.
//
// Why: loading an actor reads the user and the grants, and every API request
// and page view needs one. The request still reads the stamp (with the token
// or session, in one query), so a revoked grant, a disabled account or a
// revoked token takes effect on the next request, whichever process made
// the change: the cache only spares the second and third reads.
type actorCache struct {
	mu sync.Mutex
	m  map[xuezuo.ID]cachedActor
}

type cachedActor struct {
	stamp Stamp
	actor xuezuo.Actor
}

// get returns a copy of the cached actor of user id built at stamp st.
func (c *actorCache) get(id xuezuo.ID, st Stamp) (*xuezuo.Actor, bool) {
	c.mu.Lock()
	e, ok := c.m[id]
	c.mu.Unlock()
	if !ok || e.stamp != st {
		return nil, false
	}
	a := e.actor // a copy: callers set fields (Remote) on their actor
	a.Grants = slices.Clone(a.Grants)
	return &a, true
}

// put keeps a's copy for stamp st.
func (c *actorCache) put(st Stamp, a *xuezuo.Actor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedActors {
		c.m = make(map[xuezuo.ID]cachedActor)
	}
	c.m[a.UserID] = cachedActor{stamp: st, actor: *a}
}

// actorAt returns the actor of user id whose current stamp is st, from the
// cache when it was built at st.
func (s *Service) actorAt(ctx context.Context, id xuezuo.ID, st Stamp) (*xuezuo.Actor, error) {
	if st.Disabled {
		return nil, xuezuo.Errorf(xuezuo.EUnauthenticated, "账号已停用")
	}
	if a, ok := s.actors.get(id, st); ok {
		return a, nil
	}
	a, err := s.loadActor(ctx, id)
	if err != nil {
		return nil, err
	}
	s.actors.put(st, a)
	return a, nil
}
