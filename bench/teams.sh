#!/usr/bin/env bash
#
# bench/teams.sh — the Teams benchmark of issue 10: list (every filter), a board column, stats
# and GET {id}/ through the gateway, with 1 million tasks in 10,000 projects and a user in 50 of
# them, against the code before projects (BEFORE, the parent of 6509d4e) and today's (AFTER),
# each on a stack of its own, with bench/limits.sh (pgbench -S, nginx return 200) in the run.
#
#   bench/teams.sh before          build (if needed), start, seed (once), run, stop: BEFORE
#   bench/teams.sh after           the same for AFTER (main, in /work/wt/bench-after)
#   bench/teams.sh compare         the latest before and after results side by side
#
# Steps, for a side (before|after), when the stack is to be kept between runs:
#   bench/teams.sh build SIDE      the side's worktree (/work/wt/bench-SIDE) and its build
#   bench/teams.sh up SIDE         start the stack (ports 23xxx before, 24xxx after)
#   bench/teams.sh seed SIDE       register the bench user(s) and run bench/seed-teams.sql, once
#   bench/teams.sh run SIDE        limits, then each scenario at saturation and at half its rate
#   bench/teams.sh down SIDE       stop the stack; `wipe SIDE` also deletes its data
#   bench/teams.sh compare [DIR...]  results directories of both sides (default: the latest of
#                                    each); several runs of a side are averaged
#   bench/teams.sh scenarios       the scenarios and what BEFORE runs for each
#
# Environment:
#   SEED_SCALE        1 = 1,000,000 tasks in 10,000 projects (default); 0.01 = 10,000 in 100
#                     (the bench user's 50 projects and 5,000 tasks stay, from 0.006 up)
#   BENCH_DURATION    seconds per measured run (default 10); BENCH_WARMUP before each (3)
#   BENCH_CONNECTIONS wrk connections (64); BENCH_THREADS wrk threads (2)
#   BENCH_ONLY        space-separated scenario names: run only those (default: every one)
#   BENCH_QUERIES     1 (default): also count the tasks database's transactions per request of
#                     each scenario (pg_stat_database, a short run of its own; 0 skips it)
#   BENCH_KEEP        1: `before`/`after` leave the stack running (then `run` again, `down`)
#   BENCH_OUT         results directory (default test-artifacts/bench/teams-SIDE-<UTC time>)
#   BENCH_BEFORE_COMMIT (6509d4e^), BENCH_BEFORE_TREE (/work/wt/bench-before),
#   BENCH_AFTER_COMMIT (main), BENCH_AFTER_TREE (/work/wt/bench-after): each side's worktree,
#                     made (or moved to the commit) and built by `build` with its own build/
#   BENCH_BUILD       0: use the tree's build/release as it is (no worktree, no build)
#   BENCH_HOME_BEFORE / BENCH_HOME_AFTER (the stacks' TASKFLOW_HOME, /tmp/taskflow-bench-SIDE),
#   TASKFLOW_INSTANCES (2)
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
LUA_DIR=$SCRIPT_DIR/lua
ARTIFACTS=$REPO_ROOT/test-artifacts/bench
PYTHON=/usr/bin/python3

SCALE=${SEED_SCALE:-1}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
QUERIES=${BENCH_QUERIES:-1}
ONLY=${BENCH_ONLY:-}
KEEP=${BENCH_KEEP:-0}
BEFORE_COMMIT=${BENCH_BEFORE_COMMIT:-6509d4e^}
BEFORE_TREE=${BENCH_BEFORE_TREE:-/work/wt/bench-before}
AFTER_COMMIT=${BENCH_AFTER_COMMIT:-main}
AFTER_TREE=${BENCH_AFTER_TREE:-/work/wt/bench-after}
BUILD=${BENCH_BUILD:-1}
TARGETS=(taskflow-auth taskflow-tasks taskflow-notifications)

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}
say() { printf '==> %s\n' "$*"; }

