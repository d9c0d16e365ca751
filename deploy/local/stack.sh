#!/usr/bin/env bash
#
# stack.sh — the TaskFlow native local stack: PostgreSQL, Redis, RabbitMQ (+ a private epmd),
# the nginx gateway and N instances of each C++ service, as plain processes on 127.0.0.1, with
# everything (data, logs, pids, sockets, rendered configs) under one folder, $TASKFLOW_HOME.
# See deploy/local/README.md. Run `stack.sh help` for the commands.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true # bash 5.2: '&' in ${x//a/b} replacements is literal

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd)

usage() {
  cat <<'EOF'
usage: deploy/local/stack.sh COMMAND [ARG]

  up                      start everything that is not running, wait until ready, print the URLs
  down                    stop everything this stack started (services, nginx, rabbitmq+epmd,
                          redis, postgres), by pid
  status                  each component and instance: running/stopped, pid, port
  logs [NAME]             tail the logs (all, or postgres|redis|rabbitmq|epmd|nginx|SERVICE|
                          SERVICE-I); follows (-F) on a terminal unless LOGS_FOLLOW=0
  env                     print the stack's URLs and ports as KEY=value lines (for tests)
  start-component NAME    start one of: postgres, redis, rabbitmq, nginx, SERVICE (all its
  stop-component NAME     instances) or SERVICE-I (one instance, e.g. auth-1)
  restart-component NAME
  psql [ARGS]             psql as superuser on the stack's PostgreSQL (over its private socket)
  redis-cli [ARGS]        redis-cli on the stack's Redis
  rabbitmqctl [ARGS]      rabbitmqctl against the stack's RabbitMQ node

Environment (defaults): TASKFLOW_HOME (<repo>/.taskflow), TASKFLOW_INSTANCES (2),
TASKFLOW_BUILD_DIR (<repo>/build/release), TASKFLOW_FRONTEND_DIST (<repo>/frontend/dist),
TASKFLOW_SERVICES (all; or e.g. "auth", or "none"),
TASKFLOW_GATEWAY_PORT (8000), TASKFLOW_<SERVICE>_PORT (8001 auth, ...), TASKFLOW_PG_PORT (5432),
TASKFLOW_REDIS_PORT (6379), TASKFLOW_AMQP_PORT (5672), TASKFLOW_AMQP_DIST_PORT (AMQP + 100),
TASKFLOW_EPMD_PORT (AMQP - 1000), TASKFLOW_READY_TIMEOUT (60 s), LOGS_FOLLOW (1).
Each service instance gets HTTP_THREADS = cores / TASKFLOW_INSTANCES (at least 1) unless
HTTP_THREADS is set.
Gateway rate limits per client address: TASKFLOW_AUTH_RATE (5r/s) and TASKFLOW_AUTH_BURST (20)
for sign-up and log-in, TASKFLOW_API_RATE (200r/s) and TASKFLOW_API_BURST (400) for the rest of
the API; TASKFLOW_RATE_EXEMPT: space-separated addresses or CIDRs never limited (default none;
the tests and benchmarks exempt 127.0.0.1 so that their own load is not what they measure).
EOF
}

# ------------------------------------------------------------------------------------- output
# "==> starting X ... " then "ok" on the same line; die() closes an open line with FAILED.
STEP_OPEN=0
say() { printf '==> %s\n' "$*"; }
step() {
  printf '==> %s ... ' "$*"
  STEP_OPEN=1
}
ok() {
  printf 'ok%s\n' "${1:+ ($1)}"
  STEP_OPEN=0
}
note() {
  if ((STEP_OPEN)); then
    printf '%s\n' "$*"
    STEP_OPEN=0
  else
    printf '    %s\n' "$*"
  fi
}
die() {
  if ((STEP_OPEN)); then
    printf 'FAILED\n'
    STEP_OPEN=0
  fi
  printf 'error: %s\n' "$*" >&2
  exit 1
}
# Last lines of a log, indented, to stderr: what a failure message points at.
show_log_tail() {
  local file=$1 lines=${2:-20}
  if [[ -r $file ]]; then
    printf -- '--- last %s lines of %s\n' "$lines" "$file" >&2
    tail -n "$lines" -- "$file" | sed 's/^/    /' >&2
  fi
}
now() { printf '%s' "${EPOCHREALTIME/./}"; } # microseconds
elapsed_since() {                            # START_US -> "1.2 s"
  local us=$(($(now) - $1))
  printf '%d.%d s' $((us / 1000000)) $((us % 1000000 / 100000))
}

# ------------------------------------------------------------------------------ configuration
abs_path() {
  case $1 in
  /*) printf '%s' "$1" ;;
  *) printf '%s/%s' "$PWD" "$1" ;;
  esac
}
# port_of VAR DEFAULT: the value of $VAR (or DEFAULT), checked to be a TCP port.
port_of() {
  local var=$1 def=$2 val
  val=${!var:-$def}
  if ! [[ $val =~ ^[0-9]+$ ]] || ((val < 1 || val > 65535)); then
    die "$var must be a TCP port number 1-65535 (got '$val')"
  fi
  printf '%s' "$val"
}

TF_HOME=$(abs_path "${TASKFLOW_HOME:-$REPO_ROOT/.taskflow}")
while [[ $TF_HOME == */ && $TF_HOME != / ]]; do TF_HOME=${TF_HOME%/}; done
RUN_DIR=$TF_HOME/run
LOG_DIR=$TF_HOME/logs
CONF_DIR=$TF_HOME/conf
DATA_DIR=$TF_HOME/data
BUILD_DIR=$(abs_path "${TASKFLOW_BUILD_DIR:-$REPO_ROOT/build/release}")
# The web app's build, served by the gateway at / (`make up` builds it; without it / is a 404).
FRONTEND_DIST=$(abs_path "${TASKFLOW_FRONTEND_DIST:-$REPO_ROOT/frontend/dist}")

GATEWAY_PORT=$(port_of TASKFLOW_GATEWAY_PORT 8000)
PG_PORT=$(port_of TASKFLOW_PG_PORT 5432)
REDIS_PORT=$(port_of TASKFLOW_REDIS_PORT 6379)
AMQP_PORT=$(port_of TASKFLOW_AMQP_PORT 5672)
AMQP_DIST_PORT=$(port_of TASKFLOW_AMQP_DIST_PORT $((AMQP_PORT + 100)))
EPMD_PORT=$(port_of TASKFLOW_EPMD_PORT $((AMQP_PORT - 1000)))
INSTANCES=${TASKFLOW_INSTANCES:-2}
[[ $INSTANCES =~ ^[1-9][0-9]?$ ]] || die "TASKFLOW_INSTANCES must be a number 1-99 (got '$INSTANCES')"
READY_TIMEOUT=${TASKFLOW_READY_TIMEOUT:-60}
[[ $READY_TIMEOUT =~ ^[0-9]+$ ]] || die "TASKFLOW_READY_TIMEOUT must be a number of seconds"

