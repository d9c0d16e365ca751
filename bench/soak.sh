#!/usr/bin/env bash
#
# soak.sh — an hour of mixed load with 1,000 open WebSockets on a stack of its own, sampling
# what must stay flat (bench/soak.py): each process's RSS and descriptors, Redis's memory and
# PostgreSQL's connections. Writes bench-results/soak/ (soak.csv, soak.json, soak-*.png) and
# prints the summary.
#
#   bench/soak.sh                          the hour (on a fresh stack: .taskflow-soak is wiped)
#   SOAK_SECONDS=600 bench/soak.sh         a shorter one
#   bench/soak.sh plot                     the plots again, from bench-results/soak/soak.csv
#
# Environment: SOAK_SECONDS (3600), SOAK_SOCKETS (1000), SOAK_USERS (100), SOAK_CONNECTIONS (8),
# SOAK_DELAY_MS (20: each wrk connection pauses this long between requests, a set load rather
# than saturation), SOAK_OUT (bench-results/soak). The stack lives in .taskflow-soak on ports
# 29000-29003 (PostgreSQL 29432, Redis 29379, AMQP 29672) and is stopped at the end, unless
# SOAK_KEEP=1. It needs a release build (make build) and gnuplot for the plots (installed from
# Debian's packages when missing).
set -euo pipefail

REPO_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
STACK="$REPO_ROOT/deploy/local/stack.sh"
OUT=${SOAK_OUT:-$REPO_ROOT/bench-results/soak}

export TASKFLOW_HOME=$REPO_ROOT/.taskflow-soak
export TASKFLOW_GATEWAY_PORT=29000 TASKFLOW_AUTH_PORT=29001 TASKFLOW_TASKS_PORT=29002
export TASKFLOW_NOTIFICATIONS_PORT=29003 TASKFLOW_PG_PORT=29432 TASKFLOW_REDIS_PORT=29379
export TASKFLOW_AMQP_PORT=29672
export TASKFLOW_GATEWAY_URL=http://127.0.0.1:29000
# Tokens outlive the soak (the sockets would be closed at their expiry), and the load's own
# address is not rate limited.
export ACCESS_TOKEN_TTL=$((${SOAK_SECONDS:-3600} + 1800))
export TASKFLOW_RATE_EXEMPT=127.0.0.1

# One plot per kind of series, each process a line, against minutes.
plot() { # COLUMN-PATTERN TITLE PNG
  local pattern=$1 title=$2 png=$3 header lines='' i=0 name
  IFS=, read -r -a header <"$OUT/soak.csv"
  for name in "${header[@]}"; do
    i=$((i + 1))
    [[ $name =~ $pattern ]] || continue
    lines+="${lines:+, }\"$OUT/soak.csv\" using (\$1/60):$i with lines title \"$name\""
  done
  gnuplot <<EOF
set datafile separator ","
set terminal pngcairo size 1000,500
set output "$OUT/$png"
set title "$title"
set xlabel "minutes"
set key outside right noenhanced
set yrange [0:*]
plot $lines
EOF
}
plot_all() {
  if ! command -v gnuplot >/dev/null; then
    echo "==> installing gnuplot-nox (for the plots)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null
  fi
  plot '_rss_kib$' "Resident memory (KiB)" soak-rss.png
  plot '_fds$' "Open descriptors" soak-fds.png
  plot '^redis_used_memory_kib$' "Redis used memory (KiB)" soak-redis.png
  plot '^postgres_connections$' "PostgreSQL client connections" soak-postgres.png
  echo "==> plots in $OUT"
}

if [[ ${1:-} == plot ]]; then
  plot_all
  exit 0
fi

stop_stack() {
  if [[ ${SOAK_KEEP:-0} == 1 ]]; then
    echo "==> leaving the soak stack running: TASKFLOW_HOME=$TASKFLOW_HOME $STACK down"
  else
    "$STACK" down >/dev/null
  fi
}
trap stop_stack EXIT
# A fresh stack: the curves start from empty stores.
"$STACK" down >/dev/null 2>&1 || true
rm -rf -- "$TASKFLOW_HOME"
"$STACK" up
mkdir -p -- "$OUT"

/usr/bin/python3 "$REPO_ROOT/bench/soak.py" --out "$OUT" \
  --duration "${SOAK_SECONDS:-3600}" --sockets "${SOAK_SOCKETS:-1000}" \
  --users "${SOAK_USERS:-100}" --connections "${SOAK_CONNECTIONS:-8}" \
  --delay-ms "${SOAK_DELAY_MS:-20}" --warmup "$((${SOAK_SECONDS:-3600} / 12))"
plot_all
