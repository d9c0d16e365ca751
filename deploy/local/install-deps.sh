#!/usr/bin/env bash
#
# install-deps.sh — install the Debian packages listed in packages.txt that are missing.
#
# Runs `apt-get update` and `apt-get install` only when something is missing, so a second run is
# a quick no-op. Packages that ship a system service (postgresql, redis-server, rabbitmq-server,
# nginx) would normally be started by their install scripts and then hold the ports the local
# stack wants; a temporary /usr/sbin/policy-rc.d that answers 101 ("action forbidden") stops
# invoke-rc.d / deb-systemd-invoke from starting them. A policy-rc.d that was already there is
# left untouched.
#
# Usage: deploy/local/install-deps.sh [--check]
#   --check   only list what is missing; exit 1 if anything is.
#
# Environment: TASKFLOW_PACKAGES_FILE overrides the package list (default: packages.txt here).
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
PACKAGES_FILE=${TASKFLOW_PACKAGES_FILE:-$SCRIPT_DIR/packages.txt}
POLICY_RC=/usr/sbin/policy-rc.d

say() { printf '==> %s\n' "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

[[ -r $PACKAGES_FILE ]] || die "package list not found: $PACKAGES_FILE"
command -v dpkg-query >/dev/null || die "dpkg-query not found: this script is for Debian (12, bookworm)"

# The package names: first word of each line, comments and blank lines skipped.
mapfile -t packages < <(sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]].*//' "$PACKAGES_FILE" | grep -v '^$')

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  say "all ${#packages[@]} Debian packages are installed ... ok"
  exit 0
fi

say "missing Debian packages: ${missing[*]}"
if [[ ${1:-} == --check ]]; then
  exit 1
fi

SUDO=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || die "not root and no sudo: install as root: apt-get install ${missing[*]}"
  SUDO=(sudo)
fi

# Keep package scripts from starting system services while we install.
created_policy=0
cleanup() {
  if ((created_policy)); then
    "${SUDO[@]}" rm -f "$POLICY_RC"
  fi
}
trap cleanup EXIT
if [[ ! -e $POLICY_RC ]]; then
  printf '#!/bin/sh\n# Temporary, written by TaskFlow install-deps.sh: do not start services.\nexit 101\n' |
    "${SUDO[@]}" tee "$POLICY_RC" >/dev/null
  "${SUDO[@]}" chmod 0755 "$POLICY_RC"
  created_policy=1
fi

export DEBIAN_FRONTEND=noninteractive
say "apt-get update"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
say "apt-get install ${missing[*]}"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
say "installed ${#missing[@]} package(s) ... ok"
