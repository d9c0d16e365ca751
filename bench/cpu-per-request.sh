#!/usr/bin/env bash
#
# cpu-per-request.sh — where one request's CPU time goes: an 8 s wrk run of one path of the
# Teams benchmark against a side's running stack (bench/teams.sh up SIDE, seeded), with each
# process name's CPU time (utime + stime from /proc) per 1,000 requests, as the two sides'
# stacks see it. Used for docs/benchmarks.md ("GET {id}/").
#
#   bench/cpu-per-request.sh before|after PATH [PORT_SUFFIX]
#     PATH          e.g. '/api/tasks/{id}/' ("{id}": a random visible task, bench/lua/teams.lua)
#     PORT_SUFFIX   000 (default): through the gateway; 002: one tasks instance directly
set -euo pipefail
SIDE=${1:?before or after}
path=${2:?a path}
suffix=${3:-000}
REPO_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
home=/tmp/taskflow-bench-$SIDE
case $SIDE in before) prefix=23 ;; after) prefix=24 ;; *) echo "before or after" >&2; exit 2 ;; esac
# shellcheck source=/dev/null
source "$home/bench-teams.env"
token=$(curl -s -X POST "http://127.0.0.1:${prefix}000/api/auth/login/" \
  -H 'Content-Type: application/json' \
  -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["tokens"]["access"])')

# Clock ticks of CPU time so far, summed per process name.
ticks_by_name() {
  local stat
  for stat in /proc/[0-9]*/stat; do
    cat -- "$stat" 2>/dev/null || true
  done | python3 -c '
import re, sys
totals = {}
for line in sys.stdin:
    m = re.match(r"\d+ \((.*)\) (.*)", line)
    if m:
        fields = m.group(2).split()
        totals[m.group(1)] = totals.get(m.group(1), 0) + int(fields[11]) + int(fields[12])
for name, ticks in sorted(totals.items()):
    print(name.replace(" ", "_"), ticks)'
}

before=$(mktemp) after=$(mktemp)
trap 'rm -f -- "$before" "$after"' EXIT
ticks_by_name >"$before"
out=$(BENCH_TOKEN=$token BENCH_PATH=$path BENCH_IDS_FILE=$home/bench-teams-ids.txt \
  BENCH_LUA_DIR=$REPO_ROOT/bench/lua wrk -t2 -c64 -d8s -s "$REPO_ROOT/bench/lua/teams.lua" \
  "http://127.0.0.1:${prefix}${suffix}" 2>&1)
ticks_by_name >"$after"
requests=$(awk '/requests in/ {print $1}' <<<"$out")
echo "$SIDE $path: $requests requests, $(grep Requests/sec <<<"$out")"
hz=$(getconf CLK_TCK)
join "$before" "$after" | awk -v r="$requests" -v hz="$hz" \
  '{ d = $3 - $2; if (d > 20) printf "  %-20s %6.1f ms CPU per 1000 requests\n", $1, d * 1000 / hz * 1000 / r }'
