# shellcheck shell=bash
#
# instances.sh — the service instances (services.sh): start one, stop one, wait until they are
# ready. Sourced by stack.sh.

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
  # The pages the gateway lets call the API cross-origin may open the live push too.
  if [[ $svc == notifications && -z ${WS_ALLOWED_ORIGINS+set} ]]; then
    cors_settings
    env_vars+=(WS_ALLOWED_ORIGINS="$TASKFLOW_CORS_ORIGINS_CSV")
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
  local pid=$! waited=0
  # Until the subshell has exec'd, its command line is this script's, and inst_pid would take
  # it for a stale pid file (seen on a loaded machine): wait for the binary's (at most 5 s).
  while proc_alive "$pid" && ! proc_alive "$pid" "$(basename -- "$bin")" && ((waited++ < 250)); do
    sleep 0.02
  done
  printf '%s\n' "$pid" >"$(inst_pidfile "$inst")"
  ok "pid $pid"
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
