# shellcheck shell=bash
#
# commands.sh — what stack.sh's commands do (up, down, status, env, logs and the component
# commands), from the parts. Sourced by stack.sh last; stack.sh's main() dispatches to them.

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
