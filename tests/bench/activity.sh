#!/usr/bin/env bash
# Sync activity (issue 10): the three speed scenarios, each with a baseline in the same run.
#  1. bench_activity: 1,000,000 retained messages; the first count, scope and filter changes (time until
#     charted and the longest the GUI thread was held), the once-a-second snapshot. Baseline: the same
#     figures recounted by parsing every payload with QJsonDocument.
#  2. busmon-cli stats over a 1,000,000-message capture: wall and CPU time. Baselines: reading the file
#     (cat), finding the syncs in it (grep -c), and stats --filter, which reads every line with summaries.
#  3. The window (--stall-report, offscreen unless BUSMON_QPA is set) while `busmon-cli simulate` publishes
#     at --rate for some seconds: the GUI thread's lateness (a 10 ms timer: worst and 99th percentile over
#     the run). Baseline: the same window and traffic without the activity view.
# The machine is shared: CPU time (user+sys) is the steadier figure; wall time follows the load average,
# printed with each scenario.
#
#   tests/bench/activity.sh [build-dir] [messages] [rate] [seconds]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
messages=${2:-1000000}
rate=${3:-50000}
seconds=${4:-20}
gui=$build/app/busmon
cli=$build/app/cli/busmon-cli
bench=$build/tests/bench/bench_activity
for program in "$gui" "$cli" "$bench"; do
    [ -x "$program" ] || { echo "no $program: build first" >&2; exit 1; }
done
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== 1. $messages retained messages (load $(load))"
"$bench" "$messages"

source "$(dirname "$0")/burst-common.sh"
start_private_redis
gui_pid=
trap stop_window_and_redis EXIT

echo
echo "== 2. busmon-cli stats over a $messages-message capture (load $(load))"
capture=$work/capture.jsonl
"$bench" capture "$capture" "$messages"
echo "capture: $(du -h "$capture" | cut -f1), $(wc -l <"$capture") lines"
timed() { # label command...
    local label=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/out" 2>/dev/null || true
    read -r wall user sys rss <"$work/time"
    printf "  %-44s %6.2f s wall  %6.2f s CPU (user %.2f, sys %.2f)  peak RSS %4d MiB\n" "$label" "$wall" \
        "$(echo "$user + $sys" | bc)" "$user" "$sys" $((rss / 1024))
}
timed "cat (reading the file)" cat "$capture"
timed "grep -c '\"kind\":\"sync\"'" grep -c '"kind":"sync"' "$capture"
timed "busmon-cli stats" "$cli" stats "$capture"
head -3 "$work/out" | tail -1 | sed 's/^/      /'
timed "busmon-cli stats --format json --window 1h" "$cli" stats "$capture" --format json --window 1h
timed "busmon-cli stats --filter user:alice" "$cli" stats "$capture" --filter user:alice

echo
echo "== 3. the window while simulate publishes at $rate/s for $seconds s (load $(load))"
run_window() { # label extra-arguments...
    local label=$1
    shift
    local home=$work/home-$RANDOM
    mkdir -p "$home"
    HOME=$home XDG_CONFIG_HOME=$home/config QT_QPA_PLATFORM=${BUSMON_QPA:-offscreen} \
        "$gui" --url "redis://127.0.0.1:$port" --stall-report "$@" 2>"$work/gui.err" &
    gui_pid=$!
    until [ "$(numpat)" = 8 ]; do sleep 0.05; done
    "$cli" simulate --url "redis://127.0.0.1:$port" --rate "$rate" --duration "$seconds" 2>"$work/simulate.err"
    # One more report after the traffic: it covers the whole run.
    local seen
    seen=$(grep -c 'gui lateness' "$work/gui.err" || true)
    until [ "$(grep -c 'gui lateness' "$work/gui.err" || true)" != "$seen" ]; do sleep 0.2; done
    kill "$gui_pid"
    wait "$gui_pid" 2>/dev/null || true
    gui_pid=
    until [ "$(numpat)" = 0 ]; do sleep 0.05; done
    printf "  %-28s %s\n" "$label" "$(grep 'gui lateness' "$work/gui.err" | tail -1 | sed 's/.*busmon: //')"
    printf "  %-28s simulate: %s\n" "" "$(grep -o 'published.*' "$work/simulate.err" | head -1)"
}
run_window "without the activity view"
run_window "with the activity view" --view activity
