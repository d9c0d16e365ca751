#!/usr/bin/env bash
#
# bench/run.sh — load benchmarks of the auth service with wrk, through the gateway and directly
# against one auth instance, against any running stack on this machine (loopback only).
#
#   bench/run.sh                       all scenarios, 10 s each
#   BENCH_DURATION=30 bench/run.sh     longer runs
#   bench/run.sh login                 only the scenarios named (login, profile)
#
# Environment:
#   TASKFLOW_GATEWAY_URL  the gateway           (default http://127.0.0.1:8000, `make up`)
#   TASKFLOW_AUTH_URL     one auth instance     (default: the first of TASKFLOW_AUTH_URLS, else
#                                                http://127.0.0.1:8001)
#   BENCH_DURATION        seconds per run (default 10, at most 300)
#   BENCH_DELAY_MS        a pause after each response on each connection, for latency at a set
#                         load rather than at saturation (bench/lua/report.lua); the req/s
#                         column then shows the load achieved
#   BENCH_THREADS         wrk threads (default 2)
#   BENCH_LOGIN_CONNECTIONS, BENCH_PROFILE_CONNECTIONS   (default 32 and 64)
#   BENCH_OUT             where the raw wrk outputs and results.json go
#                         (default <repo>/test-artifacts/bench/<UTC timestamp>)
#
# Prints a Markdown table: scenario, target, connections, req/s, p50, p99, non-2xx, socket
# errors. Each wrk run prints one JSON line from bench/lua/report.lua's done().
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
LUA_DIR=$SCRIPT_DIR/lua

