// Package store holds every SQL statement of xuezuo. It opens SQLite
// (modernc, the default) or PostgreSQL (pgx), runs the embedded migrations and
// implements the narrow Store interfaces the feature packages declare
// (interfaces.go proves each at compile time).
//
// # Files
//
// Plumbing:
//
//	db.go          Open, Options, the pools, Close, inTx (the one way to write), Backup
//	dialect.go     every difference between the engines; IsPostgres
//	migrate.go     goose over migrations/*.sql plus the Go migrations that call the dialect
//	rowid.go       SQLite's rekeying of the tables after the migrations
//	group.go       SQLite's group commit and the in-memory ids of a group
//	ids.go         id allocation: the id_seq path and PostgreSQL's blocks
//	errors.go      driver errors → xuezuo errors (mapErr, notFound)
//	stats.go       PoolStats for metrics
//	interfaces.go  compile-time checks against the features' Store interfaces
//	testknobs.go   raw SQL for storetest (tests and diagnostics only)
//	treecache.go   OrgSubtree answers of the current tree version
//	bulk.go        bulk loads: batched INSERTs (SQLite), COPY (PostgreSQL)
//	fieldcipher.go SM4-GCM sealing of members' phones, the key file format
//	fieldkey.go    the field key's check at Open and the encryption in place
//	secret.go      AppSecret: keys made once per installation (the CSRF key)
//
// Methods that return feature types, one file per feature: org.go;
// account.go and session.go (the scs session store), memberlink.go (one
// account per member, migration 14's repair), loginguard.go; member.go,
// member_record.go and post.go (committee posts and the member import);
// campaign.go; meeting.go, meeting_edit.go, exclusion.go and ledger.go (the
// attendance register's one-snapshot read); lecture.go (the 党课 register:
// a lecture's audience and roster, and LectureFigures for many orgs in two
// grouped statements); reflection.go (with the search);
// attachment.go; audit.go; progress.go (reads the rollups); summary.go
// (branch summaries, their kept versions, due dates and the grouped status
// counts); forward.go (forwards with their chains, quotas kept by a
// conditional upsert, the §5.7 counts); bulletin.go (bulletins numbered by
// a per-org-year upsert, the per-unit summary counts, adopted items and the
// interim lecture counts behind them); dataset.go and dataset_figures.go (the benchmark data set's bulk
// import).
//
// The progress rollups are kept in the write transaction by the hooks of
// figures.go; figcalc.go computes them afresh from the records (migration 7,
// VerifyFigures). Statements live in queries/*.sql; sqlc generates sqlcdb/
// from them and migrations/ (`go tool -modfile=tools/go.mod sqlc generate`;
// .ci/run fails when the committed sqlcdb/ differs). Every query is prepared
// once on each pool at Open. storetest opens a fresh store per test on
// either engine and builds fixtures through the services.
//
// # Pools
//
// SQLite has a writer pool of one connection (BEGIN IMMEDIATE; SQLite allows
// one writer, and queueing in Go is cheaper than retrying on SQLITE_BUSY) and
// a query_only reader pool of four. PostgreSQL has one main pool of 16 that
// serves reads and writes, and a pool of two that only reserves id blocks,
// so a write holding a main connection never waits for another one of it.
// PoolStats reports them as "writer" and "reader", or "main" and "ids".
//
// # The write path
//
// Every exported write is one transaction run by inTx. On SQLite the
// transaction goes to the group writer (group.go): one goroutine takes every
// write queued while the previous group ran (up to 64) and commits them
// together, each inside its own SAVEPOINT, so a failing write rolls back
// alone and every caller sees exactly its own transaction, answered after
// the COMMIT. Options.ObserveGroup learns each committed group's size. On
// PostgreSQL inTx runs a plain transaction per call: the server merges
// concurrent commits itself (dialect.go's groupsWrites says why).
//
// Ids come from the application, never from SERIAL, by one of three
// allocators that allocIDs picks from the write's ctx:
//
//   - groupIDs (group.go), in SQLite's group transactions: the writer holds
//     the write lock from BEGIN to COMMIT, so a table's next id is read once
//     and counted in memory, and the sequence is stored once before COMMIT.
//     A write rolled back to its savepoint leaves a gap.
//   - idBlocks (ids.go), on PostgreSQL: blocks of 64 ids (more for a larger
//     batch) reserved by statements of their own on the small ids pool and
//     committed at once, so no insert holds the id_seq row until its commit
//     and two servers never hand out the same id.
//   - the id_seq path (ids.go): with no allocator in the ctx, the write
//     bumps the table's id_seq row inside its own transaction. It is the
//     fallback, and the statement a block reservation runs.
//
// Imports that keep the source file's ids raise the sequences with BumpIDs.
//
// # Dialect and migrations
//
// SQL is the portable subset both engines run; dialect.go holds the rest:
// how to open the pools, whether writes are grouped, the step after the
// migrations, search DDL and match SQL, bulk-load settings, backup and the
// driver error codes. No other file asks which database it runs on.
// Migrations are goose's, embedded and append-only: SQL files plus Go
// migrations for dialect DDL and for repairs that write audit rows (14). After them SQLite rekeys its tables
// (rowid.go): the shared DDL's "id BIGINT PRIMARY KEY" would leave SQLite a
// second b-tree beside the rowid, so each table is rebuilt once, in one
// transaction, with the id as its rowid or WITHOUT ROWID for composite keys;
// the step is idempotent rather than versioned because it needs foreign
// keys off, outside goose's transactions.
package store