# RabbitMQ node. The name is fixed (not keyed on the port) so that changing TASKFLOW_AMQP_PORT
# keeps the broker's data; each stack has its own epmd, so two stacks never see each other.
RMQ_NODENAME=${TASKFLOW_AMQP_NODENAME:-taskflow@localhost}
RMQ_BIN=${TASKFLOW_RABBITMQ_BIN:-/usr/lib/rabbitmq/bin}

# The URLs the services get. "%2f" is the vhost "/": with a bare trailing slash
# (amqp://host:port/) rabbitmq-c's amqp_parse_url yields the empty vhost "", which does not exist.
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
AMQP_URL=amqp://taskflow:taskflow@127.0.0.1:$AMQP_PORT/%2f
PG_URL_BASE=postgresql://taskflow:taskflow@127.0.0.1:$PG_PORT

# ----------------------------------------------------------------------------- services list
SERVICES=()
DATABASES=()
declare -A SVC_PORT=() SVC_DB=() SVC_BIN=() DB_EXTENSIONS=()
taskflow_service() {
  local name=$1 port=$2 db=$3 bin=$4 var
  [[ $name =~ ^[a-z][a-z0-9_]*$ ]] || die "services.sh: bad service name '$name'"
  var=TASKFLOW_${name^^}_PORT
  SERVICES+=("$name")
  SVC_PORT[$name]=$(port_of "$var" "$port")
  SVC_DB[$name]=$db
  SVC_BIN[$name]=$bin
}
taskflow_database() {
  DATABASES+=("$1")
  DB_EXTENSIONS[$1]="${*:2}"
}
# shellcheck source=SCRIPTDIR/services.sh
source "$SCRIPT_DIR/services.sh"
# shellcheck source=SCRIPTDIR/../../proxy/rate-limits.sh
source "$REPO_ROOT/proxy/rate-limits.sh"

