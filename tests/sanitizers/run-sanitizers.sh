#!/usr/bin/env bash
# The test suite once more under sanitizers, after the ordinary build:
#   asan  AddressSanitizer (with LeakSanitizer) + UndefinedBehaviorSanitizer, clang-14: the whole
#         suite, built in $BUSMON_ASAN_BUILD (default build-asan at the top of the source tree; the
#         fuzzers of tests/fuzz/run-fuzzers.sh are built in the same tree);
#   tsan  ThreadSanitizer, gcc-12 (libtsan2): the tests that run threads (bus, feed, intake, window),
#         built alone in $BUSMON_TSAN_BUILD (default build-tsan);
#   all   both (the default).
# TSan is gcc's, not clang-14's: clang-14's runtime aborts ("CHECK failed: tsan_rtl.cpp:234") when
# QProcess starts a program, since Qt 6.4 starts it with clone(CLONE_VM|CLONE_VFORK) and the child
# runs TSan's after-fork code in the parent's memory; gcc-12's does not (die_after_fork=0: QProcess
# forks a process that has threads, and the child only execs).
# Qt is not built with TSan. Where Qt hands data from one thread to another under its own QMutex (a
# futex TSan cannot see), TSan sees no order: tsan.supp names the two such places it reported, a
# queued signal's argument, which Qt copies on the sending thread (with a copy constructor of ours:
# so a real race on such a copy would be hidden too), and a QtConcurrent result cleared by the last
# owner of its future (ordered by an atomic inside Qt). history_size=7 keeps enough of each thread's
# past for TSan to find that copy's stack; with less it sometimes cannot, and the entry does not
# match. For the same reason busmon waits on a condition with std::mutex and
# std::condition_variable, not QWaitCondition, which releases the QMutex inside Qt unseen.
# Undefined behaviour ends the test that meets it. Qt and the system libraries are not
# instrumented: the suppression files beside this script name what in them a sanitizer reports
# wrongly, each with why.
#
#   tests/sanitizers/run-sanitizers.sh [asan|tsan|all]
#
# Prints ctest's summary and how long each part took. Exit status 1 when a build or a test failed.
# JOBS (default 2) is the parallelism of the builds and of ctest.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
which=${1:-all}
asan=$(realpath -m "${BUSMON_ASAN_BUILD:-$top/build-asan}")
tsan=$(realpath -m "${BUSMON_TSAN_BUILD:-$top/build-tsan}")
jobs=${JOBS:-2}
case "$which" in asan | tsan | all) ;; *)
    echo "usage: run-sanitizers.sh [asan|tsan|all]" >&2
    exit 2
    ;;
esac
# The tests that start threads (the unit tests' were seen to under strace; the others run a BusFeed,
# a MonitorSession, the detail pane's worker or busmon-cli's threads): the bus's socket and decoder threads, the feed, the monitoring session and its capture loader, the
# recorder's and the exporter's file writers, the parallel capture reader, regexes shared between
# threads, filter passes on the thread pool, and the window (the detail pane parses on a worker;
# the demo bus runs a thread).
threaded=(unit.byteregex unit.captureexporter unit.capturerecorder unit.capturesession unit.filterexpression
          unit.parallelcapturereader integration.busfeed integration.faultyserver integration.silentserver
          integration.monitorsession integration.publisher integration.publishguard integration.tlsbus
          integration.clitail integration.clistats gui.mainwindow gui.capturewindow gui.activityview
          gui.demobus gui.detailpane gui.compose)

supp=$top/tests/sanitizers
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$supp/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp}
# ignore_noninstrumented_modules: what an interceptor (malloc, free, pthread_cond_*) sees when Qt's
# uninstrumented code calls it is not checked, since the locks that order it inside Qt are invisible.
# Races where both accesses are in our (instrumented) code are still reported.
export TSAN_OPTIONS=${TSAN_OPTIONS:-suppressions=$supp/tsan.supp:second_deadlock_stack=1:halt_on_error=1:ignore_noninstrumented_modules=1:die_after_fork=0:history_size=7}

source "$supp/clang-build.sh"
status=0
timings=()
# Runs "$@" as one part named $1, timed (wall, and the CPU time of its processes: on a shared
# machine the CPU time over the cores says what an idle one would take). A failing part fails the
# script; returns the part's status.
part() {
    local name=$1 result=0 times
    shift
    echo "== $name" >&2
    times=$(mktemp)
    { time { "$@" || result=$?; } 2>&3; } 3>&2 2>"$times"
    [ "$result" -eq 0 ] || { echo "== $name: FAILED" >&2; status=1; }
    read -r wall user system <"$times"
    rm -f "$times"
    timings+=("$(printf '%-22s %6.0f s wall %7.0f s CPU' "$name" "$wall" "$(echo "$user + $system" | bc)")")
    return "$result"
}
TIMEFORMAT='%R %U %S'

# The build targets of ctest's tests matching a regular expression (suite.name is built by tst_name).
test_targets() {
    ctest --test-dir "$1" -N -R "$2" | sed -n 's/^ *Test *#[0-9]*: [a-z]*\.\([a-z0-9_]*\)$/tst_\1/p'
}
# gcc-12 with -O1 and line tables, as configure_clang (clang-build.sh) does for ASan.
configure_gcc() {
    CC=gcc CXX=g++ cmake -S "$top" -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" \
        "${@:2}" >/dev/null
}
build() {
    local configure=$1 dir=$2 pattern=$3
    shift 3
    "$configure" "$dir" "$@" || return
    # busmon-cli for the tests that run it; ninja's progress lines are left out.
    cmake --build "$dir" -j "$jobs" --target busmon-cli $(test_targets "$dir" "$pattern") | grep -v '^\['
    return "${PIPESTATUS[0]}"
}
run_tests() {
    ctest --test-dir "$1" -j "$jobs" --output-on-failure --no-label-summary -R "$2" -E "$not_under_sanitizers"
}

# style.clang-format checks the sources, not the build: the ordinary suite runs it.
all_tests='^(unit|integration|gui)\.'
# unit.heaptrimmer measures what glibc's malloc_trim gives back; under ASan (and TSan) their own
# allocator replaces glibc's and keeps freed memory in quarantine, so there is nothing to measure.
not_under_sanitizers='^unit\.heaptrimmer$'
threaded_tests="^($(IFS='|'; echo "${threaded[*]}"))\$"
if [ "$which" != tsan ]; then
    part "ASan+UBSan build" build configure_clang "$asan" "$all_tests" "${asan_tree_options[@]}" &&
        part "ASan+UBSan suite" run_tests "$asan" "$all_tests"
fi
if [ "$which" != asan ]; then
    part "TSan build" build configure_gcc "$tsan" "$threaded_tests" -DBUSMON_SANITIZE=thread &&
        part "TSan threaded tests" run_tests "$tsan" "$threaded_tests"
fi

echo
printf '%s\n' "${timings[@]}"
[ "$status" -eq 0 ] && echo "sanitizers ($which): passed" || echo "sanitizers ($which): FAILED (see above)"
exit "$status"
