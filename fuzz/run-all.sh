#!/usr/bin/env bash
# The long campaign: every target until RUNS executions or CAP seconds,
# JOBS targets at a time (one libFuzzer process each), at the lowest CPU
# priority so that it can share a machine. One summary line per target goes
# to fuzz/campaign-results.txt (not committed) and to stdout.
#
#   fuzz/run-all.sh [RUNS] [CAP_SECONDS] [JOBS] [target...]
#
# Defaults: RUNS=10000000, CAP_SECONDS=3600, JOBS=1, every target.
# Builds with overflow checks and without a sanitizer (the core is safe Rust;
# ASan costs 2-3x the throughput); FUZZ_BUILD_FLAGS overrides.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${1:-10000000}"
cap="${2:-3600}"
jobs="${3:-1}"
shift $(( $# < 3 ? $# : 3 ))
export FUZZ_BUILD_FLAGS="${FUZZ_BUILD_FLAGS:--O --debug-assertions --sanitizer none}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/../target/fuzz}"
cd "$here"
read -r -a build_flags <<<"$FUZZ_BUILD_FLAGS"
nice -n 19 cargo +nightly fuzz build "${build_flags[@]}"
targets=("$@")
[ "${#targets[@]}" -eq 0 ] && mapfile -t targets < <(cargo +nightly fuzz list)
results="$here/campaign-results.txt"
echo "# $(date -u +%FT%TZ) commit $(git -C "$here" rev-parse --short HEAD) runs=$runs cap=${cap}s jobs=$jobs flags: $FUZZ_BUILD_FLAGS" >>"$results"
one() {
  local t="$1" out status=0 start end
  start=$(date +%s)
  out="$(nice -n 19 "$here/run-campaign.sh" "$t" "$cap" 1 -runs="$runs" 2>&1)" || status=$?
  end=$(date +%s)
  local line
  line="$(printf '%s\n' "$out" | grep -E '^== ' | tail -n 1)"
  local n
  n="$(printf '%s\n' "$out" | sed -n 's/^stat::number_of_executed_units: *//p' | tail -n 1)"
  printf '%s\texecs=%s\t%ss\texit=%s\t%s\n' "$t" "${n:-?}" "$((end - start))" "$status" "$line" | tee -a "$results"
  [ "$status" -eq 0 ] || printf '%s\n' "$out" | tail -n 30 >&2
  return "$status"
}
export -f one
export here runs cap results
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'one "$@"' _ {}
