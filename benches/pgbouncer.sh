#!/usr/bin/env bash
# Does Gatehouse work through PgBouncer? Starts PgBouncer on 127.0.0.1:6432 in front of the
# PostgreSQL that DATABASE_URL names, once per pool mode, and runs the storage and two-node
# tests through it. Prints one line per mode: works / fails (and the first error).
#
# usage: DATABASE_URL=postgres://user:pw@127.0.0.1:5432/db benches/pgbouncer.sh
# needs: pgbouncer (apt-get install -y pgbouncer); run as root, PgBouncer itself runs as
#        the postgres user.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL behind PgBouncer}"
command -v pgbouncer >/dev/null || { echo "pgbouncer is not installed"; exit 1; }
# postgres://user:pw@host:port/db
creds=${DATABASE_URL#postgres://}; creds=${creds%%@*}
user=${creds%%:*}; password=${creds#*:}
hostport=${DATABASE_URL#*@}; hostport=${hostport%%/*}
host=${hostport%%:*}; port=${hostport##*:}; [ "$port" = "$host" ] && port=5432
dir=$(mktemp -d); chmod 755 "$dir"
trap '[ -f "$dir/pid" ] && kill "$(cat "$dir/pid")" 2>/dev/null; rm -rf "$dir"' EXIT
printf '"%s" "%s"\n' "$user" "$password" >"$dir/users.txt"
for mode in session transaction; do
  cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=$host port=$port
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = 6432
unix_socket_dir =
auth_type = plain
auth_file = $dir/users.txt
pool_mode = $mode
max_client_conn = 500
default_pool_size = 20
logfile = $dir/pgbouncer.log
pidfile = $dir/pid
# sqlx sends these at start-up; PgBouncer refuses parameters it does not know.
ignore_startup_parameters = extra_float_digits,search_path
INI
  chown -R postgres "$dir"
  su postgres -s /bin/sh -c "pgbouncer -d $dir/pgbouncer.ini"
  sleep 1
  out=$(DATABASE_URL="postgres://$user:$password@127.0.0.1:6432/${DATABASE_URL##*/}" \
        cargo test --quiet --test it -- multinode storage:: 2>&1 || true)
  if grep -q "test result: ok" <<<"$out"; then
    echo "pool_mode=$mode: works ($(grep -o '[0-9]* passed' <<<"$out" | tail -1))"
  else
    reason=$(grep -m1 -o 'message: "[^,]*' <<<"$out" || true)
    echo "pool_mode=$mode: fails: ${reason:-$(grep -m1 panicked <<<"$out")}"
  fi
  kill "$(cat "$dir/pid")"; sleep 1; rm -f "$dir/pid"
done
