#!/usr/bin/env bash
#
# faults-under-load.sh — the long version of tests/faults/test_faults_under_load.py: a mixed load
# through the gateway (wrk, bench/lua/mixed.lua) while every service instance is restarted in
# turn (SIGTERM), one tasks instance is killed (SIGKILL), and PostgreSQL, Redis and RabbitMQ are
# restarted one at a time. Prints one line per fault: requests and failures by kind, the probe's
# disruption window and the recovery time; the test fails when a budget is broken or anything
# (task, event, notification) is lost.
#
#   bench/faults-under-load.sh                       20 s of load before and after each fault
#   FAULT_LOAD_SECONDS=60 bench/faults-under-load.sh
#   bench/faults-under-load.sh -k postgres           extra arguments go to pytest
#
# Environment: FAULT_LOAD_SECONDS (20), FAULT_LOAD_CONNECTIONS (16). The stack is the stack
# tests' own runner's (tests/run-stack-tests.sh) in .taskflow-faults on ports 27000-27003
# (PostgreSQL 27432, Redis 27379, AMQP 27672); it needs a release build (make build).
set -euo pipefail

REPO_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)

export FAULT_LOAD_SECONDS=${FAULT_LOAD_SECONDS:-20}
export FAULT_LOAD_CONNECTIONS=${FAULT_LOAD_CONNECTIONS:-16}
export TASKFLOW_TEST_HOME=$REPO_ROOT/.taskflow-faults TASKFLOW_TEST_FRESH=1
export TASKFLOW_GATEWAY_PORT=27000 TASKFLOW_AUTH_PORT=27001 TASKFLOW_TASKS_PORT=27002
export TASKFLOW_NOTIFICATIONS_PORT=27003 TASKFLOW_PG_PORT=27432 TASKFLOW_REDIS_PORT=27379
export TASKFLOW_AMQP_PORT=27672

exec "$REPO_ROOT/tests/run-stack-tests.sh" -k test_faults_under_load -s -q "$@"
