#!/usr/bin/env bash
# Soak: `busmon-cli simulate` at SOAK_RATE messages a second (default 20,000, or as close as the
# machine gets: the rate reached is printed) for MINUTES (default 30) into a private redis-server,
# watched by the window under a private Xvfb with a filter typed into its filter bar (SOAK_FILTER),
# the Sync activity view open when this busmon has one (`--view activity`), and a retention limit
# low enough to be reached in the first seconds (SOAK_RETENTION, default 200,000, set through the
# window's settings file as its "keep" box would).
# Every 10 s (SOAK_EVERY) it samples the window's resident memory (and its anonymous part), threads (/proc/PID/status) and
# open file descriptors (/proc/PID/fd), with its own --stall-report figures (received, retained,
# dropped, the GUI thread's worst lateness in that period). It prints the series and a verdict, from
# the first sample with the limit reached to the end of the load: resident memory within 10% of that
# sample's, and the same thread and descriptor counts throughout (threads of Qt's thread pools, which
# come and go with their work, and the one eventfd each holds are counted apart). Two samples after the load ended are
# printed, not judged. Exits 1 if one of them did not hold.
#
#   tests/bench/soak.sh [MINUTES] [build-dir]
#
# Samples (samples.tsv), the window's and simulate's logs and screenshots (filter typed, end) are
# kept in SOAK_OUT (default <build-dir>/soak).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
minutes=${1:-30}
build=$(realpath -m "${2:-$top/build}")
rate=${SOAK_RATE:-20000}
retention=${SOAK_RETENTION:-200000}
filter=${SOAK_FILTER:-kind:sync or has:problems or record_count>10}
every=${SOAK_EVERY:-10}
out=${SOAK_OUT:-$build/soak}
gui=$build/app/busmon
cli=$build/app/cli/busmon-cli
[ -x "$gui" ] && [ -x "$cli" ] || { echo "no $gui or $cli: build first" >&2; exit 1; }
seconds=$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 }')
mkdir -p "$out"
rm -f "$out"/smaps-*.txt

source "$(dirname "$0")/burst-common.sh"
source "$(dirname "$0")/window-common.sh"
window_pid= sim_pid= xvfb_pid=
cleanup() {
    for pid in $sim_pid $window_pid $xvfb_pid; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    stop_private_redis
}
start_private_redis
trap cleanup EXIT
trap 'exit 130' INT TERM
start_display || exit 1

# The window, with settings of its own: the retention limit, no saved tabs or geometry of the user.
mkdir -p "$work/config/busmon"
printf '[General]\nretentionLimit=%d\n' "$retention" >"$work/config/busmon/busmon.conf"
view=()
"$gui" --help 2>/dev/null | grep -q -- '--view' && view=(--view activity)
start_window "$out/gui.log" "${view[@]}" || exit 1
gui_pid=$window_pid
xdotool mousemove --window "$window" 400 71 click 1 # the filter bar
xdotool key --clearmodifiers ctrl+f
xdotool type --delay 30 "$filter"
sleep 2 # the filter bar applies a moment after the last key
import -window root "$out/filter-typed.png"

"$cli" simulate --url "redis://127.0.0.1:$port" --rate "$rate" --duration "$seconds" >"$out/simulate.log" 2>&1 &
sim_pid=$!

# "threads<TAB>pooled" of the window, both from one listing of its threads. A pool thread that is
# starting carries the process's name until it names itself "Thread (pooled)" (seen once in a 30-minute
# soak: 8 threads, 2 of them pooled instead of 3): a listing that finds more threads of its own than
# one taken 0.5 s later is such a moment, and the later one is kept. A thread that stays is counted.
thread_counts() {
    local first second
    first=$(proc_threads_and_pooled "$1")
    sleep 0.5
    second=$(proc_threads_and_pooled "$1")
    awk -F'\t' -v a="$first" -v b="$second" 'BEGIN { split(a, x); split(b, y); print (x[1] - x[2] <= y[1] - y[2]) ? a : b }'
}

