#!/bin/bash
# http-probe.sh PORT PATH: exit 0 when GET http://127.0.0.1:PORT/PATH answers 200, else 1.
# The images' HEALTHCHECK: bash's /dev/tcp instead of curl, which would add a dozen libraries
# to the runtime image for this one request.
set -euo pipefail
port=${1:?usage: http-probe.sh PORT PATH}
path=${2:-/health}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
read -r -t 3 _ status _ <&3
[[ $status == 200 ]]
