#!/usr/bin/env bash
# bench/run.sh: one benchmark run of xuezuo on the shared data kit.
#
#   bench/run.sh -s 10|100 [--seed N] [--db postgres://…] [--port P] [--sync normal|full] [--bulletin | --no-reports]
#
# Builds xuezuo and the load client, generates (or reuses) the data set,
# imports it into a fresh database (timed), creates a token for an
# org_admin of the root org, starts the server on loopback, runs the load
# client (Q1–Q3, the liveness check, issue 13's summaries and Q4, with
# --bulletin the root's bulletin in three formats, W1), and writes the results table to
# bench/results/s<S>-seed<N>-<sqlite|postgres>.md. The exit status is the
# load client's: non-zero when a check failed (the results are written all
# the same).
#
# Environment: XUEZUO_SHARED (default <repo>/../shared), XUEZUO_BENCH_WORK
# (default ${TMPDIR:-/tmp}/xuezuo-bench). With --db, the schema public of
# that database is DROPPED and recreated: point it at a scratch database.
set -euo pipefail

usage() {
	echo "usage: bench/run.sh -s 10|100 [--seed N] [--db postgres://…] [--port P] [--sync normal|full] [--bulletin | --no-reports]" >&2
	exit 2
}

SCALE="" SEED=1 DB_URL="" PORT=18080 SYNC="" LOAD_FLAGS=()
while (($# > 0)); do
	case $1 in
	-s | --scale | --seed | --db | --port | --sync) (($# >= 2)) || usage ;;&
	-s | --scale) SCALE=$2 && shift 2 ;;
	--seed) SEED=$2 && shift 2 ;;
	--db) DB_URL=$2 && shift 2 ;;
	--port) PORT=$2 && shift 2 ;;
	--sync) SYNC=$2 && shift 2 ;;
	--bulletin) LOAD_FLAGS=(-bulletin) && shift ;; # the bulletin API (issue 13) must exist
	--no-reports) LOAD_FLAGS=(-no-reports) && shift ;; # W1 without issue 13's 55k set-up writes before it
	*) usage ;;
	esac
