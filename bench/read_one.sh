#!/usr/bin/env bash
# Throughput of reading one cooperative with a token, against PostgreSQL's own read-only
# pgbench (`pgbench -S -M prepared`) at the same concurrency, in the same run. By hand:
#   bench/read_one.sh [SECONDS] [CONNECTIONS]     (defaults 15 s, 16 connections; needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/postgres.sh
ensure_postgres "$PWD/.pgdata" 54329
SECONDS_EACH=${1:-15}
CONNS=${2:-16}
command -v wrk >/dev/null || { echo "error: wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }
for db in coopsante_bench coopsante_pgbench; do
  psql "$DATABASE_SERVER_URL/postgres" -qAtc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
    || psql "$DATABASE_SERVER_URL/postgres" -qc "CREATE DATABASE $db"
done
pgbench -i -q -s 10 "$DATABASE_SERVER_URL/coopsante_pgbench" >/dev/null 2>&1

cargo build --release --quiet
export DATABASE_URL=$DATABASE_SERVER_URL/coopsante_bench
./target/release/coopsante migrate 2>/dev/null
export COOPSANTE_JWT_SECRET=bench-secret-bench-secret-bench-secret COOPSANTE_BIND=127.0.0.1:18182 RUST_LOG=warn
export COOPSANTE_DB_POOL_SIZE=$CONNS
./target/release/coopsante serve & server=$!
trap 'kill $server 2>/dev/null; postgres_cleanup' EXIT
until curl -fs http://$COOPSANTE_BIND/readyz >/dev/null; do sleep 0.2; done
token=$(./target/release/coopsante token --role reader)
id=$(psql "$DATABASE_URL" -qAtc "SELECT id FROM cooperatives ORDER BY id LIMIT 1")
[ -n "$id" ] || { echo "error: no cooperative in coopsante_bench: run bench/run.sh first" >&2; exit 1; }

tps=$(pgbench -S -M prepared -n -c "$CONNS" -j 2 -T "$SECONDS_EACH" "$DATABASE_SERVER_URL/coopsante_pgbench" \
  | awk '/^tps/ { print int($3) }')
rps=$(wrk -t 2 -c "$CONNS" -d "${SECONDS_EACH}s" -H "Authorization: Bearer $token" \
  "http://$COOPSANTE_BIND/v1/cooperatives/$id" | awk '/^Requests\/sec/ { print int($2) }')
echo "$(nproc) cores, $CONNS connections, ${SECONDS_EACH}s each"
printf '%-40s %10s\n' "pgbench -S -M prepared (tps)" "$tps" "GET /v1/cooperatives/{id} (req/s)" "$rps"
awk -v a="$rps" -v b="$tps" 'BEGIN { printf "ratio api/pgbench: %.2f\n", a / b }'