# The services `up` starts: TASKFLOW_SERVICES="auth tasks" or "none" (infrastructure only).
ENABLED_SERVICES=()
case ${TASKFLOW_SERVICES:-all} in
all) ENABLED_SERVICES=("${SERVICES[@]}") ;;
none) ;;
*)
  for s in ${TASKFLOW_SERVICES//,/ }; do
    [[ -n ${SVC_PORT[$s]:-} ]] || die "TASKFLOW_SERVICES: unknown service '$s' (known: ${SERVICES[*]})"
    ENABLED_SERVICES+=("$s")
  done
  ;;
esac

instance_port() { printf '%s' $((${SVC_PORT[$1]} + 10 * $2)); }
svc_binary() { printf '%s/%s' "$BUILD_DIR" "${SVC_BIN[$1]}"; }
AUTH_JWKS_URL=${TASKFLOW_AUTH_JWKS_URL:-http://127.0.0.1:${SVC_PORT[auth]:-8001}/api/auth/jwks/}

# --------------------------------------------------------------------------------- processes
# proc_alive PID [MATCH]: the process exists, is not a zombie, and (if MATCH is given) its
# command line contains MATCH — so a recycled pid is not mistaken for ours.
proc_alive() {
  local pid=$1 match=${2:-} stat state cmdline
  [[ $pid =~ ^[1-9][0-9]*$ ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  state=${stat##*) }
  state=${state%% *}
  [[ $state != Z && $state != X ]] || return 1
  [[ -z $match ]] && return 0
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$match"* ]]
}
read_pid() { # FILE -> first line, or nothing
  local pid=''
  [[ -r $1 ]] && read -r pid <"$1" 2>/dev/null
  printf '%s' "$pid"
}
# running_pid FILE MATCH: print the pid if that process is alive; remove a stale pid file.
running_pid() {
  local file=$1 match=$2 pid
  pid=$(read_pid "$file")
  if [[ -n $pid ]] && proc_alive "$pid" "$match"; then
    printf '%s' "$pid"
    return 0
  fi
  # Stale: remove it (ours only; an empty file may be one a daemon is writing just now).
  if [[ -n $pid && $file == "$RUN_DIR"/* ]]; then
    rm -f -- "$file"
  fi
  return 1
}
wait_dead() { # PID TIMEOUT_S
  local pid=$1 deadline=$(($(now) + $2 * 1000000))
  while proc_alive "$pid"; do
    (($(now) < deadline)) || return 1
    sleep 0.1
  done
}
# stop_pid LABEL PID [SIGNAL] [TIMEOUT]: signal, wait, then SIGKILL.
stop_pid() {
  local label=$1 pid=$2 sig=${3:-TERM} timeout=${4:-10}
  step "stopping $label (pid $pid)"
  kill -s "$sig" "$pid" 2>/dev/null || true
  if wait_dead "$pid" "$timeout"; then
    ok
  else
    kill -s KILL "$pid" 2>/dev/null || true
    wait_dead "$pid" 5 || true
    note "killed (no exit ${timeout} s after SIG$sig)"
  fi
}
# Run a command in a new session, so a Ctrl-C in the terminal that ran `make up` never reaches
# the stack's processes.
detach() { setsid "$@"; }

# ------------------------------------------------------------------------------------- ports
# port_holder PORT: a short description of who listens on PORT, or nothing if it is free.
port_holder() {
  local port=$1 line
  if command -v ss >/dev/null; then
    line=$(ss -ltnpH "sport = :$port" 2>/dev/null | head -n 1)
    [[ -n $line ]] || return 1
    if [[ $line =~ users:\(\(\"([^\"]+)\",pid=([0-9]+) ]]; then
      printf '%s pid %s' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
    else
      printf 'another process'
    fi
    return 0
  fi
  # No iproute2: try to connect.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    printf 'another process'
    return 0
  fi
  return 1
}
# check_port PORT WHAT VAR: fail with one line if PORT is taken (call only for what is not ours
# and not running).
check_port() {
  local port=$1 what=$2 var=$3 who
  if who=$(port_holder "$port"); then
    die "port $port ($what) is already in use by $who; set $var"
  fi
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# http_status URL: the HTTP status code, or 000.
http_status() {
  curl --noproxy '*' -s -o /dev/null -w '%{http_code}' --connect-timeout 1 --max-time 3 "$1" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------- folders
ensure_dirs() {
  mkdir -p -- "$TF_HOME" "$RUN_DIR" "$LOG_DIR" "$CONF_DIR" "$DATA_DIR"
  # Other users (postgres, nginx's www-data workers) must be able to enter these.
  chmod 0755 -- "$TF_HOME" "$RUN_DIR" "$LOG_DIR" "$CONF_DIR" "$DATA_DIR"
}
# Commands that start or stop things hold an exclusive lock on $RUN_DIR/stack.lock: the script
# re-runs itself under flock(1) with -o, so the lock's file descriptor is not inherited by the
# daemons it starts (which would keep the lock held for as long as they run).
with_lock() { # COMMAND ARGS...
  local rc=0
  if [[ ${_TASKFLOW_STACK_LOCK:-} == "$RUN_DIR/stack.lock" ]]; then
    unset _TASKFLOW_STACK_LOCK
    return 0
  fi
  ensure_dirs
  _TASKFLOW_STACK_LOCK=$RUN_DIR/stack.lock flock -o -w 300 -E 75 "$RUN_DIR/stack.lock" \
    "$SCRIPT_DIR/stack.sh" "$@" || rc=$?
  ((rc != 75)) || die "another stack.sh has been running on $TF_HOME for 5 minutes (lock $RUN_DIR/stack.lock)"
  exit "$rc"
}
# can_enter USER DIR: USER can reach DIR (search permission on every parent).
can_enter() {
  local user=$1 dir=$2
  ((EUID == 0)) || return 0
  (cd / && runuser -u "$user" -- test -x "$dir") 2>/dev/null
}

# ================================================================================ PostgreSQL
pg_bin_dir() {
  if [[ -n ${TASKFLOW_PG_BIN:-} ]]; then
    printf '%s' "$TASKFLOW_PG_BIN"
    return
  fi
  local d best=''
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/pg_ctl ]] && best=$d
  done
  [[ -n $best ]] || best=/usr/lib/postgresql/15/bin
  printf '%s' "$best"
}
PG_BIN=$(pg_bin_dir)

# PostgreSQL refuses to run as root, so as root its binaries run as the user postgres, which must
# be able to enter every parent of its folder. Its folder is $TASKFLOW_HOME/data/postgres; when
# postgres cannot enter $TASKFLOW_HOME (say it is under a 0700 home folder), or the socket path
# would be too long for a unix socket, it is /tmp/taskflow-pg-<hash of $TASKFLOW_HOME> instead,
# with a symlink at $TASKFLOW_HOME/data/postgres. The choice is made once, at the first start.
PG_ROOT=''
pg_layout() { # [create]: decide where the folder goes (first start only)
  local link=$DATA_DIR/postgres sock hash
  if [[ -L $link ]]; then
    PG_ROOT=$(readlink -- "$link")
  else
    PG_ROOT=$link
    sock="$link/run/.s.PGSQL.$PG_PORT"
    if [[ ${1:-} == create && ! -d $link ]] && { ((${#sock} > 100)) || ! can_enter postgres "$DATA_DIR"; }; then
      hash=$(printf '%s' "$TF_HOME" | sha256sum | cut -c1-12)
      PG_ROOT=/tmp/taskflow-pg-$hash
      say "postgres cannot use $link (a parent folder it cannot enter, or a socket path over 100"
      say "characters): its folder is $PG_ROOT, symlinked from $link"
      mkdir -p -- "$PG_ROOT"
      ln -sfn -- "$PG_ROOT" "$link"
    fi
  fi
  PGDATA=$PG_ROOT/data
  PG_SOCK=$PG_ROOT/run
  PG_LOGFILE=$PG_ROOT/postgres.log
}
pg_layout
as_pg() {
  if ((EUID == 0)); then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}
pg_pid() { running_pid "$PGDATA/postmaster.pid" postgres; }
pg_psql() { # superuser psql over the private socket
  as_pg "$PG_BIN/psql" -h "$PG_SOCK" -p "$PG_PORT" -U postgres -X -v ON_ERROR_STOP=1 "$@"
}

start_postgres() {
  local pid owner=postgres
  ((EUID == 0)) || owner=$(id -un)
  if pid=$(pg_pid); then
    say "PostgreSQL already running (pid $pid, port $PG_PORT)"
  else
    [[ -x $PG_BIN/pg_ctl ]] || die "PostgreSQL not found in $PG_BIN: run deploy/local/install-deps.sh (or set TASKFLOW_PG_BIN)"
    check_port "$PG_PORT" PostgreSQL TASKFLOW_PG_PORT
    pg_layout create
    mkdir -p -- "$PG_ROOT" "$PG_SOCK"
    chown -- "$owner" "$PG_ROOT" "$PG_SOCK"
    chmod 0750 -- "$PG_ROOT"
    chmod 0700 -- "$PG_SOCK"
    ln -sfn -- "$PG_LOGFILE" "$LOG_DIR/postgres.log"
    if [[ ! -s $PGDATA/PG_VERSION ]]; then
      if [[ -d $PGDATA ]] && [[ -n $(ls -A -- "$PGDATA") ]]; then
        die "$PGDATA exists but holds no PostgreSQL cluster: remove it and run again"
      fi
      step "initialising PostgreSQL data folder $PGDATA"
      # Local (socket) connections are trusted: the socket folder is private to postgres (0700).
      # TCP connections need a password (scram-sha-256).
      as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$PG_ROOT/initdb.log" 2>&1 ||
        {
          show_log_tail "$PG_ROOT/initdb.log"
          die "initdb failed (see $PG_ROOT/initdb.log)"
        }
      printf "\ninclude_if_exists = 'taskflow.conf'\n" >>"$PGDATA/postgresql.conf"
      ok
    fi
    # Rewritten on every start, so a new port applies.
    cat >"$PGDATA/taskflow.conf" <<EOF
# Written by deploy/local/stack.sh on every start; edits are lost.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 256MB
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
EOF
    chown -- "$owner" "$PGDATA/taskflow.conf"
    step "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    local t0
    t0=$(now)
    if ! as_pg setsid "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_LOGFILE" -w -t 60 -s start >/dev/null 2>&1; then
      show_log_tail "$PG_LOGFILE"
      die "PostgreSQL did not start (see $PG_LOGFILE)"
    fi
    ok "pid $(pg_pid || echo '?'), $(elapsed_since "$t0")"
  fi
  pg_setup
}

# Role and databases, idempotently (every start: cheap, and repairs a half-done first run).
pg_setup() {
  local db ext sql
  step "creating role taskflow and databases ${DATABASES[*]}"
  sql="DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'taskflow') THEN
    CREATE ROLE taskflow LOGIN;
  END IF;
END \$\$;
ALTER ROLE taskflow WITH LOGIN CREATEDB PASSWORD 'taskflow';
"
  for db in "${DATABASES[@]}"; do
    sql+="SELECT format('CREATE DATABASE %I OWNER taskflow', '$db')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db') \\gexec
"
  done
  for db in "${DATABASES[@]}"; do
    for ext in ${DB_EXTENSIONS[$db]}; do
      sql+="\\connect $db
CREATE EXTENSION IF NOT EXISTS $ext;
"
    done
  done
  local out
  if ! out=$(printf '%s' "$sql" | pg_psql -q -d postgres 2>&1); then
    printf '%s\n' "$out" >&2
    die "could not create the role and databases"
  fi
  ok
}

stop_postgres() {
  local pid
  if ! pid=$(pg_pid); then
    say "PostgreSQL not running"
    return
  fi
  step "stopping PostgreSQL (pid $pid)"
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 10 -s stop >/dev/null 2>&1; then
    ok
  else
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w -t 10 -s stop >/dev/null 2>&1 || kill -KILL "$pid" 2>/dev/null || true
    wait_dead "$pid" 5 || true
    note "stopped with -m immediate (no fast shutdown within 10 s)"
  fi
}

# ===================================================================================== Redis
REDIS_PIDFILE=$RUN_DIR/redis.pid
redis_pid() { running_pid "$REDIS_PIDFILE" redis-server; }
start_redis() {
  local pid t0
  if pid=$(redis_pid); then
    say "Redis already running (pid $pid, port $REDIS_PORT)"
    return
  fi
  command -v redis-server >/dev/null || die "redis-server not found: run deploy/local/install-deps.sh"
  check_port "$REDIS_PORT" Redis TASKFLOW_REDIS_PORT
  mkdir -p -- "$DATA_DIR/redis"
  cat >"$CONF_DIR/redis.conf" <<EOF
# Written by deploy/local/stack.sh on every start; edits are lost.
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
supervised no
pidfile "$REDIS_PIDFILE"
logfile "$LOG_DIR/redis.log"
dir "$DATA_DIR/redis"
appendonly yes
appendfsync everysec
save 3600 1 300 100 60 10000
EOF
  step "starting Redis on 127.0.0.1:$REDIS_PORT"
  t0=$(now)
  if ! detach redis-server "$CONF_DIR/redis.conf" >/dev/null 2>&1; then
    show_log_tail "$LOG_DIR/redis.log"
    die "redis-server did not start (see $LOG_DIR/redis.log)"
  fi
  local deadline=$(($(now) + 15000000))
  until pid=$(redis_pid) && [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; do
    if (($(now) > deadline)); then
      show_log_tail "$LOG_DIR/redis.log"
      die "Redis did not answer PING within 15 s (see $LOG_DIR/redis.log)"
    fi
    sleep 0.1
  done
  ok "pid $pid, $(elapsed_since "$t0")"
}
stop_redis() {
  local pid
  if pid=$(redis_pid); then
    stop_pid Redis "$pid" TERM 10
    rm -f -- "$REDIS_PIDFILE"
  else
    say "Redis not running"
  fi
}

# ============================================================================ RabbitMQ + epmd
EPMD_PIDFILE=$RUN_DIR/epmd.pid
RMQ_PIDFILE=$RUN_DIR/rabbitmq.pid       # the rabbitmq-server script (it forwards SIGTERM)
RMQ_BEAM_PIDFILE=$RUN_DIR/rabbitmq-beam.pid # the Erlang VM, written by RabbitMQ itself
RMQ_BASE=$DATA_DIR/rabbitmq
epmd_pid() { running_pid "$EPMD_PIDFILE" epmd; }
rmq_pid() { running_pid "$RMQ_PIDFILE" rabbitmq-server; }
rmq_beam_pid() { running_pid "$RMQ_BEAM_PIDFILE" beam; }

# The environment every RabbitMQ/Erlang command of this stack runs with. HOME is private, so the
# Erlang cookie ($HOME/.erlang.cookie) is too. Nothing is read from /etc/rabbitmq.
rmq_env() {
  RMQ_ENV=(
    HOME="$RMQ_BASE/home"
    RABBITMQ_NODENAME="$RMQ_NODENAME"
    RABBITMQ_USE_LONGNAME=false
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    RABBITMQ_NODE_PORT="$AMQP_PORT"
    RABBITMQ_DIST_PORT="$AMQP_DIST_PORT"
    RABBITMQ_CTL_DIST_PORT_MIN=$((AMQP_DIST_PORT + 1))
    RABBITMQ_CTL_DIST_PORT_MAX=$((AMQP_DIST_PORT + 10))
    RABBITMQ_MNESIA_BASE="$RMQ_BASE/mnesia"
    RABBITMQ_LOG_BASE="$LOG_DIR"
    RABBITMQ_LOGS="$LOG_DIR/rabbitmq.log"
    RABBITMQ_CONFIG_FILE="$CONF_DIR/rabbitmq.conf"
    RABBITMQ_ADVANCED_CONFIG_FILE="$CONF_DIR/rabbitmq-advanced.config"
    RABBITMQ_CONF_ENV_FILE="$CONF_DIR/rabbitmq-env.conf"
    RABBITMQ_ENABLED_PLUGINS_FILE="$CONF_DIR/rabbitmq-enabled-plugins"
    RABBITMQ_PID_FILE="$RMQ_BEAM_PIDFILE"
    # Erlang distribution on loopback only, through this stack's own epmd.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    ERL_EPMD_PORT="$EPMD_PORT"
    ERL_EPMD_ADDRESS=127.0.0.1
  )
}
rmq_env

# amqp_ready: the broker answers the AMQP 0-9-1 protocol header with connection.start (a method
# frame, type 1) — a listening socket alone is not enough.
amqp_ready() {
  # shellcheck disable=SC2016 # $1 and $(...) expand in the inner bash
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "AMQP\x00\x00\x09\x01" >&3
    [[ $(head -c 1 <&3 | od -An -tx1 | tr -d " \n") == 01 ]]' _ "$AMQP_PORT" 2>/dev/null
}

start_epmd() {
  local pid
  if pid=$(epmd_pid); then
    say "epmd already running (pid $pid, port $EPMD_PORT)"
    return
  fi
  command -v epmd >/dev/null || die "epmd not found (erlang-base): run deploy/local/install-deps.sh"
  check_port "$EPMD_PORT" "epmd for RabbitMQ" TASKFLOW_EPMD_PORT
  step "starting epmd on 127.0.0.1:$EPMD_PORT"
  env ERL_EPMD_PORT="$EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1 \
    setsid nohup epmd -port "$EPMD_PORT" -address 127.0.0.1 >>"$LOG_DIR/epmd.log" 2>&1 </dev/null &
  printf '%s\n' "$!" >"$EPMD_PIDFILE"
  local deadline=$(($(now) + 10000000))
  until port_open "$EPMD_PORT"; do
    if ! epmd_pid >/dev/null || (($(now) > deadline)); then
      show_log_tail "$LOG_DIR/epmd.log"
      die "epmd did not start (see $LOG_DIR/epmd.log)"
    fi
    sleep 0.05
  done
  ok "pid $(epmd_pid)"
}

start_rabbitmq() {
  local pid t0
  if pid=$(rmq_pid); then
    say "RabbitMQ already running (pid $pid, port $AMQP_PORT)"
    return
  fi
  [[ -x $RMQ_BIN/rabbitmq-server ]] || die "RabbitMQ not found in $RMQ_BIN: run deploy/local/install-deps.sh"
  # A broker VM left behind by a killed wrapper would hold the ports: stop it first.
  if pid=$(rmq_beam_pid); then
    stop_pid "leftover RabbitMQ VM" "$pid" TERM 10
  fi
  check_port "$AMQP_PORT" "RabbitMQ AMQP" TASKFLOW_AMQP_PORT
  check_port "$AMQP_DIST_PORT" "RabbitMQ distribution" TASKFLOW_AMQP_DIST_PORT
  start_epmd
  mkdir -p -- "$RMQ_BASE/home" "$RMQ_BASE/mnesia"
  chmod 0700 -- "$RMQ_BASE/home"
  cat >"$CONF_DIR/rabbitmq.conf" <<EOF
# Written by deploy/local/stack.sh on every start; edits are lost.
# The user is created at the first boot (an empty database) only.
default_user = taskflow
default_pass = taskflow
default_vhost = /
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
loopback_users = none
log.console = false
log.file.level = info
EOF
  printf '# Written by deploy/local/stack.sh: keeps /etc/rabbitmq/rabbitmq-env.conf out.\n' >"$CONF_DIR/rabbitmq-env.conf"
  printf '[].\n' >"$CONF_DIR/rabbitmq-enabled-plugins"
  step "starting RabbitMQ on 127.0.0.1:$AMQP_PORT (node $RMQ_NODENAME, dist port $AMQP_DIST_PORT)"
  t0=$(now)
  env "${RMQ_ENV[@]}" setsid nohup "$RMQ_BIN/rabbitmq-server" >>"$LOG_DIR/rabbitmq.stdout.log" 2>&1 </dev/null &
  printf '%s\n' "$!" >"$RMQ_PIDFILE"
  local deadline=$(($(now) + 90000000))
  until amqp_ready; do
    if ! rmq_pid >/dev/null; then
      show_log_tail "$LOG_DIR/rabbitmq.stdout.log"
      show_log_tail "$LOG_DIR/rabbitmq.log"
      die "RabbitMQ exited during startup (see $LOG_DIR/rabbitmq.log, rabbitmq.stdout.log)"
    fi
    if (($(now) > deadline)); then
      show_log_tail "$LOG_DIR/rabbitmq.log"
      die "RabbitMQ did not accept AMQP connections within 90 s (see $LOG_DIR/rabbitmq.log)"
    fi
    sleep 0.25
  done
  ok "pid $(rmq_pid), $(elapsed_since "$t0")"
}

stop_rabbitmq() {
  local pid beam
  beam=$(rmq_beam_pid || true)
  if pid=$(rmq_pid); then
    # The script forwards SIGTERM to the VM, which shuts the broker down cleanly.
    stop_pid RabbitMQ "$pid" TERM 20
  fi
  if [[ -n $beam ]] && proc_alive "$beam"; then
    stop_pid "RabbitMQ VM" "$beam" TERM 10
  elif [[ -z $pid ]]; then
    say "RabbitMQ not running"
  fi
  rm -f -- "$RMQ_PIDFILE" "$RMQ_BEAM_PIDFILE"
  if pid=$(epmd_pid); then
    stop_pid epmd "$pid" TERM 5
  fi
  rm -f -- "$EPMD_PIDFILE"
}

# ============================================================================ nginx gateway
NGINX_PIDFILE=$RUN_DIR/nginx.pid
NGINX_DIR=$DATA_DIR/nginx
NGINX_CONF=$CONF_DIR/nginx.conf
NGINX_TEMPLATE=${TASKFLOW_NGINX_TEMPLATE:-$REPO_ROOT/proxy/nginx.conf.template}
nginx_pid() { running_pid "$NGINX_PIDFILE" "nginx: master"; }
nginx_cmd() { nginx -p "$NGINX_DIR/" -c "$NGINX_CONF" -e "$LOG_DIR/nginx-error.log" "$@"; }

# render_template SRC DST NAME=VALUE...: replace each ${NAME} in SRC (only those: nginx's own
# $variables are left alone); an unknown ${TASKFLOW_...} placeholder is an error.
render_template() {
  local src=$1 dst=$2 content kv key
  shift 2
  content=$(<"$src")
  for kv in "$@"; do
    key=${kv%%=*}
    content=${content//"\${$key}"/"${kv#*=}"}
  done
  if [[ $content =~ \$\{(TASKFLOW_[A-Za-z0-9_]*)\} ]]; then
    die "$src: unknown placeholder \${${BASH_REMATCH[1]}}"
  fi
  printf '# Rendered from %s by deploy/local/stack.sh: edit that file, not this one.\n%s\n' \
    "$src" "$content" >"$dst"
}

# Render proxy/nginx.conf.template to $NGINX_CONF.new; prints nothing.
render_nginx() {
  local vars=() svc i servers user_directive
  # As root, the workers run as www-data (nginx's default user "nobody" has no group "nobody" on
  # Debian); if www-data cannot enter $TASKFLOW_HOME, as root.
  if ((EUID == 0)); then
    if can_enter www-data "$NGINX_DIR"; then
      user_directive='user www-data www-data;'
    else
      user_directive='user root root;'
    fi
  else
    user_directive='# (not root: the workers run as the current user)'
  fi
  rate_limit_settings
  vars+=("TASKFLOW_AUTH_RATE=$TASKFLOW_AUTH_RATE" "TASKFLOW_AUTH_BURST=$TASKFLOW_AUTH_BURST"
    "TASKFLOW_API_RATE=$TASKFLOW_API_RATE" "TASKFLOW_API_BURST=$TASKFLOW_API_BURST"
    "TASKFLOW_RATE_EXEMPT_LINES=$TASKFLOW_RATE_EXEMPT_LINES")
  vars+=("TASKFLOW_NGINX_USER=$user_directive" "TASKFLOW_GATEWAY_PORT=$GATEWAY_PORT"
    "TASKFLOW_RUN_DIR=$RUN_DIR" "TASKFLOW_LOG_DIR=$LOG_DIR" "TASKFLOW_NGINX_DIR=$NGINX_DIR"
    "TASKFLOW_REPO_ROOT=$REPO_ROOT" "TASKFLOW_HOME=$TF_HOME" "TASKFLOW_FRONTEND_DIST=$FRONTEND_DIST")
  for svc in "${SERVICES[@]}"; do
    servers=''
    for ((i = 0; i < INSTANCES; i++)); do
      [[ -z $servers ]] || servers+=$'\n'
      servers+="        server 127.0.0.1:$(instance_port "$svc" "$i") max_fails=3 fail_timeout=5s;"
    done
    vars+=("TASKFLOW_${svc^^}_SERVERS=$servers" "TASKFLOW_${svc^^}_PORT=${SVC_PORT[$svc]}")
  done
  [[ -r $NGINX_TEMPLATE ]] || die "gateway template not found: $NGINX_TEMPLATE"
  render_template "$NGINX_TEMPLATE" "$NGINX_CONF.new" "${vars[@]}"
}

start_nginx() {
  local pid out t0
  command -v nginx >/dev/null || die "nginx not found: run deploy/local/install-deps.sh"
  mkdir -p -- "$NGINX_DIR"
  render_nginx
  if pid=$(nginx_pid); then
    if cmp -s -- "$NGINX_CONF.new" "$NGINX_CONF"; then
      rm -f -- "$NGINX_CONF.new"
      say "nginx gateway already running (pid $pid, port $GATEWAY_PORT)"
    else
      step "nginx gateway running (pid $pid): configuration changed, reloading"
      cp -- "$NGINX_CONF" "$NGINX_CONF.old"
      mv -- "$NGINX_CONF.new" "$NGINX_CONF"
      if ! out=$(nginx_cmd -t -q 2>&1); then
        mv -- "$NGINX_CONF.old" "$NGINX_CONF"
        printf '%s\n' "$out" >&2
        die "the new gateway configuration is invalid; the running one is kept"
      fi
      rm -f -- "$NGINX_CONF.old"
      # Reload, and wait until new workers run the new configuration (the old ones finish
      # their requests and exit).
      local before deadline
      before=$(pgrep -P "$pid" | sort | tr '\n' ' ')
      kill -HUP "$pid"
      deadline=$(($(now) + 5000000))
      while [[ $(pgrep -P "$pid" | sort | tr '\n' ' ') == "$before" ]] && (($(now) < deadline)); do
        sleep 0.05
      done
      ok
    fi
    return
  fi
  check_port "$GATEWAY_PORT" "nginx gateway" TASKFLOW_GATEWAY_PORT
  mv -- "$NGINX_CONF.new" "$NGINX_CONF"
  if ! out=$(nginx_cmd -t -q 2>&1); then
    printf '%s\n' "$out" >&2
    die "invalid gateway configuration $NGINX_CONF (from $NGINX_TEMPLATE)"
  fi
  step "starting nginx gateway on 127.0.0.1:$GATEWAY_PORT"
  t0=$(now)
  # nginx daemonizes: it must not keep our stdout (a pipe, as in `make up | tee`, would stay
  # open for as long as nginx runs). What it would print goes to its error log too.
  if ! detach nginx -p "$NGINX_DIR/" -c "$NGINX_CONF" -e "$LOG_DIR/nginx-error.log" >/dev/null 2>&1 </dev/null; then
    show_log_tail "$LOG_DIR/nginx-error.log"
    die "nginx did not start (see $LOG_DIR/nginx-error.log)"
  fi
  local deadline=$(($(now) + 10000000))
  until pid=$(nginx_pid) && [[ $(http_status "http://127.0.0.1:$GATEWAY_PORT/health") == 200 ]]; do
    if (($(now) > deadline)); then
      show_log_tail "$LOG_DIR/nginx-error.log"
      die "the gateway did not answer /health within 10 s (see $LOG_DIR/nginx-error.log)"
    fi
    sleep 0.1
  done
  ok "pid $pid, $(elapsed_since "$t0")"
}
stop_nginx() {
  local pid
  if pid=$(nginx_pid); then
    # SIGQUIT: graceful (finish the requests in flight).
    stop_pid "nginx gateway" "$pid" QUIT 10
    rm -f -- "$NGINX_PIDFILE"
  else
    say "nginx gateway not running"
  fi
}

# ================================================================================== services
inst_pidfile() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }
# inst_pid NAME-I: pid of a running instance (matched on the binary's file name).
inst_pid() {
  local inst=$1 svc=${1%-*}
  running_pid "$(inst_pidfile "$inst")" "$(basename -- "${SVC_BIN[$svc]:-$svc}")"
}
# Instances with a pid file: those of TASKFLOW_INSTANCES and any left from a run with more.
known_instances() {
  local svc i f names=()
  for svc in "${SERVICES[@]}"; do
    for ((i = 0; i < INSTANCES; i++)); do names+=("$svc-$i"); done
    for f in "$RUN_DIR/$svc"-*.pid; do
      [[ -e $f ]] || continue
      f=${f##*/}
      f=${f%.pid}
      [[ ${f#"$svc"-} =~ ^[0-9]+$ ]] || continue
      ((${f##*-} < INSTANCES)) || names+=("$f")
    done
  done
  printf '%s\n' "${names[@]}"
}
require_binaries() {
  local svc bin
  for svc in "$@"; do
    bin=$(svc_binary "$svc")
    [[ -x $bin ]] || die "$svc: $bin not found or not executable: build first: make build"
  done
}

# start_instance NAME-I: start one instance in the background (does not wait for /ready).
start_instance() {
  local inst=$1 svc=${1%-*} idx=${1##*-} pid port bin env_vars
  if pid=$(inst_pid "$inst"); then
    say "$inst already running (pid $pid, port $(instance_port "$svc" "$idx"))"
    return
  fi
  port=$(instance_port "$svc" "$idx")
  check_port "$port" "$inst" "TASKFLOW_${svc^^}_PORT"
  bin=$(svc_binary "$svc")
  require_binaries "$svc"
  mkdir -p -- "$DATA_DIR/$svc"
  env_vars=(
    HTTP_HOST=127.0.0.1
    HTTP_PORT="$port"
    SERVICE_NAME="$svc"
    SERVICE_INSTANCE="$inst"
    REDIS_URL="$REDIS_URL"
    AMQP_URL="$AMQP_URL"
    AUTH_JWKS_URL="$AUTH_JWKS_URL"
    DATA_DIR="$DATA_DIR/$svc"
  )
  if [[ ${SVC_DB[$svc]} != - ]]; then
    env_vars+=(DATABASE_URL="$PG_URL_BASE/${SVC_DB[$svc]}")
  fi
  # Every instance of every service shares this machine's cores: one I/O thread per core each
  # (the services' default) means more threads than cores, and measurably less throughput
  # (docs/benchmarks.md). Unless the caller chose, the cores are divided among the instances.
  if [[ -z ${HTTP_THREADS:-} ]]; then
    env_vars+=(HTTP_THREADS=$(($(nproc) / INSTANCES > 1 ? $(nproc) / INSTANCES : 1)))
  fi
  step "starting $inst on 127.0.0.1:$port"
  # The caller's environment passes through (e.g. ARGON2_MEMORY_KIB set by the tests).
  (cd -- "$REPO_ROOT" && exec env "${env_vars[@]}" setsid nohup "$bin" >>"$LOG_DIR/$inst.log" 2>&1 </dev/null) &
  printf '%s\n' "$!" >"$(inst_pidfile "$inst")"
  ok "pid $!"
}
stop_instance() {
  local inst=$1 pid
  if pid=$(inst_pid "$inst"); then
    stop_pid "$inst" "$pid" TERM 10
  else
    say "$inst not running"
  fi
  rm -f -- "$(inst_pidfile "$inst")"
}

# wait_ready INSTANCE... [gateway]: until each answers GET /ready (the gateway: /health) with 200.
wait_ready() {
  local pending=("$@") left t0 deadline target url code inst
  ((${#pending[@]})) || return 0
  step "waiting for ${pending[*]} to be ready"
  t0=$(now)
  deadline=$(($(now) + READY_TIMEOUT * 1000000))
  while :; do
    left=()
    for target in "${pending[@]}"; do
      if [[ $target == gateway ]]; then
        url="http://127.0.0.1:$GATEWAY_PORT/health"
      else
        url="http://127.0.0.1:$(instance_port "${target%-*}" "${target##*-}")/ready"
        if ! inst_pid "$target" >/dev/null; then
          show_log_tail "$LOG_DIR/$target.log"
          die "$target exited (see $LOG_DIR/$target.log)"
        fi
      fi
      code=$(http_status "$url")
      [[ $code == 200 ]] || left+=("$target")
    done
    ((${#left[@]})) || break
    pending=("${left[@]}")
    if (($(now) > deadline)); then
      for inst in "${pending[@]}"; do
        [[ $inst == gateway ]] && show_log_tail "$LOG_DIR/nginx-error.log" 10
        [[ $inst == gateway ]] || show_log_tail "$LOG_DIR/$inst.log" 10
      done
      die "not ready after ${READY_TIMEOUT} s: ${pending[*]} (GET /ready did not answer 200)"
    fi
    sleep 0.25
  done
  ok "$(elapsed_since "$t0")"
}

# ================================================================================== commands
# Ports that `up` will bind, for the components that are not running: all checked before
# anything starts, so a conflict fails fast with nothing half-started.
preflight() {
  local p svc i inst
  declare -A owner=()
  add() {
    if [[ -n ${owner[$1]:-} ]]; then
      die "port $1 is configured twice: ${owner[$1]} and $2"
    fi
    owner[$1]=$2
  }
  add "$PG_PORT" "PostgreSQL (TASKFLOW_PG_PORT)"
  add "$REDIS_PORT" "Redis (TASKFLOW_REDIS_PORT)"
  add "$AMQP_PORT" "RabbitMQ (TASKFLOW_AMQP_PORT)"
  add "$AMQP_DIST_PORT" "RabbitMQ distribution (TASKFLOW_AMQP_DIST_PORT)"
  add "$EPMD_PORT" "epmd (TASKFLOW_EPMD_PORT)"
  add "$GATEWAY_PORT" "nginx gateway (TASKFLOW_GATEWAY_PORT)"
  for svc in "${SERVICES[@]}"; do
    for ((i = 0; i < INSTANCES; i++)); do
      p=$(instance_port "$svc" "$i")
      ((p <= 65535)) || die "$svc-$i would listen on port $p: lower TASKFLOW_${svc^^}_PORT or TASKFLOW_INSTANCES"
      add "$p" "$svc-$i (TASKFLOW_${svc^^}_PORT)"
    done
  done
  unset -f add
  require_binaries "${ENABLED_SERVICES[@]}"
  step "checking ports"
  pg_pid >/dev/null || check_port "$PG_PORT" PostgreSQL TASKFLOW_PG_PORT
  redis_pid >/dev/null || check_port "$REDIS_PORT" Redis TASKFLOW_REDIS_PORT
  if ! rmq_pid >/dev/null && ! rmq_beam_pid >/dev/null; then
    check_port "$AMQP_PORT" "RabbitMQ AMQP" TASKFLOW_AMQP_PORT
    check_port "$AMQP_DIST_PORT" "RabbitMQ distribution" TASKFLOW_AMQP_DIST_PORT
  fi
  epmd_pid >/dev/null || check_port "$EPMD_PORT" "epmd for RabbitMQ" TASKFLOW_EPMD_PORT
  nginx_pid >/dev/null || check_port "$GATEWAY_PORT" "nginx gateway" TASKFLOW_GATEWAY_PORT
  for svc in "${ENABLED_SERVICES[@]}"; do
    for ((i = 0; i < INSTANCES; i++)); do
      inst=$svc-$i
      inst_pid "$inst" >/dev/null || check_port "$(instance_port "$svc" "$i")" "$inst" "TASKFLOW_${svc^^}_PORT"
    done
  done
  ok
}

print_urls() {
  local svc i
  printf '\nTaskFlow is up (data: %s)\n' "$TF_HOME"
  printf '  %-18s http://127.0.0.1:%s/\n' gateway "$GATEWAY_PORT"
  if [[ -r $FRONTEND_DIST/index.html ]]; then
    printf '  %-18s http://127.0.0.1:%s/  (%s)\n' "web app" "$GATEWAY_PORT" "$FRONTEND_DIST"
  else
    printf '  %-18s not built (%s/index.html missing): make up builds it\n' "web app" "$FRONTEND_DIST"
  fi
  for svc in "${ENABLED_SERVICES[@]}"; do
    for ((i = 0; i < INSTANCES; i++)); do
      printf '  %-18s http://127.0.0.1:%s/\n' "$svc-$i" "$(instance_port "$svc" "$i")"
    done
  done
  printf '  %-18s %s/taskflow_*  (psql: deploy/local/stack.sh psql)\n' postgresql "${PG_URL_BASE/taskflow:taskflow@/taskflow:***@}"
  printf '  %-18s %s\n' redis "$REDIS_URL"
  printf '  %-18s %s\n' rabbitmq "${AMQP_URL/taskflow:taskflow@/taskflow:***@}"
  printf '  %-18s %s\n' logs "$LOG_DIR/"
}

cmd_up() {
  local svc i inst targets=()
  say "TaskFlow local stack in $TF_HOME ($INSTANCES instance(s) per service)"
  preflight
  start_postgres
  start_redis
  start_rabbitmq
  start_nginx
  for svc in "${ENABLED_SERVICES[@]}"; do
    for ((i = 0; i < INSTANCES; i++)); do
      inst=$svc-$i
      start_instance "$inst"
      targets+=("$inst")
    done
  done
  wait_ready "${targets[@]}" gateway
  print_urls
}

cmd_down() {
  local inst
  say "stopping the TaskFlow local stack in $TF_HOME"
  while read -r inst; do
    [[ -n $inst ]] || continue
    if inst_pid "$inst" >/dev/null; then stop_instance "$inst"; fi
    rm -f -- "$(inst_pidfile "$inst")"
  done < <(known_instances)
  stop_nginx
  stop_rabbitmq
  stop_redis
  stop_postgres
  say "stopped (data kept in $TF_HOME)"
}

cmd_status() {
  local pid inst svc port
  row() { # NAME PID-or-empty PORT
    if [[ -n $2 ]]; then
      printf '%-16s %-8s %-8s %s\n' "$1" running "$2" "$3"
    else
      printf '%-16s %-8s %-8s %s\n' "$1" stopped - "$3"
    fi
  }
  printf '%-16s %-8s %-8s %s\n' COMPONENT STATE PID PORT
  row postgres "$(pg_pid || true)" "$PG_PORT"
  row redis "$(redis_pid || true)" "$REDIS_PORT"
  row epmd "$(epmd_pid || true)" "$EPMD_PORT"
  # (If only the Erlang VM is left, its wrapper script killed, the broker still runs.)
  row rabbitmq "$(rmq_pid || rmq_beam_pid || true)" "$AMQP_PORT (dist $AMQP_DIST_PORT)"
  row nginx "$(nginx_pid || true)" "$GATEWAY_PORT"
  while read -r inst; do
    [[ -n $inst ]] || continue
    svc=${inst%-*}
    port=$(instance_port "$svc" "${inst##*-}")
    pid=$(inst_pid "$inst" || true)
    row "$inst" "$pid" "$port"
  done < <(known_instances)
  printf '(data: %s)\n' "$TF_HOME"
}

# KEY=value lines, unquoted; lists are comma-separated (no spaces), so the output can be read by
# a program line by line, or sourced by a shell as long as $TASKFLOW_HOME has no spaces.
cmd_env() {
  local svc i urls db
  printf 'TASKFLOW_HOME=%s\n' "$TF_HOME"
  printf 'TASKFLOW_GATEWAY_URL=%s\n' "http://127.0.0.1:$GATEWAY_PORT"
  for svc in "${SERVICES[@]}"; do
    urls=''
    for ((i = 0; i < INSTANCES; i++)); do urls+="${urls:+,}http://127.0.0.1:$(instance_port "$svc" "$i")"; done
    printf 'TASKFLOW_%s_URLS=%s\n' "${svc^^}" "$urls"
  done
  for db in "${DATABASES[@]}"; do
    printf 'TASKFLOW_%s_DATABASE_URL=%s\n' "$(tr '[:lower:]' '[:upper:]' <<<"${db#taskflow_}")" "$PG_URL_BASE/$db"
  done
  printf 'TASKFLOW_REDIS_URL=%s\n' "$REDIS_URL"
  printf 'TASKFLOW_AMQP_URL=%s\n' "$AMQP_URL"
  printf 'TASKFLOW_LOG_DIR=%s\n' "$LOG_DIR"
}

cmd_logs() {
  local name=${1:-} files=() f follow=(-F)
  [[ -d $LOG_DIR ]] || die "no logs yet ($LOG_DIR does not exist)"
  case $name in
  '') for f in "$LOG_DIR"/*.log; do [[ -e $f ]] && files+=("$f"); done ;;
  postgres | postgresql | pg) files=("$LOG_DIR/postgres.log") ;;
  redis) files=("$LOG_DIR/redis.log") ;;
  rabbitmq | rabbit | amqp) files=("$LOG_DIR/rabbitmq.log" "$LOG_DIR/rabbitmq.stdout.log") ;;
  epmd) files=("$LOG_DIR/epmd.log") ;;
  nginx | gateway) files=("$LOG_DIR/nginx-access.log" "$LOG_DIR/nginx-error.log") ;;
  *)
    if [[ -n ${SVC_PORT[$name]:-} ]]; then
      for f in "$LOG_DIR/$name"-*.log; do [[ -e $f ]] && files+=("$f"); done
    elif [[ -n ${SVC_PORT[${name%-*}]:-} && ${name##*-} =~ ^[0-9]+$ ]]; then
      files=("$LOG_DIR/$name.log")
    else
      die "unknown log '$name' (postgres, redis, rabbitmq, epmd, nginx, ${SERVICES[*]}, or SERVICE-I)"
    fi
    ;;
  esac
  ((${#files[@]})) || die "no log files in $LOG_DIR"
  if [[ ${LOGS_FOLLOW:-1} == 0 || ! -t 1 ]]; then follow=(); fi
  exec tail -n 100 "${follow[@]}" -- "${files[@]}"
}

# Component commands, for fault-injection tests: postgres, redis, rabbitmq, nginx (or gateway),
# SERVICE (all its instances) or SERVICE-I.
component_instances() { # NAME -> the instances it names, or nothing
  local name=$1 i
  if [[ -n ${SVC_PORT[$name]:-} ]]; then
    for ((i = 0; i < INSTANCES; i++)); do printf '%s\n' "$name-$i"; done
  elif [[ -n ${SVC_PORT[${name%-*}]:-} && ${name##*-} =~ ^[0-9]+$ ]]; then
    printf '%s\n' "$name"
  fi
}
cmd_start_component() {
  local name=$1 insts inst
  case $name in
  postgres | postgresql) start_postgres ;;
  redis) start_redis ;;
  rabbitmq | rabbit) start_rabbitmq ;;
  epmd) start_epmd ;;
  nginx | gateway) start_nginx ;;
  *)
    mapfile -t insts < <(component_instances "$name")
    ((${#insts[@]})) || die "unknown component '$name' (postgres, redis, rabbitmq, nginx, ${SERVICES[*]}, SERVICE-I)"
    for inst in "${insts[@]}"; do start_instance "$inst"; done
    wait_ready "${insts[@]}"
    ;;
  esac
}
cmd_stop_component() {
  local name=$1 insts inst
  case $name in
  postgres | postgresql) stop_postgres ;;
  redis) stop_redis ;;
  rabbitmq | rabbit) stop_rabbitmq ;;
  nginx | gateway) stop_nginx ;;
  *)
    mapfile -t insts < <(component_instances "$name")
    ((${#insts[@]})) || die "unknown component '$name' (postgres, redis, rabbitmq, nginx, ${SERVICES[*]}, SERVICE-I)"
    for inst in "${insts[@]}"; do stop_instance "$inst"; done
    ;;
  esac
}

main() {
  local cmd=${1:-help}
  shift || true
  case $cmd in
  up | start-component | stop-component | restart-component) with_lock "$cmd" "$@" ;;
  down)
    if [[ ! -d $RUN_DIR ]]; then
      say "nothing to stop: $TF_HOME has no stack"
      return 0
    fi
    with_lock "$cmd" "$@"
    ;;
  esac
  case $cmd in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  logs) cmd_logs "${1:-}" ;;
  env) cmd_env ;;
  start-component) cmd_start_component "${1:?start-component NAME}" ;;
  stop-component) cmd_stop_component "${1:?stop-component NAME}" ;;
  restart-component)
    cmd_stop_component "${1:?restart-component NAME}"
    cmd_start_component "$1"
    ;;
  psql) pg_psql -d "${PGDATABASE:-postgres}" "$@" ;;
  redis-cli) exec redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@" ;;
  rabbitmqctl) exec env "${RMQ_ENV[@]}" "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODENAME" "$@" ;;
  help | -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
  esac
}

main "$@"