done
[[ $SCALE =~ ^[1-9][0-9]*$ && $SEED =~ ^[0-9]+$ && $PORT =~ ^[1-9][0-9]*$ && $SYNC =~ ^(|normal|full)$ ]] || usage
if [[ -n $DB_URL && ! $DB_URL =~ ^postgres(ql)?:// ]]; then
	echo "run.sh: --db must be a postgres:// URL" >&2
	exit 2
fi

REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
SHARED=${XUEZUO_SHARED:-$REPO/../shared}
WORK=${XUEZUO_BENCH_WORK:-${TMPDIR:-/tmp}/xuezuo-bench}
DATA=$WORK/data-s$SCALE
# The flags below choose the database; stray settings must not.
unset XUEZUO_DB XUEZUO_DATA XUEZUO_ADDR XUEZUO_SYNC
mkdir -p "$WORK" "$REPO/bench/results"

log() { printf '%s run.sh: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# count KEY prints counts.KEY of the data set's stats.json.
count() { sed -n "s/^ *\"$1\": \([0-9]*\).*/\1/p" "$DATA/stats.json" | head -n 1; }

log "building xuezuo and the load client into $WORK"
go build -o "$WORK/xuezuo" ./cmd/xuezuo
go build -o "$WORK/load" ./bench/load

# The generator is deterministic, so an output with the same scale and seed
# is reused. stats.json is written last: its presence means a whole set.
if [[ -f $DATA/stats.json ]] &&
	tr -d ' \n' <"$DATA/stats.json" | grep -Eq "\"scale\":$SCALE[,}]" &&
	tr -d ' \n' <"$DATA/stats.json" | grep -Eq "\"seed\":$SEED[,}]"; then
	log "reusing the data set in $DATA"
else
	log "generating the data set (S=$SCALE, seed $SEED) into $DATA"
	rm -rf "$DATA"
	go -C "$SHARED/bench/gen" run . -scale "$SCALE" -seed "$SEED" -out "$DATA" >&2
fi

if [[ -n $DB_URL ]]; then
	ENGINE=postgres
	DBARGS=(--db "$DB_URL")
	log "dropping and recreating schema public of the --db database"
	psql "$DB_URL" -X -q -v ON_ERROR_STOP=1 -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;'
else
	ENGINE=sqlite
	DBDIR=$WORK/db-s$SCALE
	rm -rf "$DBDIR"
	DBARGS=(--data "$DBDIR")
fi
# cli runs a xuezuo subcommand against the benchmark database.
cli() { "$WORK/xuezuo" "$@" "${DBARGS[@]}"; }

log "importing (timed; output in $WORK/import.log)"
t0=$(now)
if ! cli import dataset "$DATA" >"$WORK/import.log" 2>&1; then
	log "import failed:"
	tail -n 20 "$WORK/import.log" | tr '\r' '\n' | tail -n 20 >&2
	exit 1
fi
IMPORT_S=$(seconds "$t0" "$(now)")
ROWS=$(($(count orgs) + $(count members) + $(count activities) + $(count attendance) + $(count reflections) + 1))
IMPORT_RATE=$(awk -v r="$ROWS" -v s="$IMPORT_S" 'BEGIN { printf "%.0f", r / s }')
# The summary line (已导入 … 行/秒) goes to stdout, after the progress bar.
IMPORT_SUMMARY=$(tr '\r' '\n' <"$WORK/import.log" | grep -v '^[[:space:]]*$' | tail -n 1)
log "import: $IMPORT_S s, $ROWS rows, $IMPORT_RATE rows/s"

# Statistics present? (fair-measurement rule 1; the harness adds none.)
if [[ $ENGINE == sqlite ]]; then
	STATS=$(sqlite3 "$DBDIR/xuezuo.db" "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'" 2>/dev/null || echo "?")
	if [[ $STATS == 1 ]]; then
		STATS="present (sqlite_stat1 exists)"
	else
		STATS="NOT found (no sqlite_stat1): the import ran no ANALYZE / PRAGMA optimize"
	fi
else
	STATS=$(psql "$DB_URL" -X -Atc "SELECT count(*) FILTER (WHERE last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) || ' of ' || count(*) FROM pg_stat_user_tables")
	STATS="$STATS tables analysed"
fi

log "creating the bench account and its token"
PW="Bx9-$(head -c 18 /dev/urandom | base64)" # the prefix guarantees all four character classes
printf '%s\n' "$PW" | cli user add bench --name 基准测试 --password-stdin >"$WORK/setup.log" 2>&1
cli user grant bench org_admin 1 >>"$WORK/setup.log" 2>&1
TOKEN=$(cli token create bench --name bench --expires 24h 2>>"$WORK/setup.log" | tail -n 1)
if [[ -z $TOKEN || $TOKEN == *" "* ]]; then
	log "could not read the token; see $WORK/setup.log"
	exit 1
fi

# A free loopback port: the first of PORT… that nobody answers on.
for ((i = 0; i < 20; i++)); do
	(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break
	PORT=$((PORT + 1))
done
URL=http://127.0.0.1:$PORT

SERVER_PID=""
stop_server() {
	if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	SERVER_PID=""
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

log "starting the server on $URL (log: $WORK/serve.log)"
# Started directly, not through cli(): $! must be the server itself, for the
# kill and for its peak RSS.
"$WORK/xuezuo" serve --addr "127.0.0.1:$PORT" --sync "${SYNC:-normal}" "${DBARGS[@]}" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
if [[ $(cat "/proc/$SERVER_PID/comm" 2>/dev/null) != xuezuo ]]; then
	log "warning: pid $SERVER_PID is not the xuezuo process; peak RSS will be wrong"
fi
for ((i = 0; i < 300; i++)); do
	curl -fsS -o /dev/null "$URL/healthz" 2>/dev/null && break
	if ! kill -0 "$SERVER_PID" 2>/dev/null; then
		log "the server exited; see $WORK/serve.log"
		tail -n 20 "$WORK/serve.log" >&2
		exit 1
	fi
	sleep 0.2
done
if ! curl -fsS -o /dev/null "$URL/healthz"; then
	log "the server did not answer /healthz within 60 s"
	exit 1
fi

log "running the load client"
LOAD_RC=0
"$WORK/load" -url "$URL" -token "$TOKEN" -data "$DATA" -pid "$SERVER_PID" -import-seconds "$IMPORT_S" \
	-out "$WORK/results.json" -md "$WORK/results-body.md" "${LOAD_FLAGS[@]}" || LOAD_RC=$?

# Sizes are read while the server still runs: closing SQLite checkpoints
# and removes the WAL.
if [[ $ENGINE == sqlite ]]; then
	DB_BYTES=0
	for f in "$DBDIR/xuezuo.db" "$DBDIR/xuezuo.db-wal"; do
		if [[ -f $f ]]; then
			DB_BYTES=$((DB_BYTES + $(du -b "$f" | cut -f 1)))
		fi
	done
	DB_WHAT="xuezuo.db + xuezuo.db-wal"
else
	DB_BYTES=$(psql "$DB_URL" -X -Atc 'SELECT pg_database_size(current_database())')
	DB_WHAT="pg_database_size"
fi
stop_server

if [[ ! -f $WORK/results-body.md ]]; then
	log "the load client wrote no results (exit $LOAD_RC)"
	exit $((LOAD_RC == 0 ? 1 : LOAD_RC))
fi

mod_version() { awk -v m="$1" '$1 == m { print $2; exit }' go.mod; }
if [[ $ENGINE == sqlite ]]; then
	PRAGMAS=$(grep -o '_pragma=[a-z_]*([^)]*)' internal/store/db.go | sed 's/_pragma=//' | grep -v '^synchronous' | sort -u | paste -sd ' ')
	DRIVER="SQLite, modernc.org/sqlite $(mod_version modernc.org/sqlite) (pure Go); pragmas from internal/store/db.go: $PRAGMAS (query_only on the reader pool), synchronous(${SYNC:-normal}) from serve --sync"
else
	DRIVER="PostgreSQL $(psql "$DB_URL" -X -Atc 'SHOW server_version'), github.com/jackc/pgx/v5 $(mod_version github.com/jackc/pgx/v5) (database/sql); synchronous_commit=$(psql "$DB_URL" -X -Atc 'SHOW synchronous_commit')"
fi
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
[[ -n $(git status --porcelain 2>/dev/null) ]] && COMMIT="$COMMIT + uncommitted changes"
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
# A run with an explicit --sync writes beside the default run's file.
OUT=bench/results/s$SCALE-seed$SEED-$ENGINE${SYNC:+-sync-$SYNC}.md

{
	echo "# xuezuo benchmark: S=$SCALE, seed $SEED, $ENGINE"
	echo
	echo "- Date: $(date '+%Y-%m-%d %H:%M:%S %z'); commit $COMMIT"
	echo "- Machine: $(nproc) cores, $CPU, $MEM RAM; client and server share it"
	echo "- Go: $(go version | cut -d ' ' -f 3-)"
	echo "- Database: $DRIVER"
	echo "- Data set: benchgen v$(sed -n 's/^ *"dataset_version": \([0-9]*\).*/\1/p' "$DATA/stats.json"), scale $SCALE, seed $SEED:" \
		"$(count orgs) orgs, $(count members) members, $(count activities) activities, $(count attendance) attendance rows," \
		"$(count reflections) reflections, 1 campaign"
	echo "- Import (\`xuezuo import dataset\`, wall clock): **$IMPORT_S s**, $ROWS rows, $IMPORT_RATE rows/s; last output line: \`$IMPORT_SUMMARY\`"
	echo "- Statistics after import: $STATS"
	echo "- Database size after the run ($DB_WHAT): $(awk -v b="$DB_BYTES" 'BEGIN { printf "%.1f MiB", b / 1048576 }')"
	echo "- Requests: loopback, \`Authorization: Bearer\` token checked on every request; the bench account is org_admin of the root org, so permission checks run in full. The harness adds no cache or index."
	echo
	cat "$WORK/results-body.md"
} >"$OUT"
log "results: $OUT (JSON: $WORK/results.json)"
exit "$LOAD_RC"
