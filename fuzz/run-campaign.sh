#!/usr/bin/env bash
# Runs one fuzz target for SECONDS with its committed seeds and dictionary.
#
#   fuzz/run-campaign.sh TARGET SECONDS [JOBS] [extra libFuzzer flags...]
#
# The growing corpus lives in fuzz/corpus/TARGET (not committed); the seeds in
# fuzz/seeds/TARGET are read as a second, read-only corpus directory. Crashes
# land in fuzz/artifacts/TARGET/. The last libFuzzer status line (execs, cov, ft)
# is printed at the end. A long campaign (>= 10 million executions for every
# target on one core) is: for t in $(cargo +nightly fuzz list); do fuzz/run-campaign.sh "$t" 3600; done
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:?usage: run-campaign.sh TARGET SECONDS [JOBS] [libFuzzer flags...]}"
seconds="${2:?usage: run-campaign.sh TARGET SECONDS [JOBS] [libFuzzer flags...]}"
jobs="${3:-1}"
shift $(( $# < 3 ? $# : 3 ))

# shellcheck source=targets.sh
source "$here/targets.sh"
dict="$(dict_of "$target")"
max_len="$(max_len_of "$target")"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/../target/fuzz}"
mkdir -p "$here/corpus/$target" "$here/artifacts/$target"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
par=()
if [ "$jobs" -gt 1 ]; then par=(-fork="$jobs"); fi
if [ -n "$dict" ]; then par+=(-dict="dicts/$dict.dict"); fi
status=0
read -r -a build_flags <<<"${FUZZ_BUILD_FLAGS:--O}"
( cd "$here" && cargo +nightly fuzz run "${build_flags[@]}" "$target" \
    "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" "${par[@]}" \
    -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$@" ) >"$log" 2>&1 || status=$?
grep -E 'ERROR|panicked|SUMMARY|Test unit written' "$log" >&2 || true
echo "== $target: $(grep -E '^#[0-9]+' "$log" | tail -n 1)"
grep -E '^stat::number_of_executed_units' "$log" || true
if [ "$status" -ne 0 ]; then tail -n 40 "$log" >&2; fi
exit "$status"