[[ $SCALE =~ ^[0-9]*\.?[0-9]+$ ]] || die "SEED_SCALE must be a number (got '$SCALE')"
for pair in "BENCH_DURATION:$DURATION:1:300" "BENCH_WARMUP:$WARMUP:0:60" \
  "BENCH_CONNECTIONS:$CONNS:1:10000" "BENCH_THREADS:$THREADS:1:64"; do
  IFS=: read -r name value low high <<<"$pair"
  if ! [[ $value =~ ^[0-9]+$ ]] || ((value < low || value > high)); then
    die "$name must be a number, $low-$high (got '$value')"
  fi
done

# ------------------------------------------------------------------------------ the sides
# side SIDE: the tree, build and stack settings of one side, exported for stack.sh and
# limits.sh (which read TASKFLOW_HOME and the ports).
side() {
  SIDE=$1
  local p
  case $SIDE in
  before)
    TREE=$BEFORE_TREE
    COMMIT=$BEFORE_COMMIT
    p=23
    export TASKFLOW_HOME=${BENCH_HOME_BEFORE:-/tmp/taskflow-bench-before}
    ;;
  after)
    TREE=$AFTER_TREE
    COMMIT=$AFTER_COMMIT
    p=24
    export TASKFLOW_HOME=${BENCH_HOME_AFTER:-/tmp/taskflow-bench-after}
    ;;
  *) die "the side is 'before' or 'after' (got '$SIDE')" ;;
  esac
  STACK=$TREE/deploy/local/stack.sh
  # No worktree yet (down, wipe): this checkout's stack.sh reads the same settings.
  [[ -x $STACK ]] || STACK=$REPO_ROOT/deploy/local/stack.sh
  export TASKFLOW_BUILD_DIR=$TREE/build/release
  export TASKFLOW_GATEWAY_PORT=${p}000 TASKFLOW_AUTH_PORT=${p}001 TASKFLOW_TASKS_PORT=${p}002
  export TASKFLOW_NOTIFICATIONS_PORT=${p}003 TASKFLOW_PG_PORT=${p}432 TASKFLOW_REDIS_PORT=${p}379
  export TASKFLOW_AMQP_PORT=${p}572 TASKFLOW_AMQP_DIST_PORT=${p}573 TASKFLOW_EPMD_PORT=${p}369
  export BENCH_NGINX_PORT=${p}999 TASKFLOW_RATE_EXEMPT=127.0.0.1 LOGS_FOLLOW=0
  export TASKFLOW_INSTANCES=${TASKFLOW_INSTANCES:-2} TASKFLOW_SERVICES=all
  GATEWAY=http://127.0.0.1:${p}000
  SEED_ENV=$TASKFLOW_HOME/bench-teams.env
  IDS_FILE=$TASKFLOW_HOME/bench-teams-ids.txt
}

# ---------------------------------------------------------------------------------- build
# The side's worktree at its commit (made, or moved there if it is clean), then its build. The
# worktree of a side is only this script's: another checkout's uncommitted work never gets in.
cmd_build() {
  if [[ $BUILD == 0 ]]; then
    say "BENCH_BUILD=0: using $TASKFLOW_BUILD_DIR as it is"
    return 0
  fi
  local want
  want=$(git -C "$REPO_ROOT" rev-parse --verify "$COMMIT^{commit}") || die "no commit $COMMIT"
  if [[ ! -d $TREE ]]; then
    say "git worktree add --detach $TREE $COMMIT"
    git -C "$REPO_ROOT" worktree add --detach "$TREE" "$want" >/dev/null
  elif [[ $(git -C "$TREE" rev-parse HEAD) != "$want" ]]; then
    [[ -z $(git -C "$TREE" status --porcelain --untracked-files=no) ]] ||
      die "$TREE has uncommitted changes and is not at $COMMIT: set BENCH_${SIDE^^}_TREE"
    say "moving $TREE to $COMMIT ($want)"
    git -C "$TREE" checkout -q --detach "$want"
  fi
  if [[ -n $(git -C "$TREE" status --porcelain -- services libs CMakeLists.txt 2>/dev/null) ]]; then
    printf 'warning: %s has uncommitted changes to services/ or libs/: they are in this build\n' \
      "$TREE" >&2
  fi
  say "building $SIDE in $TREE/build/release ($(git -C "$TREE" log -1 --format='%h %s'))"
  local start=$SECONDS log=${TMPDIR:-/tmp}/bench-teams-build-$SIDE.log
  if ! (
    cd -- "$TREE"
    [[ -f build/release/build.ninja ]] || cmake --preset release
    cmake --build --preset release --target "${TARGETS[@]}"
  ) >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "the build of $SIDE failed (log: $log)"
  fi
  tail -n 1 "$log"
  say "build: $((SECONDS - start)) s"
}

