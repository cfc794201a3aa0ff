#!/usr/bin/env bash
# Scenario: a one-million-message burst of sync-shaped messages (about 335 bytes of JSON), published
# by redis-benchmark as fast as a private redis-server (default limits) takes them, read once by
# `busmon-cli tail` and once, as the baseline in the same run, by `redis-cli psubscribe`.
# Prints, for each reader: messages received out of sent, how often Redis dropped the reader for
# "overcoming of output buffer limits", wall time, messages/s and peak RSS.
#
#   tests/bench/tail-burst.sh [build-dir] [messages]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
messages=${2:-1000000}
cli=$build/app/cli/busmon-cli
[ -x "$cli" ] || { echo "no $cli: build first" >&2; exit 1; }

source "$(dirname "$0")/burst-common.sh"
start_private_redis
trap stop_private_redis EXIT

echo "payload: ${#payload} bytes; burst: redis-benchmark -n $messages -P 32 -c 4 PUBLISH sync.alice <payload>"
measure_tail

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
