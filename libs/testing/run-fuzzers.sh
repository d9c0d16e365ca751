#!/usr/bin/env bash
#
# run-fuzzers.sh — build the libFuzzer targets of the parsers (the `fuzz` preset: clang,
# ASan, UBSan) and run each one: its regressions (inputs that once crashed it) and its seed
# corpus first, each of which must pass, then fuzzing for a time budget.
#
# Usage: libs/testing/run-fuzzers.sh [SECONDS] [TARGET...]
#   SECONDS  fuzzing time per target (default 15); 0 only replays the regressions and seeds.
#   TARGET   only these targets (e.g. http_multipart_fuzz); default: every one.
#
# The targets and their folders come from build/fuzz/fuzzers.tsv, which CMake writes
# (cmake/TaskflowFuzz.cmake): seeds in <lib>/fuzz/corpus/<name>/, regressions in
# <lib>/fuzz/regressions/<name>/. What fuzzing finds goes to build/fuzz/corpus/<target>/, outside
# the source tree, so a run leaves git clean and the next run starts from it. On a crash (or a
# leak, timeout or out-of-memory) the input is copied into the target's regressions folder and
# its path printed; the other targets still run, and the script exits 1. Fix the bug, add a unit
# test, and commit the input: every later run replays it.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd)
BUILD="$ROOT/build/fuzz"
FUZZ_SECONDS=${1:-15}
shift || true
# A run's bounds: one input may take 10 s and 2 GB; libFuzzer reports more as a timeout or an
# out-of-memory, which count as crashes.
LIBFUZZER_FLAGS=(-timeout=10 -rss_limit_mb=2048 -max_len=8192)
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

say() { printf '==> %s\n' "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 2
}

[[ $FUZZ_SECONDS =~ ^[0-9]+$ ]] || die "SECONDS must be a whole number, not '$FUZZ_SECONDS'"
cd "$ROOT"

say "building the fuzz targets (cmake --preset fuzz)"
build_start=$SECONDS
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
build_seconds=$((SECONDS - build_start))

[[ -r $BUILD/fuzzers.tsv ]] || die "no $BUILD/fuzzers.tsv: is TASKFLOW_FUZZ on?"
mapfile -t rows <"$BUILD/fuzzers.tsv"
if (($# > 0)); then
  selected=()
  for wanted in "$@"; do
    found=
    for row in "${rows[@]}"; do
      [[ ${row%%$'\t'*} == "$wanted" ]] && selected+=("$row") && found=1
    done
    [[ -n $found ]] || die "no fuzz target named '$wanted' (see $BUILD/fuzzers.tsv)"
  done
  rows=("${selected[@]}")
fi

# Copies what libFuzzer left in $1 (crash-*, leak-*, timeout-*, oom-*) to the regressions
# folder $2 and prints each copy's path.
keep_crashes() {
  local artifacts=$1 regressions=$2 file kept=0
  mkdir -p "$regressions"
  for file in "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
    [[ -f $file ]] || continue
    cp "$file" "$regressions/"
    printf '    kept %s\n' "$regressions/$(basename "$file")"
    rm -f "$file"
    kept=1
  done
  ((kept)) || printf '    (libFuzzer left no input; see the log above)\n'
}

# The value of libFuzzer's final statistic $2 in log $1.
fuzz_stat() { sed -n "s/^stat::$2: *//p" "$1" | tail -n 1; }

failed=()
summary=()
fuzz_start=$SECONDS
for row in "${rows[@]}"; do
  IFS=$'\t' read -r name binary seeds regressions <<<"$row"
  work="$BUILD/corpus/$name"
  artifacts="$BUILD/artifacts/$name"
  log="$BUILD/logs/$name.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"

  say "$name"
  # The regressions, one by one, then the seeds: each must pass.
  mapfile -t kept < <(find "$regressions" -type f 2>/dev/null | sort)
  replay=("${kept[@]}")
  [[ -d $seeds ]] && mapfile -t -O "${#replay[@]}" replay < <(find "$seeds" -type f | sort)
  if ((${#replay[@]} > 0)) &&
    ! "$binary" "${LIBFUZZER_FLAGS[@]}" -artifact_prefix="$artifacts/" "${replay[@]}" >"$log" 2>&1; then
    tail -n 40 "$log"
    printf '    %s fails on a regression or seed input (log: %s)\n' "$name" "$log"
    failed+=("$name")
    continue
  fi
  printf '    %d regression and seed inputs pass\n' "${#replay[@]}"
  ((FUZZ_SECONDS > 0)) || continue

  corpora=("$work")
  [[ -d $seeds ]] && corpora+=("$seeds")
  [[ -d $regressions ]] && corpora+=("$regressions")
  if ! "$binary" "${LIBFUZZER_FLAGS[@]}" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${corpora[@]}" >"$log" 2>&1; then
    grep -E -A 30 '^==[0-9]+==|fuzz invariant failed|runtime error|^SUMMARY' "$log" | head -n 60 || true
    printf '    %s crashed (log: %s)\n' "$name" "$log"
    keep_crashes "$artifacts" "$regressions"
    failed+=("$name")
    continue
  fi
  line=$(printf '%-30s %12s execs %8s exec/s %6s in corpus' "$name" \
    "$(fuzz_stat "$log" number_of_executed_units)" "$(fuzz_stat "$log" average_exec_per_sec)" \
    "$(find "$work" -type f | wc -l)")
  printf '    %s\n' "$line"
  summary+=("$line")
done
fuzz_seconds=$((SECONDS - fuzz_start))

say "summary: build ${build_seconds}s, ${#rows[@]} targets ${fuzz_seconds}s (${FUZZ_SECONDS}s fuzzing each)"
for line in "${summary[@]}"; do printf '    %s\n' "$line"; done
if ((${#failed[@]} > 0)); then
  printf 'error: failed: %s\n' "${failed[*]}" >&2
  exit 1
fi
