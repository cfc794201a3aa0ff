#!/usr/bin/env bash
# Scenario: a 1,000,000-message capture, recorded by `busmon-cli tail` from a burst of sync-shaped
# messages (burst-common.sh), then
#   1. opened in the window offscreen: `busmon --bench-open FILE` prints when the first rows showed,
#      when all were in, and the resident memory (goal: first rows < 0.5 s, all < 5 s, < 700 MiB);
#   2. filtered by `busmon-cli read --filter` (messages read per second, output to /dev/null), and the
#      same file through `wc -l` as the floor for reading it at all;
#   3. published again by `busmon-cli replay --speed 0` into a second private redis-server, against a
#      `redis-benchmark` PUBLISH burst of the same size into the same server, in the same run.
# The same for the gzip-compressed capture where it applies.
#
#   tests/bench/capture-bench.sh [build-dir] [messages]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
messages=${2:-1000000}
cli=$build/app/cli/busmon-cli
gui=$build/app/busmon
[ -x "$cli" ] && [ -x "$gui" ] || { echo "build busmon and busmon-cli first" >&2; exit 1; }

source "$(dirname "$0")/burst-common.sh"
start_private_redis
trap stop_private_redis EXIT

seconds_since() { echo "$(date +%s.%N) - $1" | bc; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }

echo "recording the capture: $messages messages of ${#payload} bytes through busmon-cli tail"
measure_tail >/dev/null
capture=$work/tail.jsonl
gzip -k -1 "$capture"
printf 'capture: %s lines, %s MiB (gzip: %s MiB)\n' "$(wc -l <"$capture")" \
    "$(($(stat -c %s "$capture") / 1048576))" "$(($(stat -c %s "$capture.gz") / 1048576))"

echo "--- open in the window (busmon --bench-open)"
for file in "$capture" "$capture.gz"; do
    printf '%-12s ' "$(basename "$file")"
    "$gui" --bench-open "$file" 2>/dev/null
done

echo "--- busmon-cli read"
start=$(date +%s.%N); wc -l <"$capture" >/dev/null; s=$(seconds_since "$start")
printf '%-44s %6.2f s  %9s lines/s\n' "wc -l (floor)" "$s" "$(rate "$messages" "$s")"
for filter in "" "user:alice" "record_count>40" "/delta_count\": [0-9]+/" "kind:personal"; do
    start=$(date +%s.%N)
    passed=$("$cli" read "$capture" ${filter:+--filter "$filter"} | wc -l)
    s=$(seconds_since "$start")
    printf '%-44s %6.2f s  %9s messages/s  (%s passed)\n' "read --filter '${filter}'" "$s" "$(rate "$messages" "$s")" "$passed"
done
start=$(date +%s.%N)
"$cli" read "$capture.gz" --filter 'user:alice' >/dev/null
s=$(seconds_since "$start")
printf '%-44s %6.2f s  %9s messages/s\n' "read .gz --filter 'user:alice'" "$s" "$(rate "$messages" "$s")"

echo "--- replay --speed 0 against redis-benchmark PUBLISH, into a second server"
second=$(free_port)
redis-server --port "$second" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
    --logfile "$work/second.log" --daemonize yes --pidfile "$work/second.pid"
until redis-cli -p "$second" ping >/dev/null 2>&1; do sleep 0.1; done
trap 'redis-cli -p "$second" shutdown nosave >/dev/null 2>&1 || true; stop_private_redis' EXIT
start=$(date +%s.%N)
"$cli" replay --url "redis://127.0.0.1:$second" --speed 0 "$capture" 2>"$work/replay.err"
s=$(seconds_since "$start")
printf '%-44s %6.2f s  %9s messages/s  (%s)\n' "busmon-cli replay --speed 0" "$s" "$(rate "$messages" "$s")" \
    "$(tail -n 1 "$work/replay.err")"
start=$(date +%s.%N)
redis-benchmark -p "$second" -n "$messages" -P 32 -c 4 -q PUBLISH sync.alice "$payload" >/dev/null
s=$(seconds_since "$start")
printf '%-44s %6.2f s  %9s messages/s\n' "redis-benchmark -P 32 -c 4 PUBLISH" "$s" "$(rate "$messages" "$s")"
start=$(date +%s.%N)
redis-benchmark -p "$second" -n "$messages" -P 1 -c 1 -q PUBLISH sync.alice "$payload" >/dev/null
s=$(seconds_since "$start")
printf '%-44s %6.2f s  %9s messages/s\n' "redis-benchmark -P 1 -c 1 PUBLISH" "$s" "$(rate "$messages" "$s")"
