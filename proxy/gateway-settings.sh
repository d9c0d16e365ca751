# shellcheck shell=bash
#
# gateway-settings.sh — the gateway's settings for its clients (rate limits, CORS) and its
# upstream servers, shared by deploy/local/stack.sh and proxy/docker-entrypoint.sh (sourced by
# both; the caller defines `die`).

# upstream_servers HOST:PORT...: the "server" lines of one service's upstream block. Each instance
# is listed twice. As a primary it is skipped for 5 s after 3 failures (connection refused, timed
# out, 502), so a stopped or hung instance costs the others nothing. As a backup, without that
# bookkeeping, it is tried only when every primary is being skipped: two instances restarted within
# 5 s of each other (a rolling restart) would otherwise leave no instance at all for the rest of
# those 5 s, although both are back.
upstream_servers() {
  local address lines='' backups=''
  for address in "$@"; do
    lines+="${lines:+$'\n'}        server $address max_fails=3 fail_timeout=5s;"
    backups+=$'\n'"        server $address backup max_fails=0;"
  done
  printf '%s%s' "$lines" "$backups"
}
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

# cors_settings: checks TASKFLOW_CORS_ORIGINS (space-separated origins, scheme://host[:port];
# default the original's front end, http://localhost:3000 and http://127.0.0.1:3000; empty: no
# cross-origin client), then exports it, plus TASKFLOW_CORS_ORIGIN_LINES: the '"ORIGIN" 1;' lines
# of proxy/nginx.conf.template's map, and TASKFLOW_CORS_ORIGINS_CSV for the notifications
# service's WS_ALLOWED_ORIGINS (the same pages may open its WebSocket).
# shellcheck disable=SC2089,SC2090 # nginx configuration text: its quotes are meant literally
cors_settings() {
  export TASKFLOW_CORS_ORIGINS=${TASKFLOW_CORS_ORIGINS-http://localhost:3000 http://127.0.0.1:3000}
  local origin line
  TASKFLOW_CORS_ORIGIN_LINES=''
  TASKFLOW_CORS_ORIGINS_CSV=''
  for origin in $TASKFLOW_CORS_ORIGINS; do
    [[ $origin =~ ^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$ ]] ||
      die "TASKFLOW_CORS_ORIGINS: '$origin' is not scheme://host[:port]"
    printf -v line '        "%s" 1;\n' "$origin"
    TASKFLOW_CORS_ORIGIN_LINES+=$line
    TASKFLOW_CORS_ORIGINS_CSV+="${TASKFLOW_CORS_ORIGINS_CSV:+,}$origin"
  done
  export TASKFLOW_CORS_ORIGIN_LINES TASKFLOW_CORS_ORIGINS_CSV
}
