# shellcheck shell=bash
#
# services.sh — what the local stack runs. Sourced by stack.sh; one line per thing.
#
# taskflow_service NAME BASE_PORT DATABASE BINARY
#   NAME       lower-case name: instance i is "NAME-i"; its pid file, log and DATA_DIR use it.
#   BASE_PORT  port of instance 0, overridable with TASKFLOW_<NAME>_PORT; instance i listens on
#              BASE_PORT + 10*i (TASKFLOW_INSTANCES instances, default 2).
#   DATABASE   PostgreSQL database for DATABASE_URL, or "-" for none (declare it below).
#   BINARY     executable, relative to TASKFLOW_BUILD_DIR (default build/release).
#   The gateway template (proxy/nginx.conf.template) gets ${TASKFLOW_<NAME>_SERVERS}: one
#   "server 127.0.0.1:PORT ...;" line per instance, for the service's upstream block.
#
# taskflow_database NAME [EXTENSION...]
#   A database owned by the role taskflow, created on first start; the extensions are created in
#   it as superuser.

taskflow_database taskflow_auth
taskflow_database taskflow_tasks pg_trgm

taskflow_service auth 8001 taskflow_auth services/auth/taskflow-auth
taskflow_service tasks 8002 taskflow_tasks services/tasks/taskflow-tasks
taskflow_service notifications 8003 - services/notifications/taskflow-notifications
