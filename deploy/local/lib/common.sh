# shellcheck shell=bash
#
# common.sh — what every part of stack.sh uses: its output (steps, notes, errors), checked
# settings, processes by pid file, ports, the data folders and the stack's lock. Sourced by
# stack.sh first; defines functions (and the state of the open step line) and runs nothing.

# ------------------------------------------------------------------------------------- output
# "==> starting X ... " then "ok" on the same line; die() closes an open line with FAILED.
STEP_OPEN=0
say() { printf '==> %s\n' "$*"; }
step() {
  printf '==> %s ... ' "$*"
  STEP_OPEN=1
}
# shellcheck disable=SC2120 # the other parts pass a detail: ok "pid 42"
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

# ----------------------------------------------------------------------------------- settings
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
