#!/bin/bash
# Runs the test suite N times while two busy loops compete for the CPU, as on a shared CI machine,
# and prints which tests failed in which run. A flaky test shows up here, not in a submission.
#
#   tests/bench/loaded-runs.sh BUILD_DIR [RUNS] [CTEST_JOBS] [ctest arguments…]
#   tests/bench/loaded-runs.sh build 20 4                  # the whole suite, 20 times, ctest -j4
#   tests/bench/loaded-runs.sh build 50 4 -R integration.busfeed
#
# The logs of failing runs stay in a folder named at the end. Exit status: 0 when every run passed.
set -u
build=${1:?usage: $0 BUILD_DIR [RUNS] [CTEST_JOBS] [ctest arguments...]}
runs=${2:-20}
jobs=${3:-4}
shift $(($# < 3 ? $# : 3))
logs=$(mktemp -d "${TMPDIR:-/tmp}/loaded-runs.XXXXXX")

busy_pids=()
stop_busy_loops() {
    for pid in "${busy_pids[@]}"; do kill "$pid" 2>/dev/null; done
    wait "${busy_pids[@]}" 2>/dev/null
    busy_pids=()
}
trap stop_busy_loops EXIT
trap 'exit 130' INT TERM

failed_runs=0
failures=0
declare -A failed_tests
started=$(date +%s)
for run in $(seq 1 "$runs"); do
    for _ in 1 2; do
        (while :; do :; done) &
        busy_pids+=($!)
    done
    log="$logs/run-$run.log"
    began=$(date +%s)
    ctest --test-dir "$build" -j "$jobs" --output-on-failure "$@" >"$log" 2>&1
    status=$?
    stop_busy_loops
    seconds=$(($(date +%s) - began))
    # ctest lists each failure as "  123 - suite.name (Failed)" after "The following tests FAILED:".
    mapfile -t failed < <(sed -n '/The following tests FAILED:/,$p' "$log" | sed -n 's/^[[:space:]]*[0-9]\+ - \([^ ]*\) .*/\1/p')
    if [ "$status" -eq 0 ] && [ "${#failed[@]}" -eq 0 ]; then
        echo "run $run/$runs: passed (${seconds} s)"
        rm -f "$log"
        continue
    fi
    failed_runs=$((failed_runs + 1))
    [ "${#failed[@]}" -eq 0 ] && failed=("ctest exit status $status")
    failures=$((failures + ${#failed[@]}))
    echo "run $run/$runs: FAILED ${failed[*]} (${seconds} s, log $log)"
    # Qt Test names the function, the data row and the line of each failed check.
    grep -E '^(FAIL!|   Loc:)' "$log" | sed 's/^/    /' | head -20
    for test in "${failed[@]}"; do failed_tests[$test]=$((${failed_tests[$test]:-0} + 1)); done
done

echo
echo "$failures failures in $runs loaded runs ($failed_runs runs with a failure; ctest -j$jobs $*; two busy loops; $(($(date +%s) - started)) s)"
for test in "${!failed_tests[@]}"; do echo "  $test: failed in ${failed_tests[$test]} runs"; done
if [ "$failed_runs" -eq 0 ]; then
    rmdir "$logs"
    exit 0
fi
echo "logs: $logs"
exit 1
