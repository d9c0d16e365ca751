# shellcheck shell=bash
#
# rate-limits.sh — the gateway's rate-limit settings, shared by deploy/local/stack.sh and
# proxy/docker-entrypoint.sh (sourced by both; the caller defines `die`).
#
# rate_limit_settings: checks TASKFLOW_AUTH_RATE (5r/s), TASKFLOW_AUTH_BURST (20),
# TASKFLOW_API_RATE (200r/s), TASKFLOW_API_BURST (400) and TASKFLOW_RATE_EXEMPT (space-separated
# addresses or CIDRs, none by default), then exports them with their defaults, plus
# TASKFLOW_RATE_EXEMPT_LINES: the "ADDRESS 1;" lines proxy/nginx.conf.template's geo block takes.
rate_limit_settings() {
  export TASKFLOW_AUTH_RATE=${TASKFLOW_AUTH_RATE:-5r/s} TASKFLOW_AUTH_BURST=${TASKFLOW_AUTH_BURST:-20}
  export TASKFLOW_API_RATE=${TASKFLOW_API_RATE:-200r/s} TASKFLOW_API_BURST=${TASKFLOW_API_BURST:-400}
  local name cidr
  for name in TASKFLOW_AUTH_RATE TASKFLOW_API_RATE; do
    [[ ${!name} =~ ^[0-9]+r/[sm]$ ]] || die "$name must look like 10r/s or 30r/m (got '${!name}')"
  done
  for name in TASKFLOW_AUTH_BURST TASKFLOW_API_BURST; do
    [[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a number (got '${!name}')"
  done
  TASKFLOW_RATE_EXEMPT_LINES=''
  for cidr in ${TASKFLOW_RATE_EXEMPT:-}; do
    [[ $cidr =~ ^[0-9a-fA-F.:]+(/[0-9]{1,3})?$ ]] ||
      die "TASKFLOW_RATE_EXEMPT: '$cidr' is not an address or CIDR"
    TASKFLOW_RATE_EXEMPT_LINES+="        $cidr 1;"$'\n'
  done
  export TASKFLOW_RATE_EXEMPT_LINES
}
