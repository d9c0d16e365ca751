#!/bin/bash
#
# docker-entrypoint.sh — the gateway container's start: render proxy/nginx.conf.template the way
# deploy/local/stack.sh does (the same ${TASKFLOW_...} placeholders and nothing else; an unknown
# one is an error), with upstream servers at the services' DNS names, then run nginx in the
# foreground. Everything nginx writes goes to $GATEWAY_RUN_DIR (an emptyDir under a read-only
# root filesystem); its logs go to the container's stdout and stderr.
#
# Environment (defaults):
#   GATEWAY_PORT             8000
#   GATEWAY_RUN_DIR          /tmp/gateway   rendered nginx.conf, pid file, temp files
#   TASKFLOW_AUTH_UPSTREAM, TASKFLOW_TASKS_UPSTREAM, TASKFLOW_NOTIFICATIONS_UPSTREAM
#                            space-separated host:port list per service (auth:8001, tasks:8002,
#                            notifications:8003): a name that resolves to several addresses (a
#                            compose service with replicas) becomes one server per address
#   TASKFLOW_FRONTEND_DIST   /usr/share/taskflow/web
#   TASKFLOW_AUTH_RATE (5r/s), TASKFLOW_AUTH_BURST (20), TASKFLOW_API_RATE (200r/s),
#   TASKFLOW_API_BURST (400), TASKFLOW_RATE_EXEMPT (none)   rate limits, as in stack.sh
#   TASKFLOW_CORS_ORIGINS (http://localhost:3000 http://127.0.0.1:3000)   CORS, as in stack.sh
#   GATEWAY_LOG_DIR          /var/log/taskflow-gateway, whose nginx-access.log and nginx-error.log
#                            are symlinks to /dev/stdout and /dev/stderr
#
# Usage: docker-entrypoint.sh [--check]   --check: render and test the configuration, then exit
# (what tests/infra/check.sh runs, with upstreams on 127.0.0.1).
set -euo pipefail

TEMPLATE=${GATEWAY_TEMPLATE:-/etc/taskflow/nginx.conf.template}
RUN_DIR=${GATEWAY_RUN_DIR:-/tmp/gateway}
PORT=${GATEWAY_PORT:-8000}
LOG_DIR=${GATEWAY_LOG_DIR:-/var/log/taskflow-gateway}

die() {
  printf 'gateway: %s\n' "$*" >&2
  exit 1
}
# shellcheck source=SCRIPTDIR/gateway-settings.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/gateway-settings.sh"

if ! [[ $PORT =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
  die "GATEWAY_PORT must be a TCP port 1-65535 (got '$PORT')"
fi
[[ -r $TEMPLATE ]] || die "template not found: $TEMPLATE"
mkdir -p -- "$RUN_DIR"

# The upstream block's "server" lines for the entries, as stack.sh writes them for 127.0.0.1.
servers_of() { # SERVICE DEFAULT
  local var="TASKFLOW_${1^^}_UPSTREAM" entry entries=()
  for entry in ${!var:-$2}; do
    [[ $entry =~ ^[A-Za-z0-9.-]+:[0-9]+$ ]] || die "$var: '$entry' is not host:port"
    entries+=("$entry")
  done
  ((${#entries[@]})) || die "$var is empty"
  upstream_servers "${entries[@]}"
}

export TASKFLOW_NGINX_USER='# (the container runs as an unprivileged user: no "user" directive)'
export TASKFLOW_GATEWAY_PORT=$PORT
export TASKFLOW_RUN_DIR=$RUN_DIR
export TASKFLOW_LOG_DIR=$LOG_DIR
export TASKFLOW_NGINX_DIR=$RUN_DIR
export TASKFLOW_REPO_ROOT=/usr/share/taskflow
export TASKFLOW_HOME=$RUN_DIR
export TASKFLOW_FRONTEND_DIST=${TASKFLOW_FRONTEND_DIST:-/usr/share/taskflow/web}
TASKFLOW_AUTH_SERVERS=$(servers_of auth auth:8001)
TASKFLOW_TASKS_SERVERS=$(servers_of tasks tasks:8002)
TASKFLOW_NOTIFICATIONS_SERVERS=$(servers_of notifications notifications:8003)
export TASKFLOW_AUTH_SERVERS TASKFLOW_TASKS_SERVERS TASKFLOW_NOTIFICATIONS_SERVERS
export TASKFLOW_AUTH_PORT=8001 TASKFLOW_TASKS_PORT=8002 TASKFLOW_NOTIFICATIONS_PORT=8003
rate_limit_settings
cors_settings

# envsubst with an explicit list: nginx's own $variables stay as they are.
# shellcheck disable=SC2016 # envsubst's SHELL-FORMAT: the names, unexpanded
placeholders='${TASKFLOW_NGINX_USER} ${TASKFLOW_GATEWAY_PORT} ${TASKFLOW_RUN_DIR} ${TASKFLOW_LOG_DIR}
${TASKFLOW_NGINX_DIR} ${TASKFLOW_REPO_ROOT} ${TASKFLOW_HOME} ${TASKFLOW_FRONTEND_DIST}
${TASKFLOW_AUTH_SERVERS} ${TASKFLOW_TASKS_SERVERS} ${TASKFLOW_NOTIFICATIONS_SERVERS}
${TASKFLOW_AUTH_PORT} ${TASKFLOW_TASKS_PORT} ${TASKFLOW_NOTIFICATIONS_PORT}
${TASKFLOW_AUTH_RATE} ${TASKFLOW_AUTH_BURST} ${TASKFLOW_API_RATE} ${TASKFLOW_API_BURST}
${TASKFLOW_RATE_EXEMPT_LINES} ${TASKFLOW_CORS_ORIGIN_LINES}'
conf=$(envsubst "$placeholders" <"$TEMPLATE")
if [[ $conf =~ \$\{(TASKFLOW_[A-Za-z0-9_]*)\} ]]; then
  die "$TEMPLATE: unknown placeholder \${${BASH_REMATCH[1]}}"
fi
# The template listens on loopback (the native stack); a container listens on all interfaces.
listen_line="listen 127.0.0.1:$PORT;"
(($(grep -cF -- "$listen_line" <<<"$conf") == 1)) || die "$TEMPLATE: expected exactly one '$listen_line'"
conf=${conf/"$listen_line"/"listen $PORT;"}
printf '# Rendered from %s by docker-entrypoint.sh at container start.\n%s\n' "$TEMPLATE" "$conf" >"$RUN_DIR/nginx.conf"

nginx -p "$RUN_DIR/" -c "$RUN_DIR/nginx.conf" -e stderr -t -q || die "invalid configuration $RUN_DIR/nginx.conf"
[[ ${1:-} != --check ]] || exit 0
exec nginx -p "$RUN_DIR/" -c "$RUN_DIR/nginx.conf" -e stderr -g 'daemon off;'