GATEWAY_URL=${TASKFLOW_GATEWAY_URL:-http://127.0.0.1:8000}
AUTH_URL=${TASKFLOW_AUTH_URL:-${TASKFLOW_AUTH_URLS:-http://127.0.0.1:8001}}
AUTH_URL=${AUTH_URL%%,*}
TASKS_URL=${TASKFLOW_TASKS_URL:-${TASKFLOW_TASKS_URLS:-http://127.0.0.1:8002}}
TASKS_URL=${TASKS_URL%%,*}
TASKS_URL=${TASKS_URL%/}
GATEWAY_URL=${GATEWAY_URL%/}
AUTH_URL=${AUTH_URL%/}
DURATION=${BENCH_DURATION:-10}
THREADS=${BENCH_THREADS:-2}
LOGIN_CONNS=${BENCH_LOGIN_CONNECTIONS:-32}
PROFILE_CONNS=${BENCH_PROFILE_CONNECTIONS:-64}
OUT=${BENCH_OUT:-$REPO_ROOT/test-artifacts/bench/$(date -u +%Y%m%dT%H%M%SZ)}
PYTHON=/usr/bin/python3

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

if [[ -n ${BENCH_DELAY_MS:-} ]] && ! [[ $BENCH_DELAY_MS =~ ^[0-9]+$ && $BENCH_DELAY_MS -le 10000 ]]; then
  die "BENCH_DELAY_MS must be a number of milliseconds, 0-10000 (got '$BENCH_DELAY_MS')"
fi
if ! [[ $DURATION =~ ^[0-9]+$ ]] || ((DURATION < 1 || DURATION > 300)); then
  die "BENCH_DURATION must be a number of seconds, 1-300 (got '$DURATION')"
fi
for n in "$THREADS" "$LOGIN_CONNS" "$PROFILE_CONNS"; do
  if ! [[ $n =~ ^[0-9]+$ ]] || ((n < 1 || n > 10000)); then
    die "bad thread or connection count '$n'"
  fi
done
command -v wrk >/dev/null || die "wrk not found: run deploy/local/install-deps.sh"
command -v curl >/dev/null || die "curl not found: run deploy/local/install-deps.sh"

# Loopback only: this machine's own stack, never another host.
loopback_only() {
  local url=$1 host
  host=${url#*://}
  host=${host%%/*}
  case $host in
  \[::1\]:* | \[::1\]) return 0 ;;
  esac
  host=${host%:*}
  [[ $host == localhost || $host =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
    die "$url is not a loopback address: the benchmark only runs against this machine"
}
loopback_only "$GATEWAY_URL"
loopback_only "$AUTH_URL"
loopback_only "$TASKS_URL"

SCENARIOS=("$@")
((${#SCENARIOS[@]})) || SCENARIOS=(login profile)
for s in "${SCENARIOS[@]}"; do
  [[ -f $LUA_DIR/$s.lua ]] || die "unknown scenario '$s' (no $LUA_DIR/$s.lua)"
done

for url in "$GATEWAY_URL/health" "$AUTH_URL/ready"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)
  [[ $code == 200 ]] || die "$url answered '$code': is the stack up? (make up, or set TASKFLOW_GATEWAY_URL / TASKFLOW_AUTH_URL)"
done

mkdir -p -- "$OUT"

# json_get FIELD.PATH < json: one value (a string, or a number), via python3.
json_get() {
  "$PYTHON" -c '
import json, sys
value = json.load(sys.stdin)
for part in sys.argv[1].split("."):
    value = value[part]
print(value)' "$1"
}

# --------------------------------------------------------------------- the bench user
tag=$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
export BENCH_EMAIL="bench.$tag@example.com"
# Letters g-z only: nothing like the hex tag of the username and email (the password policy
# rejects a password "too similar" to them).
pw=$(tr -dc 'g-z' </dev/urandom | head -c 14) || true
export BENCH_PASSWORD="Zk8!$pw-Qm"
printf '==> registering %s\n' "$BENCH_EMAIL"
body=$(printf '{"username":"bench_%s","email":"%s","first_name":"Bench","last_name":"User","password":"%s","password_confirm":"%s"}' \
  "$tag" "$BENCH_EMAIL" "$BENCH_PASSWORD" "$BENCH_PASSWORD")
resp=$(curl -sS --max-time 10 -w '\n%{http_code}' -H 'Content-Type: application/json' \
  -d "$body" "$GATEWAY_URL/api/auth/register/") || die "register failed"
code=${resp##*$'\n'}
[[ $code == 201 ]] || die "register answered $code: ${resp%$'\n'*}"
resp=$(curl -sS --max-time 10 -w '\n%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" "$GATEWAY_URL/api/auth/login/") ||
  die "login failed"
code=${resp##*$'\n'}
[[ $code == 200 ]] || die "login answered $code: ${resp%$'\n'*}"
BENCH_TOKEN=$(json_get tokens.access <<<"${resp%$'\n'*}")
BENCH_USER_ID=$(json_get user.id <<<"${resp%$'\n'*}")
export BENCH_TOKEN BENCH_LUA_DIR=$LUA_DIR

# The tasks scenarios read a table of 1,000,000 tasks, 10,000 of them the bench user's.
if [[ " ${SCENARIOS[*]} " == *" task-"* ]]; then
  printf '==> seeding tasks (bench/seed-tasks.sql)\n'
  seeded=$("$REPO_ROOT/deploy/local/stack.sh" psql -d taskflow_tasks -v ON_ERROR_STOP=1 -qAt \
    -v bench_user="$BENCH_USER_ID" -f "$SCRIPT_DIR/seed-tasks.sql" | tail -n 1) ||
    die "seeding the tasks failed"
  export BENCH_TASK_FIRST=${seeded%%|*} BENCH_TASK_LAST=${seeded##*|}
fi

# --------------------------------------------------------------------------- the runs
results=()
run() { # SCENARIO TARGET_NAME URL CONNECTIONS
  local scenario=$1 target=$2 url=$3 conns=$4 file line
  file=$OUT/$scenario-$target.txt
  printf '==> %-8s %-8s wrk -t%s -c%s -d%ss --latency -s bench/lua/%s.lua %s\n' \
    "$scenario" "$target" "$THREADS" "$conns" "$DURATION" "$scenario" "$url"
  # timeout: wrk stops by itself after -d; this is the backstop.
  timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$conns" -d"${DURATION}s" --timeout 5s --latency \
    -s "$LUA_DIR/$scenario.lua" "$url" >"$file" 2>&1 || die "wrk failed (see $file)"
  line=$(grep '^BENCH_JSON ' "$file" | tail -n 1) || die "no BENCH_JSON line in $file"
  results+=("{\"scenario\":\"$scenario\",\"target\":\"$target\",\"url\":\"$url\",\"connections\":$conns,\"threads\":$THREADS,\"wrk\":${line#BENCH_JSON }}")
}

# The access token is good for ACCESS_TOKEN_TTL (15 min by default): ample for these runs.
for scenario in "${SCENARIOS[@]}"; do
  case $scenario in
  login) conns=$LOGIN_CONNS ;;
  profile) conns=$PROFILE_CONNS ;;
  *) conns=$PROFILE_CONNS ;;
  esac
  direct=$AUTH_URL
  [[ $scenario == task-* ]] && direct=$TASKS_URL
  run "$scenario" gateway "$GATEWAY_URL" "$conns"
  run "$scenario" direct "$direct" "$conns"
done

# --------------------------------------------------------------------------- the table
printf '[%s]\n' "$(IFS=,; printf '%s' "${results[*]}")" >"$OUT/results.json"
printf '\n'
"$PYTHON" - "$OUT/results.json" "$DURATION" <<'EOF'
import json, sys

rows = json.load(open(sys.argv[1]))
print(f"wrk, {sys.argv[2]} s per run, {rows[0]['threads']} threads; latency from wrk --latency")
print()
print("| scenario | target | connections | req/s | p50 | p99 | non-2xx | socket errors |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")


def ms(us):
    return f"{us / 1000:.2f} ms"


for r in rows:
    w = r["wrk"]
    rps = w["requests"] / (w["duration_us"] / 1e6)
    e = w["errors"]
    sock = e["connect"] + e["read"] + e["write"] + e["timeout"]
    print(f"| {r['scenario']} | {r['target']} ({r['url']}) | {r['connections']} | {rps:,.0f} | "
          f"{ms(w['latency_us']['p50'])} | {ms(w['latency_us']['p99'])} | {e['status']} | {sock} |")
EOF
printf '\nraw wrk output and results.json: %s\n' "$OUT"
