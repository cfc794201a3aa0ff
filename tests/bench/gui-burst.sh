#!/usr/bin/env bash
# Scenario: the one-million-message burst of tail-burst.sh (sync-shaped messages of about 335 bytes,
# redis-benchmark -P 32 -c 4 against a private redis-server with default limits), received by the
# running GUI, `busmon --stall-report`, offscreen (QT_QPA_PLATFORM=offscreen unless BUSMON_QPA is set,
# e.g. BUSMON_QPA=xcb with DISPLAY of an Xvfb). Then, with everything retained, a new filter is applied
# on the "All" tab (--bench-filter) and its time read from the app. As the baseline in the same run,
# `busmon-cli tail` reads the same burst from the same server.
# Prints, for each reader: received out of sent, Redis's "overcoming of output buffer limits"
# disconnects, wall time; for the GUI also the GUI thread's worst and 99th-percentile lateness (a 10 ms
# timer inside the app), resident memory once the burst is stored (and its peak, while the backlog of
# the burst was in memory too) and the filter time.
#
#   tests/bench/gui-burst.sh [build-dir] [messages] [filter]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
messages=${2:-1000000}
filter=${3:-record_count>10}
gui=$build/app/busmon
cli=$build/app/cli/busmon-cli
[ -x "$gui" ] && [ -x "$cli" ] || { echo "no $gui or $cli: build first" >&2; exit 1; }

source "$(dirname "$0")/burst-common.sh"
start_private_redis
gui_pid=
trap stop_window_and_redis EXIT

echo "payload: ${#payload} bytes; burst: redis-benchmark -n $messages -P 32 -c 4 PUBLISH sync.alice <payload>"

# The GUI, with settings of its own (no saved tabs, window or retention limit of the user).
before=$(disconnects)
start=$(date +%s.%N)
HOME=$work XDG_CONFIG_HOME=$work/config QT_QPA_PLATFORM=${BUSMON_QPA:-offscreen} \
    "$gui" --url "redis://127.0.0.1:$port" --stall-report --bench-filter "$filter" 2>"$work/gui.err" &
gui_pid=$!
until [ "$(numpat)" != 0 ]; do sleep 0.05; done # the window subscribes to all its patterns at once
burst
# The app reports every 5 s; it is done when it has the whole burst and the filter ran, or when
# neither its count nor its filter line moved for three reports (messages were lost).
reports() { grep -c 'gui lateness' "$work/gui.err" || true; }
last_received=-1
still=0
next_report() {
    local seen
    seen=$(reports)
    until [ "$(reports)" != "$seen" ]; do
        kill -0 "$gui_pid" 2>/dev/null || { echo "busmon ended early:" >&2; tail -5 "$work/gui.err" >&2; exit 1; }
        sleep 0.2
    done
}
until grep -q 'Filtered' "$work/gui.err" || [ "$still" -ge 3 ]; do
    next_report
    received=$(grep 'gui lateness' "$work/gui.err" | tail -1 | sed -E 's/.*received ([0-9]+).*/\1/')
    if [ "$received" = "$last_received" ]; then still=$((still + 1)); else still=0; fi
    last_received=$received
done
end=$(date +%s.%N)
# The last report before the filter ran holds the lateness of the burst alone.
burst_report=$(awk '/Filtered/ { exit } /gui lateness/ { last = $0 } END { print last }' "$work/gui.err")
next_report   # one more: memory and lateness after the filter
after_report=$(grep 'gui lateness' "$work/gui.err" | tail -1)
peak_kib=$(awk '/^VmHWM:/ { print $2 }' "/proc/$gui_pid/status") # the backlog of the burst included
kill "$gui_pid" 2>/dev/null || true
wait "$gui_pid" 2>/dev/null || true
gui_pid=
until [ "$(numpat)" = 0 ]; do sleep 0.05; done
gui_disconnects=$(($(disconnects) - before))
field() { sed -E "s/.*$1 ([0-9]+).*/\\1/" <<<"$2"; }
received=$(field received "$burst_report")
awk -v r="$received" -v sent="$messages" -v d="$gui_disconnects" -v s="$(echo "$end - $start" | bc)" \
    -v b="$(cat "$work/burst.seconds")" -v w="$(field worst "$burst_report")" -v p="$(field p99 "$burst_report")" \
    -v rss="$(field resident "$burst_report")" -v peak="$peak_kib" 'BEGIN {
    printf "%-16s received %8d / %d  (%5.1f%%)  output-buffer disconnects %d  burst published at %7.0f msg/s  done in %6.2f s (5 s reports)\n",
           "busmon (GUI)", r, sent, 100.0 * r / sent, d, sent / b, s
    printf "%-16s GUI thread lateness worst %d ms, p99 %d ms during the burst; resident %d MiB with %d retained, peak %d MiB\n", "", w, p, rss, r, peak / 1024 }'
echo "                 burst report: ${burst_report#*busmon: }"
echo "                 filter:       $(grep -m1 'Filtered' "$work/gui.err" | sed 's/.*busmon: //' || echo 'not applied')"
echo "                 after filter: ${after_report#*busmon: }"
grep -iE 'warning|dropping|lost' "$work/gui.err" | head -3 | sed 's/^/                 gui log: /' || true

# Baseline in the same run: busmon-cli tail (the same feed without a window) on the same burst.
measure_tail