sample() { # elapsed seconds → one line of samples.tsv
    local report
    report=$(last_report "$out/gui.log")
    printf '%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$(proc_rss_mib "$gui_pid")" "$(proc_anon_mib "$gui_pid")" "$(thread_counts "$gui_pid")" \
        "$(proc_fds "$gui_pid")" "$(report_field received "$report")" \
        "$(report_field retained "$report")" "$(report_field dropped "$report")" "$(report_field 'at most' "$report")" "$(report_field waiting "$report")"
}
printf 't_s\trss_mib\tanon_mib\tthreads\tpooled\tfds\treceived\tretained\tdropped\tgui_late_ms\twaiting\n' >"$out/samples.tsv"
echo "soak: simulate --rate $rate for $minutes min; retention limit $retention; filter \"$filter\"; view ${view[*]:-(no --view in this busmon: no activity view)}; window pid $gui_pid on $DISPLAY; samples every $every s in $out/samples.tsv"
start=$SECONDS
next=0
while kill -0 "$sim_pid" 2>/dev/null; do
    kill -0 "$gui_pid" 2>/dev/null || { echo "busmon ended early:" >&2; tail -5 "$out/gui.log" >&2; exit 1; }
    if [ $((SECONDS - start)) -ge "$next" ]; then
        sample $((SECONDS - start)) >>"$out/samples.tsv"
        # The window's memory map when the limit is first reached, and (below) when the load ends, to see what grew.
        if [ ! -e "$out/smaps-at-limit.txt" ] && [ "$(tail -1 "$out/samples.tsv" | cut -f8)" -ge "$retention" ] 2>/dev/null; then
            cp "/proc/$gui_pid/smaps" "$out/smaps-at-limit.txt"
        fi
        next=$((next + every))
    fi
    sleep 1
done
cp "/proc/$gui_pid/smaps" "$out/smaps-end.txt" 2>/dev/null
wait "$sim_pid"
sim_pid=
# Two samples once the load stopped (after the next report; after a thread pool's 30 s expiry):
# printed, but not judged: the heap trimmer gives memory back and may start its thread when the bus
# goes quiet.
loaded_until=$((SECONDS - start))
sleep 6
sample $((SECONDS - start)) >>"$out/samples.tsv"
import -window root "$out/end.png"
sleep 35
sample $((SECONDS - start)) >>"$out/samples.tsv"

echo "simulate: $(tail -1 "$out/simulate.log") (asked for $rate/s)"
echo "window: $(last_report "$out/gui.log")"
echo "redis output-buffer disconnects of the window: $(disconnects)"
echo "screenshots: $out/filter-typed.png, $out/end.png"
column -t "$out/samples.tsv"
echo "(samples after t=$loaded_until s were taken once the load stopped: not judged)"
awk -F'\t' -v limit="$retention" -v loaded_until="$loaded_until" '
    function note(value, seen, key) { if (!(value in seen)) key = 1; seen[value]++; return key }
    NR > 1 && $8 >= limit && $1 <= loaded_until {
        if (!n++) { first = $2; min = $2; max = $2; t0 = $1 }
        if ($2 < min) min = $2
        if ($2 > max) max = $2
        last = $2
        own_values += note($4 - $5, own); pooled_values += note($5, pooled)
        fd_values += note($6 - $5, fds); all_fd_values += note($6, all_fds)
    }
    function list(seen, text, v) { text = ""; for (v in seen) text = text " " v " (" seen[v] " samples)"; return text }
    END {
        if (!n) { print "NOT HELD  the retention limit of " limit " was never reached"; exit 1 }
        rss_held = max <= first * 1.10 && min >= first * 0.90
        printf "%s resident memory after the limit (reached by t=%d s, %d samples to the end of the load): first %d MiB, min %d, max %d, last %d: %+.1f%% / %+.1f%% of the first\n",
               rss_held ? "held     " : "NOT HELD ", t0, n, first, min, max, last, 100 * (min - first) / first, 100 * (max - first) / first
        printf "%s threads of its own (all but Qt thread pools'\''):%s; pooled threads, which a pool starts on demand and ends after 30 s idle:%s\n",
               own_values == 1 ? "held     " : "NOT HELD ", list(own), list(pooled)
        printf "%s open fds besides one eventfd per pooled thread:%s; all open fds:%s\n",
               fd_values == 1 ? "held     " : "NOT HELD ", list(fds), list(all_fds)
        exit !(rss_held && own_values == 1 && fd_values == 1)
    }' "$out/samples.tsv"
