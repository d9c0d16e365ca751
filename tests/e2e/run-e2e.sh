#!/usr/bin/env bash
#
# run-e2e.sh — the browser end-to-end tests (frontend/e2e/*.test.mjs, Playwright's
# playwright-core driving Debian's /usr/bin/chromium) against a real stack through the gateway.
#
# Starts a stack of its own (deploy/local/stack.sh) in <repo>/.taskflow-e2e on ports of its own
# (gateway 28000, auth 28001, tasks 28002, notifications 28003, PostgreSQL 25432, Redis 26379,
# AMQP 25672: all below Linux's ephemeral range, 32768-60999, where an outgoing connection's
# local port could take one), serving the web app's build (frontend/dist: build it first, `make frontend`);
# runs the tests with node's test runner; leaves screenshots in <repo>/test-artifacts/e2e/ with
# the stack's logs; always stops the stack; exits with the tests' status.
#
#   tests/e2e/run-e2e.sh                        everything
#   tests/e2e/run-e2e.sh frontend/e2e/flow.test.mjs   one file
#   TASKFLOW_E2E_KEEP=1 tests/e2e/run-e2e.sh    leave the stack running afterwards
#
# The auth service gets ACCESS_TOKEN_TTL=10 (its minimum): access tokens expire during the run,
# so the app's refresh (rotation, one refresh for concurrent 401s) is exercised for real.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd)
STACK="$REPO_ROOT/deploy/local/stack.sh"
FRONTEND="$REPO_ROOT/frontend"
ARTIFACTS="$REPO_ROOT/test-artifacts/e2e"

export TASKFLOW_HOME=${TASKFLOW_E2E_HOME:-$REPO_ROOT/.taskflow-e2e}
export TASKFLOW_GATEWAY_PORT=${TASKFLOW_E2E_GATEWAY_PORT:-28000}
export TASKFLOW_AUTH_PORT=${TASKFLOW_E2E_AUTH_PORT:-28001}
export TASKFLOW_TASKS_PORT=${TASKFLOW_E2E_TASKS_PORT:-28002}
export TASKFLOW_NOTIFICATIONS_PORT=${TASKFLOW_E2E_NOTIFICATIONS_PORT:-28003}
export TASKFLOW_PG_PORT=${TASKFLOW_E2E_PG_PORT:-25432}
export TASKFLOW_REDIS_PORT=${TASKFLOW_E2E_REDIS_PORT:-26379}
export TASKFLOW_AMQP_PORT=${TASKFLOW_E2E_AMQP_PORT:-25672}
export TASKFLOW_AMQP_NODENAME=${TASKFLOW_E2E_AMQP_NODENAME:-taskflow-e2e@localhost}
export TASKFLOW_INSTANCES=2
export TASKFLOW_FRONTEND_DIST=$FRONTEND/dist
export ACCESS_TOKEN_TTL=${ACCESS_TOKEN_TTL:-10}
export E2E_ACCESS_TOKEN_TTL=$ACCESS_TOKEN_TTL
export E2E_ARTIFACTS=$ARTIFACTS
export E2E_STACK=1
# Every service: the flow includes live notifications.
unset TASKFLOW_SERVICES

die() {
  printf 'error: %s\n' "$*" >&2
  exit 2
}
[[ -x /usr/bin/chromium || -n ${CHROMIUM_PATH:-} ]] || die "/usr/bin/chromium not found: run deploy/local/install-deps.sh"
[[ -r $FRONTEND/dist/index.html ]] || die "the web app is not built ($FRONTEND/dist): run make frontend"
[[ -d $FRONTEND/node_modules/playwright-core ]] || die "frontend/node_modules is missing: run make frontend"

mkdir -p -- "$ARTIFACTS"
rm -f -- "$ARTIFACTS"/*.png "$ARTIFACTS"/stack-*.log
rm -rf -- "$ARTIFACTS/stack-logs"

# shellcheck disable=SC2317 # (the EXIT trap)
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -d $TASKFLOW_HOME/logs ]]; then
    mkdir -p -- "$ARTIFACTS/stack-logs"
    cp -L -- "$TASKFLOW_HOME"/logs/*.log "$ARTIFACTS/stack-logs/" 2>/dev/null || true
  fi
  if [[ ${TASKFLOW_E2E_KEEP:-0} == 1 ]]; then
    echo "==> leaving the e2e stack running; stop it with: TASKFLOW_HOME=$TASKFLOW_HOME $STACK down"
  else
    "$STACK" down >"$ARTIFACTS/stack-down.log" 2>&1 || echo "warning: stack.sh down failed (see $ARTIFACTS/stack-down.log)" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A stack left from an interrupted run would keep its old binaries and environment.
"$STACK" down >/dev/null 2>&1 || true
if ! "$STACK" up >"$ARTIFACTS/stack-up.log" 2>&1; then
  cat "$ARTIFACTS/stack-up.log" >&2
  die "the e2e stack did not start (see $ARTIFACTS/stack-up.log and $ARTIFACTS/stack-logs/)"
fi
while IFS='=' read -r key value; do
  [[ $key =~ ^[A-Z_][A-Z0-9_]*$ ]] && export "$key=$value"
done < <("$STACK" env)

echo "==> browser tests against $TASKFLOW_GATEWAY_URL (screenshots in $ARTIFACTS/)"
tests=("$@")
((${#tests[@]})) || tests=("$FRONTEND"/e2e/*.test.mjs)
started=$(date +%s)
rc=0
node --test --test-concurrency=1 --test-reporter=spec "${tests[@]}" || rc=$?
echo "==> e2e tests finished in $(($(date +%s) - started)) s (exit $rc)"
exit "$rc"
