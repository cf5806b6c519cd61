# Sourced by scripts/run and scripts/test: makes sure a PostgreSQL server answers and
# exports DATABASE_SERVER_URL (no database name). Order of preference:
#   1. DATABASE_URL, when set (its server is used);
#   2. a server already answering on 127.0.0.1:5432 (user postgres);
#   3. a private server started from the installed PostgreSQL binaries, stopped on exit.

pg_bin_dir() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  ls -d /usr/lib/postgresql/*/bin /usr/local/pgsql/bin /opt/homebrew/opt/postgresql*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_answers() { # host port
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$1" -p "$2" -t 2
  else
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
  fi
}

# start_private_postgres DIR PORT: initdb (first time) and start a server in DIR.
start_private_postgres() {
  local dir=$1 port=$2 bin as=()
  bin=$(pg_bin_dir)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "error: no PostgreSQL server answers on 127.0.0.1:5432 and no PostgreSQL binaries were found." >&2
    echo "Install PostgreSQL 15 or later with its contrib modules (Debian/Ubuntu: apt-get install postgresql postgresql-contrib;" >&2
    echo "macOS: brew install postgresql@16), or set DATABASE_URL to a server you have." >&2
    exit 1
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    # The server refuses to run as root: run it as the postgres user.
    id postgres >/dev/null 2>&1 || { echo "error: running as root needs a 'postgres' system user" >&2; exit 1; }
    chown postgres: "$dir"
    as=(runuser -u postgres --)
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { echo "error: initdb failed, see $dir/initdb.log" >&2; exit 1; }
  fi
  echo "starting a private PostgreSQL in $dir on port $port" >&2
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null \
    || { echo "error: PostgreSQL did not start, see $dir/server.log" >&2; exit 1; }
  PRIVATE_PG=("${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop)
}

# On exit: stop the private server, and remove a throwaway directory (PG_THROWAWAY_DIR).
postgres_cleanup() {
  if [ -n "${PRIVATE_PG+x}" ]; then "${PRIVATE_PG[@]}" >/dev/null 2>&1 || true; fi
  if [ -n "${PG_THROWAWAY_DIR:-}" ]; then rm -rf "$PG_THROWAWAY_DIR"; fi
}
trap postgres_cleanup EXIT

# ensure_postgres DIR PORT
ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    DATABASE_SERVER_URL=${DATABASE_URL%/*}
  elif pg_answers 127.0.0.1 5432; then
    DATABASE_SERVER_URL=postgres://postgres@127.0.0.1:5432
  else
    start_private_postgres "$1" "$2"
    DATABASE_SERVER_URL=postgres://postgres@127.0.0.1:$2
  fi
  export DATABASE_SERVER_URL
}
