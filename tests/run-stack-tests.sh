#!/usr/bin/env bash
#
# run-stack-tests.sh — the tests against a running TaskFlow stack (tests/api, tests/faults).
#
# Starts a stack of its own (deploy/local/stack.sh) in <repo>/.taskflow-test on ports of its own
# (gateway 18000, auth 18001, tasks 18002, notifications 18003, PostgreSQL 15432, Redis 16379,
# AMQP 15672), so it never touches a `make up` stack; runs pytest against it; saves a JUnit
# report and the stack's logs in <repo>/test-artifacts/; always stops the stack; exits with
# pytest's status.
#
#   tests/run-stack-tests.sh                    the whole suite
#   tests/run-stack-tests.sh -k throttl -x      extra arguments go to pytest
#   tests/run-stack-tests.sh -m "not faults"    without the fault-injection tests
#   TASKFLOW_TEST_FRESH=1 tests/run-stack-tests.sh   wipe the test stack's data first
#   TASKFLOW_TEST_KEEP=1 tests/run-stack-tests.sh    leave the stack running afterwards
#
# Every port can be overridden with the usual variables (TASKFLOW_GATEWAY_PORT, ...). The
# services get the caller's environment plus LOGIN_THROTTLE_WINDOW (default here: 5 s, so the
# throttling tests can wait for a window to pass). Argon2 keeps the service's defaults: login is
# tested with the real cost.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
STACK="$REPO_ROOT/deploy/local/stack.sh"
ARTIFACTS="$REPO_ROOT/test-artifacts"

export TASKFLOW_HOME=${TASKFLOW_TEST_HOME:-$REPO_ROOT/.taskflow-test}
export TASKFLOW_GATEWAY_PORT=${TASKFLOW_GATEWAY_PORT:-18000}
export TASKFLOW_AUTH_PORT=${TASKFLOW_AUTH_PORT:-18001}
export TASKFLOW_TASKS_PORT=${TASKFLOW_TASKS_PORT:-18002}
export TASKFLOW_NOTIFICATIONS_PORT=${TASKFLOW_NOTIFICATIONS_PORT:-18003}
export TASKFLOW_PG_PORT=${TASKFLOW_PG_PORT:-15432}
export TASKFLOW_REDIS_PORT=${TASKFLOW_REDIS_PORT:-16379}
export TASKFLOW_AMQP_PORT=${TASKFLOW_AMQP_PORT:-15672}
export TASKFLOW_INSTANCES=${TASKFLOW_INSTANCES:-2}
export LOGIN_THROTTLE_WINDOW=${LOGIN_THROTTLE_WINDOW:-5}
# Reminders are scanned every second, so the tests see them without waiting 30 s.
export DUE_SCAN_INTERVAL=${DUE_SCAN_INTERVAL:-1}
# The tests' own address is exempt from the gateway's rate limits (the suite registers and logs in
# far faster than a person); test_gateway_rate_limits.py sends from other loopback addresses.
export TASKFLOW_RATE_EXEMPT=${TASKFLOW_RATE_EXEMPT-127.0.0.1}
export PYTHONDONTWRITEBYTECODE=1

PYTHON=/usr/bin/python3
if ! "$PYTHON" -c 'import pytest, requests, nacl, pika, websocket, jsonschema, yaml' 2>/dev/null; then
  echo "error: $PYTHON lacks pytest, requests, nacl, pika, websocket, jsonschema or yaml: run deploy/local/install-deps.sh" >&2
  exit 2
fi

mkdir -p -- "$ARTIFACTS"
rm -rf -- "$ARTIFACTS/stack-logs" "$ARTIFACTS/junit-stack.xml"

# shellcheck disable=SC2317 # (called from the EXIT trap)
save_logs() {
  local f
  [[ -d $TASKFLOW_HOME/logs ]] || return 0
  mkdir -p -- "$ARTIFACTS/stack-logs"
  for f in "$TASKFLOW_HOME"/logs/*; do
    if [[ -e $f ]]; then cp -L -- "$f" "$ARTIFACTS/stack-logs/" 2>/dev/null || true; fi
  done
}
# shellcheck disable=SC2317 # (the EXIT trap)
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  save_logs
  if [[ ${TASKFLOW_TEST_KEEP:-0} == 1 ]]; then
    echo "==> leaving the test stack running (TASKFLOW_HOME=$TASKFLOW_HOME); stop it with:"
    echo "    TASKFLOW_HOME=$TASKFLOW_HOME $STACK down"
  else
    "$STACK" down >"$ARTIFACTS/stack-down.log" 2>&1 || {
      echo "warning: stack.sh down failed (see $ARTIFACTS/stack-down.log)" >&2
    }
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A stack left over from an interrupted run would keep its old binaries and environment.
"$STACK" down >/dev/null 2>&1 || true
if [[ ${TASKFLOW_TEST_FRESH:-0} == 1 ]]; then
  echo "==> removing $TASKFLOW_HOME (TASKFLOW_TEST_FRESH=1)"
  rm -rf -- "$TASKFLOW_HOME"
  # PostgreSQL's folder may be in /tmp (see deploy/local/README.md).
  rm -rf -- "/tmp/taskflow-pg-$(printf '%s' "$TASKFLOW_HOME" | sha256sum | cut -c1-12)"
fi

started=$(date +%s)
# (pipefail: the status is stack.sh's, not tee's)
if ! "$STACK" up 2>&1 | tee "$ARTIFACTS/stack-up.log"; then
  echo "error: the test stack did not start (see $ARTIFACTS/stack-up.log and $ARTIFACTS/stack-logs/)" >&2
  exit 2
fi

# The stack's URLs for the tests: TASKFLOW_GATEWAY_URL, TASKFLOW_AUTH_URLS, ...
while IFS='=' read -r key value; do
  [[ $key =~ ^[A-Z_][A-Z0-9_]*$ ]] && export "$key=$value"
done < <("$STACK" env)

echo "==> pytest against $TASKFLOW_GATEWAY_URL (auth: $TASKFLOW_AUTH_URLS)"
rc=0
(cd -- "$REPO_ROOT" && "$PYTHON" -m pytest tests/ -q \
  --junitxml="$ARTIFACTS/junit-stack.xml" "$@") || rc=$?
echo "==> stack tests finished in $(($(date +%s) - started)) s (pytest exit $rc); artifacts in $ARTIFACTS/"
exit "$rc"
