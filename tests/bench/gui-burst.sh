#!/usr/bin/env bash
# Scenario: the one-million-message burst of tail-burst.sh (sync-shaped messages of about 335 bytes,
# redis-benchmark -P 32 -c 4 against a private redis-server with default limits), received by the
# running GUI, `busmon --stall-report`, offscreen (QT_QPA_PLATFORM=offscreen unless BUSMON_QPA is set,
# e.g. BUSMON_QPA=xcb with DISPLAY of an Xvfb). Then, with everything retained, a new filter is applied
# on the "All" tab (--bench-filter) and its time read from the app. As the baseline in the same run,
# `busmon-cli tail` reads the same burst from the same server.
# Prints, for each reader: received out of sent, Redis's "overcoming of output buffer limits"
# disconnects, wall time; for the GUI also the GUI thread's worst and 99th-percentile lateness (a 10 ms
# timer inside the app), resident memory and the filter time.
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

work=$(mktemp -d)
free_port() {
    local candidate
    while candidate=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; do :; done
    echo "$candidate"
}
port=$(free_port)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
    --logfile "$work/redis.log" --daemonize yes --pidfile "$work/redis.pid"
gui_pid=
cleanup() {
    [ -n "$gui_pid" ] && kill "$gui_pid" 2>/dev/null && wait "$gui_pid" 2>/dev/null
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done

payload='{"action": "sync", "username": "alice", "org": "inthe_am", "client": "tw 2.6.2", "ip": "203.0.113.7", "port": 53122, "client_key": "6c1e3a5e-2f0b-4c1d-9a7e-3f5b2d8c9e10", "record_count": 42, "branch_point": "5b7d9e2a1c3f", "branch_record_count": 40, "delta_count": 2, "stored_count": 1, "merged_count": 1, "service_duration": 0.142}'

disconnects() { grep -c "overcoming of output buffer limits" "$work/redis.log" || true; }
numpat() { redis-cli -p "$port" pubsub numpat; }
burst() {
    local began ended
    began=$(date +%s.%N)
    redis-benchmark -p "$port" -n "$messages" -P 32 -c 4 -q PUBLISH sync.alice "$payload" >/dev/null
    ended=$(date +%s.%N)
    echo "$ended - $began" | bc >"$work/burst.seconds"
}

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
kill "$gui_pid" 2>/dev/null || true
wait "$gui_pid" 2>/dev/null || true
gui_pid=
until [ "$(numpat)" = 0 ]; do sleep 0.05; done
gui_disconnects=$(($(disconnects) - before))
field() { sed -E "s/.*$1 ([0-9]+).*/\\1/" <<<"$2"; }
received=$(field received "$burst_report")
awk -v r="$received" -v sent="$messages" -v d="$gui_disconnects" -v s="$(echo "$end - $start" | bc)" \
    -v b="$(cat "$work/burst.seconds")" -v w="$(field worst "$burst_report")" -v p="$(field p99 "$burst_report")" \
    -v rss="$(field resident "$burst_report")" 'BEGIN {
    printf "%-16s received %8d / %d  (%5.1f%%)  output-buffer disconnects %d  burst published at %7.0f msg/s  done in %6.2f s (5 s reports)\n",
           "busmon (GUI)", r, sent, 100.0 * r / sent, d, sent / b, s
    printf "%-16s GUI thread lateness worst %d ms, p99 %d ms during the burst; resident %d MiB with %d retained\n", "", w, p, rss, r }'
echo "                 burst report: ${burst_report#*busmon: }"
echo "                 filter:       $(grep -m1 'Filtered' "$work/gui.err" | sed 's/.*busmon: //' || echo 'not applied')"
echo "                 after filter: ${after_report#*busmon: }"
grep -iE 'warning|dropping|lost' "$work/gui.err" | head -3 | sed 's/^/                 gui log: /' || true

# Baseline in the same run: busmon-cli tail (the same feed without a window) on the same burst.
before=$(disconnects)
start=$(date +%s.%N)
/usr/bin/time -f %M -o "$work/tail.rss" "$cli" tail --url "redis://127.0.0.1:$port" --pattern 'sync.*' \
    --count "$messages" --output "$work/tail.jsonl" 2>"$work/tail.err" &
tail_pid=$!
until [ "$(numpat)" = 1 ]; do sleep 0.05; done
burst
for _ in $(seq 1 600); do kill -0 "$tail_pid" 2>/dev/null || break; sleep 0.1; done
pkill -INT -P "$tail_pid" 2>/dev/null || true   # /usr/bin/time ignores SIGINT; its child does not
wait "$tail_pid" || true
end=$(date +%s.%N)
received=$(wc -l <"$work/tail.jsonl")
awk -v r="$received" -v sent="$messages" -v d="$(($(disconnects) - before))" -v s="$(echo "$end - $start" | bc)" \
    -v b="$(cat "$work/burst.seconds")" -v rss="$(cat "$work/tail.rss")" 'BEGIN {
    printf "%-16s received %8d / %d  (%5.1f%%)  output-buffer disconnects %d  burst published at %7.0f msg/s  done in %6.2f s  peak RSS %d MiB\n",
           "busmon-cli tail", r, sent, 100.0 * r / sent, d, sent / b, s, rss / 1024 }'
