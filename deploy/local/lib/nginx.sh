# shellcheck shell=bash
#
# nginx.sh — the nginx gateway: proxy/nginx.conf.template rendered, start, reload when the
# rendered configuration changed, stop. Sourced by stack.sh.

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
  local vars=() svc i servers user_directive addresses
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
  cors_settings
  vars+=("TASKFLOW_AUTH_RATE=$TASKFLOW_AUTH_RATE" "TASKFLOW_AUTH_BURST=$TASKFLOW_AUTH_BURST"
    "TASKFLOW_API_RATE=$TASKFLOW_API_RATE" "TASKFLOW_API_BURST=$TASKFLOW_API_BURST"
    "TASKFLOW_RATE_EXEMPT_LINES=$TASKFLOW_RATE_EXEMPT_LINES"
    "TASKFLOW_CORS_ORIGIN_LINES=$TASKFLOW_CORS_ORIGIN_LINES")
  vars+=("TASKFLOW_NGINX_USER=$user_directive" "TASKFLOW_GATEWAY_PORT=$GATEWAY_PORT"
    "TASKFLOW_RUN_DIR=$RUN_DIR" "TASKFLOW_LOG_DIR=$LOG_DIR" "TASKFLOW_NGINX_DIR=$NGINX_DIR"
    "TASKFLOW_REPO_ROOT=$REPO_ROOT" "TASKFLOW_HOME=$TF_HOME" "TASKFLOW_FRONTEND_DIST=$FRONTEND_DIST")
  for svc in "${SERVICES[@]}"; do
    addresses=()
    for ((i = 0; i < INSTANCES; i++)); do
      addresses+=("127.0.0.1:$(instance_port "$svc" "$i")")
    done
    servers=$(upstream_servers "${addresses[@]}")
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