# ------------------------------------------------------------------------------- the stack
cmd_up() {
  local s
  for s in auth tasks notifications; do
    [[ -x $TASKFLOW_BUILD_DIR/services/$s/taskflow-$s ]] ||
      die "no $TASKFLOW_BUILD_DIR/services/$s/taskflow-$s: run bench/teams.sh build $SIDE"
  done
  say "starting the $SIDE stack in $TASKFLOW_HOME (gateway $GATEWAY)"
  "$STACK" up >"$TASKFLOW_HOME.up.log" 2>&1 || {
    tail -n 20 "$TASKFLOW_HOME.up.log" >&2
    die "the $SIDE stack did not start (log: $TASKFLOW_HOME.up.log)"
  }
}

cmd_down() {
  if [[ -d $TASKFLOW_HOME/run ]]; then
    say "stopping the $SIDE stack ($TASKFLOW_HOME)"
    "$STACK" down >/dev/null
  fi
}

cmd_wipe() {
  cmd_down
  [[ $TASKFLOW_HOME == /tmp/* || -n ${BENCH_HOME_BEFORE:-}${BENCH_HOME_AFTER:-} ]] ||
    die "not deleting $TASKFLOW_HOME"
  rm -rf -- "$TASKFLOW_HOME" "$TASKFLOW_HOME.up.log"
}

http_ok() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true) == 200 ]]; }

# ------------------------------------------------------------------------------ the users
# json_get FIELD.PATH < json
json_get() {
  "$PYTHON" -c '
import json, sys
value = json.load(sys.stdin)
for part in sys.argv[1].split("."):
    value = value[part]
print(value)' "$1"
}

# register PREFIX: a new user; sets REG_EMAIL, REG_PASSWORD, REG_ID.
register() {
  local tag pw body resp code
  tag=$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
  REG_EMAIL="$1.$tag@example.com"
  # Letters g-z only: nothing like the hex tag (the password policy rejects similar ones).
  pw=$(tr -dc 'g-z' </dev/urandom | head -c 14) || true
  REG_PASSWORD="Zk8!$pw-Qm"
  body=$(printf '{"username":"%s_%s","email":"%s","first_name":"Bench","last_name":"User","password":"%s","password_confirm":"%s"}' \
    "$1" "$tag" "$REG_EMAIL" "$REG_PASSWORD" "$REG_PASSWORD")
  resp=$(curl -sS --max-time 10 -w '\n%{http_code}' -H 'Content-Type: application/json' \
    -d "$body" "$GATEWAY/api/auth/register/") || die "register failed"
  code=${resp##*$'\n'}
  [[ $code == 201 ]] || die "register answered $code: ${resp%$'\n'*}"
  login "$REG_EMAIL" "$REG_PASSWORD"
  REG_ID=$LOGIN_ID
}

# login EMAIL PASSWORD: sets LOGIN_TOKEN, LOGIN_ID.
login() {
  local resp code
  resp=$(curl -sS --max-time 10 -w '\n%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" "$GATEWAY/api/auth/login/") || die "login failed"
  code=${resp##*$'\n'}
  [[ $code == 200 ]] || die "login answered $code: ${resp%$'\n'*}"
  LOGIN_TOKEN=$(json_get tokens.access <<<"${resp%$'\n'*}")
  LOGIN_ID=$(json_get user.id <<<"${resp%$'\n'*}")
}

# ---------------------------------------------------------------------------------- seed
# SCALE x 10,000 projects and x 1,000,000 tasks; 2 background users per project.
scaled() { "$PYTHON" -c 'import sys; print(round(float(sys.argv[1]) * int(sys.argv[2])))' "$SCALE" "$1"; }

cmd_seed() {
  http_ok "$GATEWAY/health" || die "the $SIDE stack is not up ($GATEWAY): bench/teams.sh up $SIDE"
  if [[ -f $SEED_ENV ]]; then
    local seeded
    seeded=$(sed -n 's/^SEED_SCALE=//p' "$SEED_ENV")
    [[ $seeded == "$SCALE" ]] ||
      die "the $SIDE stack was seeded at SEED_SCALE=$seeded, not $SCALE: bench/teams.sh wipe $SIDE"
    say "the $SIDE stack is seeded already ($(sed -n 's/^SEED_SUMMARY=//p' "$SEED_ENV"))"
    return 0
  fi
  local projects tasks users start line board_email='' board_password='' board_id=0
  projects=$(scaled 10000)
  tasks=$(scaled 1000000)
  users=$(scaled 20000)
  ((projects >= 60 && tasks >= projects * 100 / 2 && tasks >= 6000)) ||
    die "SEED_SCALE=$SCALE is too small (the bench user alone has 50 projects and 5,000 tasks)"
  ((users >= 100)) || users=100
  register bench
  local bench_email=$REG_EMAIL bench_password=$REG_PASSWORD bench_id=$REG_ID
  if [[ $SIDE == before ]]; then
    register board
    board_email=$REG_EMAIL board_password=$REG_PASSWORD board_id=$REG_ID
  fi
  say "seeding $SIDE: $tasks tasks, $projects projects, $users background users (bench/seed-teams.sql)"
  start=$SECONDS
  "$STACK" psql -d taskflow_tasks -v ON_ERROR_STOP=1 -qAt -v side="$SIDE" \
    -v projects="$projects" -v tasks="$tasks" -v users="$users" -v bench_user="$bench_id" \
    -v board_user="$board_id" -f "$SCRIPT_DIR/seed-teams.sql" >"$IDS_FILE.tmp" ||
    die "seeding failed"
  line=$(tail -n 1 "$IDS_FILE.tmp")
  [[ $line == board=* ]] || die "seeding printed '$line'"
  grep -E '^[0-9]+$' "$IDS_FILE.tmp" >"$IDS_FILE"
  rm -f -- "$IDS_FILE.tmp"
  local seconds=$((SECONDS - start)) board='' label=''
  for kv in $line; do
    case $kv in
    board=*) board=${kv#board=} ;;
    board_label=*) label=${kv#board_label=} ;;
    esac
  done
  say "seeded in $seconds s: $line"
  cat >"$SEED_ENV" <<ENV
SEED_SCALE=$SCALE
SEED_SECONDS=$seconds
SEED_SUMMARY='$line projects=$projects users=$users'
BENCH_EMAIL='$bench_email'
BENCH_PASSWORD='$bench_password'
BENCH_USER_ID=$bench_id
BOARD_EMAIL='$board_email'
BOARD_PASSWORD='$board_password'
BOARD_USER_ID=$board_id
BOARD_PROJECT=$board
BOARD_LABEL=$label
ENV
}

# ------------------------------------------------------------------------------ scenarios
# name | after: user and path | before: user and path | note. "{board}" and "{label}" are the
# board project and its first label; "{id}" a random visible task (bench/lua/teams.lua).
SCENARIOS=(
  "list|bench|/api/tasks/?page_size=20|bench|/api/tasks/?page_size=20|"
  "list-status|bench|/api/tasks/?status=todo&page_size=20|bench|/api/tasks/?status=todo&page_size=20|"
  "list-search|bench|/api/tasks/?search=quarterly&page_size=20|bench|/api/tasks/?search=quarterly&page_size=20|"
  "list-project|bench|/api/tasks/?project={board}&page_size=20|board|/api/tasks/?page_size=20|before: the list of a user with the board's 1,000 tasks"
  "list-assignee|bench|/api/tasks/?assignee=me&page_size=20|bench|/api/tasks/?page_size=20|after only: before runs list"
  "list-label|bench|/api/tasks/?label={label}&page_size=20|bench|/api/tasks/?status=todo&page_size=20|after only: before runs list-status"
  "board|bench|/api/tasks/?project={board}&status=todo&ordering=position&page_size=100|board|/api/tasks/?status=todo&ordering=created_at&page_size=100|before: that user's todo column by creation (position did not exist)"
  "stats|bench|/api/tasks/stats/|bench|/api/tasks/stats/|"
  "stats-project|bench|/api/tasks/stats/?project={board}|board|/api/tasks/stats/|before: the stats of the user with the board's 1,000 tasks"
  "get|bench|/api/tasks/{id}/|bench|/api/tasks/{id}/|"
)

cmd_scenarios() {
  printf '| scenario | after (bench user in 50 projects) | before | note |\n| --- | --- | --- | --- |\n'
  local s name au ap bu bp note
  for s in "${SCENARIOS[@]}"; do
    IFS='|' read -r name au ap bu bp note <<<"$s"
    printf "| %s | %s: \`%s\` | %s: \`%s\` | %s |\n" "$name" "$au" "$ap" "$bu" "$bp" "$note"
  done
}

# tasks_xacts: committed + rolled back transactions of taskflow_tasks so far.
tasks_xacts() {
  "$STACK" psql -qAt -c \
    "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'taskflow_tasks'"
}

# wrk_run FILE DURATION CONNECTIONS [DELAY_MS]: one wrk run of bench/lua/teams.lua with the
# BENCH_* variables already exported; prints its BENCH_JSON object.
wrk_run() {
  local file=$1 duration=$2 conns=$3 line
  BENCH_DELAY_MS=${4:-} timeout $((duration + 30)) wrk -t"$THREADS" -c"$conns" -d"${duration}s" \
    --timeout 5s --latency -s "$LUA_DIR/teams.lua" "$GATEWAY" >"$file" 2>&1 ||
    die "wrk failed (see $file)"
  line=$(grep '^BENCH_JSON ' "$file" | tail -n 1) || die "no BENCH_JSON line in $file"
  printf '%s' "${line#BENCH_JSON }"
}

rps_of() { # BENCH_JSON object -> req/s
  "$PYTHON" -c 'import json, sys; w = json.loads(sys.argv[1]); print(w["requests"] / (w["duration_us"] / 1e6))' "$1"
}

# shellcheck disable=SC2153 # BENCH_EMAIL, BOARD_EMAIL and the rest come from SEED_ENV
cmd_run() {
  http_ok "$GATEWAY/health" || die "the $SIDE stack is not up ($GATEWAY): bench/teams.sh up $SIDE"
  [[ -f $SEED_ENV ]] || die "the $SIDE stack is not seeded: bench/teams.sh seed $SIDE"
  command -v wrk >/dev/null || die "wrk not found: run deploy/local/install-deps.sh"
  # shellcheck source=/dev/null
  source "$SEED_ENV"
  [[ $SEED_SCALE == "$SCALE" ]] || say "note: the stack holds SEED_SCALE=$SEED_SCALE (not $SCALE)"
  local out=${BENCH_OUT:-$ARTIFACTS/teams-$SIDE-$(date -u +%Y%m%dT%H%M%SZ)}
  mkdir -p -- "$out"
  local commit
  commit=$(git -C "$TREE" log -1 --format='%h')
  [[ -z $(git -C "$TREE" status --porcelain -- services libs 2>/dev/null) ]] || commit+="-dirty"

  say "limits (bench/limits.sh, ${DURATION} s each)"
  BENCH_OUT=$out BENCH_DURATION=$DURATION "$SCRIPT_DIR/limits.sh" | tee "$out/limits.md"

  # The machine's load at the start, beside the limits.
  local load
  load=$(cut -d' ' -f1-3 /proc/loadavg)

  local idle_rate=0 x0 x1
  if [[ $QUERIES == 1 ]]; then
    # The services' own background queries (schedulers, relays) per second, to subtract.
    x0=$(tasks_xacts)
    sleep 12
    x1=$(tasks_xacts)
    idle_rate=$("$PYTHON" -c "print(($x1 - $x0) / 12)")
  fi

  export BENCH_LUA_DIR=$LUA_DIR BENCH_IDS_FILE=$IDS_FILE
  local rows=() s name au ap bu bp note user path json sat delay half qpr start0 xs common
  for s in "${SCENARIOS[@]}"; do
    IFS='|' read -r name au ap bu bp note <<<"$s"
    [[ -z $ONLY || " $ONLY " == *" $name "* ]] || continue
    if [[ $SIDE == after ]]; then user=$au path=$ap; else user=$bu path=$bp; fi
    path=${path//\{board\}/$BOARD_PROJECT}
    path=${path//\{label\}/$BOARD_LABEL}
    if [[ $user == board ]]; then login "$BOARD_EMAIL" "$BOARD_PASSWORD"; else login "$BENCH_EMAIL" "$BENCH_PASSWORD"; fi
    export BENCH_TOKEN=$LOGIN_TOKEN BENCH_PATH=$path
    local code
    code=$(curl -s -o "$out/$name.sample.json" -w '%{http_code}' --max-time 10 \
      -H "Authorization: Bearer $LOGIN_TOKEN" "$GATEWAY${path//\{id\}/$(head -n 1 "$IDS_FILE")}")
    [[ $code == 200 ]] || die "$name: GET $path answered $code (see $out/$name.sample.json)"
    say "$name: $path (${user} user)"
    ((WARMUP == 0)) || wrk_run "$out/$name-warmup.txt" "$WARMUP" "$CONNS" >/dev/null
    json=$(wrk_run "$out/$name-saturation.txt" "$DURATION" "$CONNS")
    sat=$(rps_of "$json")
    common="\"scenario\":\"$name\",\"path\":\"$path\",\"user\":\"$user\",\"note\":\"$note\""
    rows+=("{$common,\"mode\":\"saturation\",\"delay_ms\":0,\"wrk\":$json}")
    # Half the saturation rate: each connection pauses after each response. A first guess of
    # 2 x connections / rate, run for the warm-up time, gives the latency at about that load;
    # the measured run's pause is the guess less that latency.
    delay=$("$PYTHON" -c "print(max(1, min(10000, round(2000 * $CONNS / max($sat, 1)))))")
    if ((WARMUP > 0)); then
      json=$(wrk_run "$out/$name-calibration.txt" "$WARMUP" "$CONNS" "$delay")
      delay=$("$PYTHON" -c "
rate = $(rps_of "$json")
latency_ms = 1000 * $CONNS / max(rate, 1) - $delay
print(max(1, min(10000, round(2000 * $CONNS / max($sat, 1) - latency_ms))))")
    fi
    json=$(wrk_run "$out/$name-half.txt" "$DURATION" "$CONNS" "$delay")
    half=$(rps_of "$json")
    rows+=("{$common,\"mode\":\"half\",\"delay_ms\":$delay,\"wrk\":$json}")
    printf '    saturation %.0f req/s, half rate %.0f req/s (%.0f %%, %s ms pause)\n' \
      "$sat" "$half" "$("$PYTHON" -c "print(100 * $half / max($sat, 1))")" "$delay"
    if [[ $QUERIES == 1 ]]; then
      # Transactions of taskflow_tasks per request: a 5 s run at 8 connections, then 11 s for
      # every backend to report its counts (PostgreSQL flushes idle backends' stats within 10 s).
      start0=$SECONDS
      x0=$(tasks_xacts)
      json=$(wrk_run "$out/$name-queries.txt" 5 8)
      sleep 11
      x1=$(tasks_xacts)
      xs=$((SECONDS - start0))
      qpr=$("$PYTHON" -c "
import json
w = json.loads('$json')
print(round(($x1 - $x0 - $idle_rate * $xs) / max(w['requests'], 1), 2))")
      rows+=("{\"scenario\":\"$name\",\"mode\":\"queries\",\"requests\":$("$PYTHON" -c "import json; print(json.loads('$json')['requests'])"),\"transactions\":$((x1 - x0)),\"idle_per_s\":$idle_rate,\"seconds\":$xs,\"per_request\":$qpr}")
      printf '    %s tasks-database transactions per request\n' "$qpr"
    fi
  done

  local meta
  meta=$(printf '{"side":"%s","commit":"%s","tree":"%s","scale":"%s","seed":"%s","seed_seconds":%s,"board_project":"%s","duration_s":%s,"connections":%s,"threads":%s,"instances":%s,"load_at_start":"%s","utc":"%s"}' \
    "$SIDE" "$commit" "$TREE" "$SEED_SCALE" "$SEED_SUMMARY" "$SEED_SECONDS" "$BOARD_PROJECT" "$DURATION" \
    "$CONNS" "$THREADS" "$TASKFLOW_INSTANCES" "$load" "$(date -u +%Y-%m-%dT%H:%M:%SZ)")
  printf '{"meta":%s,"limits":%s,"runs":[%s]}\n' "$meta" "$(cat "$out/limits.json")" \
    "$(IFS=,; printf '%s' "${rows[*]}")" >"$out/results.json"
  "$PYTHON" - "$out/results.json" <<'PY' | tee "$out/results.md"
import json, sys

r = json.load(open(sys.argv[1]))
m, lim = r["meta"], r["limits"]
print(f"\n{m['side'].upper()} ({m['commit']}), {m['utc']}: {m['seed']}")
print(f"wrk -t{m['threads']} -c{m['connections']}, {m['duration_s']} s per run, through the "
      f"gateway; {m['instances']} instances per service; load average at the start {m['load_at_start']}")
print(f"limits: pgbench -S {lim['pgbench_select_tps']:,.0f} tps, "
      f"nginx return 200 {lim['nginx_return_200_rps']:,.0f} req/s\n")
by = {}
for run in r["runs"]:
    by.setdefault(run["scenario"], {})[run["mode"]] = run
print("| scenario | path | saturation req/s | p50 | p99 | half rate req/s | p99 at half | non-2xx | queries/request |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, modes in by.items():
    s, h, q = modes["saturation"], modes["half"], modes.get("queries")
    rate = lambda w: w["requests"] / (w["duration_us"] / 1e6)
    errors = s["wrk"]["errors"]["status"] + h["wrk"]["errors"]["status"]
    print(f"| {name} | `{s['path']}` ({s['user']}) | {rate(s['wrk']):,.0f} | "
          f"{s['wrk']['latency_us']['p50'] / 1000:.2f} ms | {s['wrk']['latency_us']['p99'] / 1000:.2f} ms | "
          f"{rate(h['wrk']):,.0f} | {h['wrk']['latency_us']['p99'] / 1000:.2f} ms | {errors} | "
          f"{q['per_request'] if q else '-'} |")
PY
  printf '\nraw wrk outputs and results.json: %s\n' "$out"
}

# -------------------------------------------------------------------------------- compare
cmd_compare() {
  local dirs=("$@") s latest
  if ((${#dirs[@]} == 0)); then
    for s in before after; do
      latest=$(find "$ARTIFACTS" -maxdepth 2 -path "*/teams-$s-*/results.json" 2>/dev/null | sort | tail -n 1)
      [[ -n $latest ]] || die "no results of $s under $ARTIFACTS (bench/teams.sh $s)"
      dirs+=("$(dirname -- "$latest")")
    done
  fi
  "$PYTHON" - "${dirs[@]}" <<'PY'
import json, os, sys

runs = {"before": [], "after": []}
for d in sys.argv[1:]:
    r = json.load(open(os.path.join(d, "results.json")))
    runs[r["meta"]["side"]].append((d, r))
if not runs["before"] or not runs["after"]:
    sys.exit("error: compare needs results of both sides")

def rate(w):
    return w["requests"] / (w["duration_us"] / 1e6)

print("| side | results | commit | seed | pgbench -S tps | nginx return 200 req/s | load at start |")
print("| --- | --- | --- | --- | ---: | ---: | --- |")
for side in ("before", "after"):
    for d, r in runs[side]:
        m, lim = r["meta"], r["limits"]
        print(f"| {side} | {os.path.basename(d)} | {m['commit']} | {m['seed']} | "
              f"{lim['pgbench_select_tps']:,.0f} | {lim['nginx_return_200_rps']:,.0f} | {m['load_at_start']} |")

def collect(side):
    out = {}
    for _, r in runs[side]:
        for run in r["runs"]:
            out.setdefault(run["scenario"], {}).setdefault(run["mode"], []).append(run)
    return out

before, after = collect("before"), collect("after")
mean = lambda xs: sum(xs) / len(xs)
print()
print("| scenario | before req/s | after req/s | after / before | ≥ 0.90 | p99 at half: before, after | < 20 ms | queries/request: before, after | note |")
print("| --- | ---: | ---: | ---: | --- | --- | --- | --- | --- |")
pgb = mean([r["limits"]["pgbench_select_tps"] for _, r in runs["after"]]) / \
      mean([r["limits"]["pgbench_select_tps"] for _, r in runs["before"]])
for name, a in after.items():
    b = before.get(name)
    if not b:
        continue
    rb = mean([rate(x["wrk"]) for x in b["saturation"]])
    ra = mean([rate(x["wrk"]) for x in a["saturation"]])
    p99b = max(x["wrk"]["latency_us"]["p99"] for x in b["half"]) / 1000
    p99a = max(x["wrk"]["latency_us"]["p99"] for x in a["half"]) / 1000
    qb = "/".join(str(x["per_request"]) for x in b.get("queries", [])) or "-"
    qa = "/".join(str(x["per_request"]) for x in a.get("queries", [])) or "-"
    ratio = ra / rb
    errors = sum(x["wrk"]["errors"]["status"] for m in ("saturation", "half") for x in a[m] + b[m])
    note = a["saturation"][0].get("note", "")
    if errors:
        note = (note + "; " if note else "") + f"{errors} non-2xx responses"
    print(f"| {name} | {rb:,.0f} | {ra:,.0f} | {ratio:.2f} | {'yes' if ratio >= 0.9 else '**no**'} | "
          f"{p99b:.1f}, {p99a:.1f} ms | {'yes' if p99a < 20 else '**no**'} | {qb}, {qa} | {note} |")
print(f"\npgbench -S after / before: {pgb:.2f} (the machine's drift between the runs; a ratio "
      "above is only meaningful within that spread). p99 at half: the worst run's.")
PY
}

# ----------------------------------------------------------------------------------- main
cmd=${1:-help}
case $cmd in
before | after)
  side "$cmd"
  cmd_build
  cmd_up
  if [[ $KEEP != 1 ]]; then
    trap 'cmd_down' EXIT
  fi
  cmd_seed
  cmd_run
  ;;
build | up | seed | run | down | wipe)
  (($# == 2)) || die "usage: bench/teams.sh $cmd before|after"
  side "$2"
  "cmd_$cmd"
  ;;
compare)
  shift
  cmd_compare "$@"
  ;;
scenarios) cmd_scenarios ;;
help | -h | --help) sed -n '3,36p' "$0" | sed 's/^# \{0,1\}//' ;;
*) die "unknown command '$cmd' (bench/teams.sh help)" ;;
esac
