#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each and prints, per target, executions and coverage
# (libFuzzer's cov: and ft: from its last status line). Fails on any crash, leak, timeout, memory
# blow-up or sanitizer report; the input that caused it is kept as <build-dir>/fuzz/<target>/crash-…
# and the log beside it.
#
#   tests/fuzz/run-fuzzers.sh SECONDS [build-dir]
#
# build-dir (default build-asan at the top of the source tree, the tree that
# tests/sanitizers/run-sanitizers.sh builds the suite in) is configured with clang-14,
# AddressSanitizer + UndefinedBehaviorSanitizer and -DBUSMON_FUZZ=ON, and the targets are built
# (nothing when they are up to date). The seeds in tests/fuzz/corpus/<target>/ are read, never
# written: what libFuzzer finds goes to <build-dir>/fuzz/<target>/corpus. JOBS targets run at once
# and build (default 2), FUZZ_TARGETS picks some ("resp filter").
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:?usage: run-fuzzers.sh SECONDS [build-dir]}
build=$(realpath -m "${2:-$top/build-asan}")
targets=(${FUZZ_TARGETS:-resp decoder filter capture jsontree})
jobs=${JOBS:-2}

source "$top/tests/sanitizers/clang-build.sh"
configure_clang "$build" "${asan_tree_options[@]}"
# ninja's progress lines are left out; a failed build fails the script.
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}" | { grep -v '^\[' || true; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_LOGGING_RULES='*.debug=false;*.warning=false'

run_one() {
    local target=$1 dir="$build/fuzz/$1"
    mkdir -p "$dir/corpus"
    rm -f "$dir/log" "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* "$dir"/slow-unit-*
    # -rss_limit_mb: a hostile input must not make a parser take gigabytes; -timeout: nor seconds.
    "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
        -timeout=20 -artifact_prefix="$dir/" "$dir/corpus" "$top/tests/fuzz/corpus/$target" \
        >"$dir/log" 2>&1
}

pids=()
status=0
for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    run_one "$target" &
    pids+=("$!")
done
for i in "${!targets[@]}"; do
    wait "${pids[$i]}" || echo "fuzz_${targets[$i]}: libFuzzer exited with status $?" >&2
done

printf '%-9s %12s %10s %7s %7s %7s  %s\n' target executions 'exec/s' cov ft corpus result
for target in "${targets[@]}"; do
    log="$build/fuzz/$target/log"
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | grep -E 'cov: ' | tail -1 || true)
    cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.*corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
    persec=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    findings=$(ls "$build/fuzz/$target" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' || true)
    reports=$(grep -cE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|invariant failed' "$log" || true)
    if [ -n "$(grep -vE '^slow-unit-' <<<"$findings")" ] || [ "$reports" -gt 0 ] || [ -z "$runs" ]; then
        result="FAILED: $(grep -m1 -E 'ERROR:|runtime error:|invariant failed' "$log" || echo 'no final stats')"
        status=1
    else
        result=ok
    fi
    printf '%-9s %12s %10s %7s %7s %7s  %s\n' "$target" "${runs:-?}" "${persec:-?}" "${cov:-?}" "${ft:-?}" \
        "${corp:-?}" "$result"
    [ "$result" = ok ] || echo "          log: $log; inputs: $(echo $findings)"
done
exit "$status"
