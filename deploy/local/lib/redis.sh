# shellcheck shell=bash
#
# redis.sh — Redis: its rendered configuration, start (until it answers PING), stop. Sourced by
# stack.sh.

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
