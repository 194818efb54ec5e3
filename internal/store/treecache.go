package store

import (
	"sync"

	"xuezuo"
	"xuezuo/internal/org"
)

// maxCachedTrees bounds the subtrees kept per version (one per org asked
// about; a progress page asks about a handful).
const maxCachedTrees = 256

// treeCache keeps OrgSubtree answers of one tree version.
type treeCache struct {
	mu      sync.Mutex
	version int64
	trees   map[xuezuo.ID][]org.Org
}

// get returns the cached subtree of id at version (shared: never change it).
func (c *treeCache) get(version int64, id xuezuo.ID) ([]org.Org, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.trees[id]
	if !ok || c.version != version {
		return nil, false
	}
	return t, true
}

// put stores a subtree read at version; a newer version drops the rest.
func (c *treeCache) put(version int64, id xuezuo.ID, t []org.Org) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.trees == nil || c.version != version || len(c.trees) >= maxCachedTrees {
		c.version, c.trees = version, map[xuezuo.ID][]org.Org{}
	}
	c.trees[id] = t
}
