# shellcheck shell=bash
#
# rabbitmq.sh — RabbitMQ and the stack's own epmd: the environment every RabbitMQ command runs
# with, start (until it speaks AMQP), stop. Sourced by stack.sh.

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
