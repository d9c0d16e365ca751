#!/usr/bin/env bash
#
# stack.sh — the TaskFlow native local stack: PostgreSQL, Redis, RabbitMQ (+ a private epmd),
# the nginx gateway and N instances of each C++ service, as plain processes on 127.0.0.1, with
# everything (data, logs, pids, sockets, rendered configs) under one folder, $TASKFLOW_HOME.
# See deploy/local/README.md. Run `stack.sh help` for the commands.
#
# This file holds the usage text and the command dispatch; the rest is in lib/, one part per
# component (common, config, postgres, redis, rabbitmq, nginx, instances, commands).
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
the tests and benchmarks exempt 127.0.0.1 so that their own load is not what they measure),
nor held to the 256 open connections per address.
Cross-origin front ends: TASKFLOW_CORS_ORIGINS (space-separated; default http://localhost:3000
http://127.0.0.1:3000, the original's), for the gateway's CORS and the live push's Origin check.
EOF
}

# The parts, in order: each one's top level may use what the ones before it set.
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=SCRIPTDIR/lib/config.sh
source "$SCRIPT_DIR/lib/config.sh"
# shellcheck source=SCRIPTDIR/lib/postgres.sh
source "$SCRIPT_DIR/lib/postgres.sh"
# shellcheck source=SCRIPTDIR/lib/redis.sh
source "$SCRIPT_DIR/lib/redis.sh"
# shellcheck source=SCRIPTDIR/lib/rabbitmq.sh
source "$SCRIPT_DIR/lib/rabbitmq.sh"
# shellcheck source=SCRIPTDIR/lib/nginx.sh
source "$SCRIPT_DIR/lib/nginx.sh"
# shellcheck source=SCRIPTDIR/lib/instances.sh
source "$SCRIPT_DIR/lib/instances.sh"
# shellcheck source=SCRIPTDIR/lib/commands.sh
source "$SCRIPT_DIR/lib/commands.sh"

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
