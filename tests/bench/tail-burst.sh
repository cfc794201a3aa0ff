#!/usr/bin/env bash
# Scenario: a one-million-message burst of sync-shaped messages (about 335 bytes of JSON), published
# by redis-benchmark as fast as a private redis-server (default limits) takes them, read once by
# `busmon-cli tail`, once by a bare hiredis read loop (bare_hiredis_reader: PSUBSCRIBE, redisGetReply,
# payload written to a file; the physical limit tail is held to) and once by `redis-cli psubscribe`,
# all in the same run. Prints, for each reader: messages received out of sent, how often Redis dropped
# the reader for "overcoming of output buffer limits", wall time from start to exit, messages/s and
# peak RSS; then tail's speed as a fraction of the bare loop's. On a shared machine one pair can be
# off by a third either way, so tail and the bare loop take turns for a few rounds (3 by default) and
# the fraction is the median of the rounds' fractions, each round's printed too.
#
#   tests/bench/tail-burst.sh [build-dir] [messages] [rounds]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
messages=${2:-1000000}
rounds=${3:-3}
cli=$build/app/cli/busmon-cli
bare=$build/tests/bench/bare_hiredis_reader
[ -x "$cli" ] || { echo "no $cli: build first" >&2; exit 1; }
[ -x "$bare" ] || { echo "no $bare: build the bare_hiredis_reader target first" >&2; exit 1; }

source "$(dirname "$0")/burst-common.sh"
start_private_redis
trap stop_private_redis EXIT

echo "payload: ${#payload} bytes; burst: redis-benchmark -n $messages -P 32 -c 4 PUBLISH sync.alice <payload>"
fractions=()
for round in $(seq 1 "$rounds"); do
    measure_tail
    tail_rate=$last_rate

    # the bare hiredis loop on the same burst
    before=$(disconnects)
    start=$(date +%s.%N)
    /usr/bin/time -f %M -o "$work/bare.rss" "$bare" "$port" 'sync.*' "$messages" "$work/bare.out" >"$work/bare.result" &
    bare_pid=$!
    wait_for_patterns 1
    burst
    for _ in $(seq 1 600); do kill -0 "$bare_pid" 2>/dev/null || break; sleep 0.1; done
    pkill -TERM -P "$bare_pid" 2>/dev/null || true
    wait "$bare_pid" || true
    end=$(date +%s.%N)
    bare_received=$(wc -l <"$work/bare.out")
    report "bare hiredis loop" "$bare_received" "$(echo "$end - $start" | bc)" "$(tail -n 1 "$work/bare.rss")" \
        $(($(disconnects) - before))
    rm -f "$work/bare.out" "$work/tail.jsonl"
    bare_rate=$last_rate
    # A loop that Redis dropped read less than the burst: its speed is no limit to hold tail to.
    if [ "$bare_received" -lt "$messages" ]; then
        echo "round $round of $rounds: not counted, the bare loop lost messages"
        continue
    fi
    fraction=$(awk -v t="$tail_rate" -v b="$bare_rate" 'BEGIN { printf "%.2f", (b > 0 ? t / b : 0) }')
    fractions+=("$fraction")
    echo "round $round of $rounds: busmon-cli tail at ${fraction}x the bare hiredis loop's speed"
done
[ "${#fractions[@]}" -gt 0 ] || { echo "no round counted: the bare loop lost messages in every one"; exit 1; }
median=$(printf '%s\n' "${fractions[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
echo "busmon-cli tail reads at ${median}x the bare hiredis loop's speed, the median of ${#fractions[@]} rounds (${fractions[*]}) (goal: 0.80x or more)"

# baseline: redis-cli psubscribe on the same burst
before=$(disconnects)
start=$(date +%s.%N)
/usr/bin/time -f %M -o "$work/cli.rss" redis-cli -p "$port" psubscribe 'sync.*' >"$work/cli.out" 2>/dev/null &
cli_pid=$!
wait_for_patterns 1
burst
# redis-cli never stops by itself: its end is when its output last grew (or Redis dropped it).
last=-1
end=$(date +%s.%N)
while size=$(stat -c %s "$work/cli.out"); [ "$size" != "$last" ]; do
    [ "$size" != "$last" ] && end=$(date +%s.%N)
    last=$size
    sleep 1
done
pkill -TERM -P "$cli_pid" 2>/dev/null || true   # redis-cli ignores SIGINT without a terminal
wait "$cli_pid" 2>/dev/null || true
received=$(grep -c '^{"action": "sync"' "$work/cli.out" || true)
report "redis-cli psubscribe" "$received" "$(echo "$end - $start" | bc)" "$(tail -n 1 "$work/cli.rss" 2>/dev/null || echo 0)" $(($(disconnects) - before))
