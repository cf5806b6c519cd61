#!/usr/bin/env bash
# Times the statistics endpoints against the same SQL run by psql, on the same database and
# in the same run, and prints the medians and their ratio. Run by hand, not in CI:
#   bench/run.sh [RUNS]        (default 30 runs per measurement)
# Uses the PostgreSQL that scripts/run would use, a database `coopsante_bench` loaded with
# bench/synthetic.sql (10,000 co-ops, 1,000,000 counts; loaded once), and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/postgres.sh
ensure_postgres "$PWD/.pgdata" 54329
RUNS=${1:-30}
export DATABASE_URL=$DATABASE_SERVER_URL/coopsante_bench
psql "$DATABASE_SERVER_URL/postgres" -qAtc "SELECT 1 FROM pg_database WHERE datname = 'coopsante_bench'" | grep -q 1 \
  || psql "$DATABASE_SERVER_URL/postgres" -qc "CREATE DATABASE coopsante_bench"

cargo build --release --quiet
./target/release/coopsante migrate 2>/dev/null
if [ "$(psql "$DATABASE_URL" -qAtc 'SELECT count(*) FROM membership_counts')" != 1000000 ]; then
  echo "loading synthetic data (about a minute)" >&2
  psql "$DATABASE_URL" -q -v ON_ERROR_STOP=1 -f bench/synthetic.sql >/dev/null
fi

export COOPSANTE_JWT_SECRET=bench-secret-bench-secret-bench-secret COOPSANTE_BIND=127.0.0.1:18181 RUST_LOG=warn
server=
trap 'kill $server 2>/dev/null; postgres_cleanup' EXIT
token=$(./target/release/coopsante token --role reader)

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# Wall time of one HTTP request (new connection each time), milliseconds.
api_ms() {
  curl -s -o /dev/null -H "Authorization: Bearer $token" "$1" # warm-up
  for _ in $(seq "$RUNS"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$1"
  done | awk '{ print $1 * 1000 }' | median
}

# psql's own timing of the query (one session, results discarded), milliseconds.
sql_ms() {
  { echo '\timing on'; for _ in $(seq $((RUNS + 1))); do cat "$1"; done; } \
    | psql "$DATABASE_URL" -q -o /dev/null | grep -o 'Time: [0-9.]*' | awk '{ print $2 }' | tail -n "$RUNS" | median
}

base=http://$COOPSANTE_BIND/v1/stats/membership
echo "$(nproc) cores, $(psql "$DATABASE_URL" -qAtc 'SHOW server_version'), $RUNS runs, medians"
printf '%-34s %12s %10s %10s %8s\n' measurement parallelism api_ms psql_ms ratio
# The API computes statistics in COOPSANTE_STATS_PARALLELISM concurrent slices; psql runs the
# same SQL as one query. Parallelism 1 is the like-for-like comparison.
for parallelism in 1 2; do
COOPSANTE_STATS_PARALLELISM=$parallelism ./target/release/coopsante serve & server=$!
until curl -fs http://$COOPSANTE_BIND/readyz >/dev/null; do sleep 0.2; done
for m in "as_of 2024-12-31 by region|$base?as_of=2024-12-31&group_by=region|bench/as_of_by_region.sql" \
         "10-year yearly series by region|$base/series?from=2015-01-01&to=2024-12-31&interval=year&group_by=region|bench/series_by_region.sql"; do
  IFS='|' read -r name url sql <<<"$m"
  api=$(api_ms "$url")
  db=$(sql_ms "$sql")
  printf '%-34s %12s %10.2f %10.2f %8.2f\n' "$name" "$parallelism" "$api" "$db" "$(awk -v a="$api" -v b="$db" 'BEGIN { print a / b }')"
done
kill $server; wait $server 2>/dev/null || true
done
