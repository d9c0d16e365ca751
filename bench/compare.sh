#!/usr/bin/env bash
#
# bench/compare.sh — the same benchmarks against two builds of the services, on one running
# stack, interleaved (A B A B ...), with the machine's limits (bench/limits.sh) measured in each
# round: "before and after" a change, on the same machine, data and moment.
#
#   TASKFLOW_RATE_EXEMPT=127.0.0.1 make up           # or deploy/local/stack.sh up
#   git worktree add /tmp/before <commit> && (cd /tmp/before && cmake --preset release &&
#     cmake --build --preset release --target taskflow-auth taskflow-tasks taskflow-notifications)
#   bench/compare.sh /tmp/before/build/release build/release profile task-get task-list
#
# Arguments: BUILD_A BUILD_B [SCENARIO...] (default: every auth and tasks scenario). Each build
# directory must hold services/<name>/taskflow-<name>. Between runs the services' instances are
# restarted with the other build (PostgreSQL, Redis, RabbitMQ and nginx keep running).
#
# Environment: BENCH_ROUNDS (2), BENCH_SETTLE (30: seconds to wait after each restart, and
# before the first round for the seeding's due-date backlog), BENCH_OUT (test-artifacts/bench/
# compare-<time>), and everything bench/run.sh and bench/limits.sh read.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
STACK=$REPO_ROOT/deploy/local/stack.sh
ROUNDS=${BENCH_ROUNDS:-2}
SETTLE=${BENCH_SETTLE:-30}
OUT=${BENCH_OUT:-$REPO_ROOT/test-artifacts/bench/compare-$(date -u +%Y%m%dT%H%M%SZ)}
SERVICES=(auth tasks notifications)

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}
(($# >= 2)) || die "usage: bench/compare.sh BUILD_A BUILD_B [SCENARIO...]"
BUILD_A=$(cd -- "$1" && pwd) || die "no build directory $1"
BUILD_B=$(cd -- "$2" && pwd) || die "no build directory $2"
shift 2
SCENARIOS=("$@")
((${#SCENARIOS[@]})) || SCENARIOS=(login profile task-get task-list task-search task-stats task-create)
[[ $ROUNDS =~ ^[1-9]$ ]] || die "BENCH_ROUNDS must be 1-9 (got '$ROUNDS')"
[[ $SETTLE =~ ^[0-9]+$ ]] || die "BENCH_SETTLE must be a number of seconds (got '$SETTLE')"
for build in "$BUILD_A" "$BUILD_B"; do
  for s in "${SERVICES[@]}"; do
    [[ -x $build/services/$s/taskflow-$s ]] || die "$build has no services/$s/taskflow-$s"
  done
done

use_build() { # BUILD
  local s
  printf '==> restarting the services with %s\n' "$1"
  for s in "${SERVICES[@]}"; do
    TASKFLOW_BUILD_DIR=$1 "$STACK" restart-component "$s" >/dev/null ||
      die "could not restart $s with $1"
  done
  sleep "$SETTLE"
}

mkdir -p -- "$OUT"
for ((round = 1; round <= ROUNDS; round++)); do
  for label in a b; do
    build=$BUILD_A
    [[ $label == b ]] && build=$BUILD_B
    use_build "$build"
    run_out=$OUT/$round-$label
    BENCH_OUT=$run_out "$SCRIPT_DIR/limits.sh"
    BENCH_OUT=$run_out "$SCRIPT_DIR/run.sh" "${SCENARIOS[@]}"
  done
done

/usr/bin/python3 - "$OUT" "$ROUNDS" "$BUILD_A" "$BUILD_B" <<'PY'
import json, os, sys

out, rounds, build_a, build_b = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
print(f"\nA = {build_a}\nB = {build_b}\n")
print("| round | build | pgbench -S tps | nginx return 200 req/s |")
print("| ---: | --- | ---: | ---: |")
runs = {}
for r in range(1, rounds + 1):
    for label in "ab":
        d = os.path.join(out, f"{r}-{label}")
        limits = json.load(open(os.path.join(d, "limits.json")))
        print(f"| {r} | {label.upper()} | {limits['pgbench_select_tps']:,.0f} | "
              f"{limits['nginx_return_200_rps']:,.0f} |")
        for row in json.load(open(os.path.join(d, "results.json"))):
            w = row["wrk"]
            rps = w["requests"] / (w["duration_us"] / 1e6)
            runs.setdefault((row["scenario"], row["target"]), {}).setdefault(label, []).append(
                (rps, w["latency_us"]["p99"] / 1000, w["errors"]["status"]))
print()
print("| scenario | target | A req/s (p99 ms) | B req/s (p99 ms) | B / A (mean req/s) | non-2xx A, B |")
print("| --- | --- | --- | --- | ---: | --- |")
for (scenario, target), by in runs.items():
    def cell(label):
        return ", ".join(f"{rps:,.0f} ({p99:.1f})" for rps, p99, _ in by[label])
    mean = {label: sum(x[0] for x in by[label]) / len(by[label]) for label in "ab"}
    errors = {label: sum(x[2] for x in by[label]) for label in "ab"}
    print(f"| {scenario} | {target} | {cell('a')} | {cell('b')} | {mean['b'] / mean['a']:.2f} | "
          f"{errors['a']}, {errors['b']} |")
print(f"\nraw outputs: {out}")
PY
