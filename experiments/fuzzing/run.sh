#!/usr/bin/env bash
# Runs every libFuzzer target of fuzz/ for SECONDS each, one after another, and
# prints a line per target: executions, coverage (libFuzzer's cov:), corpus size,
# and whether it found a crash. Exit status 1 when any target found one.
#
#   bash experiments/fuzzing/run.sh SECONDS [BUILD_DIR] [TARGET...]
#
# BUILD_DIR (default build-fuzz) is a clang build configured with -DSURGE_FUZZ=ON
# (README.md, "Fuzzing"). The seed corpus in fuzz/corpus is read, never written:
# new inputs go to BUILD_DIR/fuzz-corpus/TARGET, crashing inputs and the logs to
# BUILD_DIR/fuzz-out/.
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:?usage: run.sh SECONDS [BUILD_DIR] [TARGET...]}
build=${2:-build-fuzz}
shift $(( $# < 2 ? $# : 2 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_scenario fuzz_override fuzz_csv_trace fuzz_timestamps)

# Per input: 10 s (a valid scenario runs at most 20 000 events; a trace parses in
# milliseconds) and 2 GiB, far above what any input of a healthy build needs.
limits=(-timeout=10 -rss_limit_mb=2048 -max_total_time="$seconds" -print_final_stats=1)
dict_of() {
  case "$1" in
    fuzz_scenario) echo fuzz/scenario.dict ;;
    fuzz_override) echo fuzz/override.dict ;;
    *) echo fuzz/trace.dict ;;
  esac
}
seeds_of() {
  case "$1" in
    fuzz_scenario) echo fuzz/corpus/scenario ;;
    fuzz_override) echo fuzz/corpus/override ;;
    fuzz_csv_trace) echo fuzz/corpus/csv_trace ;;
    fuzz_timestamps) echo fuzz/corpus/timestamps ;;
  esac
}

status=0
out="$build/fuzz-out"
mkdir -p "$out"
printf '%-16s %8s %12s %8s %8s %s\n' target seconds executions cov corpus result
for t in "${targets[@]}"; do
  binary="$build/fuzz/$t"
  if [ ! -x "$binary" ]; then
    echo "run.sh: $binary is missing: build it with cmake --build $build --target fuzz_all" >&2
    exit 2
  fi
  corpus="$build/fuzz-corpus/$t"
  mkdir -p "$corpus"
  log="$out/$t.log"
  "$binary" "${limits[@]}" -dict="$(dict_of "$t")" -artifact_prefix="$out/$t-" \
    "$corpus" "$(seeds_of "$t")" >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  corp=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  result=ok
  if [ $rc -ne 0 ]; then
    result="FAILED (exit $rc): see $log and $out/$t-*"
    status=1
  fi
  printf '%-16s %8s %12s %8s %8s %s\n' "$t" "$seconds" "${execs:-?}" "${cov:-?}" "${corp:-?}" "$result"
done
exit $status
