# shellcheck shell=bash
# shellcheck disable=SC2034 # the settings set here are read by the other parts
#
# config.sh — the stack's settings, read once from the environment (TASKFLOW_*; see `stack.sh
# help`), and the services it runs (services.sh). Sourced by stack.sh after common.sh.

TF_HOME=$(abs_path "${TASKFLOW_HOME:-$REPO_ROOT/.taskflow}")
while [[ $TF_HOME == */ && $TF_HOME != / ]]; do TF_HOME=${TF_HOME%/}; done
RUN_DIR=$TF_HOME/run
LOG_DIR=$TF_HOME/logs
CONF_DIR=$TF_HOME/conf
DATA_DIR=$TF_HOME/data
BUILD_DIR=$(abs_path "${TASKFLOW_BUILD_DIR:-$REPO_ROOT/build/release}")
# The web app's build, served by the gateway at / (`make up` builds it; without it / is a 404).
FRONTEND_DIST=$(abs_path "${TASKFLOW_FRONTEND_DIST:-$REPO_ROOT/frontend/dist}")

GATEWAY_PORT=$(port_of TASKFLOW_GATEWAY_PORT 8000)
PG_PORT=$(port_of TASKFLOW_PG_PORT 5432)
REDIS_PORT=$(port_of TASKFLOW_REDIS_PORT 6379)
AMQP_PORT=$(port_of TASKFLOW_AMQP_PORT 5672)
AMQP_DIST_PORT=$(port_of TASKFLOW_AMQP_DIST_PORT $((AMQP_PORT + 100)))
EPMD_PORT=$(port_of TASKFLOW_EPMD_PORT $((AMQP_PORT - 1000)))
INSTANCES=${TASKFLOW_INSTANCES:-2}
[[ $INSTANCES =~ ^[1-9][0-9]?$ ]] || die "TASKFLOW_INSTANCES must be a number 1-99 (got '$INSTANCES')"
READY_TIMEOUT=${TASKFLOW_READY_TIMEOUT:-60}
[[ $READY_TIMEOUT =~ ^[0-9]+$ ]] || die "TASKFLOW_READY_TIMEOUT must be a number of seconds"

# RabbitMQ node. The name is fixed (not keyed on the port) so that changing TASKFLOW_AMQP_PORT
# keeps the broker's data; each stack has its own epmd, so two stacks never see each other.
RMQ_NODENAME=${TASKFLOW_AMQP_NODENAME:-taskflow@localhost}
RMQ_BIN=${TASKFLOW_RABBITMQ_BIN:-/usr/lib/rabbitmq/bin}

# The URLs the services get. "%2f" is the vhost "/": with a bare trailing slash
# (amqp://host:port/) rabbitmq-c's amqp_parse_url yields the empty vhost "", which does not exist.
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
AMQP_URL=amqp://taskflow:taskflow@127.0.0.1:$AMQP_PORT/%2f
PG_URL_BASE=postgresql://taskflow:taskflow@127.0.0.1:$PG_PORT

# ----------------------------------------------------------------------------- services list
SERVICES=()
DATABASES=()
declare -A SVC_PORT=() SVC_DB=() SVC_BIN=() DB_EXTENSIONS=()
taskflow_service() {
  local name=$1 port=$2 db=$3 bin=$4 var
  [[ $name =~ ^[a-z][a-z0-9_]*$ ]] || die "services.sh: bad service name '$name'"
  var=TASKFLOW_${name^^}_PORT
  SERVICES+=("$name")
  SVC_PORT[$name]=$(port_of "$var" "$port")
  SVC_DB[$name]=$db
  SVC_BIN[$name]=$bin
}
taskflow_database() {
  DATABASES+=("$1")
  DB_EXTENSIONS[$1]="${*:2}"
}
# shellcheck source=SCRIPTDIR/../services.sh
source "$SCRIPT_DIR/services.sh"
# shellcheck source=SCRIPTDIR/../../../proxy/gateway-settings.sh
source "$REPO_ROOT/proxy/gateway-settings.sh"

# The services `up` starts: TASKFLOW_SERVICES="auth tasks" or "none" (infrastructure only).
ENABLED_SERVICES=()
case ${TASKFLOW_SERVICES:-all} in
all) ENABLED_SERVICES=("${SERVICES[@]}") ;;
none) ;;
*)
  for s in ${TASKFLOW_SERVICES//,/ }; do
    [[ -n ${SVC_PORT[$s]:-} ]] || die "TASKFLOW_SERVICES: unknown service '$s' (known: ${SERVICES[*]})"
    ENABLED_SERVICES+=("$s")
  done
  ;;
esac

instance_port() { printf '%s' $((${SVC_PORT[$1]} + 10 * $2)); }
svc_binary() { printf '%s/%s' "$BUILD_DIR" "${SVC_BIN[$1]}"; }
AUTH_JWKS_URL=${TASKFLOW_AUTH_JWKS_URL:-http://127.0.0.1:${SVC_PORT[auth]:-8001}/api/auth/jwks/}
