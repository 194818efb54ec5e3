package store

import (
	"database/sql"
	"time"
)

// PoolStat is a snapshot of one connection pool, in the store's own type so
// that a metrics exporter needs no database/sql.
type PoolStat struct {
	MaxOpen, Open, InUse, Idle int
	// WaitCount and WaitDuration total the waits for a free connection
	// since the store opened.
	WaitCount    int64
	WaitDuration time.Duration
}

// PoolStats reports each connection pool by name: "writer" and "reader" on
// SQLite, "main" and "ids" (the id-block reservations) on PostgreSQL.
func (s *Store) PoolStats() map[string]PoolStat {
	out := make(map[string]PoolStat, len(s.pools))
	for name, db := range s.pools {
		out[name] = poolStat(db.Stats())
	}
	return out
}

// poolStat copies what a dashboard needs from database/sql's statistics.
func poolStat(st sql.DBStats) PoolStat {
	return PoolStat{
		MaxOpen: st.MaxOpenConnections, Open: st.OpenConnections, InUse: st.InUse, Idle: st.Idle,
		WaitCount: st.WaitCount, WaitDuration: st.WaitDuration,
	}
}
