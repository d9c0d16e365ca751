#!/usr/bin/env bash
#
# bench/limits.sh — the machine's limits at this moment, to record beside the benchmarks of the
# same run (machines here differ 2-4x from week to week, so a figure alone says little):
#
#   pgbench -S   read-only pgbench (one primary-key SELECT per transaction) on the stack's
#                PostgreSQL: 16 clients, 2 threads, in a scratch database bench_pgbench
#                (scale 10, made on first use)
#   nginx 200    wrk against an nginx of its own that answers `return 200` on 127.0.0.1 (64
#                connections, the benchmarks' count): the cost of HTTP on this machine
#
#   bench/limits.sh                 both, 10 s each, against the `make up` stack
#   BENCH_DURATION=5 bench/limits.sh
#
# Runs against the stack of deploy/local/stack.sh (TASKFLOW_HOME and TASKFLOW_PG_PORT as for it).
# Prints one Markdown row per limit, and writes limits.json to BENCH_OUT if that is set.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
STACK=$REPO_ROOT/deploy/local/stack.sh
DURATION=${BENCH_DURATION:-10}
NGINX_PORT=${BENCH_NGINX_PORT:-18999}

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}
if ! [[ $DURATION =~ ^[0-9]+$ ]] || ((DURATION < 1 || DURATION > 300)); then
  die "BENCH_DURATION must be a number of seconds, 1-300 (got '$DURATION')"
fi
command -v wrk >/dev/null || die "wrk not found: run deploy/local/install-deps.sh"
command -v nginx >/dev/null || die "nginx not found: run deploy/local/install-deps.sh"
PGBENCH=$(find /usr/lib/postgresql -path '*/bin/pgbench' | sort -V | tail -n 1)
[[ -x $PGBENCH ]] || die "pgbench not found under /usr/lib/postgresql"

pg_url=$("$STACK" env | sed -n 's/^TASKFLOW_TASKS_DATABASE_URL=//p')
[[ -n $pg_url ]] || die "no running stack (deploy/local/stack.sh env names no database)"
pgbench_url=${pg_url%/*}/bench_pgbench

if [[ -z $("$STACK" psql -qAt -c "SELECT 1 FROM pg_database WHERE datname = 'bench_pgbench'") ]]; then
  "$STACK" psql -q -c "CREATE DATABASE bench_pgbench OWNER taskflow" >/dev/null
  "$PGBENCH" -i -q -s 10 "$pgbench_url" >/dev/null 2>&1 || die "pgbench -i failed"
fi
pgbench_tps=$("$PGBENCH" -S -n -c 16 -j 2 -T "$DURATION" "$pgbench_url" 2>/dev/null |
  sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -n 1)
[[ -n $pgbench_tps ]] || die "pgbench -S printed no tps"

workdir=$(mktemp -d)
trap 'nginx -p "$workdir/" -c "$workdir/nginx.conf" -s stop 2>/dev/null || true; rm -rf -- "$workdir"' EXIT
cat >"$workdir/nginx.conf" <<CONF
worker_processes auto;
pid $workdir/nginx.pid;
error_log $workdir/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $workdir;
  proxy_temp_path $workdir;
  fastcgi_temp_path $workdir;
  uwsgi_temp_path $workdir;
  scgi_temp_path $workdir;
  server { listen 127.0.0.1:$NGINX_PORT; location / { return 200; } }
}
CONF
nginx -p "$workdir/" -c "$workdir/nginx.conf" || die "nginx did not start on port $NGINX_PORT"
nginx_rps=$(wrk -t2 -c64 -d"${DURATION}s" "http://127.0.0.1:$NGINX_PORT/" |
  sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
[[ -n $nginx_rps ]] || die "wrk printed no Requests/sec"

printf '| limit | per second |\n| --- | ---: |\n'
printf '| pgbench -S (16 clients, scale 10) | %.0f |\n' "$pgbench_tps"
printf '| nginx return 200 (wrk, 64 connections) | %.0f |\n' "$nginx_rps"
if [[ -n ${BENCH_OUT:-} ]]; then
  mkdir -p -- "$BENCH_OUT"
  printf '{"pgbench_select_tps": %s, "nginx_return_200_rps": %s}\n' "$pgbench_tps" "$nginx_rps" \
    >"$BENCH_OUT/limits.json"
fi
