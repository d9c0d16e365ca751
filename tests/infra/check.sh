#!/usr/bin/env bash
#
# check.sh — offline checks of the deployment artefacts (Dockerfiles, compose.yaml, infra/k8s,
# infra/terraform, .github/workflows): everything that can be verified without Docker, a
# Kubernetes cluster or an AWS account. No image is built and nothing is deployed here.
#
#   yamllint          compose.yaml, infra/k8s, .github (infra/tools/yamllint.yaml)
#   shell scripts     the images' scripts and this one, with shellcheck
#   gateway           proxy/docker-entrypoint.sh renders proxy/nginx.conf.template and nginx -t
#                     accepts it (upstreams on 127.0.0.1, temp folders)
#   cmake             the Dockerfiles' build configures with tests off, and each service's target
#                     exists (ninja -n: nothing is compiled)
#   infra/tools/check.mjs   Dockerfiles (COPY sources, .dockerignore, targets, users, health
#                     checks, runtime packages in Debian), compose.yaml wiring, the kustomize
#                     overlays rendered and validated against the Kubernetes schemas plus
#                     hardening rules, Terraform parsed with references checked, the CI workflow;
#                     with kubectl present, its kustomize must render the same objects
#
# Needs: yamllint, shellcheck, nginx, cmake, ninja, node (deploy/local/packages.txt) and
# infra/tools' npm packages (installed here with `npm ci` when missing or stale).
set -euo pipefail

REPO_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
cd -- "$REPO_ROOT"

failed=0
step() { printf '==> %s\n' "$*"; }
fail() {
  printf 'FAIL  %s\n' "$*"
  failed=1
}
WORK=$(mktemp -d)
trap 'rm -rf -- "$WORK"' EXIT

for tool in yamllint shellcheck nginx cmake ninja node npm; do
  command -v "$tool" >/dev/null || {
    printf 'error: %s not found: run deploy/local/install-deps.sh\n' "$tool" >&2
    exit 1
  }
done

step "yamllint"
if yamllint --strict -c infra/tools/yamllint.yaml compose.yaml infra/k8s .github; then
  printf 'ok    compose.yaml, infra/k8s, .github\n'
else
  fail "yamllint"
fi

step "shellcheck"
if shellcheck proxy/docker-entrypoint.sh proxy/gateway-settings.sh infra/docker/http-probe.sh tests/infra/check.sh; then
  printf 'ok    proxy/docker-entrypoint.sh, infra/docker/http-probe.sh, tests/infra/check.sh\n'
else
  fail "shellcheck"
fi

step "gateway configuration (proxy/docker-entrypoint.sh --check)"
mkdir -p "$WORK/gateway-log" "$WORK/web"
ln -s /dev/stdout "$WORK/gateway-log/nginx-access.log"
ln -s /dev/stderr "$WORK/gateway-log/nginx-error.log"
if GATEWAY_TEMPLATE=proxy/nginx.conf.template GATEWAY_RUN_DIR="$WORK/gateway-run" \
  GATEWAY_LOG_DIR="$WORK/gateway-log" GATEWAY_PORT=8000 TASKFLOW_FRONTEND_DIST="$WORK/web" \
  TASKFLOW_AUTH_UPSTREAM="127.0.0.1:8001 127.0.0.1:8011" TASKFLOW_TASKS_UPSTREAM=127.0.0.1:8002 \
  TASKFLOW_NOTIFICATIONS_UPSTREAM=127.0.0.1:8003 proxy/docker-entrypoint.sh --check; then
  if grep -q '^ *listen 8000;' "$WORK/gateway-run/nginx.conf" &&
    [[ $(grep -c 'server 127.0.0.1:80[01]1\? max_fails' "$WORK/gateway-run/nginx.conf") == 2 ]] &&
    [[ $(grep -c 'server 127.0.0.1:80[01]1\? backup' "$WORK/gateway-run/nginx.conf") == 2 ]]; then
    printf 'ok    rendered, listens on all interfaces, each upstream address a primary and a backup\n'
  else
    fail "the rendered gateway configuration lacks 'listen 8000;' or the auth upstream's servers"
  fi
else
  fail "proxy/docker-entrypoint.sh --check"
fi

step "the images' build: cmake --preset release -DTASKFLOW_BUILD_TESTS=OFF, each target"
# The Dockerfiles configure with the release preset; here the same options in a folder of our
# own (the preset's folder is the developers' build tree).
if cmake -S . -B "$WORK/cmake" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTASKFLOW_BUILD_TESTS=OFF \
  >"$WORK/cmake.log" 2>&1; then
  for target in taskflow-auth taskflow-tasks taskflow-notifications; do
    if ninja -C "$WORK/cmake" -n "$target" >/dev/null 2>&1; then
      printf 'ok    %s\n' "$target"
    else
      fail "no build target $target with tests off"
    fi
  done
else
  cat "$WORK/cmake.log"
  fail "cmake does not configure with TASKFLOW_BUILD_TESTS=OFF"
fi

step "infra/tools/check.mjs"
lock=infra/tools/package-lock.json
stamp=infra/tools/node_modules/.package-lock.json
if [[ ! -f $stamp || $lock -nt $stamp ]]; then
  (cd infra/tools && npm ci --no-audit --no-fund --loglevel=error)
fi
kubectl_flag=()
# A kubectl whose kustomize knows `patches` (kustomize v4 and later) renders the overlays too.
if command -v kubectl >/dev/null && kubectl version --client 2>/dev/null | grep -q 'Kustomize Version: v[4-9]'; then
  kubectl_flag=(--kubectl)
else
  printf '      (no kubectl with kustomize v4+: the overlays are rendered by kustomize-lite only)\n'
fi
node infra/tools/check.mjs "${kubectl_flag[@]}" || failed=1

if ((failed)); then
  printf 'infra checks: FAILED\n'
  exit 1
fi
printf 'infra checks: all passed\n'
